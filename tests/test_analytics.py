"""Analytics: neighbourhoods, shortest paths told as sentences, centrality, communities, filters."""

from __future__ import annotations

import networkx as nx

from graph.model.namespaces import BG, CONCEPT
from graph.network.analytics import centrality, communities, filtered, neighbourhood, shortest_paths
from graph.network.concepts import claim_sentence


def iri(name: str) -> str:
    return str(CONCEPT[name])


def test_paths_between_two_concepts_match_networkx(network: nx.MultiDiGraph) -> None:
    source, target = iri("joint-military-training"), iri("terrorism")
    paths = shortest_paths(network, source, target)
    expected = sorted(nx.all_shortest_paths(nx.Graph(network.to_undirected()), source, target))
    walked = sorted({tuple([p[0].source] + [step.target for step in p]) for p in paths})
    assert walked == sorted(tuple(p) for p in expected)
    for path in paths:
        assert len(path) == len(expected[0]) - 1


def test_each_path_step_is_a_sentence_with_its_excerpt(network: nx.MultiDiGraph) -> None:
    (path,) = shortest_paths(network, iri("international-cooperation"), iri("precise-diplomacy"))
    (step,) = path
    assert step.sentence == "International cooperation requires Precise diplomacy"
    assert step.forward
    assert "requires precise diplomacy" in step.excerpts[0].quote


def test_a_step_walked_backwards_keeps_the_claims_direction(network: nx.MultiDiGraph) -> None:
    (path,) = shortest_paths(network, iri("precise-diplomacy"), iri("international-cooperation"))
    assert not path[0].forward
    assert path[0].sentence == "International cooperation requires Precise diplomacy"


def test_no_path_between_unknown_or_identical_concepts(network: nx.MultiDiGraph) -> None:
    assert shortest_paths(network, iri("interpol"), iri("interpol")) == []
    assert shortest_paths(network, iri("interpol"), "urn:nowhere") == []


def test_neighbourhood_grows_with_hops(network: nx.MultiDiGraph) -> None:
    one = neighbourhood(network, iri("interpol"), 1)
    two = neighbourhood(network, iri("interpol"), 2)
    assert one == {iri("interpol"), iri("islamic-nation"), iri("international-bodies")}
    assert one < two
    assert neighbourhood(network, "urn:nowhere", 2) == set()


def test_centrality_ranks_international_cooperation_first_and_is_stable(
    network: nx.MultiDiGraph,
) -> None:
    ranking = centrality(network)
    assert ranking[0].label == "International cooperation"
    assert ranking == centrality(network)
    assert [c.betweenness for c in ranking] == sorted(
        (c.betweenness for c in ranking), reverse=True
    )
    assert len(ranking) == network.number_of_nodes()


def test_communities_cover_every_concept_and_are_deterministic(network: nx.MultiDiGraph) -> None:
    found = communities(network)
    assert set(found) == set(network.nodes)
    assert found == communities(network)
    sizes = [list(found.values()).count(i) for i in sorted(set(found.values()))]
    assert sizes == sorted(sizes, reverse=True)


def test_filters_hide_classes_and_relations(network: nx.MultiDiGraph) -> None:
    no_threats = filtered(network, hidden_classes=[str(BG.Threat)])
    assert no_threats.number_of_nodes() == network.number_of_nodes() - 6
    no_kinds = filtered(network, hidden_relations=[str(BG.kindOf)])
    assert no_kinds.number_of_edges() == network.number_of_edges() - 8
    kept = filtered(network, keep=[iri("interpol"), iri("islamic-nation")])
    assert kept.number_of_nodes() == 2 and kept.number_of_edges() == 1


def test_claim_sentence_reads_subject_relation_object(network: nx.MultiDiGraph) -> None:
    source, target = iri("islamic-nation"), iri("islamic-ummah")
    (data,) = network.get_edge_data(source, target).values()
    assert claim_sentence(network, source, target, data) == (
        "Islamic nation is a member of Global Islamic Ummah"
    )
