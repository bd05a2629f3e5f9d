"""Analytics on the concept network: neighbourhoods, paths, centrality, communities, filters."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.model.provenance import Excerpt
from graph.network.concepts import claim_sentence


@dataclass(frozen=True)
class PathStep:
    """One claim along a path; ``forward`` is False when the path walks against its direction."""

    source: str
    target: str
    claim: str
    sentence: str
    forward: bool
    excerpts: tuple[Excerpt, ...]


@dataclass(frozen=True)
class Centrality:
    """How central a concept is: degree (links in and out) and betweenness (0 to 1)."""

    iri: str
    label: str
    degree: int
    betweenness: float


def neighbourhood(network: nx.MultiDiGraph, iri: str, hops: int = 1) -> set[str]:
    """Return the concepts at most ``hops`` links from ``iri`` (either direction), itself too."""
    if iri not in network:
        return set()
    reached = nx.single_source_shortest_path_length(network.to_undirected(as_view=True), iri, hops)
    return set(reached)


def shortest_paths(
    network: nx.MultiDiGraph, source: str, target: str, limit: int = 20
) -> list[list[PathStep]]:
    """Return every shortest path between two concepts (links in either direction), up to ``limit``.

    Where two concepts are linked by several claims, each claim gives its own path.
    """
    if source not in network or target not in network or source == target:
        return []
    undirected = nx.Graph(network.to_undirected(as_view=True))
    try:
        node_paths = sorted(nx.all_shortest_paths(undirected, source, target))
    except nx.NetworkXNoPath:
        return []
    paths: list[list[PathStep]] = []
    for nodes in node_paths:
        choices = [_steps_between(network, a, b) for a, b in itertools.pairwise(nodes)]
        for combination in itertools.product(*choices):
            paths.append(list(combination))
            if len(paths) >= limit:
                return paths
    return paths


def _steps_between(network: nx.MultiDiGraph, a: str, b: str) -> list[PathStep]:
    steps = []
    for source, target, forward in ((a, b, True), (b, a, False)):
        for claim, data in sorted((network.get_edge_data(source, target) or {}).items()):
            steps.append(
                PathStep(
                    source=a,
                    target=b,
                    claim=claim,
                    sentence=claim_sentence(network, source, target, data),
                    forward=forward,
                    excerpts=tuple(data["excerpts"]),
                )
            )
    return steps


EXACT_BETWEENNESS_UP_TO = 1_000
SAMPLED_BETWEENNESS = 200
"""Above EXACT_BETWEENNESS_UP_TO nodes, betweenness is estimated from this many seeded sources."""


def centrality(network: nx.MultiDiGraph) -> list[Centrality]:
    """Return every concept's degree and betweenness, most central first (ties by label)."""
    simple = nx.Graph(network.to_undirected(as_view=True))
    # Exact betweenness is cubic-ish (45 s at 5,000 nodes here): large graphs are sampled.
    sample = SAMPLED_BETWEENNESS if simple.number_of_nodes() > EXACT_BETWEENNESS_UP_TO else None
    betweenness = nx.betweenness_centrality(simple, k=sample, normalized=True, seed=7)
    ranking = [
        Centrality(iri, data["label"], network.degree(iri), round(betweenness.get(iri, 0.0), 6))
        for iri, data in network.nodes(data=True)
    ]
    return sorted(ranking, key=lambda c: (-c.betweenness, -c.degree, c.label))


def communities(network: nx.MultiDiGraph, seed: int = 7) -> dict[str, int]:
    """Return a community number for every concept (Louvain, seeded; 0 is the largest)."""
    simple = nx.Graph(network.to_undirected(as_view=True))
    found = nx.community.louvain_communities(simple, seed=seed)
    ordered = sorted(found, key=lambda group: (-len(group), min(group)))
    return {node: index for index, group in enumerate(ordered) for node in group}


def filtered(
    network: nx.MultiDiGraph,
    hidden_classes: Collection[str] = (),
    hidden_relations: Collection[str] = (),
    keep: Collection[str] | None = None,
    documents: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """Return a view without the hidden classes and relations (IRIs), within ``keep`` if given.

    With ``documents`` (document IRIs), only what an excerpt of one of them supports.
    """
    hidden_c, hidden_r = set(hidden_classes), set(hidden_relations)
    keep_set = set(keep) if keep is not None else None
    sources = set(documents) if documents is not None else None

    def supported(data: Mapping[str, Any]) -> bool:
        return sources is None or any(e.document in sources for e in data["excerpts"])

    def show_node(node: str) -> bool:
        if keep_set is not None and node not in keep_set:
            return False
        data = network.nodes[node]
        return data["cls"] not in hidden_c and supported(data)

    def show_edge(source: str, target: str, key: str) -> bool:
        data = network.edges[source, target, key]
        return data["relation"] not in hidden_r and supported(data)

    view: nx.MultiDiGraph = nx.subgraph_view(network, filter_node=show_node, filter_edge=show_edge)
    return view
