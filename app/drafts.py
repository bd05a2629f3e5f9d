"""The briefing a session is writing: kept in st.session_state until it is saved."""

from __future__ import annotations

import streamlit as st

from graph.briefing.files import Briefing, Step, append_step

DRAFT = "briefing_draft"
UNTITLED = Briefing(name="my-briefing", title="My briefing")


def draft() -> Briefing | None:
    """The session's briefing being written, if any."""
    value = st.session_state.get(DRAFT)
    return value if isinstance(value, Briefing) else None


def set_draft(briefing: Briefing | None) -> None:
    """Make ``briefing`` the one being written (None forgets it)."""
    st.session_state[DRAFT] = briefing


def add_step(step: Step) -> Briefing:
    """Append ``step`` to the draft (starting one if needed) and return the draft."""
    updated = append_step(draft() or UNTITLED, step)
    set_draft(updated)
    return updated
