"""Review: add documents, see what ingest proposes in them, and accept, reject, edit or merge it."""

from __future__ import annotations

import html
import tempfile
from pathlib import Path

import streamlit as st

from app import data
from app.text import plain
from graph.errors import BriefgraphError
from graph.ingest.pipeline import load_pipeline
from graph.ingest.proposals import Proposal
from graph.ingest.readers import SUFFIXES
from graph.ingest.review import decide, open_corpus
from graph.ingest.workspace import (
    check_file_name,
    document_folders,
    ingest_file,
    known_concepts,
    read_proposals,
    read_source_meta,
    read_stale,
    read_text,
)
from graph.model.relations import ontology_schema
from graph.view.highlight import Mark, highlighted_html

MAX_SHOWN = 40
folder = data.working_folder()
st.title("Review")
st.caption(f"Documents you add are kept in {plain(str(folder))}.")


# ------------------------------------------------------------------ adding documents
def add_documents(files: list[object]) -> None:
    pipeline = load_pipeline()
    if pipeline.message:
        st.warning(pipeline.message)
    corpus = open_corpus(data.corpus_folder()) if document_folders(folder) else open_corpus(None)
    known = known_concepts(corpus)
    bar = st.progress(0.0, text="Reading...")
    added = []
    for number, upload in enumerate(files, 1):
        name = str(getattr(upload, "name", "upload"))
        bar.progress((number - 1) / len(files), text=f"Reading {name}...")
        try:
            check_file_name(name)
            limit = data.limits().upload_mb  # BRIEFGRAPH_UPLOAD_MB
            if int(getattr(upload, "size", 0)) > limit * 2**20:
                raise BriefgraphError(f"{name}: over the {limit} MB limit")
            with tempfile.TemporaryDirectory() as scratch:
                path = (Path(scratch) / "upload").with_suffix(Path(name).suffix.lower())
                path.write_bytes(upload.getvalue())  # type: ignore[attr-defined]
                done = ingest_file(path, folder, known=known, pipeline=pipeline, name=name,
                                   max_bytes=limit * 2**20)  # fmt: skip
            added.append(done.document)
            st.success(f"{plain(name)}: {len(done.proposals)} proposals.")
        except BriefgraphError as error:
            st.error(plain(str(error)))
    bar.progress(1.0, text="Done.")
    if added:
        data.refresh()
        st.session_state.review_document = added[-1]


with st.expander(
    "Add documents", icon=":material/upload_file:", expanded=not document_folders(folder)
):
    if data.read_only():
        st.caption(data.READ_ONLY_NOTE)
    uploads = st.file_uploader(
        "Text, Markdown, HTML or PDF files",
        type=[s.lstrip(".") for s in SUFFIXES],
        accept_multiple_files=True,
        key="uploads",
        disabled=data.read_only(),
    )
    if st.button("Read them", disabled=not uploads or data.read_only(), key="ingest_uploads"):
        add_documents(list(uploads or []))

folders = {f.name: f for f in document_folders(folder)}
if not folders:
    st.info("No documents added yet: add one above to see what it proposes.")
    st.stop()

choice = st.selectbox(
    "Document",
    sorted(folders),
    key="review_document",
    format_func=lambda d: str(read_source_meta(folders[d]).get("title", d)),
)
document = folders[choice]
proposals = read_proposals(document)
text = read_text(document)
stale = read_stale(document)
if stale:
    st.warning(
        f"{len(stale)} earlier decision(s) no longer match the document's words: "
        + "; ".join(plain(repr(s.get("quote", ""))) for s in stale[:5])
    )

counts = {
    s: sum(1 for p in proposals if p.status == s) for s in ("proposed", "accepted", "rejected")
}
st.caption(
    f"{counts['proposed']} open, {counts['accepted']} accepted, {counts['rejected']} rejected."
)
status = st.radio(
    "Show", ["proposed", "accepted", "rejected"], horizontal=True, key="review_status"
)
kinds = st.multiselect("Kinds", ["mention", "concept", "claim"], key="review_kinds") or [
    "mention",
    "concept",
    "claim",
]
shown = sorted(
    (p for p in proposals if p.status == status and p.kind in kinds),
    key=lambda p: (-p.confidence, p.start),
)

# ------------------------------------------------------------------ the text, proposals marked
colours = {"mention": "#117733", "concept": "#332288"}
marks = [
    Mark(m.start, m.end, p.id, f"{p.kind}: {p.label}", colours[p.kind])
    for p in proposals
    if p.status == status and p.kind in colours
    for m in (p.mentions or ((p,) if p.kind == "mention" else ()))
]
with st.expander("The document, proposals marked", expanded=False):
    st.html(
        '<div style="line-height:1.7;max-width:52rem">' + highlighted_html(text, marks) + "</div>"
    )


