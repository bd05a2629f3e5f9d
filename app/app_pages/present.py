"""Present: a briefing step by step on a projector: arrow keys, large type, high contrast."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from app import data, drafts
from app.downloads import deck_downloads
from app.network_component import network_component
from app.state import is_count
from app.text import plain
from graph.briefing.files import DEFAULT_BRIEFING, Briefing
from graph.briefing.picture import scene_view
from graph.briefing.scene import notes_html, quotations, title_html
from graph.errors import BriefingError
from graph.view.narration import narration_html

# On a projector the sidebar (briefing picker, link, downloads) starts folded away.
st.set_page_config(initial_sidebar_state="collapsed")

DRAFT_CHOICE = ""  # the session's unsaved briefing, when it has one
library = data.briefings()
names = list(library.editable_by_name())
draft = drafts.draft()
choices = ([DRAFT_CHOICE] if draft and draft.steps else []) + names

# The URL is read once per session; after that the widgets hold the state.
if "present_started" not in st.session_state:
    wanted = st.query_params.get("briefing", DEFAULT_BRIEFING)
    step = st.query_params.get("step", "1")
    st.session_state.update(
        present_started=True,
        present_briefing=wanted if wanted in choices else (choices[0] if choices else None),
        present_step=int(step) - 1 if is_count(step) and int(step) > 0 else 0,
    )
    if wanted not in choices:
        st.warning(f"There is no briefing called {plain(wanted)!s}; showing another.")
if st.session_state.present_briefing not in choices:
    st.session_state.present_briefing = choices[0] if choices else None


def choose() -> None:
    st.session_state.present_step = 0


languages = data.label_languages()
if "present_language" not in st.session_state:
    asked = st.query_params.get("lang") or st.session_state.get("explorer_kept", {}).get("language")
    st.session_state.present_language = asked if asked in languages else "en"

with st.sidebar:
    st.selectbox(
        "Briefing",
        choices,
        key="present_briefing",
        on_change=choose,
        format_func=lambda n: f"{draft.title} (unsaved)" if n == DRAFT_CHOICE and draft else n,
    )
    if len(languages) > 1:
        st.selectbox("Label language", languages, key="present_language")
language = st.session_state.present_language

if st.session_state.present_briefing is None:
    st.info("There is no briefing yet: write one on the Briefings page.")
    st.stop()

briefing: Briefing
try:
    if st.session_state.present_briefing == DRAFT_CHOICE and draft is not None:
        briefing = draft
    else:
        briefing = library.load(st.session_state.present_briefing)
    deck = data.deck(briefing, language)
except BriefingError as error:
    st.error(str(error))
    st.stop()

total = len(deck.scenes)
st.session_state.present_step = min(max(st.session_state.present_step, 0), total - 1)


def move(offset: int) -> None:
    st.session_state.present_step = min(max(st.session_state.present_step + offset, 0), total - 1)


index = st.session_state.present_step
scene = deck.scenes[index]
params = {"briefing": briefing.name, "step": str(index + 1)}
if language != "en":
    params["lang"] = language
if st.session_state.present_briefing != DRAFT_CHOICE:
    st.query_params.from_dict(params)

# Projector type: large, black on white, heavy rules. Scoped to this page's container.
st.html(
    "<style>"
    # Narration at 1.8rem (28.8 px): read from the back of a room at 1920x1080.
    ".st-key-presenter p, .st-key-presenter li"
    " { font-size: 1.8rem; line-height: 1.4; color: #000; }"
    ".st-key-presenter h2.step-title"
    " { font-size: 2.3rem; line-height: 1.15; margin: 0 0 .6rem; color: #000; }"
    ".st-key-presenter blockquote { margin: .9rem 0; padding: .3rem .9rem;"
    " border-inline-start: .4rem solid #000; font-size: 1.3rem; line-height: 1.45; color: #000; }"
    ".st-key-presenter blockquote mark { background: #ffd54f; color: #000; }"
    ".st-key-presenter .source"
    " { display: block; font-size: .95rem; color: #333; margin-top: .25rem; }"
    ".st-key-presenter .counter { font-size: 1.4rem; font-weight: 700; text-align: right; }"
    "</style>"
)

with st.container(key="presenter"):
    top = st.columns([5, 1.6, 1.6, 1.4], vertical_alignment="center")
    top[0].markdown(f"**{plain(briefing.title)}**")
    top[1].button(
        "Previous",
        key="present_previous",
        on_click=move,
        args=(-1,),
        disabled=index == 0,
        shortcut="Left",  # Streamlit shows the key (an arrow) on the button: no icon beside it
        help="Previous step (left arrow)",
        width="stretch",
    )
    top[2].button(
        "Next",
        key="present_next",
        on_click=move,
        args=(1,),
        disabled=index == total - 1,
        shortcut="Right",
        type="primary",
        help="Next step (right arrow)",
        width="stretch",
    )
    top[3].html(f'<div class="counter">Step {index + 1} of {total}</div>')

    picture, words = st.columns([7, 4], gap="large")
    with picture:
        view = scene_view(deck.network, scene, positions=deck.positions)
        network_component(view, height=None, key="present-network")  # the screen's height
    with words:
        st.html(title_html(scene))
        if scene.step.narration:
            st.html(narration_html(scene.step.narration))
        for quotation in quotations(scene, deck.document_titles):
            st.html(quotation.html())
        notes = notes_html(deck.network, scene)
        if notes:
            st.html(notes)

with st.sidebar:
    if st.session_state.present_briefing != DRAFT_CHOICE:
        base = (st.context.url or "").split("?")[0]
        st.caption("Link to this step")
        st.code(f"{base}?{urlencode(params)}", language=None, wrap_lines=True)
    deck_downloads(deck, [st.sidebar] * 3)
