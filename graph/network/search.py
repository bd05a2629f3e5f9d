"""Concept search over preferred and alternative labels: accent- and case-insensitive, ranked."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.model.text import match_rank, normalise

__all__ = ["KINDS", "SearchHit", "normalise", "search"]

# Rank of each kind of match, best first.
EXACT, ALT_EXACT, PREFIX, ALT_PREFIX, WORD_PREFIX, SUBSTRING = range(6)
KINDS = ("exact", "other name", "prefix", "other name prefix", "word", "substring")


@dataclass(frozen=True, order=True)
class SearchHit:
    """A concept matching a search: best first by kind, then by shorter label, then label."""

    rank: int
    length: int
    label: str
    iri: str
    matched: str
    """The label (preferred or other) that matched."""

    @property
    def kind(self) -> str:
        """Return how the label matched: exact, prefix, word, substring..."""
        return KINDS[self.rank]


def search(network: nx.MultiDiGraph, query: str, limit: int = 20) -> list[SearchHit]:
    """Return the concepts whose labels match ``query``, best match first."""
    needle = normalise(query)
    if not needle:
        return []
    best: dict[str, SearchHit] = {}
    for iri, data in network.nodes(data=True):
        label = data["label"]
        candidates = [(label, False)] + [(alt, True) for alt in data.get("alt_labels", ())]
        for text, is_alt in candidates:
            rank = match_rank(normalise(text), needle, is_alt)
            if rank is None:
                continue
            hit = SearchHit(rank, len(label), label, iri, text)
            if iri not in best or hit < best[iri]:
                best[iri] = hit
    return sorted(best.values())[:limit]
