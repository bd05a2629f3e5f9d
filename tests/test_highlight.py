"""Highlighted source text: spans cut at every boundary, every character escaped."""

from __future__ import annotations

from graph.model.text import Span
from graph.view.highlight import Mark, highlighted_html, paragraph_around, segments


def test_segments_cut_at_every_mark_boundary_and_cover_the_text() -> None:
    text = "abcdefghij"
    marks = [Mark(2, 6, "a", "A", "#CC6677"), Mark(4, 8, "b", "B", "#332288")]
    found = segments(text, marks)
    assert "".join(text[s.start : s.end] for s in found) == text
    assert [(s.start, s.end, [m.key for m in s.marks]) for s in found] == [
        (0, 2, []),
        (2, 4, ["a"]),
        (4, 6, ["a", "b"]),
        (6, 8, ["b"]),
        (8, 10, []),
    ]


def test_highlighted_html_escapes_the_text_and_labels() -> None:
    text = "x <b>bold</b> & y"
    html = highlighted_html(text, [Mark(2, 13, "k", '<i>"label"</i>', "#CC6677")])
    assert "<b>" not in html and "<i>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert 'title="&lt;i&gt;&quot;label&quot;&lt;/i&gt;"' in html


def test_a_window_shows_only_its_span() -> None:
    text = "First paragraph.\n\nSecond one with a mark."
    span = paragraph_around(text, 25, 29)
    assert span == Span(18, len(text))
    html = highlighted_html(text, [Mark(25, 29, "k", "K", "#117733")], span)
    assert "First" not in html and "<mark" in html


def test_links_wrap_marked_text() -> None:
    html = highlighted_html("ab", [Mark(0, 1, "k", "K", "#117733")], links={"k": "./x?node=k"})
    assert '<a href="./x?node=k" target="_self"' in html


def test_an_uncovered_sentence_is_underlined_and_its_concepts_keep_their_tint() -> None:
    text = "Patrols need trust. Next."
    marks = [
        Mark(0, 19, "uncovered-0", "no claim covers this sentence", "", kind="uncovered"),
        Mark(0, 7, "patrols", "Patrols", "#332288"),
    ]
    html = highlighted_html(text, marks)
    assert html.count("underline wavy #b00020") == 2  # the concept's run and the rest of it
    assert 'title="Patrols; no claim covers this sentence" style="background:#33228855' in html
    assert '<mark title="no claim covers this sentence" style="background:none;' in html
    assert html.endswith(" Next.")
