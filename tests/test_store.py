"""The store interface: both backends answer briefgraph's queries identically."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS, XSD

from graph.model.build import concept_iri
from graph.store.backends import Store, from_oxigraph, open_store, to_oxigraph
from graph.store.queries import load_query

NAMED = ["concepts", "alt-labels", "claims", "evidence", "documents", "counts-by-class"]


@pytest.mark.parametrize("name", NAMED)
def test_both_backends_give_the_same_rows_for_each_named_query(rdf_graph: Graph, name: str) -> None:
    text = load_query(name).text
    oxigraph = open_store(rdf_graph, "oxigraph").query(text)
    reference = open_store(rdf_graph, "rdflib").query(text)
    assert oxigraph.variables == reference.variables
    assert sorted(map(repr, oxigraph.rows)) == sorted(map(repr, reference.rows))
    assert oxigraph.rows, f"{name} returned nothing"


@pytest.mark.parametrize("name", ["resource-labels", "typed-resources", "resource-links"])
def test_values_read_natively_are_the_lexical_forms_and_languages_of_the_terms(
    rdf_graph: Graph, name: str
) -> None:
    """value_rows (the label index's fast path) gives each term's text and language, as the
    rdflib terms of the same query do, on both backends, a blank node's label among them."""
    from graph.store.backends import value_rows

    graph = Graph()
    graph += rdf_graph
    anonymous = BNode("anon1")
    graph.add((anonymous, SKOS.prefLabel, Literal("Unnamed body", lang="fr")))
    graph.add((anonymous, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), SKOS.Concept))
    text = load_query(name).text
    for backend in ("oxigraph", "rdflib"):
        store = open_store(graph, backend)
        expected = [
            tuple(None if t is None else (str(t), getattr(t, "language", None) or "") for t in row)
            for row in store.query(text).rows
        ]
        found = list(value_rows(store, text))
        assert sorted(found, key=repr) == sorted(expected, key=repr), backend
        assert found and any(v and v[1] == "ar" for row in found for v in row) == (
            name == "resource-labels"
        )


def test_bindings_restrict_a_query_to_one_node(any_store: Store) -> None:
    rows = any_store.query(
        "SELECT ?c ?label WHERE { ?c skos:prefLabel ?label }", {"c": concept_iri("interpol")}
    ).rows
    assert sorted(rows) == sorted(
        (
            (concept_iri("interpol"), Literal("INTERPOL", lang="en")),
            (
                concept_iri("interpol"),
                Literal("\u0627\u0644\u0625\u0646\u062a\u0631\u0628\u0648\u0644", lang="ar"),
            ),
        )
    )


def test_limit_reads_no_more_rows_than_asked(any_store: Store) -> None:
    result = any_store.query("SELECT * WHERE { ?s ?p ?o }", limit=7)
    assert len(result.rows) == 7


def test_objects_gives_one_hop_values(any_store: Store) -> None:
    labels = set(any_store.objects(concept_iri("united-nations"), SKOS.altLabel))
    assert Literal("UN", lang="en") in labels


def test_a_store_round_trips_to_an_isomorphic_graph(any_store: Store, rdf_graph: Graph) -> None:
    assert len(any_store) == len(rdf_graph)
    assert isomorphic(any_store.to_graph(), rdf_graph)
    reparsed = Graph().parse(data=any_store.ntriples(), format="nt")
    assert isomorphic(reparsed, rdf_graph)


@pytest.mark.parametrize(
    "term",
    [
        URIRef("https://example.org/a"),
        Literal("plain"),
        Literal("labelled", lang="fr"),
        Literal(42, datatype=XSD.nonNegativeInteger),
        Literal("2026-11-25", datatype=XSD.date),
        BNode("b1"),
    ],
)
def test_terms_cross_the_oxigraph_boundary_unchanged(term: object) -> None:
    assert from_oxigraph(to_oxigraph(term)) == term  # type: ignore[arg-type]


def test_an_unknown_backend_is_refused(rdf_graph: Graph) -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        open_store(rdf_graph, "virtuoso")  # type: ignore[arg-type]
