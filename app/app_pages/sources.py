"""Sources: the full essay with every annotated span highlighted by class."""

from __future__ import annotations

import html

import streamlit as st

from app import data
from app.pages import EXPLORER
from app.text import plain
from graph.model.namespaces import CONCEPT
from graph.view.highlight import Mark, highlighted_html
from graph.view.render import class_styles

network = data.network()
styles = class_styles(network)
documents = data.source_documents()

document = documents[
    st.selectbox(
        "Document", sorted(documents), format_func=lambda iri: documents[iri].title, key="document"
    )
]
st.title(plain(document.title))

marks = [
    Mark(e.start, e.end, node, attrs["label"], styles[attrs["cls"]].color)
    for node, attrs in network.nodes(data=True)
    for e in attrs["excerpts"]
    if e.document == document.iri
]
concepts = sorted({m.key for m in marks}, key=lambda node: network.nodes[node]["label"].casefold())
choice = st.selectbox(
    "Open a highlighted concept in the explorer",
    concepts,
    index=None,
    format_func=lambda node: network.nodes[node]["label"],
    key="open_concept",
)
if choice is not None:
    st.switch_page(EXPLORER, query_params={"node": choice.removeprefix(str(CONCEPT))})

legend = " ".join(
    f'<mark style="background:{html.escape(s.color)}55;border-bottom:2px solid '
    f'{html.escape(s.color)}">{html.escape(s.label)}</mark>'
    for s in sorted(styles.values(), key=lambda s: s.label)
)
st.html(f'<div style="font-size:0.85rem;line-height:2">{legend}</div>')
st.caption(f"{len(marks)} highlighted spans; hover a span for its concept.")
st.html(
    '<div style="line-height:1.7;font-size:1.05rem;max-width:52rem">'
    + highlighted_html(document.text, marks)
    + "</div>"
)
