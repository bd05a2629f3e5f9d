"""The network picture of a scene: its focus at full strength, the rest of the network faded.

A Scene says what a step shows; this module draws it with the view's renderer,
for the presenter page and the HTML player alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx

from graph.briefing.scene import Scene
from graph.view.render import NetworkView, network_view


def scene_view(
    network: nx.MultiDiGraph,
    scene: Scene,
    *,
    positions: Mapping[str, tuple[float, float]] | None = None,
    theme: str = "projector",
) -> NetworkView:
    """Return the network drawn for ``scene``: its focus at full strength, the rest faded."""
    return network_view(
        network,
        positions=dict(positions) if positions is not None else None,
        theme=theme,
        # A step on the whole graph has every node and claim in focus: nothing fades.
        focus=scene.nodes,
        focus_edges=scene.edges,
        highlighted_edges=scene.highlighted,
    )
