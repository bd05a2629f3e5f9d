"""The app's pages, in navigation order, and the files pages link to each other by.

Streamlit's ``st.Page`` objects hold per-session state while a page runs, so they
are made afresh for every run of every session (``navigation_pages``); pages link
to each other by file (``EXPLORER``, ``PRESENT``), never by a shared object.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

_HERE = Path(__file__).resolve().parent / "app_pages"


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, title, icon and URL path."""

    file: str
    title: str
    icon: str
    url_path: str


SPECS = (
    PageSpec("explorer.py", "Explorer", ":material/hub:", "explorer"),
    PageSpec("sources.py", "Sources", ":material/article:", "sources"),
    PageSpec("tables.py", "Tables", ":material/table:", "tables"),
    PageSpec("analytics.py", "Analytics", ":material/insights:", "analytics"),
    PageSpec("sparql.py", "SPARQL", ":material/terminal:", "sparql"),
    PageSpec("present.py", "Present", ":material/slideshow:", "present"),
    PageSpec("briefings.py", "Briefings", ":material/edit_note:", "briefings"),
    PageSpec("review.py", "Review", ":material/fact_check:", "review"),
)

EXPLORER = _HERE / "explorer.py"
PRESENT = _HERE / "present.py"


def navigation_pages() -> list[st.Page]:
    """Return new page objects for this run (the Explorer is the default page)."""
    return [
        st.Page(
            _HERE / spec.file,
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=spec.url_path == "explorer",
        )
        for spec in SPECS
    ]
