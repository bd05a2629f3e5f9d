"""Counts of a graph: concepts by class, claims by relation, and totals."""

from __future__ import annotations

from dataclasses import dataclass

from graph.store.backends import Store
from graph.store.queries import load_query


@dataclass(frozen=True)
class Count:
    """How many concepts a class has, or how many claims a relation has."""

    iri: str
    label: str
    count: int


@dataclass(frozen=True)
class GraphStats:
    """Totals and breakdowns of a briefgraph graph."""

    triples: int
    concepts: int
    claims: int
    excerpts: int
    documents: int
    by_class: tuple[Count, ...]
    by_relation: tuple[Count, ...]


def graph_stats(store: Store) -> GraphStats:
    """Return the totals and per-class and per-relation counts of ``store``."""
    by_class = _counts(store, "counts-by-class", "class", "classLabel")
    by_relation = _counts(store, "counts-by-relation", "relation", "relationLabel")
    totals = store.query(load_query("totals").text).dicts()[0]
    return GraphStats(
        triples=len(store),
        concepts=sum(c.count for c in by_class),
        claims=sum(c.count for c in by_relation),
        excerpts=int(totals["excerpts"]),  # type: ignore[arg-type]
        documents=int(totals["documents"]),  # type: ignore[arg-type]
        by_class=by_class,
        by_relation=by_relation,
    )


def _counts(store: Store, query: str, iri_var: str, label_var: str) -> tuple[Count, ...]:
    return tuple(
        Count(
            iri=str(row[iri_var]),
            label=str(row[label_var] or str(row[iri_var]).rsplit("#", 1)[-1]),
            count=int(row["count"]),  # type: ignore[arg-type]
        )
        for row in store.query(load_query(query).text).dicts()
    )
