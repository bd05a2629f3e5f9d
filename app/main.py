"""briefgraph's Streamlit entry point: `streamlit run app/main.py` (or `make run`)."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script; make the `app` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.pages import PAGES

# An emoji favicon is drawn locally as an SVG data: URL. Without page_icon the
# favicon would be the page's ":material/...:" icon, which the browser fetches
# from Google's font CDN, and the app must make no request beyond its server.
st.set_page_config(page_title="briefgraph", page_icon="\N{SPIDER WEB}", layout="wide")
st.navigation(PAGES).run()
