"""Briefings: write a guided tour, step by step, then save, present or export it."""

from __future__ import annotations

import time
from dataclasses import replace

import streamlit as st

from app import data, drafts
from app.downloads import deck_downloads
from app.pages import EXPLORER, PRESENT
from app.text import counted, plain
from graph.briefing.deck import Deck
from graph.briefing.files import (
    MAX_HOPS,
    Briefing,
    Focus,
    Step,
    check_name,
    move_step,
    remove_step,
    replace_step,
)
from graph.errors import BriefingError
from graph.model.corpus import QuoteRef
from graph.model.namespaces import CONCEPT, local_name

library = data.briefings()
concept_labels = {
    iri.removeprefix(str(CONCEPT)): d["label"] for iri, d in data.network().nodes(data=True)
}
concept_ids = sorted(concept_labels, key=lambda c: concept_labels[c].casefold())
class_labels = {local_name(d["cls"]): d["class_label"] for _, d in data.network().nodes(data=True)}
relation_labels = {
    local_name(d["relation"]): d["relation_label"] for *_, d in data.network().edges(data=True)
}
# Names only: the page never shows titles, so no briefing file is read to list them.
entries = library.editable_by_name()


def open_briefing(name: str) -> None:
    try:
        drafts.start(library.load(name), library.fingerprint(name))
    except BriefingError as error:
        st.session_state.briefing_message = ("error", str(error))


def new_briefing() -> None:
    drafts.start(drafts.UNTITLED, None)


def restore(kept: Briefing) -> None:
    drafts.start(kept, library.fingerprint(kept.name))
    st.session_state.briefing_message = ("success", f"Restored your draft of {kept.title}.")


def discard(name: str) -> None:
    drafts.folder().discard(name)


with st.sidebar:
    st.selectbox(
        "Open a briefing",
        list(entries),
        key="briefing_to_open",
        format_func=lambda n: f"{n} ({'saved' if entries[n] else 'shipped'})",
    )
    st.button(
        "Open for editing",
        on_click=lambda: open_briefing(st.session_state.briefing_to_open),
        disabled=not entries,
        icon=":material/folder_open:",
    )
    st.button("Start a new briefing", on_click=new_briefing, icon=":material/add:")

message = st.session_state.pop("briefing_message", None)
if message:
    (st.error if message[0] == "error" else st.success)(message[1])

briefing = drafts.draft()
if briefing is None:
    for kept, when in drafts.folder().kept():
        with st.container(border=True):
            st.markdown(
                f"**Unsaved draft: {plain(kept.title)}** ({counted(len(kept.steps), 'step')}, "
                f"last changed {time.strftime('%d %b %H:%M', time.localtime(when))})"
            )
            cols = st.columns([1, 1, 4])
            cols[0].button("Restore", key=f"restore-{kept.name}", on_click=restore,
                           args=(kept,), icon=":material/restore:")  # fmt: skip
            cols[1].button("Discard", key=f"discard-{kept.name}", on_click=discard,
                           args=(kept.name,), icon=":material/delete:")  # fmt: skip
    st.info(
        "Open a briefing or start a new one. In the Explorer, **Add this view as a step** "
        "adds what you are looking at to the briefing you are writing."
    )
    st.page_link(EXPLORER, label="Go to the Explorer", icon=":material/hub:")
    st.stop()

# ------------------------------------------------------------------ the briefing itself
with st.form("briefing_meta", border=True):
    cols = st.columns([2, 3])
    name = cols[0].text_input("File name", briefing.name, help="Lower-case letters, digits, -")
    title = cols[1].text_input("Title", briefing.title)
    description = st.text_area("Description", briefing.description)
    if st.form_submit_button("Apply", icon=":material/check:"):
        try:
            drafts.set_draft(
                replace(
                    briefing,
                    name=check_name(name.strip()),
                    title=title.strip() or briefing.title,
                    description=description.strip(),
                )
            )
            st.rerun()
        except BriefingError as error:
            st.error(str(error))

if drafts.unsaved():
    st.caption(
        "Unsaved changes: they are kept as a draft on this machine (a reload or a closed "
        "tab loses nothing) until you press Save."
    )
deck: Deck | None = None
if briefing.steps:  # an empty new briefing is not an error, just not ready yet
    try:
        deck = data.deck(briefing)
        st.success(f"Ready to present: {counted(len(deck.scenes), 'step')}.")
    except BriefingError as error:
        st.error(str(error))


def focus_summary(step: Step) -> str:
    focus = step.focus

    def label(name: str) -> str:
        return concept_labels.get(name.removeprefix(str(CONCEPT)), name)

    around = f", with {step.hops} hop{'s' if step.hops > 1 else ''} around" if step.hops else ""
    if focus.kind == "path":
        assert focus.path is not None
        return f"Focus: paths from {label(focus.path[0])} to {label(focus.path[1])}{around}"
    if focus.kind == "concepts":
        return "Focus: " + ", ".join(label(c) for c in focus.concepts) + around
    if focus.kind == "filter":
        parts = [
            ", ".join(class_labels.get(c, c) for c in focus.classes) or "every class",
            ", ".join(relation_labels.get(r, r) for r in focus.relations) or "any relation",
        ]
        return f"Focus: concepts of {parts[0]}, linked by {parts[1]}{around}"
    return "Focus: the whole graph" + around


