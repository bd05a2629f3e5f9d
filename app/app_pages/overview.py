"""Overview: what the loaded graph holds, counted by class and relation."""

from __future__ import annotations

import streamlit as st

from app import data

stats = data.stats()
st.title("briefgraph")
st.caption("The essay's concepts and claims, each traced to the exact words of its source.")

columns = st.columns(4)
columns[0].metric("Concepts", stats.concepts)
columns[1].metric("Claims", stats.claims)
columns[2].metric("Excerpts", stats.excerpts)
columns[3].metric("Triples", stats.triples)

left, right = st.columns(2)
left.subheader("Concepts by class")
left.dataframe(
    [{"class": c.label, "concepts": c.count} for c in stats.by_class],
    hide_index=True,
    width="stretch",
)
right.subheader("Claims by relation")
right.dataframe(
    [{"relation": c.label, "claims": c.count} for c in stats.by_relation],
    hide_index=True,
    width="stretch",
)
