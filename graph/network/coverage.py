"""How much of each source the graph covers: every sentence, its concepts and its claims.

A curator reads this to see what the graph leaves out. A sentence is covered by
a concept when one of the concept's excerpts overlaps it, and by a claim when
one of the claim's evidence excerpts does. Markdown heading lines are titles,
not statements, and are left out of the counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import networkx as nx

from graph.model.provenance import Excerpt
from graph.model.text import Span, sentences
from graph.store.documents import Document


@dataclass(frozen=True)
class SentenceCoverage:
    """One sentence of a source, with the concepts it mentions and the claims it supports."""

    start: int
    end: int
    text: str
    concepts: tuple[str, ...]
    """IRIs of the concepts with an excerpt in this sentence."""
    claims: tuple[str, ...]
    """IRIs of the claims with evidence in this sentence."""


@dataclass(frozen=True)
class DocumentCoverage:
    """Every sentence of one document and how many the graph covers."""

    id: str
    iri: str
    title: str
    sentences: tuple[SentenceCoverage, ...]

    @property
    def with_claim(self) -> int:
        """How many sentences support at least one claim."""
        return sum(1 for s in self.sentences if s.claims)

    @property
    def with_mention(self) -> int:
        """How many sentences mention at least one concept."""
        return sum(1 for s in self.sentences if s.concepts)

    @property
    def uncovered(self) -> tuple[SentenceCoverage, ...]:
        """The sentences that support no claim."""
        return tuple(s for s in self.sentences if not s.claims)

    @property
    def share(self) -> float:
        """The share of sentences with at least one claim (1.0 for a document with none)."""
        return self.with_claim / len(self.sentences) if self.sentences else 1.0

    def json(self) -> dict[str, object]:
        """Return the document's figures as `briefgraph coverage --json` prints them."""
        return {
            "id": self.id,
            "sentences": len(self.sentences),
            "with_claim": self.with_claim,
            "with_mention": self.with_mention,
            "uncovered": [{"start": s.start, "end": s.end, "text": s.text} for s in self.uncovered],
        }


def coverage(network: nx.MultiDiGraph, documents: Iterable[Document]) -> list[DocumentCoverage]:
    """Return the coverage of each document by the concepts and claims of ``network``."""
    mentions = _by_document(
        (node, e) for node, data in network.nodes(data=True) for e in data["excerpts"]
    )
    evidence = _by_document(
        (key, e) for *_, key, data in network.edges(keys=True, data=True) for e in data["excerpts"]
    )
    result = []
    for document in sorted(documents, key=lambda d: d.identifier):
        rows = []
        for span in statement_sentences(document.text):
            rows.append(
                SentenceCoverage(
                    start=span.start,
                    end=span.end,
                    text=span.slice(document.text),
                    concepts=_touching(mentions.get(document.iri, []), span),
                    claims=_touching(evidence.get(document.iri, []), span),
                )
            )
        result.append(
            DocumentCoverage(document.identifier, document.iri, document.title, tuple(rows))
        )
    return result


def statement_sentences(text: str) -> list[Span]:
    """Return the sentences of ``text`` that make statements: Markdown headings left out."""
    return [s for s in sentences(text) if not text.startswith("#", s.start)]


def _by_document(items: Iterable[tuple[str, Excerpt]]) -> dict[str, list[tuple[str, Excerpt]]]:
    grouped: dict[str, list[tuple[str, Excerpt]]] = {}
    for key, excerpt in items:
        grouped.setdefault(excerpt.document, []).append((key, excerpt))
    return grouped


def _touching(items: Iterable[tuple[str, Excerpt]], span: Span) -> tuple[str, ...]:
    return tuple(sorted({key for key, e in items if e.start < span.end and span.start < e.end}))
