"""The network picture: colours and shapes by class, themes, and vis-network data built with pyvis.

pyvis assembles the nodes, edges and options; its bundled vis-network script
and stylesheet are inlined, never fetched. briefgraph does not use pyvis's page
template: it links Bootstrap and tom-select from CDNs and turns any tooltip
containing "href" into HTML. Tooltips here are plain text (vis-network 9 shows
string titles as text), and every string from the data reaches the page either
as JSON inside a script (with <, > and & escaped) or through textContent.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import networkx as nx

from graph.model.bidi import Isolated, Phrase, inline
from graph.model.namespaces import local_name
from graph.network.concepts import claim_sentence, right_to_left, status_note
from graph.network.label_layout import LABEL_WIDTH
from graph.network.layout import Positions, default_positions

MAX_TOOLTIP_EXCERPT = 240

DASHES: dict[str, list[int]] = {"inferred": [10, 6], "suggested": [2, 6]}
FOCUS_LABELS = 12
"""A focus of at most this many nodes has every link between them labelled."""
"""How a link is drawn by its assertion status: stated links are solid, a curator's
inference dashed, an unreviewed suggestion dotted (vis-network's ``dashes``)."""


@dataclass(frozen=True)
class ClassStyle:
    """How one ontology class is drawn: a colour, a shape, and its name in the legend."""

    label: str
    color: str
    shape: str


# Paul Tol's "muted" scheme: distinguishable with every common colour-vision
# deficiency, and paired with shapes so that no class depends on colour alone.
TOL_MUTED = (
    "#CC6677", "#332288", "#DDCC77", "#117733", "#88CCEE",
    "#882255", "#44AA99", "#999933", "#AA4499", "#DDDDDD",
)  # fmt: skip

CLASS_STYLES: dict[str, tuple[str, str]] = {
    # ontology class local name -> (colour, vis-network shape)
    "Threat": ("#CC6677", "triangle"),
    "CooperationForm": ("#332288", "dot"),
    "InternationalBody": ("#117733", "square"),
    "Nation": ("#DDCC77", "star"),
    "Partner": ("#88CCEE", "star"),
    "Community": ("#AA4499", "hexagon"),
    "Outcome": ("#44AA99", "diamond"),
    "Strategy": ("#882255", "triangleDown"),
    "Principle": ("#999933", "diamond"),
    "Characteristic": ("#DDDDDD", "dot"),
    "Resource": ("#999933", "square"),
    "Person": ("#88CCEE", "dot"),
    "Place": ("#DDCC77", "triangle"),
    "Agreement": ("#882255", "square"),
    "Event": ("#CC6677", "diamond"),
    "System": ("#44AA99", "triangleDown"),
}
FALLBACK_SHAPES = ("dot", "square", "triangle", "diamond", "hexagon", "star", "triangleDown")


@dataclass(frozen=True)
class Theme:
    """Colours and type size of a network picture."""

    name: str
    background: str
    font: str
    edge: str
    faded: str
    selected: str
    font_size: int = 14
    edge_font_size: int = 11


THEMES: dict[str, Theme] = {
    "light": Theme("light", "#ffffff", "#1f2328", "#6e7781", "#d0d7de", "#000000"),
    "dark": Theme("dark", "#0e1117", "#f0f2f6", "#9ba3af", "#30363d", "#ffffff"),
    # The projector's type is large because the picture zooms to the step's focus; in the
    # drawing's own units it is the size the layout reserved room for, so no label
    # grows over another.
    "projector": Theme("projector", "#ffffff", "#000000", "#333333", "#e6e6e6", "#000000"),
}


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a class (or community), how it is drawn, how many nodes."""

    label: str
    color: str
    shape: str
    count: int


@dataclass(frozen=True)
class NetworkView:
    """Everything vis-network needs to draw a network, as JSON-ready values."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    options: dict[str, Any]
    legend: tuple[LegendEntry, ...]
    theme: Theme
    selected: str | None = None
    focus: tuple[str, ...] = field(default=())

    def data(self) -> dict[str, Any]:
        """Return the view as one JSON-ready dictionary (what the browser receives)."""
        return {
            "nodes": self.nodes,
            "edges": self.edges,
            "options": self.options,
            "selected": self.selected,
            "focus": list(self.focus),
            "background": self.theme.background,
        }


def class_styles(network: nx.MultiDiGraph) -> dict[str, ClassStyle]:
    """Return the style of every class present in ``network``, keyed by class IRI."""
    classes = sorted({(d["class_label"], d["cls"]) for _, d in network.nodes(data=True)})
    styles: dict[str, ClassStyle] = {}
    spare = 0
    for label, iri in classes:
        local = local_name(iri)
        if local in CLASS_STYLES:
            color, shape = CLASS_STYLES[local]
        else:
            color = TOL_MUTED[spare % len(TOL_MUTED)]
            shape = FALLBACK_SHAPES[spare // len(TOL_MUTED) % len(FALLBACK_SHAPES)]
            spare += 1
        styles[iri] = ClassStyle(label, color, shape)
    return styles


def network_view(
    network: nx.MultiDiGraph,
    *,
    positions: Positions | None = None,
    theme: str = "light",
    focus: Collection[str] | None = None,
    focus_edges: Collection[str] | None = None,
    selected: str | None = None,
    highlighted_edges: Collection[str] = (),
    communities: Mapping[str, int] | None = None,
    physics: bool = False,
) -> NetworkView:
    """Return the vis-network data for ``network``.

    ``focus`` keeps those nodes (and edges between them) at full strength and
    fades the rest (``focus_edges``, claim IRIs, narrows the edges kept);
    ``highlighted_edges`` (claim IRIs) are drawn thick, for
    paths; ``communities`` colours nodes by community instead of by class.
    ``positions`` default to the deterministic layout; with ``physics`` the
    browser lets the layout settle, then freezes it.
    """
    from pyvis.network import Network

    style = THEMES[theme]
    styles = class_styles(network)
    placed = positions if positions is not None else default_positions(network)
    focused = set(focus) if focus is not None else None
    highlighted = set(highlighted_edges)
    focused_edges = set(focus_edges) if focus_edges is not None else None
    rtl = right_to_left(network)

    net = Network(directed=True, cdn_resources="in_line", bgcolor=style.background)
    for node, data in sorted(network.nodes(data=True)):
        cls = styles[data["cls"]]
        color = cls.color
        if communities is not None:
            color = TOL_MUTED[communities.get(node, 0) % len(TOL_MUTED)]
        faded = focused is not None and node not in focused
        x, y = placed.get(node, (0.0, 0.0))
        net.add_node(
            node,
            # The canvas sets text in the page's direction (left to right): a label with
            # right-to-left letters is isolated so that it takes its own (graph.model.bidi).
            label=inline(data["label"]),
            title=node_tooltip(data, rtl=rtl),
            shape=cls.shape,
            color=_node_color(style.faded if faded else color, style, node == selected),
            borderWidth=4 if node == selected else 1,
            size=22 if node == selected else 16,
            font={
                "color": style.faded if faded else style.font,
                "size": style.font_size if not faded else max(style.font_size * 2 // 3, 10),
                "strokeWidth": 3,
                "strokeColor": style.background,
            },
            # Long names wrap (at word breaks) within the width the layout reserved for them.
            widthConstraint={"maximum": LABEL_WIDTH},
            x=x,
            y=y,
            cls=data["cls"],
            # A concept ingest proposed and no one reviewed has a dotted outline.
            shapeProperties={"borderDashes": DASHES["suggested"]}
            if data.get("status") == "suggested"
            else {},
        )
    for source, target, key, data in sorted(network.edges(keys=True, data=True)):
        faded = (focused is not None and not (source in focused and target in focused)) or (
            focused_edges is not None and key not in focused_edges
        )
        thick = key in highlighted
        color = style.faded if faded else (style.selected if thick else style.edge)
        # A link's label is drawn only where it can be read: on the links of the selected
        # concept, on highlighted links, and on every link of an explicit focus. Elsewhere
        # the relation is in the link's tooltip, the details and the tables.
        named = not faded and (
            thick
            or selected in (source, target)
            or (focused is not None and focused_edges is None and len(focused) <= FOCUS_LABELS)
            or (focused_edges is not None and key in focused_edges)
        )
        net.add_edge(
            source,
            target,
            id=key,
            label=inline(data["relation_label"]) if named else "",
            title=edge_tooltip(network, source, target, data),
            dashes=DASHES.get(data.get("status", "stated"), False),
            status=data.get("status", "stated"),
            color={"color": color, "highlight": style.selected, "hover": style.selected},
            width=4 if thick else 1.5,
            font={
                "color": style.faded if faded else style.font,
                "size": style.edge_font_size,
                "strokeWidth": 3,
                "strokeColor": style.background,
                "align": "middle",
            },
        )
    net.options = _options(physics, len(network))
    nodes, edges, _heading, _height, _width, options = net.get_network_data()
    return NetworkView(
        nodes=list(nodes),
        edges=list(edges),
        options=json.loads(options),
        legend=_legend(network, styles, communities),
        theme=style,
        selected=selected,
        focus=tuple(sorted(focused)) if focused is not None else (),
    )


def node_tooltip(data: Mapping[str, Any], *, rtl: bool = False) -> str:
    """Return a node's hover text: label, class, definition. Plain text, never HTML; each
    line isolated (graph.model.bidi), the first right to left when ``rtl``."""
    named = Phrase((Isolated(data["label"]), " (", Isolated(data["class_label"]), ")"), rtl)
    lines = [named.text()]
    if data.get("definition"):
        lines.append(inline(str(data["definition"])))
    count = len(data.get("excerpts", ()))
    lines.append(f"{count} source excerpt{'s' if count != 1 else ''}")
    return "\n".join(lines)


def edge_tooltip(
    network: nx.MultiDiGraph, source: str, target: str, data: Mapping[str, Any]
) -> str:
    """Return an edge's hover text: the claim as a sentence, its status note and first excerpt."""
    sentence = claim_sentence(network, source, target, data)
    note = status_note(data)
    if note:
        sentence = f"{sentence}\n{note}"
    excerpts = data.get("excerpts", ())
    if not excerpts:
        return sentence
    quote = excerpts[0].quote
    if len(quote) > MAX_TOOLTIP_EXCERPT:
        quote = quote[: MAX_TOOLTIP_EXCERPT - 1] + "\u2026"
    return sentence + "\n" + inline("\u201c" + quote + "\u201d")


def _node_color(color: str, theme: Theme, selected: bool) -> dict[str, Any]:
    border = theme.selected if selected else _darker(color)
    return {
        "background": color,
        "border": border,
        "highlight": {"background": color, "border": theme.selected},
        "hover": {"background": color, "border": theme.selected},
    }


def _darker(color: str) -> str:
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.6) for c in (red, green, blue)))


