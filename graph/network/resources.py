"""Any RDF graph as a network: typed resources as nodes, links between them as edges.

For graphs that do not use briefgraph's ontology (a SKOS thesaurus, an OWL
ontology, schema.org): every IRI with an rdf:type is a node, every object-valued
triple between two of them an edge. Labels come from skos:prefLabel,
rdfs:label, schema:name, dcterms:title (in that order) in the chosen language,
then without a language, then in English, then in any; a node's other literals
(definitions, scope notes) are kept for its details. Nodes and edges carry the
same attributes as the concept network, with no excerpts: such a graph has no
source document to quote.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import networkx as nx

from graph.model.kinds import primary_type
from graph.model.namespaces import PREFIXES, local_name
from graph.store.backends import OxigraphStore, Store, Term
from graph.store.queries import load_query, with_values

LABEL_ORDER = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://schema.org/name",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/elements/1.1/title",
)
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
DEFINITION_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://www.w3.org/2004/02/skos/core#scopeNote",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://schema.org/description",
    "http://purl.org/dc/terms/description",
)
MAX_NOTES = 12


def is_briefgraph_graph(store: Store) -> bool:
    """Return True when the store holds briefgraph documents (a concept network with excerpts)."""
    result = store.query("ASK { ?document a bg:Document }")
    return bool(result.boolean)


def languages(store: Store) -> list[str]:
    """Return the languages of the store's labels, most used first."""
    counts: dict[str, int] = defaultdict(int)
    for row in store.query(load_query("resource-labels").text).dicts():
        language = getattr(row["label"], "language", None)
        if language:
            counts[language] += 1
    return sorted(counts, key=lambda lang: (-counts[lang], lang))


def resource_network(store: Store, language: str = "en") -> nx.MultiDiGraph:
    """Return the network of typed resources of ``store``, labelled in ``language``."""
    return _network(
        _rows(store, load_query("typed-resources").text),
        _rows(store, load_query("resource-labels").text),
        _rows(store, load_query("resource-notes").text),
        _rows(store, load_query("resource-links").text),
        language,
    )


def local_network(store: Store, iris: Iterable[str], language: str = "en") -> nx.MultiDiGraph:
    """Return the network of just the typed resources ``iris`` and the links among them,
    read with a few queries that name them (a page of a large graph, without reading the
    rest; on a remote store the work stays on the server)."""
    wanted = list(dict.fromkeys(iris))
    types: list[tuple[Any, ...]] = []
    for chunk in _chunks(wanted):
        types += _rows(store, with_values(load_query("types-of"), {"resource": chunk}))
    nodes = list(dict.fromkeys(str(row[0]) for row in types))
    links: list[tuple[Any, ...]] = []
    notes: list[tuple[Any, ...]] = []
    for chunk in _chunks(nodes):
        links += _rows(store, with_values(load_query("links-from"), {"subject": chunk}))
        notes += _rows(store, with_values(load_query("notes-of"), {"resource": chunk}))
    named = list(
        dict.fromkeys([*nodes, *(str(row[1]) for row in types), *(str(row[1]) for row in links)])
    )
    labels: list[tuple[Any, ...]] = []
    for chunk in _chunks(named):
        labels += _rows(store, with_values(load_query("labels-of"), {"resource": chunk}))
    return _network(types, labels, notes, links, language)


def labels_of(store: Store, iris: Iterable[str], language: str = "en") -> dict[str, str]:
    """Return the best label in ``language`` of each of ``iris`` that has one."""
    labels: dict[str, list[tuple[str, Term | None]]] = defaultdict(list)
    for chunk in _chunks(list(dict.fromkeys(iris))):
        for resource, prop, label in _rows(
            store, with_values(load_query("labels-of"), {"resource": chunk})
        ):
            labels[str(resource)].append((str(prop), label))
    return {iri: _pick(found, LABEL_ORDER, language) for iri, found in labels.items()}


def neighbours(store: Store, iris: Iterable[str], limit: int) -> list[str]:
    """Return up to ``limit`` typed resources one link away from ``iris`` (either way)."""
    found: list[str] = []
    for chunk in _chunks(list(iris)):
        text = with_values(load_query("neighbours"), {"resource": chunk})
        found += [str(row[0]) for row in _rows(store, f"{text}\nLIMIT {limit}")]
    return list(dict.fromkeys(found))[:limit]


