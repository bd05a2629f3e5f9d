"""Review: add documents, find what ingest proposes in them, and decide on every item.

The list is searched, filtered, sorted and paged by graph.ingest.listing; each
card is a fragment, so a decision reruns only its card (the rest of the page
follows on the next rerun) and its result shows beside it with an undo.
"""

from __future__ import annotations

import html
import tempfile
import uuid
from dataclasses import replace
from pathlib import Path

import streamlit as st

from app import data
from app.text import plain
from graph.errors import BriefgraphError
from graph.ingest.checks import review_classes
from graph.ingest.listing import (
    SORTS,
    ProposalQuery,
    ReviewBoard,
    claim_relations,
    describe,
    page_of,
    select,
)
from graph.ingest.pipeline import load_pipeline
from graph.ingest.proposals import Proposal
from graph.ingest.readers import SUFFIXES
from graph.ingest.review import Outcome, decide, open_corpus, undo
from graph.ingest.workspace import check_file_name, document_folders, ingest_file, known_concepts
from graph.ingest.workspace import read_text as stored_text
from graph.view.highlight import Mark, highlighted_html

PAGE_SIZES = (25, 50, 100)
STATUSES = ("proposed", "accepted", "rejected")
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
                done = ingest_file(
                    path, folder, known=known, pipeline=pipeline, name=name, max_bytes=limit * 2**20
                )
            renamed = f" (as {done.document}: {done.wanted} was taken)" if done.wanted else ""
            st.success(f"{plain(name)}: {len(done.proposals)} proposals{plain(renamed)}.")
        except BriefgraphError as error:
            st.error(plain(str(error)))
    bar.progress(1.0, text="Done.")
    data.refresh()


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

if not document_folders(folder):
    st.info("No documents added yet: add one above to see what it proposes.")
    st.stop()

board: ReviewBoard = data.review_board()
if "reviewer" not in st.session_state:
    st.session_state.reviewer = ""
session = st.session_state.setdefault("review_session", uuid.uuid4().hex[:8])
name = st.text_input(
    "Your name, for the trail of who decided what",
    key="reviewer",
    placeholder=f"app session {session}",
)
reviewer = " ".join(name.split()) or f"app session {session}"

# ------------------------------------------------------------------ finding
counts = {s: sum(1 for p in board.proposals if p.status == s) for s in STATUSES}
st.caption(
    f"{counts['proposed']} open, {counts['accepted']} accepted, {counts['rejected']} rejected "
    f"in {len(board.titles)} document(s)."
)
for document, stale in board.stale.items():
    st.warning(
        f"{document}: {len(stale)} earlier decision(s) no longer match the document's words: "
        + "; ".join(plain(repr(s.get("quote", ""))) for s in stale[:5])
    )
top = st.columns([3, 2, 2])
words = top[0].text_input("Search", key="review_words", placeholder="words, a label, an id")
statuses = top[1].multiselect("Status", STATUSES, default=["proposed"], key="review_statuses")
kinds = top[2].multiselect("Kinds", ["mention", "concept", "claim"], key="review_kinds")
more = st.columns([3, 2, 2, 1])
documents = more[0].multiselect(
    "Documents",
    sorted(board.titles),
    key="review_documents",
    format_func=lambda d: board.titles.get(d, d),
)
classes = more[1].multiselect("Classes", review_classes(), key="review_classes")
low, high = more[2].slider("Confidence", 0.0, 1.0, (0.0, 1.0), step=0.05, key="review_confidence")
sort = more[3].selectbox("Order", SORTS, key="review_sort")
query = ProposalQuery(
    words=words,
    documents=tuple(documents),
    kinds=tuple(kinds),
    classes=tuple(classes),
    statuses=tuple(statuses),
    min_confidence=low,
    max_confidence=high,
    sort=str(sort),
)
# Cards decided in this session stay where they were (with their undo) until the search
# or the filters change.
recent: list[str] = st.session_state.setdefault("review_recent", [])
if st.session_state.get("review_query") != query:
    if "review_query" in st.session_state:
        st.session_state.review_page = 1  # a new search starts at its first page
    st.session_state.review_query = query
    recent.clear()
