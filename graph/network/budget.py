"""A network larger than a page can draw, folded to a node budget, saying what was folded.

The page receives at most ``budget`` nodes: the most connected resources (and
always the ones the user asked for), plus one aggregate node per class for the
rest, labelled with how many it holds. Expanding a node brings its neighbours
in; the folded counts always add up to the whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from graph.settings import DEFAULTS

DEFAULT_BUDGET = DEFAULTS.node_budget
"""Nodes a page may receive (BRIEFGRAPH_NODE_BUDGET): vis-network stays responsive below it."""
FOLDED = "folded:"
"""Prefix of an aggregate node's id: folded:<class IRI>."""


@dataclass(frozen=True)
class Folded:
    """What a page shows of a large network, and what it folded away."""

    network: nx.MultiDiGraph
    folded: dict[str, int]
    """Class IRI -> how many of its resources are folded into that class's aggregate node."""
    total: int

    @property
    def shown(self) -> int:
        """How many real resources are drawn (aggregate nodes not counted)."""
        return self.total - sum(self.folded.values())

    def summary(self) -> str:
        """Return what was folded, in words ('' when nothing was)."""
        if not self.folded:
            return ""
        count = sum(self.folded.values())
        groups = len(self.folded)
        return (
            f"{self.shown:,} of {self.total:,} resources are drawn; {count:,} more are folded "
            f"into {groups} group{'s' if groups != 1 else ''} by class. Select or search a "
            "resource to open its neighbourhood."
        )


def fold(
    network: nx.MultiDiGraph,
    budget: int = DEFAULT_BUDGET,
    keep: Collection[str] = (),
    expand: Collection[str] = (),
) -> Folded:
    """Return ``network`` within ``budget`` nodes: ``keep`` and the neighbours of ``expand``
    first, then the most connected, with the rest folded into one node per class."""
    total = network.number_of_nodes()
    if total <= budget:
        return Folded(network, {}, total)
    wanted = [n for n in keep if n in network]
    for node in expand:
        if node in network:
            wanted += [node, *nx.all_neighbors(network, node)]
    classes = Counter(network.nodes[n]["cls"] for n in network.nodes)
    room = max(budget - len(classes), 1)
    chosen = list(dict.fromkeys(wanted))[:room]
    if len(chosen) < room:
        taken = set(chosen)
        ranked = sorted(
            (n for n in network.nodes if n not in taken),
            key=lambda n: (-network.degree(n), str(n)),
        )
        chosen += ranked[: room - len(chosen)]
    kept = set(chosen)
    view = nx.MultiDiGraph(network.subgraph(kept))
    folded = Counter(network.nodes[n]["cls"] for n in network.nodes if n not in kept)
    class_labels: dict[str, str] = {}
    for node in network.nodes:
        if node not in kept:
            class_labels.setdefault(network.nodes[node]["cls"], network.nodes[node]["class_label"])
    add_aggregates(view, dict(folded), class_labels)
    return Folded(view, dict(folded), total)


def add_aggregates(
    view: nx.MultiDiGraph, folded: dict[str, int], class_labels: dict[str, str]
) -> None:
    """Add to ``view`` one aggregate node per folded class, labelled with its count."""
    for cls, count in folded.items():
        class_label = class_labels[cls]
        view.add_node(
            f"{FOLDED}{cls}",
            label=f"{count:,} more: {class_label}",
            cls=cls,
            class_label=class_label,
            definition=f"{count:,} resources of this class are folded to keep the page fast.",
            alt_labels=(),
            mappings=(),
            literals=(),
            excerpts=(),
            status="stated",
            folded=count,
        )
