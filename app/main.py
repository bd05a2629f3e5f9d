"""briefgraph's Streamlit entry point: `streamlit run app/main.py` (or `make run`)."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import streamlit as st

# Streamlit runs this file as a script; make the `app` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.pages import navigation_pages

# How the page boundary's message starts (tests look for it). No bare strings here:
# Streamlit's magic would print them on the page.
PAGE_FAILED = "This page stopped on an unexpected problem"

log = logging.getLogger("briefgraph.app")

DARK_PAGE = """<style>
.stApp, [data-testid="stHeader"], [data-testid="stBottomBlockContainer"] {
  background-color: #0e1117; color: #fafafa; }
[data-testid="stSidebar"] { background-color: #1b1f2a; }
.stApp h1, .stApp h2, .stApp h3, .stApp h4, .stApp p, .stApp li, .stApp label,
.stApp summary, .stApp [data-testid="stCaptionContainer"],
.stApp [data-testid="stMarkdownContainer"],
[data-testid="stSidebar"] span, [data-testid="stSidebarNav"] a span { color: #fafafa; }
.stApp [data-testid="stCaptionContainer"] { color: #c9ced6; }
.stApp a { color: #8ab4ff; }
</style>"""

# An emoji favicon is drawn locally as an SVG data: URL. Without page_icon the
# favicon would be the page's ":material/...:" icon, which the browser fetches
# from Google's font CDN, and the app must make no request beyond its server.
st.set_page_config(page_title="briefgraph", page_icon="\N{SPIDER WEB}", layout="wide")
page = st.navigation(navigation_pages())
try:
    page.run()
except Exception:  # the page boundary: Streamlit's reruns and stops are not Exceptions
    log.exception("the %s page failed", page.title)
    st.error(
        f"{PAGE_FAILED}. Nothing you saved is affected; the details are in the server's "
        "log. Try again, or reset the view; if it happens again, tell whoever runs this app "
        "what you did just before.",
        icon=":material/error:",
    )
finally:
    # The explorer's dark theme darkens the whole page, on every page, not only the
    # network (Streamlit's own theme is set per server; this follows the session's choice).
    if st.session_state.get("theme") == "dark" and st.context.theme.type != "dark":
        st.html(DARK_PAGE)
