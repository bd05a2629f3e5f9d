"""The app's pages, in navigation order; pages link to each other through these objects."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

_HERE = Path(__file__).resolve().parent / "app_pages"

EXPLORER = st.Page(
    _HERE / "explorer.py",
    title="Explorer",
    icon=":material/hub:",
    url_path="explorer",
    default=True,
)
SOURCES = st.Page(
    _HERE / "sources.py", title="Sources", icon=":material/article:", url_path="sources"
)
TABLES = st.Page(_HERE / "tables.py", title="Tables", icon=":material/table:", url_path="tables")
ANALYTICS = st.Page(
    _HERE / "analytics.py", title="Analytics", icon=":material/insights:", url_path="analytics"
)

QUERY = st.Page(_HERE / "sparql.py", title="SPARQL", icon=":material/terminal:", url_path="sparql")

PRESENT = st.Page(
    _HERE / "present.py", title="Present", icon=":material/slideshow:", url_path="present"
)
BRIEFINGS = st.Page(
    _HERE / "briefings.py", title="Briefings", icon=":material/edit_note:", url_path="briefings"
)

REVIEW = st.Page(
    _HERE / "review.py", title="Review", icon=":material/fact_check:", url_path="review"
)

PAGES = [EXPLORER, SOURCES, TABLES, ANALYTICS, QUERY, PRESENT, BRIEFINGS, REVIEW]
