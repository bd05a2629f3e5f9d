"""Counts of a graph: concepts by class, claims by relation, and totals; for any RDF graph,
its typed resources by class and the links between them by property."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from graph.model.kinds import primary_type
from graph.model.namespaces import PREFIXES, local_name
from graph.store.backends import Store
from graph.store.queries import load_query, with_values


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


@dataclass(frozen=True)
class ResourceStats:
    """Any RDF graph counted as the explorer draws it: every IRI with an rdf:type is a
    resource (counted once, under its primary type), every object-valued triple between
    two of them a link."""

    resources: int
    links: int
    by_class: tuple[Count, ...]
    by_property: tuple[Count, ...]


def resource_stats(store: Store) -> ResourceStats:
    """Return the typed resources of ``store`` by class and the links among them by property.

    Counted here from the rows rather than by a GROUP BY, as the label index counts degrees:
    Virtuoso 7.2 miscounts aggregates over FILTER EXISTS, and the figures must be the
    network's (graph.network.resources)."""
    types: dict[str, list[str]] = {}
    for resource, kind in store.query(load_query("typed-resources").text).rows:
        if resource is not None and kind is not None:
            types.setdefault(str(resource), []).append(str(kind))
    classes = Counter(primary_type(kinds) for kinds in types.values())
    properties: Counter[str] = Counter()
    for subject, prop, obj in store.query(load_query("resource-links").text).rows:
        if str(subject) in types and str(obj) in types:
            properties[str(prop)] += 1
    labels = _labels(store, [*classes, *properties])
    return ResourceStats(
        resources=len(types),
        links=sum(properties.values()),
        by_class=_ranked(classes, labels),
        by_property=_ranked(properties, labels),
    )


def short_name(iri: str) -> str:
    """Return ``iri`` as a prefixed name when a known prefix covers it, else its local name."""
    for prefix, namespace in PREFIXES.items():
        rest = iri.removeprefix(namespace)
        if rest != iri and rest and "/" not in rest and "#" not in rest:
            return f"{prefix}:{rest}"
    return local_name(iri) or iri


def _labels(store: Store, iris: list[str]) -> dict[str, str]:
    """Return the English (or untagged) rdfs:label or skos:prefLabel the graph gives ``iris``."""
    found: dict[str, str] = {}
    wanted = {"http://www.w3.org/2000/01/rdf-schema#label",
              "http://www.w3.org/2004/02/skos/core#prefLabel"}  # fmt: skip
    for start in range(0, len(iris), 400):
        text = with_values(load_query("labels-of"), {"resource": iris[start : start + 400]})
        for resource, prop, label in store.query(text).rows:
            language = getattr(label, "language", None) or ""
            if str(prop) in wanted and language in ("", "en") and str(resource) not in found:
                found[str(resource)] = str(label)
    return found


def _ranked(counts: Counter[str], labels: dict[str, str]) -> tuple[Count, ...]:
    named = [Count(iri, labels.get(iri) or short_name(iri), n) for iri, n in counts.items()]
    return tuple(sorted(named, key=lambda c: (-c.count, c.label, c.iri)))
