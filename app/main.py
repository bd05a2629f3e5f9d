"""briefgraph's Streamlit entry point: `streamlit run app/main.py` (or `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script; make `app` importable as a package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

st.set_page_config(page_title="briefgraph", page_icon=":material/hub:", layout="wide")

PAGES = Path(__file__).resolve().parent / "app_pages"

navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/summarize:", default=True),
    ]
)
navigation.run()
