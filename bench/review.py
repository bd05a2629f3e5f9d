"""Review benchmark: click to result on the Review page, in Debian's Chromium, on a corpus of
the shipped essay and three real articles (about 2,000 proposals), against a bare
Streamlit page's button click to its text measured in the same run.

Each action (accept, reject, edit, merge) is timed from the click that decides to the
card showing its result, and compared with a bare Streamlit page of 25 fragment cards
that do no work (the framework's own cost of such a click); `python -m bench review`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from tests.conftest import CHROMIUM, CHROMIUM_ARGS, SHARED, free_port, running_app, stop

ARTICLES = ("arab_league.md", "european_defence_agency.md", "missile_technology_control_regime.md")
RUNS = 8
BARE_PAGE = """
import streamlit as st
st.session_state.setdefault("clicks", 0)
if st.button("Go", key="go"):
    st.session_state.clicks += 1
st.write(f"clicked {st.session_state.clicks}")
"""


BARE_CARDS = """
import streamlit as st

@st.fragment
def card(i):
    with st.container(border=True, key=f"card-{i}"):
        st.markdown(f"**card {i}** with a line of words")
        st.html(f"<blockquote>a quote {i}</blockquote>")
        cols = st.columns(5)
        for j, name in enumerate(["Accept", "Reject", "Edit", "Merge", "Text"]):
            if cols[j].button(name, key=f"b-{i}-{j}"):
                st.session_state[f"n{i}"] = st.session_state.get(f"n{i}", 0) + 1
        if st.session_state.get(f"n{i}"):
            st.success(f"done {st.session_state[f'n{i}']}")

for i in range(25):
    card(i)
"""
"""A Streamlit page of 25 cards, each a fragment, doing no work: the floor of a card's click."""


def _corpus(home: Path) -> int:
    import os

    from graph.ingest.pipeline import load_pipeline
    from graph.ingest.review import all_proposals, open_corpus
    from graph.ingest.workspace import default_corpus_folder, ingest, known_concepts

    os.environ["BRIEFGRAPH_HOME"] = str(home)
    files = [SHARED / "corpus-dev" / name for name in ARTICLES]
    ingest(files, default_corpus_folder(), known=known_concepts(open_corpus(None)),
           pipeline=load_pipeline())  # fmt: skip
    return len(all_proposals(default_corpus_folder()))


def _idle(page: object) -> None:
    page.wait_for_selector(  # type: ignore[attr-defined]
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000
    )


def _timed_click(page: object, button: object, done: str) -> float:
    started = time.perf_counter()
    button.click()  # type: ignore[attr-defined]
    page.wait_for_selector(done, timeout=60_000)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def _card(pid: str) -> str:
    return f".st-key-proposal-{pid}"


def _open_ids(page: object, concepts_only: bool) -> list[str]:
    """The open cards on the page (those with an Accept button; with a Merge one, if asked)."""
    prefix = "st-key-merge-" if concepts_only else "st-key-accept-"
    keys = page.eval_on_selector_all(  # type: ignore[attr-defined]
        f"[class*='{prefix}']",
        f"els => els.map(e => [...e.classList].find(c => c.startsWith('{prefix}')))",
    )
    found = [k.removeprefix(prefix) for k in keys if k and not k.startswith(prefix + "go-")]
    return [pid for pid in found if page.locator(f".st-key-accept-{pid}").count()]  # type: ignore[attr-defined]


def _review_clicks(page: object, base: str) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"accept": [], "reject": [], "edit": [], "merge": []}
    page.goto(base + "/review")  # type: ignore[attr-defined]
    _idle(page)
    used: set[str] = set()
    for action in times:
        concepts_only = action in {"edit", "merge"}
        for _ in range(RUNS):
            pid = next(p for p in _open_ids(page, concepts_only) if p not in used)
            used.add(pid)
            card = page.locator(_card(pid))  # type: ignore[attr-defined]
            done = f"{_card(pid)} [data-testid='stAlert']"
            if action in {"accept", "reject"}:
                button = card.locator(f".st-key-{action}-{pid} button")
            elif action == "edit":
                card.locator(f".st-key-edit-{pid} button").click()
                page.wait_for_selector(f".st-key-save-{pid} button")  # type: ignore[attr-defined]
                button = card.locator(f".st-key-save-{pid} button")
            else:
                card.locator(f".st-key-merge-{pid} button").click()
                chooser = card.locator(f".st-key-target-{pid}")
                chooser.wait_for()
                chooser.click()
                page.keyboard.type("united")  # type: ignore[attr-defined]
                page.keyboard.press("Enter")  # type: ignore[attr-defined]
                _idle(page)
                button = card.locator(f".st-key-merge-go-{pid} button")
            button.wait_for()
            _idle(page)  # the click that opened the form has finished its run
            times[action].append(_timed_click(page, button, done))
            _idle(page)
        page.reload()  # type: ignore[attr-defined]
        _idle(page)
    return times


