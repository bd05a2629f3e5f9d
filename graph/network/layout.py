"""Node positions: a deterministic default layout, and pinned positions saved to a file."""

from __future__ import annotations

import json
import logging
import subprocess
from collections.abc import Collection, Sequence
from pathlib import Path

import networkx as nx

from graph.atomic import write_atomic
from graph.errors import BriefgraphError
from graph.model.resources import user_dir
from graph.network.label_layout import graphviz_available, label_aware_positions

log = logging.getLogger(__name__)

Positions = dict[str, tuple[float, float]]

SCALE = 520.0
"""Half the width, in vis-network pixels, of the default layout."""


def default_positions(
    network: nx.MultiDiGraph, seed: int = 7, groups: Sequence[Collection[str]] = ()
) -> Positions:
    """Return the same positions for the same network on every call (the layout is seeded).

    With Graphviz installed, the layout keeps every label clear of every other label and
    node (graph.network.label_layout), and keeps each of ``groups`` (a briefing's steps)
    close together; without it, networkx's spring layout is used."""
    if network.number_of_nodes() == 0:
        return {}
    if graphviz_available():
        labels = {node: str(data.get("label", "")) for node, data in network.nodes(data=True)}
        try:
            return label_aware_positions(network, labels, seed, groups)
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("Graphviz could not lay out the network (%s); using a spring layout", error)
    return spring_positions(network, seed)


def spring_positions(network: nx.MultiDiGraph, seed: int = 7) -> Positions:
    """Return networkx's seeded spring layout (labels may overlap): the fallback."""
    if network.number_of_nodes() == 0:
        return {}
    simple = nx.Graph()
    simple.add_nodes_from(sorted(network.nodes))
    simple.add_edges_from(sorted((a, b) for a, b in network.edges() if a != b))
    # networkx's default spacing (1/sqrt(n)) packs small graphs tightly; spread them more.
    spacing = 2.0 / max(simple.number_of_nodes(), 1) ** 0.5
    # A page of a large graph (up to the 300-node budget) settles well enough in fewer rounds.
    rounds = 200 if simple.number_of_nodes() <= 150 else 60
    raw = nx.spring_layout(simple, seed=seed, scale=SCALE, iterations=rounds, k=spacing)
    return {node: (round(float(x), 1), round(float(y), 1)) for node, (x, y) in raw.items()}


DEFAULT_LAYOUT = "security-cooperation"
"""The name the default corpus's pinned layout is saved under."""


def layout_file(name: str = DEFAULT_LAYOUT) -> Path:
    """Return where the pinned layout ``name`` is saved: $BRIEFGRAPH_HOME/layouts/NAME.json."""
    return user_dir() / "layouts" / f"{name}.json"


def load_positions(path: Path) -> Positions:
    """Return pinned positions saved in ``path``; empty if the file does not exist."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {str(k): (float(v[0]), float(v[1])) for k, v in data["positions"].items()}
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        raise BriefgraphError(f"the saved layout {path} cannot be read: {error}") from error


def save_positions(path: Path, positions: Positions) -> None:
    """Write pinned positions to ``path`` atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    rounded = {k: [round(x, 1), round(y, 1)] for k, (x, y) in sorted(positions.items())}
    write_atomic(path, json.dumps({"positions": rounded}, indent=1).encode("utf-8"))
