"""A briefing ready to present: checked against a graph, with every way to show it.

The presenter page, the CLI's ``brief export`` and the app's downloads all
start from a Deck, so each shows the same steps, focus and excerpts.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from graph.briefing.files import Briefing
from graph.briefing.scene import Scene, scenes
from graph.network.concepts import to_networkx
from graph.network.label_layout import fit_scale, graphviz_available
from graph.network.layout import (
    Positions,
    default_positions,
    layout_file,
    load_positions,
)
from graph.store.backends import Store
from graph.store.documents import documents

PROJECTOR_FRAME = (1088.0, 840.0)
"""The presenter's picture at 1920x1080, in CSS pixels (the Present page's wide column)."""
LAYOUT_TRIES = 20
"""Seeded layouts a deck chooses from: the one whose smallest step is drawn largest wins.
Of 20 seeds of the default briefing the best draws every step at >= 24.3 px by fit_scale
(the average seed's smallest step: 21.8 px), so a browser whose fonts measure a few %
wider still draws them at more than 20 px."""
_LAYOUTS: dict[tuple[object, ...], Positions] = {}


@dataclass(frozen=True)
class Deck:
    """A briefing with its scenes, and the network, positions and titles they are drawn with."""

    briefing: Briefing
    scenes: tuple[Scene, ...]
    network: nx.MultiDiGraph
    document_titles: dict[str, str]
    positions: Positions

    @classmethod
    def build(
        cls,
        briefing: Briefing,
        network: nx.MultiDiGraph,
        texts: dict[str, str],
        document_titles: dict[str, str],
        positions: Positions | None = None,
    ) -> Deck:
        """Return the deck of ``briefing``; BriefingError naming every step that does not fit.

        Without ``positions`` the deck is laid out for the projector: each step's focus is
        kept together, so that zooming to it makes its labels large."""
        shown = tuple(scenes(briefing, network, texts))
        if positions is None:
            positions = projector_positions(network, [scene.nodes for scene in shown])
        return cls(
            briefing=briefing,
            scenes=shown,
            network=network,
            document_titles=document_titles,
            positions=positions,
        )

    @classmethod
    def from_store(
        cls, briefing: Briefing, store: Store, *, layout: str | None = None, language: str = "en"
    ) -> Deck:
        """Return the deck of ``briefing`` over the graph in ``store``, its concepts named in
        ``language`` (English where the graph has no such label).

        With ``layout``, when concepts were pinned in the explorer under that name, the deck
        is drawn with the explorer's layout and the pins in their places; otherwise it is
        laid out for the projector (each step's focus kept together).
        """
        docs = documents(store)
        network = to_networkx(store, language)
        pinned = load_positions(layout_file(layout)) if layout else {}
        return cls.build(
            briefing,
            network,
            {d.iri: d.text for d in docs},
            {d.iri: d.title for d in docs},
            {**default_positions(network), **pinned} if pinned else None,
        )

    def html(self) -> str:
        """Return the self-contained HTML player (graph.briefing.slides)."""
        from graph.briefing.slides import briefing_html

        return briefing_html(
            self.briefing,
            self.scenes,
            self.network,
            document_titles=self.document_titles,
            positions=self.positions,
        )

    def pdf(self) -> bytes:
        """Return the handout: one PDF page per step (graph.briefing.handout)."""
        from graph.briefing.handout import handout_pdf

        return handout_pdf(
            self.briefing,
            self.scenes,
            self.network,
            document_titles=self.document_titles,
            positions=self.positions,
        )

    def png_zip(self) -> bytes:
        """Return every step's PNG in one zip archive (for a single download)."""
        import io
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for name, data in self.pngs():
                archive.writestr(f"{self.briefing.name}/{name}", data)
        return buffer.getvalue()

    def pngs(self) -> list[tuple[str, bytes]]:
        """Return one PNG per step, with file names (graph.briefing.handout)."""
        from graph.briefing.handout import step_pngs

        return step_pngs(
            self.briefing,
            self.scenes,
            self.network,
            document_titles=self.document_titles,
            positions=self.positions,
        )


def projector_positions(network: nx.MultiDiGraph, groups: list[tuple[str, ...]]) -> Positions:
    """Return a layout for the projector: each of ``groups`` (the steps' focus) kept together,
    and of LAYOUT_TRIES seeded layouts the one whose smallest step, fitted to
    PROJECTOR_FRAME, is drawn largest. The same network and steps get the same answer
    (kept, so a presenter moving from step to step lays out once)."""
    labels = {node: str(data.get("label", "")) for node, data in network.nodes(data=True)}
    key = (
        tuple(sorted(labels.items())),
        tuple(sorted((a, b) for a, b in network.edges())),
        tuple(tuple(sorted(group)) for group in groups),
    )
    if key in _LAYOUTS:
        return dict(_LAYOUTS[key])
    if not graphviz_available():
        return default_positions(network, groups=groups)

    def smallest(positions: Positions) -> float:
        return min((fit_scale(positions, labels, g, PROJECTOR_FRAME) for g in groups), default=0)

    tries = [default_positions(network, seed, groups) for seed in range(1, LAYOUT_TRIES + 1)]
    best = max(tries, key=smallest)  # the first of equals: the lowest seed
    if len(_LAYOUTS) >= 32:
        _LAYOUTS.clear()
    _LAYOUTS[key] = best
    return dict(best)
