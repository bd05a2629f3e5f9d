"""A briefing as one self-contained HTML file that plays with the arrow keys, offline.

Every script and style is inlined and the page's Content-Security-Policy
forbids any request, so it opens from file:// in a room with no network. Each
step's text is written into the page (it reads, prints and searches without
JavaScript); the script only moves between steps and redraws the network.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from markupsafe import Markup

from graph.briefing import Briefing
from graph.narration import narration_html
from graph.render import script_json, vis_network_css, vis_network_js
from graph.scene import Scene, scene_view
from graph.standalone import network_script, templates


@dataclass(frozen=True)
class Quotation:
    """An excerpt as a slide shows it: the sentence around it, the quote marked, its source."""

    before: str
    quote: str
    after: str
    source: str

    def html(self) -> str:
        """Return the quotation as a <blockquote>, the quote marked; every character escaped.

        The presenter page and the HTML player both show quotations this way.
        """
        return str(
            Markup(
                '<blockquote>{}<mark>{}</mark>{}<span class="source">{}</span></blockquote>'
            ).format(self.before, self.quote, self.after, self.source)
        )


def quotations(scene: Scene, document_titles: Mapping[str, str]) -> list[Quotation]:
    """Return the excerpts of ``scene`` in their sentences, each with title and character range."""
    result = []
    for excerpt in scene.excerpts:
        sentence = excerpt.sentence
        offset = excerpt.sentence_start
        before = sentence[: max(excerpt.start - offset, 0)]
        after = (
            sentence[max(excerpt.end - offset, 0) :] if excerpt.end <= excerpt.sentence_end else ""
        )
        title = document_titles.get(excerpt.document, excerpt.document)
        result.append(
            Quotation(
                before=before,
                quote=excerpt.quote,
                after=after,
                source=f"{title}, characters {excerpt.start}\u2013{excerpt.end}",
            )
        )
    return result


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
            "title": s.step.title,
            "narration": narration_html(s.step.narration),
            "quotations": quotations(s, document_titles),
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
