"""The briefing a session is writing: in st.session_state, and kept on disk as it changes.

Every change is written atomically to $BRIEFGRAPH_HOME/drafts/<name>.yaml, so a
reload, a typed URL or a closed tab loses nothing: the Briefings page offers the
kept drafts back. A save removes the draft; a save over a file someone else
saved since it was opened is refused with a conflict message.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from app.data import read_only
from graph.briefing.drafts import DraftFolder, default_drafts
from graph.briefing.files import Briefing, Step, append_step

DRAFT = "briefing_draft"
OPENED = "briefing_opened"
"""The saved file's fingerprint when the draft was opened (None: no file was saved)."""
UNTITLED = Briefing(name="my-briefing", title="My briefing")


def folder() -> DraftFolder:
    """Where drafts are kept ($BRIEFGRAPH_HOME/drafts)."""
    return default_drafts()


def draft() -> Briefing | None:
    """The session's briefing being written, if any."""
    value = st.session_state.get(DRAFT)
    return value if isinstance(value, Briefing) else None


def opened() -> str | bool | None:
    """The fingerprint the draft's saved file had when it was opened (False: unknown)."""
    return st.session_state.get(OPENED, False)  # type: ignore[no-any-return]


def set_draft(briefing: Briefing | None) -> None:
    """Make ``briefing`` the one being written and keep it on disk (None forgets it)."""
    previous = draft()
    st.session_state[DRAFT] = briefing
    if briefing is None:
        return
    if previous is not None and previous.name != briefing.name:
        st.session_state[OPENED] = None  # renamed: saving it makes a new file
        if not read_only():
            folder().discard(previous.name)  # and the draft follows the new name
    if not read_only():  # served read-only to the network: drafts stay in the session
        folder().keep(briefing)


def unsaved() -> bool:
    """True when the session's briefing has changes kept only as a draft."""
    current = draft()
    return current is not None and folder().load(current.name) is not None


def start(briefing: Briefing, fingerprint: str | None) -> None:
    """Open ``briefing`` for editing (no draft is written until it changes)."""
    st.session_state[DRAFT] = briefing
    st.session_state[OPENED] = fingerprint


def saved(briefing: Briefing, fingerprint: str | None) -> None:
    """Record that ``briefing`` was saved: its draft is no longer needed."""
    folder().discard(briefing.name)
    st.session_state[DRAFT] = briefing
    st.session_state[OPENED] = fingerprint


def add_step(step: Step) -> tuple[Briefing, str]:
    """Append ``step`` to the draft and return it with a sentence saying where it went:
    the session's draft, else the kept draft of an untitled briefing, else a new one."""
    current = draft()
    said = ""
    if current is None:
        kept = None if read_only() else folder().load(UNTITLED.name)
        if kept is not None:
            current = kept
            said = " (your unsaved draft, kept from before)"
        else:
            current = replace(UNTITLED)
            said = " (a new briefing: open the Briefings page to name and save it)"
    updated = append_step(current, step)
    set_draft(updated)
    return updated, said
