"""Many people at once: eight real browser sessions on a freshly started app."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from graph.store.queries import example_queries
from tests.conftest import PAGE_FAILED, running_app

pytestmark = pytest.mark.browser

SESSIONS = 8
PAGES = ("explorer", "sources", "tables", "analytics", "sparql", "present", "briefings", "review")
BROKEN = ("Traceback", "Exception", PAGE_FAILED, "cannot be called directly", "TypeError")


def problems(page: Any) -> list[str]:
    """Exception blocks, the page boundary's message, or error words anywhere on the page."""
    found = [e.inner_text() for e in page.query_selector_all('[data-testid="stException"]')]
    text = page.inner_text("body")
    return found + [word for word in BROKEN if word in text]


def settled(page: Any) -> None:
    """Wait until Streamlit has finished running the page's script."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=120_000
    )


@pytest.fixture
def fresh_app(tmp_path: Path) -> Any:
    with running_app(tmp_path / "home") as url:
        yield url


def test_eight_sessions_run_sparql_at_once_then_rerun_every_page(
    browser: Any, fresh_app: str
) -> None:
    contexts = [
        browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(SESSIONS)
    ]
    pages = [context.new_page() for context in contexts]
    selects = [q for q in example_queries() if "SELECT" in q.text][:SESSIONS]
    try:
        # Every session opens a different example through its link (filled, not run).
        for page, example in zip(pages, selects, strict=True):
            page.goto(f"{fresh_app}/sparql?query={quote(example.text)}", wait_until="commit")
        for page in pages:
            settled(page)
            page.get_by_role("button", name="Run").wait_for(timeout=60_000)
        # All press Run together: the clicks go out before any answer is awaited.
        for page in pages:
            page.get_by_role("button", name="Run").dispatch_event("click")
        for page, example in zip(pages, selects, strict=True):
            page.wait_for_function(
                "() => /SELECT: [0-9,]+ rows? in/.test(document.body.innerText)", timeout=120_000
            )
            assert not problems(page), (example.name, problems(page))
        # Then one user alone: the shared parser is still whole.
        single = pages[0]
        single.goto(f"{fresh_app}/sparql?query={quote('SELECT * WHERE { ?s ?p ?o } LIMIT 3')}")
        settled(single)
        single.get_by_role("button", name="Run").click()
        single.wait_for_function(
            "() => /SELECT: 3 rows in/.test(document.body.innerText)", timeout=60_000
        )
        assert not problems(single)
        # Every page, opened in all eight sessions at once.
        for name in PAGES:
            for page in pages:
                page.goto(f"{fresh_app}/{name}", wait_until="commit")
            for page in pages:
                settled(page)
                assert not problems(page), (name, problems(page))
    finally:
        for context in contexts:
            context.close()