def apply_edit(index: int, step: Step, key: str) -> None:
    state = st.session_state
    lines = [line.strip() for line in state[f"{key}-excerpts"].splitlines() if line.strip()]
    known = {ref.quote: ref for ref in step.excerpts}
    chosen = tuple(state[f"{key}-concepts"])
    if chosen:
        focus = Focus(concepts=chosen)
    elif step.focus.kind == "concepts":
        focus = Focus()  # every concept removed: the whole graph
    else:
        focus = step.focus  # a path or filter stays unless concepts are chosen instead
    edited = replace(
        step,
        focus=focus,
        title=state[f"{key}-title"].strip() or step.title,
        narration=state[f"{key}-narration"].strip(),
        hops=state[f"{key}-hops"],
        excerpts=tuple(known.get(line, QuoteRef(line)) for line in lines),
    )
    drafts.set_draft(replace_step(briefing, index, edited))


def change(edit: str, index: int) -> None:
    current = drafts.draft()
    assert current is not None
    if edit == "up":
        drafts.set_draft(move_step(current, index, -1))
    elif edit == "down":
        drafts.set_draft(move_step(current, index, 1))
    elif edit == "delete":
        drafts.set_draft(remove_step(current, index))


st.subheader(f"{plain(briefing.title)}: {counted(len(briefing.steps), 'step')}")
if not briefing.steps:
    st.info("No steps yet. In the Explorer, choose a view and press **Add this view as a step**.")
for index, step in enumerate(briefing.steps):
    # Keys carry the step's content, so that a moved step never inherits another's widgets.
    key = f"step-{index}-{abs(hash(step))}"
    with st.container(border=True):
        head = st.columns([6, 1.2, 1.4, 1.4], vertical_alignment="center")
        head[0].markdown(f"**{index + 1}. {plain(step.title)}**")
        head[1].button(
            "Up",
            key=f"{key}-up",
            on_click=change,
            args=("up", index),
            disabled=index == 0,
            icon=":material/arrow_upward:",
        )
        head[2].button(
            "Down",
            key=f"{key}-down",
            on_click=change,
            args=("down", index),
            disabled=index == len(briefing.steps) - 1,
            icon=":material/arrow_downward:",
        )
        head[3].button(
            "Delete",
            key=f"{key}-delete",
            on_click=change,
            args=("delete", index),
            icon=":material/delete:",
        )
        st.caption(plain(focus_summary(step)))
        with st.expander("Edit this step"), st.form(f"{key}-form", border=False):
            st.text_input("Title", step.title, key=f"{key}-title")
            st.text_area("Narration (Markdown)", step.narration, key=f"{key}-narration")
            st.multiselect(
                "Concepts in focus",
                concept_ids,
                default=[c for c in step.focus.concepts if c in concept_ids],
                key=f"{key}-concepts",
                format_func=lambda c: concept_labels[c],
                help="Choosing concepts replaces a path or filter focus.",
            )
            st.select_slider(
                "Hops around the focus", list(range(MAX_HOPS + 1)), step.hops, key=f"{key}-hops"
            )
            st.text_area(
                "Excerpts to quote, one per line (empty: the evidence of what is in focus)",
                "\n".join(ref.quote for ref in step.excerpts),
                key=f"{key}-excerpts",
            )
            st.form_submit_button(
                "Apply", on_click=apply_edit, args=(index, step, key), icon=":material/check:"
            )

# ------------------------------------------------------------------ save, present, export
actions = st.columns(3)
if data.read_only():
    st.caption(data.READ_ONLY_NOTE)
if actions[0].button(
    "Save", type="primary", icon=":material/save:", key="briefing_save", disabled=data.read_only()
):
    try:
        path = library.save(briefing, drafts.opened())
        drafts.saved(briefing, library.fingerprint(briefing.name))
        st.session_state.briefing_message = ("success", f"Saved to {path}.")
        st.rerun()
    except BriefingError as error:
        st.error(str(error))
if actions[1].button("Present", icon=":material/slideshow:", disabled=deck is None):
    st.session_state.update(present_started=True, present_briefing="", present_step=0)
    st.switch_page(PRESENT)
saved = entries.get(briefing.name, False)
if saved and actions[2].button(
    "Delete the saved file", icon=":material/delete_forever:", disabled=data.read_only()
):
    library.delete(briefing.name)
    st.session_state.briefing_message = ("success", f"Deleted the saved {briefing.name}.")
    st.rerun()

if deck is not None:
    deck_downloads(deck, st.columns(3))
