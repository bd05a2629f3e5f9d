"""Excerpts: where in a source document a concept is named or a claim is asserted."""

from __future__ import annotations

from dataclasses import dataclass

from graph.errors import QuoteNotFoundError
from graph.model.text import Span, covering, find_occurrence, sentences

CONTEXT_CHARS = 32
"""How many characters of text before and after a quote its TextQuoteSelector keeps."""


@dataclass(frozen=True)
class Excerpt:
    """An exact quote of a source document with its character offsets and sentence."""

    document: str
    """IRI of the source document."""
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    sentence: str
    sentence_start: int
    sentence_end: int

    @property
    def span(self) -> Span:
        """Return the excerpt's offsets as a Span."""
        return Span(self.start, self.end)


def locate(
    text: str, quote: str, *, document: str, occurrence: int = 1, where: str = ""
) -> Excerpt:
    """Return the Excerpt for the ``occurrence``-th appearance of ``quote`` in ``text``.

    Raises QuoteNotFoundError, naming the quote and ``where`` it was written,
    when the text does not contain it that many times.
    """
    span = find_occurrence(text, quote, occurrence)
    if span is None:
        times = "" if occurrence == 1 else f" {occurrence} times"
        place = f" ({where})" if where else ""
        raise QuoteNotFoundError(f'quote not found in {document}{times}{place}: "{quote}"')
    sentence = covering(sentences(text), span)
    return Excerpt(
        document=document,
        start=span.start,
        end=span.end,
        quote=quote,
        prefix=text[max(0, span.start - CONTEXT_CHARS) : span.start],
        suffix=text[span.end : span.end + CONTEXT_CHARS],
        sentence=sentence.slice(text),
        sentence_start=sentence.start,
        sentence_end=sentence.end,
    )
