"""Source text with annotated spans highlighted, as escaped HTML."""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph.model.text import Span, paragraphs


@dataclass(frozen=True)
class Mark:
    """A span of the source to highlight, the concept (or claim) it belongs to, and its colour."""

    start: int
    end: int
    key: str
    label: str
    color: str
    kind: str = "concept"
    """'concept' (or claim): tinted in its colour; 'uncovered': a sentence no claim covers,
    underlined with a red wave and never tinted, so that the marks inside it still show."""


@dataclass(frozen=True)
class Segment:
    """A run of text and the marks that cover all of it (none for plain text)."""

    start: int
    end: int
    marks: tuple[Mark, ...]


def segments(text: str, marks: Iterable[Mark], span: Span | None = None) -> list[Segment]:
    """Return ``text`` (or the part in ``span``) cut at every mark boundary, marks attached."""
    window = span or Span(0, len(text))
    inside = [m for m in marks if m.start < window.end and window.start < m.end]
    cuts = {window.start, window.end}
    for mark in inside:
        cuts.add(max(mark.start, window.start))
        cuts.add(min(mark.end, window.end))
    points = sorted(cuts)
    result = []
    for start, end in itertools.pairwise(points):
        covering = tuple(
            sorted((m for m in inside if m.start <= start and end <= m.end), key=_mark_order)
        )
        result.append(Segment(start, end, covering))
    return result


def paragraph_around(text: str, start: int, end: int) -> Span:
    """Return the paragraph that holds [start, end), or the whole text if none does."""
    target = Span(start, end)
    for paragraph in paragraphs(text):
        if paragraph.contains(target):
            return paragraph
    return Span(0, len(text))


def highlighted_html(
    text: str,
    marks: Iterable[Mark],
    span: Span | None = None,
    links: Mapping[str, str] | None = None,
) -> str:
    """Return the text as HTML with each marked run in a <mark>; every character is escaped.

    With ``links`` (mark key -> URL), a marked run links to its concept.
    """
    parts = []
    for segment in segments(text, marks, span):
        body = html.escape(text[segment.start : segment.end]).replace("\n", "<br>")
        if not segment.marks:
            parts.append(body)
            continue
        mark = segment.marks[0]
        titles = html.escape("; ".join(dict.fromkeys(m.label for m in segment.marks)))
        if mark.kind == "uncovered":
            style = "background:none;text-decoration:underline wavy #b00020"
        else:
            style = (
                f"background:{_tint(mark.color)};border-bottom:2px solid {html.escape(mark.color)}"
            )
            if any(m.kind == "uncovered" for m in segment.marks):
                style += ";text-decoration:underline wavy #b00020"
        if links and mark.key in links:
            href = html.escape(links[mark.key])
            body = f'<a href="{href}" target="_self" style="color:inherit">{body}</a>'
        parts.append(f'<mark title="{titles}" style="{style}">{body}</mark>')
    return "".join(parts)


def _mark_order(mark: Mark) -> tuple[int, int]:
    # The narrowest mark is the most specific: it decides the colour.
    return (mark.end - mark.start, mark.start)


def _tint(color: str) -> str:
    if len(color) == 7 and color.startswith("#"):
        return f"{html.escape(color)}55"
    return "#ffff0055"
