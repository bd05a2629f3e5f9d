"""A page of a large graph read from the store, without building the whole network.

Above the node budget, a graph that does not use briefgraph's ontology (a
thesaurus, an ontology, a remote triple store) is drawn from its label index
and a few queries: the most connected resources (degrees and classes are kept
with the index), the selected resource and its neighbourhood (asked of the
store hop by hop), and one aggregate node per class for the rest, with counts
that add up to the whole. The whole network is never built, so the first
picture of a million-triple graph costs what a 300-node page costs.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.model.namespaces import local_name
from graph.network.budget import DEFAULT_BUDGET, Folded, add_aggregates
from graph.network.resources import labels_of, local_network, neighbours
from graph.store.backends import Store
from graph.store.labels import LabelIndex


@dataclass(frozen=True)
class Page:
    """What the explorer draws of a large graph, and how much of the neighbourhood fit."""

    folded: Folded
    cut: bool
    """True when the selected resource's neighbourhood had more resources than the budget."""


def neighbourhood_of(store: Store, node: str, hops: int, limit: int) -> tuple[list[str], bool]:
    """Return ``node`` and the typed resources within ``hops`` links (nearest first, at
    most ``limit`` in all), and whether some were left out."""
    reached = [node]
    frontier = [node]
    for _ in range(hops):
        seen = set(reached)
        found = [n for n in neighbours(store, frontier, limit + len(seen) + 1) if n not in seen]
        reached += found
        if len(reached) > limit:
            return reached[:limit], True
        frontier = found
        if not frontier:
            break
    return reached, False


def page(
    store: Store,
    index: LabelIndex,
    language: str = "en",
    budget: int = DEFAULT_BUDGET,
    node: str | None = None,
    hops: int = 0,
) -> Page:
    """Return the page of a large graph: with ``hops`` > 0 the neighbourhood of ``node``
    alone (up to the budget); otherwise the most connected resources with ``node`` and its
    neighbours among them, and the rest folded by class."""
    counts = index.class_counts()
    total = sum(counts.values())
    if node and hops:
        nodes, cut = neighbourhood_of(store, node, hops, budget)
        network = local_network(store, nodes, language)
        return Page(Folded(network, {}, network.number_of_nodes()), cut)
    room = max(budget - len(counts), 1)
    chosen: list[str] = []
    cut = False
    if node:
        chosen, cut = neighbourhood_of(store, node, 1, room)
    taken = set(chosen)
    for iri, _ in index.top_degree(room + len(taken)):
        if len(chosen) >= room:
            break
        if iri not in taken:
            chosen.append(iri)
    network = local_network(store, chosen, language)
    drawn: dict[str, int] = {}
    for iri in network:
        cls = network.nodes[iri]["cls"]
        drawn[cls] = drawn.get(cls, 0) + 1
    folded = {cls: count - drawn.get(cls, 0) for cls, count in counts.items()}
    folded = {cls: count for cls, count in folded.items() if count > 0}
    class_labels = _class_labels(store, network, folded, language)
    add_aggregates(network, folded, class_labels)
    return Page(Folded(network, folded, total), cut)


def _class_labels(
    store: Store, network: nx.MultiDiGraph, classes: dict[str, int], language: str
) -> dict[str, str]:
    """Return a label for every folded class: from a drawn member, else from the store."""
    known = {d["cls"]: d["class_label"] for _, d in network.nodes(data=True) if "cls" in d}
    missing = [cls for cls in classes if cls not in known]
    if missing:
        known.update(labels_of(store, missing, language))
    return {cls: known.get(cls) or local_name(cls) or cls for cls in classes}
