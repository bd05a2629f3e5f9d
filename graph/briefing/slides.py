"""A briefing as one self-contained HTML file that plays with the arrow keys, offline.

Every script and style is inlined and the page's Content-Security-Policy
forbids any request, so it opens from file:// in a room with no network. Each
step's text is written into the page (it reads, prints and searches without
JavaScript); the script only moves between steps and redraws the network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import networkx as nx

from graph.briefing.files import Briefing
from graph.briefing.picture import scene_view
from graph.briefing.scene import Scene, notes_html, quotations, title_html
from graph.view.narration import narration_html
from graph.view.render import script_json, vis_network_css, vis_network_js
from graph.view.standalone import network_script, templates


def briefing_html(
    briefing: Briefing,
    scenes: Sequence[Scene],
    network: nx.MultiDiGraph,
    *,
    document_titles: Mapping[str, str],
    positions: Mapping[str, tuple[float, float]] | None = None,
) -> str:
    """Return the whole briefing as one HTML document that makes no request to any server."""
    views = [scene_view(network, s, positions=positions).data() for s in scenes]
    first = scene_view(network, scenes[0], positions=positions)
    steps: list[dict[str, Any]] = [
        {
            "number": s.number,
            "title": title_html(s),
            "narration": narration_html(s.step.narration),
            "quotations": quotations(s, document_titles),
            "notes": notes_html(network, s),
        }
        for s in scenes
    ]
    return (
        templates()
        .get_template("briefing.html")
        .render(
            briefing=briefing,
            steps=steps,
            theme=first.theme,
            legend=first.legend,
            views_json=script_json(views),
            vis_css=vis_network_css(),
            vis_js=vis_network_js(),
            network_js=network_script(),
        )
    )
