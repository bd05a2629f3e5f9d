"""Analytics: counts, centrality ranking and communities of the concept network."""

from __future__ import annotations

import streamlit as st

from app import data
from app.downloads import spreadsheet_rows

network = data.network()
stats = data.stats()
st.title("Analytics")

columns = st.columns(4)
columns[0].metric("Concepts", stats.concepts)
columns[1].metric("Claims", stats.claims)
columns[2].metric("Excerpts", stats.excerpts)
columns[3].metric("Triples", stats.triples)

st.subheader("Most central concepts")
st.caption(
    "Betweenness: how often a concept lies on the shortest path between two others. "
    "Degree: how many claims it takes part in."
)
ranking = [
    {"concept": c.label, "betweenness": c.betweenness, "degree": c.degree}
    for c in data.centrality_ranking()
]
measure = st.radio("Rank by", ["betweenness", "degree"], horizontal=True, key="rank_by")
top = sorted(ranking, key=lambda r: (-r[measure], r["concept"]))[:15]
st.bar_chart(top, x="concept", y=measure, horizontal=True, sort=f"-{measure}")
st.dataframe(spreadsheet_rows(ranking), hide_index=True, width="stretch", key="centrality_table")

st.subheader("Communities")
st.caption("Groups of concepts more linked to each other than to the rest (Louvain, seeded).")
groups: dict[int, list[str]] = {}
for node, index in data.community_of().items():
    groups.setdefault(index, []).append(network.nodes[node]["label"])
st.dataframe(
    spreadsheet_rows(
        [
            {"community": i + 1, "concepts": len(members), "members": ", ".join(sorted(members))}
            for i, members in sorted(groups.items())
        ]
    ),
    hide_index=True,
    width="stretch",
    key="community_table",
)

left, right = st.columns(2)
left.subheader("Concepts by class")
left.dataframe(
    spreadsheet_rows([{"class": c.label, "concepts": c.count} for c in stats.by_class]),
    hide_index=True,
    width="stretch",
)
right.subheader("Claims by relation")
right.dataframe(
    spreadsheet_rows([{"relation": c.label, "claims": c.count} for c in stats.by_relation]),
    hide_index=True,
    width="stretch",
)
