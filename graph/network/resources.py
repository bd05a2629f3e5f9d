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

from graph.model.namespaces import PREFIXES, local_name
from graph.store.backends import OxigraphStore, Store, Term
from graph.store.queries import load_query

LABEL_ORDER = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://schema.org/name",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/elements/1.1/title",
)
ALT_LABEL = "http://www.w3.org/2004/02/skos/core#altLabel"
TYPE_ORDER = (
    "http://www.w3.org/2004/02/skos/core#Concept",
    "http://www.w3.org/2002/07/owl#Class",
    "http://www.w3.org/2000/01/rdf-schema#Class",
    "http://www.w3.org/2002/07/owl#ObjectProperty",
    "http://www.w3.org/2002/07/owl#DatatypeProperty",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property",
)
"""Types that name what a resource is, preferred in this order when it has several."""
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
    types: dict[str, list[str]] = defaultdict(list)
    for resource, kind in _rows(store, "typed-resources"):
        types[str(resource)].append(str(kind))
    labels: dict[str, list[tuple[str, Term | None]]] = defaultdict(list)
    for resource, prop, label in _rows(store, "resource-labels"):
        labels[str(resource)].append((str(prop), label))
    notes: dict[str, list[tuple[str, Term | None]]] = defaultdict(list)
    for resource, prop, value in _rows(store, "resource-notes"):
        notes[str(resource)].append((str(prop), value))

    def name(iri: str) -> str:
        found = _pick(labels.get(iri, ()), LABEL_ORDER, language)
        return found or local_name(iri) or iri

    network = nx.MultiDiGraph()
    for iri, kinds in types.items():
        cls = min(kinds, key=lambda t: (TYPE_ORDER.index(t) if t in TYPE_ORDER else 99, t))
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
    for row in _rows(store, "resource-links"):
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


def _rows(store: Store, name: str) -> list[tuple[Any, ...]]:
    """Return a named query's rows: IRIs and literals as plain text (literals keep their
    language). On Oxigraph the terms are read straight from pyoxigraph, skipping the
    conversion to rdflib terms that cost half the time of a large graph's network."""
    text = load_query(name).text
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
