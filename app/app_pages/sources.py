"""Sources: the full essay with every annotated span highlighted by class."""

from __future__ import annotations

import html

import streamlit as st

from app import data
from app.pages import EXPLORER
from app.text import plain, plural
from graph.model.namespaces import CONCEPT
from graph.network.concepts import claim_sentence
from graph.view.highlight import CLAIM_UNDERLINE, Mark, document_html
from graph.view.render import class_styles

network = data.network()
styles = class_styles(network)
documents = data.source_documents()
if not documents:
    st.title("Sources")
    st.info(
        "This graph has no source documents: it comes from an RDF file or a SPARQL server, "
        "not from documents briefgraph has read, so there is no text to show."
    )
    st.stop()

document = documents[
    st.selectbox(
        "Document", sorted(documents), format_func=lambda iri: documents[iri].title, key="document"
    )
]
st.title(plain(document.title))

covered = data.coverage_by_document()[document.iri]
show_uncovered = st.toggle(
    "Mark sentences that support no claim",
    value=True,
    key="show_uncovered",
    help="What the graph leaves out: sentences with no claim's evidence in them.",
)
marks = [
    Mark(e.start, e.end, node, attrs["label"], styles[attrs["cls"]].color)
    for node, attrs in network.nodes(data=True)
    for e in attrs["excerpts"]
    if e.document == document.iri
]
# A claim's evidence is underlined (its concepts stay tinted inside it); the same words
# quoted for two claims are one mark with both claims in its tooltip.
evidence: dict[tuple[int, int], list[str]] = {}
for source, target, attrs in network.edges(data=True):
    for e in attrs["excerpts"]:
        if e.document == document.iri:
            evidence.setdefault((e.start, e.end), []).append(
                claim_sentence(network, source, target, attrs)
            )
claim_marks = [
    Mark(start, end, f"claim-{start}", "; ".join(sentences), CLAIM_UNDERLINE, kind="claim")
    for (start, end), sentences in sorted(evidence.items())
]
uncovered = [
    Mark(
        s.start,
        s.end,
        f"uncovered-{s.start}",
        "no claim covers this sentence",
        "",
        kind="uncovered",
    )
    for s in covered.uncovered
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
    # The explorer reads its link once per session: select the concept there directly.
    st.session_state.node, st.session_state.edge = choice, None
    st.switch_page(EXPLORER, query_params={"node": choice.removeprefix(str(CONCEPT))})

legend = " ".join(
    f'<mark style="background:{html.escape(s.color)}55;border-bottom:2px solid '
    f'{html.escape(s.color)}">{html.escape(s.label)}</mark>'
    for s in sorted(styles.values(), key=lambda s: s.label)
)
st.html(f'<div style="font-size:0.85rem;line-height:2">{legend}</div>')
total = len(covered.sentences)
st.html(
    '<div style="font-size:0.85rem"><span style="text-decoration:underline solid '
    f'{CLAIM_UNDERLINE};text-decoration-thickness:2px;text-underline-offset:5px">'
    f"Underlined in amber</span>: the evidence of a claim ({len(claim_marks)} "
    f"{plural(len(claim_marks), 'excerpt')}); hover it for the claims it supports.</div>"
)
st.caption(
    f"{len(marks)} concept {plural(len(marks), 'span')} tinted; hover a span for its concept. "
    f"{covered.with_claim} of {total} {plural(total, 'sentence')} support a claim "
    f"({covered.share:.0%}); {covered.with_mention} mention a concept."
)
if covered.uncovered and show_uncovered:
    st.html(
        '<div style="font-size:0.85rem"><span style="text-decoration:underline wavy #b00020">'
        "Underlined with a red wave</span>: sentences no claim covers "
        f"({len(covered.uncovered)}).</div>"
    )
elif not covered.uncovered:
    st.caption("Every sentence supports at least one claim.")
st.html(
    '<div style="line-height:1.7;font-size:1.05rem;max-width:52rem">'
    + document_html(document.text, marks + claim_marks + (uncovered if show_uncovered else []))
    + "</div>"
)