# ------------------------------------------------------------------ deciding
def act(ids: list[str], decision: str, **options: object) -> None:
    if data.read_only():
        st.session_state.review_message = ("error", data.READ_ONLY_NOTE)
        return
    try:
        done = decide(folder, ids, decision, **options)  # type: ignore[arg-type]
    except BriefgraphError as error:
        st.session_state.review_message = ("error", str(error))
        return
    data.refresh()
    st.session_state.review_message = ("success", f"{len(done)} proposal(s) {decision}.")


def describe(p: Proposal) -> str:
    if p.kind == "claim":
        denied = " (the sentence denies it)" if p.negated else ""
        return f"{p.subject_label} \u2192 {p.relation} \u2192 {p.object_label}{denied}"
    if p.kind == "concept":
        return f"new {p.cls}: {p.label}" + (f" ({', '.join(p.names)})" if p.names else "")
    return f"mentions {p.label}"


message = st.session_state.pop("review_message", None)
if message:
    (st.error if message[0] == "error" else st.success)(plain(message[1]))

if status == "proposed" and shown:
    confident = [p.id for p in shown if p.confidence >= 0.8 and not p.negated]
    st.button(
        f"Accept the {len(confident)} at 0.8 or above",
        disabled=not confident,
        on_click=act,
        args=(confident, "accepted"),
        key="accept_confident",
    )
schema = ontology_schema()
classes = sorted(c for c in schema.ancestors if c not in {"Concept", "Actor"})
relations = ["related", *sorted(schema.relations)]
known = sorted({c.id for c in known_concepts(open_corpus(data.corpus_folder()))})
for p in shown[:MAX_SHOWN]:
    with st.container(border=True, key=f"proposal-{p.id}"):
        st.markdown(f"**{plain(describe(p))}** \u00b7 {p.confidence:.2f} \u00b7 `{p.id}`")
        before = text[max(0, p.start - 90) : p.start] if p.kind != "claim" else ""
        after = text[p.end : p.end + 90] if p.kind != "claim" else ""
        st.html(
            f'<blockquote style="margin:0">\u2026{html.escape(before)}<mark>'
            f"{html.escape(p.quote)}</mark>{html.escape(after)}\u2026</blockquote>"
            f'<div style="font-size:0.8rem;color:#555">{html.escape(p.rule)}; '
            f"characters {p.start}\u2013{p.end}</div>"
        )
        cols = st.columns(4)
        if p.status != "accepted":
            cols[0].button("Accept", key=f"accept-{p.id}", on_click=act, args=([p.id], "accepted"))
        if p.status != "rejected":
            cols[1].button("Reject", key=f"reject-{p.id}", on_click=act, args=([p.id], "rejected"))
        if p.kind == "concept" and p.status == "proposed":
            with cols[2].popover("Edit"):
                label = st.text_input("Label", value=p.label or "", key=f"label-{p.id}")
                cls = st.selectbox(
                    "Class",
                    classes,
                    index=classes.index(p.cls) if p.cls in classes else 0,
                    key=f"class-{p.id}",
                )
                st.button(
                    "Accept with these",
                    key=f"edit-{p.id}",
                    on_click=act,
                    args=([p.id], "accepted"),
                    kwargs={"edits": {"label": label, "class": cls}},
                )
            with cols[3].popover("Merge"):
                target = st.selectbox("Another name of", known, key=f"merge-{p.id}", index=None)
                st.button(
                    "Merge",
                    key=f"merge-go-{p.id}",
                    on_click=act,
                    disabled=target is None,
                    args=([p.id], "accepted"),
                    kwargs={"merge_into": target},
                )
        if p.kind == "claim" and p.status == "proposed":
            with cols[2].popover("Edit"):
                relation = st.selectbox(
                    "Relation",
                    relations,
                    index=relations.index(p.relation) if p.relation in relations else 0,
                    key=f"relation-{p.id}",
                )
                st.button(
                    "Accept with this relation",
                    key=f"edit-{p.id}",
                    on_click=act,
                    args=([p.id], "accepted"),
                    kwargs={"edits": {"relation": relation}},
                )
if len(shown) > MAX_SHOWN:
    st.caption(f"The {MAX_SHOWN} most confident of {len(shown)} are shown; decide and more follow.")
