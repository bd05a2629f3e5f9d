"""Concept search over preferred and alternative labels: accent- and case-insensitive, ranked."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import networkx as nx

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


def normalise(text: str) -> str:
    """Return ``text`` without accents, case-folded, with white space collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


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
            rank = _rank(normalise(text), needle, is_alt)
            if rank is None:
                continue
            hit = SearchHit(rank, len(label), label, iri, text)
            if iri not in best or hit < best[iri]:
                best[iri] = hit
    return sorted(best.values())[:limit]


def _rank(haystack: str, needle: str, is_alt: bool) -> int | None:
    if haystack == needle:
        return ALT_EXACT if is_alt else EXACT
    if haystack.startswith(needle):
        return ALT_PREFIX if is_alt else PREFIX
    if any(word.startswith(needle) for word in haystack.split()):
        return WORD_PREFIX
    if needle in haystack:
        return SUBSTRING
    return None
