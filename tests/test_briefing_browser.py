"""Briefings in a real headless Chromium: the offline player, and the presenter's arrow keys."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from PIL import Image, ImageChops

from graph.briefing.deck import Deck
from graph.briefing.files import DEFAULT_BRIEFING, default_library
from graph.store.backends import Store
from tests.test_browser import DRAWN_PIXELS, Recorder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def deck(store: Store) -> Deck:
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)


def test_the_exported_briefing_plays_every_step_from_file_with_the_network_off(
    browser: Any, deck: Deck, tmp_path: Path
) -> None:
    path = tmp_path / "briefing.html"
    path.write_text(deck.html(), encoding="utf-8")
    context = browser.new_context(offline=True, viewport={"width": 1400, "height": 800})
    page = context.new_page()
    recorder = Recorder(page)
    blocked: list[str] = []

    def only_files(route: Any) -> None:
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    page.route("**/*", only_files)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.as_uri())
    page.wait_for_selector("#network[data-ready=true]", timeout=30_000)

    previous = None
    for shown in deck.scenes:
        if shown.number > 1:
            page.keyboard.press("ArrowRight")
        page.wait_for_selector(f'body[data-step="{shown.number}"]', timeout=10_000)
        page.wait_for_timeout(600)  # the network's zoom to the new focus is animated (400 ms)
        section = page.locator(f"#step-{shown.number}")
        assert section.is_visible()
        assert shown.step.title in section.inner_text()
        assert " ".join(shown.excerpts[0].quote.split()[:5]) in " ".join(
            section.inner_text().split()
        )
        assert page.locator("#counter").inner_text() == f"{shown.number} / {len(deck.scenes)}"
        drawn = page.evaluate(f"({DRAWN_PIXELS})(window.briefgraphBriefing.network)")
        assert drawn > 5_000, f"step {shown.number}: the network looks blank ({drawn} pixels)"
        shot = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
        shot.save(tmp_path / f"step-{shown.number}.png")
        if previous is not None:
            assert ImageChops.difference(shot, previous).getbbox() is not None, shown.number
        previous = shot

    page.keyboard.press("ArrowRight")  # past the end stays on the last step
    assert page.get_attribute("body", "data-step") == str(len(deck.scenes))
    page.keyboard.press("ArrowLeft")
    page.wait_for_selector(f'body[data-step="{len(deck.scenes) - 1}"]', timeout=5_000)
    page.keyboard.press("Home")
    page.wait_for_selector('body[data-step="1"]', timeout=5_000)

    assert errors == []
    assert blocked == [], "the exported briefing tried to reach the network"
    assert recorder.outside(None) == []
    context.close()


def test_the_presenter_moves_with_the_arrow_keys(browser: Any, app_server: str) -> None:
    page = browser.new_page(viewport={"width": 1500, "height": 950})
    recorder = Recorder(page)
    page.goto(f"{app_server}/present?briefing=the-argument&step=1")
    page.get_by_text("Step 1 of 9").wait_for(timeout=60_000)
    page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=30_000)
    page.locator("h2.step-title").first.click()  # keyboard focus on the page, not a widget
    page.keyboard.press("ArrowRight")
    page.get_by_text("Step 2 of 9").wait_for(timeout=30_000)
    page.get_by_text("The threats cross borders").first.wait_for(timeout=10_000)
    assert "step=2" in page.url
    page.keyboard.press("ArrowLeft")
    page.get_by_text("Step 1 of 9").wait_for(timeout=30_000)
    assert recorder.outside(urlparse(app_server).netloc) == []
    page.close()