everything = select(board.proposals, replace(query, statuses=()), board.classes)
shown = [p for p in everything if not statuses or p.status in statuses or p.id in recent]
size = int(st.session_state.get("review_size", PAGE_SIZES[0]))
page, pages = page_of(shown, int(st.session_state.get("review_page", 1)), size)
number = min(max(1, int(st.session_state.get("review_page", 1))), pages)
st.session_state.review_page = number  # a narrower search may have fewer pages


# ------------------------------------------------------------------ the text, proposals marked
def passage(p: Proposal, around: int = 600) -> str:
    text = stored_text(folder / p.document)
    start, end = max(0, p.start - around), min(len(text), p.end + around)
    mine = [m for m in (p.mentions or ()) if start <= m.start and m.end <= end] or [p]
    marks = [Mark(m.start - start, m.end - start, p.id, p.id, "#332288") for m in mine]
    body = highlighted_html(text[start:end], marks)
    return f'<div style="line-height:1.7;max-width:52rem">\u2026{body}\u2026</div>'


def _jump_label(pid: str) -> str:
    p = board.proposal(pid)
    return f"{p.start:>6} \u00b7 {describe(p, board.labels)[:90]}" if p else pid


focus = board.proposal(str(st.session_state.get("review_focus", "")))
with st.expander("The document, at the proposal you chose", expanded=focus is not None):
    targets = [p.id for p in sorted(shown, key=lambda p: (p.document, p.start))][:2000]
    chosen = st.selectbox(
        "Jump to a proposal in the text",
        targets,
        index=targets.index(focus.id) if focus is not None and focus.id in targets else None,
        format_func=lambda pid: _jump_label(pid),
        key="review_jump",
    )
    if chosen and (focus is None or chosen != focus.id):
        st.session_state.review_focus = chosen
        focus = board.proposal(chosen)
    if focus is not None:
        st.caption(
            f"{plain(board.titles.get(focus.document, focus.document))}, characters "
            f"{focus.start}\u2013{focus.end}: {plain(describe(focus, board.labels))}"
        )
        st.html(passage(focus))
        if st.button("Show only its card", key="review_only_focus"):
            st.session_state.review_words = focus.id
            st.rerun()


# ------------------------------------------------------------------ deciding
def act(p: Proposal, decision: str, **options: object) -> None:
    """Decide, and keep the result for the card to show beside it."""
    if data.read_only():
        st.session_state[f"done-{p.id}"] = ("error", data.READ_ONLY_NOTE, None)
        return
    try:
        outcome = decide(
            folder,
            [p.id],
            decision,
            by=reviewer,
            expected={p.id: p.status},
            **options,  # type: ignore[arg-type]
        )
    except BriefgraphError as error:
        st.session_state[f"done-{p.id}"] = ("error", str(error), None)
        st.session_state.review_recent.append(p.id)  # the card stays, saying why
        return
    data.refresh()
    st.session_state[f"done-{p.id}"] = ("success", outcome.summary(), outcome)
    st.session_state[f"toast-{p.id}"] = outcome.summary()
    st.session_state.pop(f"mode-{p.id}", None)
    st.session_state.review_recent.append(p.id)


def take_back(p: Proposal, outcome: Outcome) -> None:
    try:
        undo(folder, outcome, by=reviewer)
    except BriefgraphError as error:
        st.session_state[f"done-{p.id}"] = ("error", str(error), None)
        return
    data.refresh()
    st.session_state[f"done-{p.id}"] = ("success", "Undone.", None)
    st.session_state[f"toast-{p.id}"] = "Undone."


def ends_to_accept(p: Proposal) -> list[Proposal]:
    if p.kind != "claim":
        return []
    here = {
        c.concept: c for c in board.proposals if c.kind == "concept" and c.document == p.document
    }
    return [
        here[end]
        for end in (p.effective_subject, p.effective_object)
        if end in here
        and here[end].status == "proposed"
        and not any(c.id == end and not c.proposal for c in board.choices)
    ]


