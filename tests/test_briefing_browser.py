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
from graph.briefing.scene import status_notes
from graph.model.bidi import Isolated, Phrase
from graph.store.backends import Store
from tests.test_browser import DRAWN_PIXELS, Recorder

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def deck(store: Store) -> Deck:
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)


@pytest.fixture(scope="module")
def arabic(store: Store) -> Deck:
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store, language="ar")


# Where the browser set each character of an element: one rectangle per character, in the
# order of the text (logical order), from a Range around it; and the element's direction.
LAID_OUT = """(element) => {
    const boxes = [];
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (let i = 0; i < node.data.length; i++) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0);
            const r = rects[0] || range.getBoundingClientRect();
            boxes.push([node.data[i], r.left, r.right, r.top]);
        }
    }
    return { direction: getComputedStyle(element).direction, boxes: boxes };
}"""


def misplaced(laid_out: dict[str, Any], note: Phrase) -> list[str]:
    """Return what is out of place in an Arabic inferred-link line as the browser laid it out:
    'Subject relation object (inferred: why.)' must read right to left, the English aside
    beside the object's last word, its brackets, colon and full stop beside their words."""
    boxes = laid_out["boxes"]
    text = "".join(box[0] for box in boxes)
    assert text == note.plain()

    def left(i: int) -> float:
        return float(boxes[i][1])

    def right(i: int) -> float:
        return float(boxes[i][2])

    def line(i: int) -> list[int]:
        return [j for j, box in enumerate(boxes) if abs(box[3] - boxes[i][3]) < 2]

    def beside(i: int, j: int) -> bool:  # i's box ends where j's begins, on one line
        return j in line(i) and abs(right(i) - left(j)) <= 1.5

    problems = []
    if laid_out["direction"] != "rtl":
        problems.append(f"the line is set {laid_out['direction']}")
    labels = [part.text for part in note.parts if isinstance(part, Isolated)]
    aside = labels.pop()
    firsts, at = [], 0
    for label in labels:
        at = text.index(label, at)
        firsts.append(at)
    start = text.index(aside, at)
    colon, end = start + aside.index(":"), start + len(aside) - 1
    if not beside(start, start + 1):
        problems.append("the opening bracket is not beside 'inferred'")
    if not beside(colon - 1, colon):
        problems.append("the colon is not beside 'inferred'")
    if not (beside(end - 2, end - 1) and beside(end - 1, end)):
        problems.append("the full stop and closing bracket are not beside the last word")
    subject, relation, obj = firsts
    if not (right(subject) > right(relation) > right(obj) and obj in line(subject)):
        problems.append("the claim does not read right to left")
    last = start - 2  # the object's last letter, before the space
    fragment = [i for i in line(start) if i >= start]
    if last in line(start):
        gap = left(last) - max(right(i) for i in fragment)
        if not 0 <= gap <= right(start - 1) - left(start - 1) + 1.5:
            problems.append(f"the aside is not beside the object's last word ({gap:.0f} px)")
    elif not (
        left(last) <= min(left(i) for i in line(last)) + 1.5
        and max(right(i) for i in fragment) >= max(right(i) for i in line(start)) - 1.5
    ):
        problems.append("the aside does not follow the object onto its line")
    return problems


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


def test_the_arabic_player_keeps_each_claims_brackets_and_colon_beside_their_words(
    browser: Any, arabic: Deck, tmp_path: Path
) -> None:
    path = tmp_path / "briefing.html"
    path.write_text(arabic.html(), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_selector("#network[data-ready=true]", timeout=30_000)
    measured = 0
    for shown in arabic.scenes:
        notes = status_notes(arabic.network, shown)
        if not notes:
            continue
        page.evaluate(f"window.briefgraphBriefing.show({shown.number - 1})")
        items = page.locator(f"#step-{shown.number} .inferred li")
        assert items.count() == len(notes)
        for i, note in enumerate(notes):
            laid_out = items.nth(i).evaluate(LAID_OUT)
            assert misplaced(laid_out, note) == [], (shown.number, note.plain())
            measured += 1
        page.locator(f"#step-{shown.number} .inferred").screenshot(
            path=tmp_path / f"notes-{shown.number}.png"
        )
    assert measured == 6

    # The same words as the player wrote them before lines had a direction: a left-to-right
    # <li> of plain text in the same list. The measure finds the aside beside the subject.
    note = status_notes(arabic.network, arabic.scenes[2])[0]
    page.evaluate("window.briefgraphBriefing.show(2)")
    page.evaluate(
        """(text) => {
            const list = document.createElement("ul");
            const item = document.createElement("li");
            item.id = "unisolated";
            item.textContent = text;
            list.append(item);
            document.querySelector("#step-3 .inferred").append(list);
        }""",
        note.plain(),
    )
    problems = misplaced(page.locator("#unisolated").evaluate(LAID_OUT), note)
    assert "the line is set ltr" in problems
    assert any(p.startswith("the aside is not beside the object's last word") for p in problems)
    page.close()


def test_the_arabic_presenter_keeps_each_claims_brackets_and_colon_beside_their_words(
    browser: Any, app_server: str, arabic: Deck, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    page.goto(f"{app_server}/present?briefing=the-argument&step=3&lang=ar")
    page.get_by_text("Step 3 of 9").wait_for(timeout=60_000)
    items = page.locator(".st-key-presenter .inferred li")
    items.first.wait_for(timeout=30_000)
    notes = status_notes(arabic.network, arabic.scenes[2])
    assert items.count() == len(notes) == 3
    assert page.locator(".st-key-presenter .inferred ul[dir=rtl] bdi").count() == 4 * len(notes)
    for i, note in enumerate(notes):
        assert misplaced(items.nth(i).evaluate(LAID_OUT), note) == [], note.plain()
    page.locator(".st-key-presenter .inferred").screenshot(path=tmp_path / "notes.png")
    page.close()
