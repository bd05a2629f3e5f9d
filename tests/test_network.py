"""The networkx view: concepts as nodes, claims as edges, with labels, classes and excerpts."""

from __future__ import annotations

import networkx as nx
from rdflib import Graph
from rdflib.namespace import RDF

from graph.model.namespaces import BG, CONCEPT
from graph.store.backends import Store
from graph.store.stats import graph_stats


def test_nodes_are_the_concepts_and_edges_the_claims(
    network: nx.MultiDiGraph, rdf_graph: Graph
) -> None:
    concepts = {str(s) for s in rdf_graph.subjects() if str(s).startswith(str(CONCEPT))}
    assert set(network.nodes) == concepts
    claims = {str(c) for c in rdf_graph.subjects(RDF.type, BG.Claim)}
    assert {key for *_, key in network.edges(keys=True)} == claims


def test_nodes_carry_label_class_and_definition(network: nx.MultiDiGraph) -> None:
    node = network.nodes[str(CONCEPT["interpol"])]
    assert node["label"] == "INTERPOL"
    assert node["cls"] == str(BG.InternationalBody)
    assert node["class_label"] == "International body"
    assert "police" in node["definition"]
    assert "Interpol" in node["alt_labels"]


def test_edges_carry_the_relation_label_and_excerpts(network: nx.MultiDiGraph) -> None:
    edges = network.get_edge_data(
        str(CONCEPT["international-cooperation"]), str(CONCEPT["precise-diplomacy"])
    )
    (data,) = edges.values()
    assert data["relation"] == str(BG.requires)
    assert data["relation_label"] == "requires"
    assert data["excerpts"][0].quote.endswith("requires precise diplomacy")


def test_a_claim_backed_twice_keeps_both_excerpts(network: nx.MultiDiGraph) -> None:
    edges = network.get_edge_data(
        str(CONCEPT["international-cooperation"]), str(CONCEPT["security-and-defense"])
    )
    (data,) = (d for d in edges.values() if d["relation_label"] == "strengthens")
    assert len(data["excerpts"]) == 2
    starts = [e.start for e in data["excerpts"]]
    assert starts == sorted(starts)


def test_stats_count_every_class_and_relation(store: Store) -> None:
    stats = graph_stats(store)
    assert (stats.concepts, stats.claims, stats.documents) == (34, 50, 1)
    assert sum(c.count for c in stats.by_class) == stats.concepts
    assert {c.label: c.count for c in stats.by_relation}["is a kind of"] == 8


ANY_ONTOLOGY = """
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <http://example.org/> .
ex:Gadget a owl:Class ; rdfs:label "Gadget"@en, "Gadget (fr)"@fr .
ex:peace a skos:Concept, owl:Class ; skos:related ex:war, ex:untyped ; skos:note ex:war .
ex:war a skos:Concept ; skos:broader ex:peace ; skos:prefLabel "War"@en .
ex:widget a ex:Gadget ; ex:partOf ex:peace ; ex:partOf ex:peace .
_:blank a ex:Gadget ; ex:partOf ex:peace .
"""


def test_stats_count_any_graph_as_the_explorer_draws_it() -> None:
    from graph.network.resources import resource_network
    from graph.store.backends import open_store
    from graph.store.stats import resource_stats

    store = open_store(Graph().parse(data=ANY_ONTOLOGY, format="turtle"))
    stats = resource_stats(store)
    # A resource with two types counts once, under its main class; a blank node, a link to
    # an untyped IRI and rdf:type itself are not counted; a repeated triple is one link.
    assert {c.label: c.count for c in stats.by_class} == {
        "skos:Concept": 2,
        "owl:Class": 1,
        "Gadget": 1,
    }
    assert [(c.label, c.count) for c in stats.by_property] == [
        ("partOf", 1),
        ("skos:broader", 1),
        ("skos:note", 1),
        ("skos:related", 1),
    ]
    network = resource_network(store)
    assert (stats.resources, stats.links) == (network.number_of_nodes(), 4)
    assert stats.links == network.number_of_edges()