@st.fragment
def card(pid: str) -> None:
    done = st.session_state.get(f"done-{pid}")
    p = (done[2].decided[0] if done and done[2] else None) or board.proposal(pid)
    if p is None:
        return
    with st.container(border=True, key=f"proposal-{pid}"):
        head = st.columns([0.06, 0.94])
        head[0].checkbox("Pick", key=f"pick-{pid}", label_visibility="collapsed")
        head[1].markdown(
            f"**{plain(describe(p, board.labels))}** \u00b7 {p.status} \u00b7 "
            f"{p.confidence:.2f} \u00b7 {plain(board.titles.get(p.document, p.document))} "
            f"\u00b7 `{p.id}`"
        )
        if p.edited or p.merged_into:
            st.caption("Proposed as: " + plain(_original(p)))
        st.html(
            f'<blockquote style="margin:0">\u201c{html.escape(p.quote)}\u201d</blockquote>'
            f'<div style="font-size:0.8rem;color:#555">{html.escape(p.rule)}; '
            f"characters {p.start}\u2013{p.end}</div>"
        )
        ends = ends_to_accept(p) if p.status != "accepted" else []
        if ends:
            st.caption(
                "Accepting it also accepts the new concept(s) "
                + ", ".join(plain(f"{e.label} ({e.cls})") for e in ends)
            )
        cols = st.columns(5)
        if p.status != "accepted":
            label = "Accept" + (f" with {len(ends)} new" if ends else "")
            cols[0].button(
                label,
                key=f"accept-{pid}",
                on_click=act,
                args=(p, "accepted"),
                kwargs={"with_ends": bool(ends)},
            )
        if p.status != "rejected":
            cols[1].button("Reject", key=f"reject-{pid}", on_click=act, args=(p, "rejected"))
        if p.status != "proposed":
            cols[1 if p.status == "rejected" else 0].button(
                "Return to proposed", key=f"return-{pid}", on_click=act, args=(p, "proposed")
            )
        if p.kind in {"concept", "claim"}:
            cols[2].button("Edit", key=f"edit-{pid}", on_click=_mode, args=(pid, "edit"))
        if p.kind == "concept":
            cols[3].button("Merge", key=f"merge-{pid}", on_click=_mode, args=(pid, "merge"))
        cols[4].button("In the text", key=f"text-{pid}", on_click=_focus, args=(pid,))
        mode = st.session_state.get(f"mode-{pid}")
        if mode == "edit" and p.kind == "concept":
            edit_concept(p)
        elif mode == "edit" and p.kind == "claim":
            edit_claim(p, ends)
        elif mode == "merge":
            merge(p)
        toast = st.session_state.pop(f"toast-{pid}", None)
        if toast:
            st.toast(toast)
        if done:
            kind, message, outcome = done
            (st.error if kind == "error" else st.success)(plain(message))
            if outcome is not None:
                st.button("Undo", key=f"undo-{pid}", on_click=take_back, args=(p, outcome))


def _mode(pid: str, mode: str) -> None:
    key = f"mode-{pid}"
    st.session_state[key] = None if st.session_state.get(key) == mode else mode


def _focus(pid: str) -> None:
    st.session_state.review_focus = pid
    st.session_state.review_jump = pid


def _original(p: Proposal) -> str:
    if p.kind == "concept":
        return f"{p.cls}: {p.label}" + (f" ({', '.join(p.names)})" if p.names else "")
    return f"{p.subject_label} \u2192 {p.relation} \u2192 {p.object_label}"


def edit_concept(p: Proposal) -> None:
    label = st.text_input("Label", value=p.effective_label or "", key=f"label-{p.id}")
    options = review_classes()
    cls = st.selectbox(
        "Class",
        options,
        key=f"class-{p.id}",
        index=options.index(p.effective_cls) if p.effective_cls in options else 0,
    )
    names = st.text_input(
        "Other names (comma between)", value=", ".join(p.effective_names), key=f"names-{p.id}"
    )
    edits = {
        "label": label,
        "class": cls,
        "names": [n.strip() for n in names.split(",") if n.strip()],
    }
    st.button(
        "Accept with these",
        key=f"save-{p.id}",
        on_click=act,
        args=(p, "accepted"),
        kwargs={"edits": edits},
        type="primary",
    )


