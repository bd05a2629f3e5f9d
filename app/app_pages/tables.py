"""Tables: every concept and every claim with its excerpts, for reading instead of looking."""

from __future__ import annotations

import streamlit as st

from app import data
from app.downloads import spreadsheet_rows
from graph.network.concepts import claim_sentence

network = data.network()
st.title("Concepts and claims")

concepts = [
    {
        "concept": attrs["label"],
        "class": attrs["class_label"],
        "definition": attrs["definition"],
        "other names": ", ".join(attrs["alt_labels"]),
        "links": network.degree(node),
        "excerpts": len(attrs["excerpts"]),
        "first excerpt": attrs["excerpts"][0].quote if attrs["excerpts"] else "",
        "characters": f"{attrs['excerpts'][0].start}\u2013{attrs['excerpts'][0].end}"
        if attrs["excerpts"]
        else "",
    }
    for node, attrs in sorted(network.nodes(data=True), key=lambda n: n[1]["label"].casefold())
]
claims = [
    {
        "subject": network.nodes[s]["label"],
        "relation": attrs["relation_label"],
        "object": network.nodes[t]["label"],
        "claim": claim_sentence(network, s, t, attrs),
        "status": attrs.get("status", "stated"),
        "justification": attrs.get("justification", ""),
        "excerpts": len(attrs["excerpts"]),
        "evidence": " | ".join(e.quote for e in attrs["excerpts"]),
    }
    for s, t, attrs in sorted(network.edges(data=True), key=lambda e: (e[0], e[1]))
]


def table_height(rows: int) -> int | str:
    """Every row on the page for a short table (no box scrolling inside an empty page);
    a long one gets a tall box of its own."""
    return "content" if rows <= 60 else 36 * 25 + 38


TEXT = st.column_config.TextColumn
concept_columns = {
    "concept": TEXT(pinned=True, width="medium"),
    "definition": TEXT(width="large"),
    "first excerpt": TEXT(width="large", help="The first words of the source that name it"),
}
claim_columns = {
    "claim": TEXT(pinned=True, width="large"),
    "justification": TEXT(width="medium"),
    "evidence": TEXT(width="large", help="Every excerpt that supports the claim, joined by |"),
}
st.caption(
    "Click a cell to read all of a long text; the concept and claim columns stay in view "
    "when the table scrolls sideways."
)
concept_tab, claim_tab = st.tabs([f"Concepts ({len(concepts)})", f"Claims ({len(claims)})"])
with concept_tab:
    st.dataframe(spreadsheet_rows(concepts), hide_index=True, width="stretch", key="concept_table",
                 height=table_height(len(concepts)), column_config=concept_columns)  # fmt: skip
with claim_tab:
    st.dataframe(spreadsheet_rows(claims), hide_index=True, width="stretch", key="claim_table",
                 height=table_height(len(claims)), column_config=claim_columns)  # fmt: skip
