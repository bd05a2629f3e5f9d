"""Spans of a source text: paragraphs, sentences, and where a quote sits."""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# A sentence ends at ., ! or ? followed by white space; a heading line is a sentence of its own.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True, order=True)
class Span:
    """A half-open range [start, end) of code points in a text."""

    start: int
    end: int

    def slice(self, text: str) -> str:
        """Return the part of ``text`` this span covers."""
        return text[self.start : self.end]

    def contains(self, other: Span) -> bool:
        """Return True when ``other`` lies wholly inside this span."""
        return self.start <= other.start and other.end <= self.end


def paragraphs(text: str) -> list[Span]:
    """Return the paragraphs of ``text``: runs of lines between blank lines, trimmed."""
    spans: list[Span] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        span = _trimmed(text, position, end)
        if span is not None:
            spans.append(span)
        if match:
            position = match.end()
    return spans


def sentences(text: str) -> list[Span]:
    """Return the sentences of ``text``; a Markdown heading line counts as one sentence."""
    return list(_sentences(text))


@lru_cache(maxsize=64)
def _sentences(text: str) -> tuple[Span, ...]:
    # Every excerpt of a document asks for its sentence: split each text once
    # (a str caches its hash, so the lookup costs nothing after the first).
    spans: list[Span] = []
    for paragraph in paragraphs(text):
        for line in _lines(text, paragraph):
            if text.startswith("#", line.start):
                spans.append(line)
                continue
            position = line.start
            for match in _SENTENCE_END.finditer(text, line.start, line.end):
                spans.append(Span(position, match.start()))
                position = match.end()
            if position < line.end:
                spans.append(Span(position, line.end))
    return tuple(spans)


def covering(spans: list[Span], target: Span) -> Span:
    """Return the smallest run of consecutive ``spans`` that covers ``target``, widened to
    the target where it reaches into the whitespace the spans leave out (a quote that
    ends with a space still lies within its sentence)."""
    # Spans are sorted and disjoint: the first that may touch is found by bisection.
    first = max(0, bisect.bisect_right(spans, Span(target.start, target.start)) - 1)
    touching = []
    for s in spans[first:]:
        if s.start >= target.end:
            break
        if target.start < s.end:
            touching.append(s)
    if not touching:
        raise ValueError(f"{target} touches none of the spans")
    return Span(min(touching[0].start, target.start), max(touching[-1].end, target.end))


def find_occurrence(text: str, quote: str, occurrence: int = 1) -> Span | None:
    """Return the span of the ``occurrence``-th (1-based) appearance of ``quote``, or None."""
    if not quote or occurrence < 1:
        return None
    position = -1
    for _ in range(occurrence):
        position = text.find(quote, position + 1)
        if position < 0:
            return None
    return Span(position, position + len(quote))


def _lines(text: str, paragraph: Span) -> list[Span]:
    """Return a paragraph as heading lines and runs of ordinary lines."""
    result: list[Span] = []
    position = paragraph.start
    for line in paragraph.slice(text).split("\n"):
        start, end = position, position + len(line)
        position = end + 1
        is_heading = line.lstrip().startswith("#")
        span = _trimmed(text, start, end)
        if span is None:
            continue
        if is_heading or not result or text.startswith("#", result[-1].start):
            result.append(span)
        else:
            result[-1] = Span(result[-1].start, span.end)
    return result


def _trimmed(text: str, start: int, end: int) -> Span | None:
    """Return [start, end) without leading and trailing white space, or None if blank."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end) if start < end else None


def normalise(text: str) -> str:
    """Return ``text`` without accents, case-folded, with white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


def match_rank(haystack: str, needle: str, is_alt: bool) -> int | None:
    """Return how well a normalised label matches a normalised query, 0 best; None if not at all.

    0 exact, 1 exact other name, 2 prefix, 3 other name prefix, 4 a word's prefix, 5 substring.
    """
    if haystack == needle:
        return 1 if is_alt else 0
    if haystack.startswith(needle):
        return 3 if is_alt else 2
    if any(word.startswith(needle) for word in haystack.split()):
        return 4
    if needle in haystack:
        return 5
    return None