def concept_picker(title: str, key: str, current: str | None) -> str | None:
    """A choice among every concept of the corpus and every new one proposed, by label."""
    ids = [c.id for c in board.choices]
    label = {c.id: str(c) for c in board.choices}
    return st.selectbox(
        title,
        ids,
        key=key,
        index=ids.index(current) if current in ids else None,
        format_func=lambda c: label.get(c, c),
    )


def edit_claim(p: Proposal, ends: list[Proposal]) -> None:
    subject = concept_picker("Subject", f"subject-{p.id}", p.effective_subject)
    obj = concept_picker("Object", f"object-{p.id}", p.effective_object)
    st.button("Reverse its direction", key=f"reverse-{p.id}", on_click=_reverse, args=(p.id,))
    relations = claim_relations(subject or "", obj or "", board.classes)
    current = p.effective_relation if p.effective_relation in relations else relations[0]
    relation = st.selectbox(
        "Relation (only those that fit its ends)",
        relations,
        index=relations.index(current),
        key=f"relation-{p.id}",
    )
    st.button(
        "Accept with these",
        key=f"save-{p.id}",
        on_click=act,
        args=(p, "accepted"),
        kwargs={
            "edits": {"subject": subject, "object": obj, "relation": relation},
            "with_ends": True,
        },
        disabled=not subject or not obj,
        type="primary",
    )


def _reverse(pid: str) -> None:
    subject, obj = f"subject-{pid}", f"object-{pid}"
    st.session_state[subject], st.session_state[obj] = (
        st.session_state.get(obj),
        st.session_state.get(subject),
    )


def merge(p: Proposal) -> None:
    others = [c for c in board.choices if c.id != p.concept or c.where != p.document]
    ids = [c.proposal or c.id for c in others]
    label = {c.proposal or c.id: str(c) for c in others}
    target = st.selectbox(
        "Another name of (type to search by label)",
        ids,
        index=None,
        format_func=lambda c: label.get(c, c),
        key=f"target-{p.id}",
    )
    st.button(
        "Merge",
        key=f"merge-go-{p.id}",
        on_click=act,
        disabled=target is None,
        args=(p, "accepted"),
        kwargs={"merge_into": target},
        type="primary",
    )


# ------------------------------------------------------------------ the list
def bulk(decision: str) -> None:
    picked = [p for p in shown if st.session_state.get(f"pick-{p.id}")]
    if not picked:
        st.toast("Pick some cards first.")
        return
    if data.read_only():
        st.toast(data.READ_ONLY_NOTE)
        return
    try:
        outcome = decide(
            folder,
            [p.id for p in picked],
            decision,
            by=reviewer,
            with_ends=True,
            expected={p.id: p.status for p in picked},
        )
    except BriefgraphError as error:
        st.session_state.review_bulk = str(error)
        return
    data.refresh()
    for p in picked:
        st.session_state[f"pick-{p.id}"] = False
    st.toast(outcome.summary())


bar = st.columns([2, 2, 2, 2, 2])
bar[0].button("Accept picked", key="bulk_accept", on_click=bulk, args=("accepted",))
bar[1].button("Reject picked", key="bulk_reject", on_click=bulk, args=("rejected",))
if bar[2].button("Pick this page", key="bulk_pick"):
    for p in page:
        st.session_state[f"pick-{p.id}"] = True
bar[3].selectbox("Per page", PAGE_SIZES, key="review_size")
bar[4].number_input("Page", 1, pages, key="review_page")
problem = st.session_state.pop("review_bulk", None)
if problem:
    st.error(plain(problem))
st.caption(f"{len(shown)} match; page {number} of {pages}.")
for p in page:
    card(p.id)
if not shown:
    st.info("Nothing matches: widen the search or the filters.")
