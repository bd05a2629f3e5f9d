"""The offline HTML player of a briefing: self-contained, every step written in, text escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

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
    assert (
        '<li dir="ltr"><bdi>Alliances with global allies</bdi> <bdi>is a channel for</bdi> '
        "<bdi>Collaboration on defense initiatives</bdi> <bdi>(inferred: "
    ) in sections[4]


class Notes(HTMLParser):
    """The lines of every inferred-link list in a page: each <li>'s attributes, its list's
    attributes, and its text as (words, inside a <bdi>) pieces."""

    def __init__(self) -> None:
        super().__init__()
        self.lists: list[dict[str, str | None]] = []
        self.items: list[tuple[dict[str, str | None], list[tuple[str, bool]]]] = []
        self._in_notes = self._in_item = self._in_bdi = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div" and ("class", "inferred") in attrs:
            self._in_notes = True
        elif self._in_notes and tag == "ul":
            self.lists.append(dict(attrs))
        elif self._in_notes and tag == "li":
            self._in_item = True
            self.items.append((dict(attrs), []))
        elif self._in_item and tag == "bdi":
            self._in_bdi = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "bdi":
            self._in_bdi = False
        elif tag == "li":
            self._in_item = False
        elif tag == "div":
            self._in_notes = False

    def handle_data(self, data: str) -> None:
        if self._in_item:
            self.items[-1][1].append((data, self._in_bdi))


@pytest.fixture(scope="module")
def arabic(store: Store) -> Deck:
    return Deck.from_store(default_library().load(DEFAULT_BRIEFING), store, language="ar")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_label_of_a_players_inferred_link_is_isolated_and_each_line_has_its_direction(
    language: str, deck: Deck, arabic: Deck
) -> None:
    from graph.network.concepts import status_note

    shown = arabic if language == "ar" else deck
    notes = Notes()
    notes.feed(shown.html())
    network = shown.network
    expected = [
        (network.nodes[s]["label"], d["relation_label"], network.nodes[t]["label"], status_note(d))
        for scene in shown.scenes
        for s, t, key, d in sorted(network.edges(keys=True, data=True))
        if key in scene.edges and status_note(d)
    ]
    assert len(notes.items) == len(expected) == 6
    direction = "rtl" if language == "ar" else "ltr"
    assert notes.lists and all(ul == {"lang": language, "dir": direction} for ul in notes.lists)
    for (attrs, pieces), (subject, relation, obj, note) in zip(notes.items, expected, strict=True):
        assert attrs == {"dir": direction}
        # Each label and the bracketed note is a <bdi> of its own; only spaces lie between.
        assert [text for text, isolated in pieces if isolated] == [
            subject, relation, obj, f"({note})"
        ]  # fmt: skip
        assert {text for text, isolated in pieces if not isolated} == {" "}


def test_the_arabic_players_titles_narration_quotes_and_legend_take_their_own_direction(
    arabic: Deck,
) -> None:
    page = arabic.html()
    for shown in arabic.scenes:
        assert f'<h2 class="step-title" dir="auto">{shown.step.title}' in page.replace("&#39;", "'")
    assert page.count('<blockquote dir="auto">') == sum(len(s.excerpts) for s in arabic.scenes)
    assert '<p dir="auto">' in page
    legend = page[page.index('<ul class="legend">') : page.index("</footer>")]
    labels = {d["class_label"] for _, d in arabic.network.nodes(data=True)}
    assert all(f"</span><bdi>{label}</bdi></li>" in legend for label in labels)