def _options(physics: bool, size: int) -> dict[str, Any]:
    # Straight edges and a bounded stabilisation keep the first paint fast: with
    # pyvis's defaults 1,000 nodes took 62 s to settle in headless Chromium.
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "stabilization": {"enabled": True, "iterations": 200, "fit": True},
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
        },
        "nodes": {"font": {"face": "sans-serif"}},
        "interaction": {
            "hover": True,
            "tooltipDelay": 150,
            "hideEdgesOnDrag": size > 300,
            "keyboard": False,
        },
    }


def _legend(
    network: nx.MultiDiGraph,
    styles: Mapping[str, ClassStyle],
    communities: Mapping[str, int] | None,
) -> tuple[LegendEntry, ...]:
    if communities is not None:
        sizes: dict[int, int] = {}
        for node in network.nodes:
            index = communities.get(node, 0)
            sizes[index] = sizes.get(index, 0) + 1
        return tuple(
            LegendEntry(f"Community {i + 1}", TOL_MUTED[i % len(TOL_MUTED)], "dot", n)
            for i, n in sorted(sizes.items())
        )
    counts: dict[str, int] = {}
    for _, data in network.nodes(data=True):
        counts[data["cls"]] = counts.get(data["cls"], 0) + 1
    return tuple(
        LegendEntry(style.label, style.color, style.shape, counts[iri])
        for iri, style in sorted(styles.items(), key=lambda item: item[1].label)
    )


@functools.cache
def vis_network_js() -> str:
    """Return vis-network's script, as bundled with pyvis (inlined, never fetched)."""
    folder = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return (folder / "vis-network.min.js").read_text(encoding="utf-8")


@functools.cache
def vis_network_css() -> str:
    """Return vis-network's stylesheet, as bundled with pyvis."""
    folder = resources.files("pyvis") / "lib" / "vis-9.1.2"
    return (folder / "vis-network.css").read_text(encoding="utf-8")


def script_json(value: object) -> str:
    """Return ``value`` as JSON that is safe inside an HTML <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )
