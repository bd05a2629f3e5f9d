"""Narration Markdown: safe HTML for pages, plain text for handouts."""

from __future__ import annotations

import pytest

from graph.view.narration import narration_html, narration_text


def test_markdown_becomes_html() -> None:
    html = narration_html("It **requires** *diplomacy*.\n\n- one\n- two")
    assert "<strong>requires</strong>" in html and "<em>diplomacy</em>" in html
    assert '<li dir="auto">one</li>' in html


def test_every_block_of_narration_takes_its_direction_from_its_own_words() -> None:
    arabic = "التعاون الدولي."
    html = narration_html(f"English first.\n\n{arabic}\n\n## Heading\n\n> quoted\n\n1. item")
    assert html.count('<p dir="auto">') == 3  # the two paragraphs and the quote's own
    assert '<h2 dir="auto">' in html and '<blockquote dir="auto">' in html
    assert '<li dir="auto">item</li>' in html


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<img src="http://example.org/x.png" onerror="alert(1)">', "<img"),
        ("![chart](http://example.org/chart.png)", "<img"),
        ("[click](javascript:alert(1))", 'href="javascript'),
        ('<a href="http://example.org">x</a>', "<a href"),
        ("<iframe src=//example.org></iframe>", "<iframe"),
    ],
)
def test_nothing_in_narration_can_run_or_fetch(markdown: str, forbidden: str) -> None:
    assert forbidden not in narration_html(markdown).lower()


def test_plain_text_keeps_paragraphs_and_bullets_and_wraps() -> None:
    text = narration_text("A *long* first paragraph of several words.\n\n- one\n- two\n\nEnd.", 20)
    assert text == ("A long first\nparagraph of several\nwords.\n\n\u2022 one\n\u2022 two\n\nEnd.")
    assert narration_text("1. first\n2. second") == "1. first\n2. second"


def test_an_image_is_shown_as_its_description_with_no_stray_mark_and_no_request() -> None:
    text = "See ![the border map](http://example.org/map.png) and ![](x.png)."
    rendered = narration_html(text)
    assert "[image: the border map]" in rendered and "[image]" in rendered
    assert "!" not in rendered and "example.org" not in rendered and "<img" not in rendered
    assert narration_text(text) == "See [image: the border map] and [image]."