def _bare_clicks(page: object, base: str) -> list[float]:
    open_bare(page, base)
    return bare_button_clicks(page, RUNS)


def open_bare(page: object, base: str, timeout: int = 60_000) -> None:
    """Open the bare Streamlit page (BARE_PAGE) at ``base`` and wait for its text."""
    page.goto(base)  # type: ignore[attr-defined]
    page.wait_for_selector("text=clicked 0", timeout=timeout)  # type: ignore[attr-defined]


def bare_button_clicks(page: object, runs: int) -> list[float]:
    """Click the open bare page's button ``runs`` times; the seconds to each new text."""
    found = []
    for number in range(1, runs + 1):
        button = page.locator(".st-key-go button")  # type: ignore[attr-defined]
        found.append(_timed_click(page, button, f"text=clicked {number}"))
    return found


def _bare_card_clicks(page: object, base: str) -> list[float]:
    page.goto(base)  # type: ignore[attr-defined]
    page.wait_for_selector(".st-key-card-24", timeout=60_000)  # type: ignore[attr-defined]
    _idle(page)
    found = []
    for number in range(RUNS):
        button = page.locator(f".st-key-b-{number}-0 button")  # type: ignore[attr-defined]
        found.append(_timed_click(page, button, f".st-key-card-{number} [data-testid='stAlert']"))
        _idle(page)
    return found


def _bare_app(script: Path) -> tuple[str, object]:
    import os
    import subprocess

    port = free_port()
    from graph.cli.app import streamlit_command

    process = subprocess.Popen(
        streamlit_command(script, "127.0.0.1", port),  # served as the app is
        env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    from tests.conftest import wait_for_http

    wait_for_http(f"http://127.0.0.1:{port}/_stcore/health")
    return f"http://127.0.0.1:{port}", process


def _row(name: str, seconds: list[float], base: list[float] | None = None) -> str:
    """One line of the table: median and worst, and the median against a baseline's."""
    median = statistics.median(seconds)
    worst = max(seconds)
    against = f"  {median / statistics.median(base):4.2f}x the bare cards" if base else ""
    return f"  {name:<28} median {median:6.3f} s   max {worst:6.3f} s{against}"


def main() -> None:
    from playwright.sync_api import sync_playwright

    print("\nreview page, click to result in Chromium (baseline: a bare Streamlit button)")
    if not (SHARED / "corpus-dev").is_dir():
        print("  skipped: shared/corpus-dev is not beside this checkout")
        return
    with tempfile.TemporaryDirectory() as scratch:
        home = Path(scratch) / "home"
        count = _corpus(home)
        script = Path(scratch) / "bare.py"
        script.write_text(BARE_PAGE, encoding="utf-8")
        cards = Path(scratch) / "cards.py"
        cards.write_text(BARE_CARDS, encoding="utf-8")
        bare_url, bare = _bare_app(script)
        cards_url, bare_cards = _bare_app(cards)
        try:
            with running_app(home) as base, sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                page = browser.new_page(viewport={"width": 1440, "height": 900})
                baseline = _bare_clicks(page, bare_url)
                floor = _bare_card_clicks(page, cards_url)
                times = _review_clicks(page, base)
                browser.close()
        finally:
            stop(bare)  # type: ignore[arg-type]
            stop(bare_cards)  # type: ignore[arg-type]
    print(f"  corpus: the essay and {len(ARTICLES)} articles, {count:,} proposals; {RUNS} clicks")
    print(_row("bare Streamlit button", baseline))
    print(_row("bare 25 fragment cards", floor))
    for action, seconds in times.items():
        print(_row(action, seconds, floor))
