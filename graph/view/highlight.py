"""Source text with annotated spans highlighted, as escaped HTML."""

from __future__ import annotations

import html
import itertools
import re
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
    """'concept': tinted in its colour; 'claim': a claim's evidence, underlined in amber and
    never tinted, so that the concepts inside it still show; 'uncovered': a sentence no
    claim covers, underlined with a red wave and never tinted."""


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
        tinted = [m for m in segment.marks if m.kind == "concept"]
        mark = tinted[0] if tinted else segment.marks[0]
        titles = html.escape("; ".join(dict.fromkeys(m.label for m in segment.marks)))
        if tinted:
            style = (
                f"background:{_tint(mark.color)};border-bottom:2px solid {html.escape(mark.color)}"
            )
        else:
            style = "background:none"
        kinds = {m.kind for m in segment.marks}
        if "uncovered" in kinds:
            style += ";text-decoration:underline wavy #b00020"
        elif "claim" in kinds:
            style += f";text-decoration:underline solid {CLAIM_UNDERLINE}"
            style += ";text-decoration-thickness:2px;text-underline-offset:5px"
        if links and mark.key in links:
            href = html.escape(links[mark.key])
            body = f'<a href="{href}" target="_self" style="color:inherit">{body}</a>'
        parts.append(f'<mark title="{titles}" style="{style}">{body}</mark>')
    return "".join(parts)


CLAIM_UNDERLINE = "#a15c00"
"""A claim's evidence is underlined in this amber (5.2:1 on white: WCAG AA)."""
HEADING = re.compile(r"(#{1,6})[ \t]+")


def document_html(text: str, marks: Iterable[Mark], links: Mapping[str, str] | None = None) -> str:
    """Return a whole document as HTML paragraphs with its marks; a Markdown heading line
    ('## Title') becomes a heading, its '#'s left out (offsets stay those of the source)."""
    chosen = list(marks)
    parts = []
    for paragraph in paragraphs(text):
        heading = HEADING.match(text, paragraph.start)
        if heading is not None and "\n" not in text[paragraph.start : paragraph.end]:
            level = min(len(heading.group(1)) + 1, 6)
            body = highlighted_html(text, chosen, Span(heading.end(), paragraph.end), links)
            parts.append(f'<h{level} style="margin:1.2rem 0 0.4rem">{body}</h{level}>')
        else:
            parts.append(f"<p>{highlighted_html(text, chosen, paragraph, links)}</p>")
    return "".join(parts)


def _mark_order(mark: Mark) -> tuple[int, int]:
    # The narrowest mark is the most specific: it decides the colour.
    return (mark.end - mark.start, mark.start)


def _tint(color: str) -> str:
    if len(color) == 7 and color.startswith("#"):
        return f"{html.escape(color)}55"
    return "#ffff0055"
