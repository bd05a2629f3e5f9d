"""Briefing benchmarks: checking the default briefing and every way of exporting it.

Baselines measured in the same run: the one-page network export
(graph.view.standalone) for the HTML player, and a bare networkx/matplotlib drawing
of the whole network for the handout's pages.
"""

from __future__ import annotations

import io

from bench.timing import HEADER, measure
from graph.briefing.deck import Deck
from graph.briefing.files import DEFAULT_BRIEFING, default_library
from graph.network.concepts import to_networkx
from graph.store.documents import document_titles
from graph.store.load import default_store
from graph.view.render import network_view
from graph.view.standalone import details, standalone_html


def main() -> None:
    store = default_store()
    network = to_networkx(store)
    briefing = default_library().load(DEFAULT_BRIEFING)
    deck = Deck.from_store(briefing, store)
    steps = len(deck.scenes)
    print(f"\nbriefing {briefing.name!r}: {steps} steps")
    print(HEADER)
    print(measure("load briefing YAML", lambda: default_library().load(DEFAULT_BRIEFING)).row())
    print(
        measure(
            "check against the graph (scenes)",
            lambda: Deck.build(
                briefing, network, deck_texts(store), deck.document_titles, deck.positions
            ),
        ).row()
    )

    titles = document_titles(store)
    base = measure(
        "baseline: one-page network HTML",
        lambda: standalone_html(
            network_view(network), title="x", detail_data=details(network, titles)
        ),
        runs=10,
    )
    print(base.row())
    print(measure(f"briefing HTML player ({steps} steps)", deck.html, runs=10).row(base))

    def bare_drawing() -> bytes:
        import networkx as nx
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        figure = Figure(figsize=(12.8, 7.2), dpi=100)
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        nx.draw_networkx(network, pos=deck_positions(deck), ax=axes, with_labels=False)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        return buffer.getvalue()

    base = measure("baseline: bare networkx PNG, 1 page", bare_drawing, runs=5)
    print(base.row())
    pngs = measure(f"handout PNGs ({steps} pages)", deck.pngs, runs=3)
    print(pngs.row())
    print(per_page("handout PNG, per page", pngs.p50 / steps, base.p50))
    pdf = measure(f"handout PDF ({steps} pages)", deck.pdf, runs=3)
    print(pdf.row())
    print(per_page("handout PDF, per page", pdf.p50 / steps, base.p50))


def deck_texts(store: object) -> dict[str, str]:
    from graph.store.documents import documents

    return {d.iri: d.text for d in documents(store)}  # type: ignore[arg-type]


def deck_positions(deck: Deck) -> dict[str, tuple[float, float]]:
    return {node: (x, -y) for node, (x, y) in deck.positions.items()}


def per_page(name: str, seconds: float, baseline: float) -> str:
    ratio = f"{baseline / seconds:7.1f}x" if seconds else ""
    return f"{name:<48} {'':>5} {seconds * 1000:>10.2f} {'':>10} {ratio}"
