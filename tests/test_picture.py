"""The picture on a projector: no label over another, the focus filling the frame."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph.briefing.deck import Deck
from graph.briefing.files import DEFAULT_BRIEFING, default_library
from graph.network.label_layout import graphviz_available
from graph.store.backends import Store

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1280, 720)]

# Every drawn node's box (its shape and its label) in page pixels, and the frame's box.
GEOMETRY = """(network) => {
    const frame = network.canvas.frame.canvas.getBoundingClientRect();
    const ids = network.body.data.nodes.getIds();
    const boxes = {};
    for (const id of ids) {
        const box = network.getBoundingBox(id);
        const a = network.canvasToDOM({x: box.left, y: box.top});
        const b = network.canvasToDOM({x: box.right, y: box.bottom});
        boxes[id] = [a.x, a.y, b.x, b.y];
    }
    return {boxes: boxes, width: frame.width, height: frame.height};
}"""


@pytest.fixture(scope="module")
def deck(store: Store) -> Deck:
    if not graphviz_available():
        pytest.fail("Graphviz is missing: `make test` installs Debian's graphviz")
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)


def overlaps(boxes: dict[str, list[float]], among: set[str]) -> list[tuple[str, str]]:
    found = []
    chosen = sorted(among)
    for i, a in enumerate(chosen):
        for b in chosen[i + 1 :]:
            ax0, ay0, ax1, ay1 = boxes[a]
            bx0, by0, bx1, by1 = boxes[b]
            if ax0 < bx1 - 1 and bx0 < ax1 - 1 and ay0 < by1 - 1 and by0 < ay1 - 1:
                found.append((a, b))
    return found


def outside(geometry: dict[str, Any], among: set[str]) -> list[str]:
    return [
        n
        for n in sorted(among)
        if min(geometry["boxes"][n][:2]) < -1
        or geometry["boxes"][n][2] > geometry["width"] + 1
        or geometry["boxes"][n][3] > geometry["height"] + 1
    ]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_the_explorers_default_view_has_no_label_over_another_and_all_in_the_frame(
    browser: Any, app_server: str, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(f"{app_server}/")
        page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=60_000)
        page.wait_for_timeout(800)
        geometry = page.evaluate(f"({GEOMETRY})(globalThis.briefgraphExplorer.network)")
        every = set(geometry["boxes"])
        assert len(every) == 34
        assert overlaps(geometry["boxes"], every) == []
        assert outside(geometry, every) == []
        assert geometry["width"] >= 0.55 * (width - 300)  # most of the page beside the sidebar
    finally:
        page.close()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_every_step_of_the_player_fills_the_frame_with_its_focus_and_no_label_overlaps(
    browser: Any, deck: Deck, tmp_path: Path, width: int, height: int
) -> None:
    path = tmp_path / "briefing.html"
    path.write_text(deck.html(), encoding="utf-8")
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        page.goto(path.as_uri())
        page.wait_for_function("() => window.briefgraphBriefing !== undefined", timeout=30_000)
        for scene in deck.scenes:
            page.evaluate(f"window.briefgraphBriefing.show({scene.number - 1})")
            page.wait_for_timeout(700)  # the fit is animated (400 ms)
            geometry = page.evaluate(f"({GEOMETRY})(window.briefgraphBriefing.network)")
            focus = set(scene.nodes)
            assert overlaps(geometry["boxes"], set(geometry["boxes"])) == [], scene.number
            assert outside(geometry, focus) == [], scene.number
            boxes = [geometry["boxes"][n] for n in focus]
            spread_x = max(b[2] for b in boxes) - min(b[0] for b in boxes)
            spread_y = max(b[3] for b in boxes) - min(b[1] for b in boxes)
            filled = max(spread_x / geometry["width"], spread_y / geometry["height"])
            assert filled >= 0.6, (scene.number, round(filled, 2))
            if (width, height) == (1920, 1080):  # read from the back of a room
                shown = page.evaluate("window.briefgraphBriefing.network.getScale()") * 14
                assert shown >= 20, (scene.number, round(shown, 1))
    finally:
        page.close()


def test_the_presenters_focus_labels_are_at_least_20_px_at_1920x1080(
    browser: Any, tmp_path: Path
) -> None:
    from tests.conftest import running_app

    # A fresh home: no layout pinned by another test (pins would win over the deck's own).
    with running_app(tmp_path / "home") as app_server:
        sizes = _presenter_label_sizes(browser, app_server)
    assert min(sizes) >= 20, sizes


def _presenter_label_sizes(browser: Any, app_server: str) -> list[float]:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    sizes = []
    try:
        for step in range(1, 10):
            page.goto(f"{app_server}/present?briefing=the-argument&step={step}")
            page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=60_000)
            page.wait_for_timeout(1000)  # the frame takes the screen's height; the view refits
            scale = page.evaluate("globalThis.briefgraphExplorer.network.getScale()")
            sizes.append(round(scale * 14, 1))
    finally:
        page.close()
    return sizes
