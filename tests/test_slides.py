"""The offline HTML player of a briefing: self-contained, every step written in, text escaped."""

from __future__ import annotations

import re

import pytest

from graph.briefing.deck import Deck
from graph.briefing.files import DEFAULT_BRIEFING, Briefing, Step, default_library
from graph.model.corpus import QuoteRef
from graph.store.backends import Store
from tests.conftest import HOSTILE_LABEL


@pytest.fixture(scope="module")
def deck(store: Store) -> Deck:
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)


@pytest.fixture(scope="module")
def page(deck: Deck) -> str:
    return deck.html()


def test_the_page_fetches_nothing(page: str) -> None:
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page, re.IGNORECASE)
    assert "<link" not in page.lower()
    assert "@import" not in page
    assert "default-src 'none'" in page  # and the browser refuses any request that slipped in


def test_every_step_is_written_into_the_page_in_order(page: str, deck: Deck) -> None:
    positions = [page.index(f'id="step-{s.number}"') for s in deck.scenes]
    assert positions == sorted(positions)
    for shown in deck.scenes:
        section = page[page.index(f'id="step-{shown.number}"') :]
        section = section[: section.index("</section>")]
        assert shown.step.title.replace("'", "&#39;") in section
        for excerpt in shown.excerpts:
            assert f"<mark>{excerpt.quote}</mark>".replace("'", "&#39;") in section
    assert page.count('class="step"') == len(deck.scenes)
    assert f"1 / {len(deck.scenes)}" in page


def test_markup_in_titles_narration_and_labels_is_shown_as_text(
    hostile_graph_store: Store,
) -> None:
    briefing = Briefing(
        name="hostile",
        title=HOSTILE_LABEL,
        steps=(
            Step(
                title=HOSTILE_LABEL,
                narration=HOSTILE_LABEL + "\n\n![x](http://example.org/x.png)",
                excerpts=(QuoteRef("patrols"),),
            ),
        ),
    )
    page = Deck.from_store(briefing, hostile_graph_store).html()
    assert "<script>window.pwned" not in page
    assert "<img src=x" not in page
    assert "http://example.org" not in page.split("vis-network")[0]
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "\\u003cscript\\u003ewindow.pwned" in page  # the label inside the network's JSON


def test_the_network_of_each_step_is_in_the_page(page: str, deck: Deck) -> None:
    import html
    import json

    start = page.index('id="views-data">') + len('id="views-data">')
    views = json.loads(html.unescape(page[start : page.index("</script>", start)]))
    assert len(views) == len(deck.scenes)
    for view, shown in zip(views, deck.scenes, strict=True):
        # Every step draws the whole network, with exactly its focus at full strength.
        assert {n["id"] for n in view["nodes"]} == set(deck.network.nodes)
        assert sorted(view["focus"]) == sorted(shown.nodes), shown.number


def test_the_player_lists_each_steps_inferred_links(page: str, deck: Deck) -> None:
    sections = re.findall(r'<section class="step".*?</section>', page, re.DOTALL)
    assert len(sections) == len(deck.scenes)
    noted = [i + 1 for i, s in enumerate(sections) if "Dashed links are a reading" in s]
    assert noted == [1, 3, 5, 9]
    assert "Alliances with global allies is a channel for" in sections[4]