def _chunks(iris: list[str], size: int = 400) -> list[list[str]]:
    """Split a list of IRIs into VALUES blocks a server takes in one request."""
    return [iris[i : i + size] for i in range(0, len(iris), size)] or [[]]


def _network(
    type_rows: Iterable[tuple[Any, ...]],
    label_rows: Iterable[tuple[Any, ...]],
    note_rows: Iterable[tuple[Any, ...]],
    link_rows: Iterable[tuple[Any, ...]],
    language: str,
) -> nx.MultiDiGraph:
    types: dict[str, list[str]] = defaultdict(list)
    for resource, kind in type_rows:
        types[str(resource)].append(str(kind))
    labels: dict[str, list[tuple[str, Term | None]]] = defaultdict(list)
    for resource, prop, label in label_rows:
        labels[str(resource)].append((str(prop), label))
    notes: dict[str, list[tuple[str, Term | None]]] = defaultdict(list)
    for resource, prop, value in note_rows:
        notes[str(resource)].append((str(prop), value))

    def name(iri: str) -> str:
        found = _pick(labels.get(iri, ()), LABEL_ORDER, language)
        return found or local_name(iri) or iri

    network = nx.MultiDiGraph()
    for iri, kinds in types.items():
        cls = primary_type(kinds)
        own_notes = notes.get(iri, [])
        network.add_node(
            iri,
            label=name(iri),
            cls=cls,
            class_label=name(cls) if cls in labels else local_name(cls),
            definition=_pick(own_notes, DEFINITION_PROPERTIES, language),
            alt_labels=tuple(
                dict.fromkeys(
                    str(v) for p, v in labels.get(iri, ()) if p == ALT_LABEL and _in(v, language)
                )
            ),
            mappings=(),
            literals=tuple((local_name(p), str(v)) for p, v in own_notes if _in(v, language))[
                :MAX_NOTES
            ],
            excerpts=(),
            status="stated",
        )
    for row in link_rows:
        subject, prop, obj = str(row[0]), str(row[1]), str(row[2])
        if subject not in network or obj not in network:
            continue
        key = f"{subject} {prop} {obj}"
        network.add_edge(
            subject,
            obj,
            key=key,
            claim=key,
            relation=prop,
            relation_label=name(prop) if prop in labels else local_name(prop),
            status="stated",
            justification="",
            excerpts=(),
        )
    return network


class _Text(str):
    """A literal's lexical form, with its language tag (as rdflib's Literal has)."""

    language: str | None = None


def _rows(store: Store, text: str) -> list[tuple[Any, ...]]:
    """Return a query's rows: IRIs and literals as plain text (literals keep their
    language). On Oxigraph the terms are read straight from pyoxigraph, skipping the
    conversion to rdflib terms that cost half the time of a large graph's network."""
    if isinstance(store, OxigraphStore):
        import pyoxigraph

        solutions = store.store.query(text, prefixes=PREFIXES)
        assert isinstance(solutions, pyoxigraph.QuerySolutions)
        rows = []
        for solution in solutions:
            row = []
            for term in solution:
                value = _Text(term.value) if term is not None else None
                if value is not None:
                    value.language = getattr(term, "language", None)
                row.append(value)
            rows.append(tuple(row))
        return rows
    return [tuple(row) for row in store.query(text).rows]


def _in(value: object, language: str) -> bool:
    """Return True for a literal in ``language`` or in none."""
    tag = getattr(value, "language", None)
    return not tag or tag == language or tag.startswith(f"{language}-")


def _pick(values: Iterable[tuple[str, Term | None]], order: tuple[str, ...], language: str) -> str:
    """Return the best literal: by property order, then chosen language, none, English, any."""

    def rank(item: tuple[str, Term | None]) -> tuple[int, int]:
        prop, value = item
        tag = getattr(value, "language", None) or ""
        by_language = 0 if tag == language else 1 if not tag else 2 if tag.startswith("en") else 3
        return (order.index(prop) if prop in order else len(order), by_language)

    candidates = [item for item in values if item[0] in order]
    return str(min(candidates, key=rank)[1]) if candidates else ""
