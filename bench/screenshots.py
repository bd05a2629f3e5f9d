"""Screenshots for the README: the explorer, a presenter step and a handout page, in
English and in Arabic, taken from the real app in Debian's Chromium (`make screenshots`).

Writes docs/screenshots/*.png. The app runs on loopback with a scratch home, so
nothing saved by the user appears in them.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from graph.briefing.deck import Deck
from graph.briefing.files import DEFAULT_BRIEFING, default_library
from graph.model.build import build_graph
from graph.model.corpus import default_corpus
from graph.store.backends import open_store
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, running_app

FOLDER = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = [
    ("explorer-en", "/?node=international-cooperation"),
    ("explorer-ar", "/?node=international-cooperation"),
    ("presenter-en", "/present?briefing=the-argument&step=3"),
    ("presenter-ar", "/present?briefing=the-argument&step=3&lang=ar"),
]


def main() -> None:
    from playwright.sync_api import sync_playwright

    FOLDER.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as home,
        running_app(Path(home)) as base,
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for name, path in SHOTS:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.goto(base + path)
            page.wait_for_selector(".briefgraph-network[data-ready=true]", timeout=120_000)
            if name == "explorer-ar":
                page.get_by_label("Label language").click()
                page.get_by_role("option", name="ar").click()
                page.wait_for_timeout(500)
                page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
            page.wait_for_timeout(1500)
            page.screenshot(path=str(FOLDER / f"{name}.png"))
            page.close()
            print(f"wrote {FOLDER / name}.png")
        browser.close()
    store = open_store(build_graph(default_corpus()))
    for language in ("en", "ar"):
        deck = Deck.from_store(default_library().load(DEFAULT_BRIEFING), store, language=language)
        name, data = deck.pngs()[2]
        (FOLDER / f"handout-{language}.png").write_bytes(data)
        print(f"wrote {FOLDER / f'handout-{language}.png'} (step 3: {name})")


if __name__ == "__main__":
    main()
