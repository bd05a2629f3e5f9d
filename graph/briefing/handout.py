"""A briefing on paper: one page per step (picture, narration, excerpts) as PDF or PNG.

Pages are drawn with matplotlib, without a browser: the picture uses the same
positions, class colours and shapes as the network view, with the step's focus
at full strength and the rest faded. Fonts are embedded as TrueType so that the
PDF's text can be searched and copied.

Text is text: matplotlib's mathtext is off for every string a page draws (a
narration's "$5m and $7m" stays as written). Arabic labels are shaped and set
right to left by matplotlib itself (its text layout is libraqm's since 3.11), and
libraqm follows Unicode's isolates: the inferred-link notes arrive as lines of FSI/RLI
... PDI (graph.model.bidi), so an Arabic claim's brackets and colon stay in place.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from graph.atomic import write_export
from graph.briefing.files import Briefing, name_from_title
from graph.briefing.scene import NOTES_HEADING, Scene, quotations, status_notes
from graph.errors import ExportError
from graph.network.label_layout import FONT_SIZE, SHAPE, wrap_label
from graph.network.layout import Positions, default_positions
from graph.view.narration import narration_text
from graph.view.render import class_styles

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text


@dataclass(frozen=True)
class PageSize:
    """A page's size in inches and the resolution of its PNG."""

    width: float
    height: float
    dpi: int = 100


A4_LANDSCAPE = PageSize(11.69, 8.27)
SLIDE = PageSize(12.8, 7.2)
"""1280 x 720 pixels at 100 dpi."""

MARKERS = {
    "dot": "o",
    "square": "s",
    "triangle": "^",
    "triangleDown": "v",
    "diamond": "D",
    "star": "*",
    "hexagon": "h",
}
TEXT_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)
"""Sizes tried, largest first, until a step's words fit its page."""
BOTTOM_MARGIN = 0.03
"""The page's bottom margin, as a fraction of its height."""
MIN_SPAN = 320.0
"""The smallest stretch of the layout (vis-network pixels) a page zooms to."""
FADED = "#e3e3e3"
INK = "#000000"
EDGE = "#555555"
LINESTYLES = {"inferred": "--", "suggested": ":"}
"""A link's line by its assertion status, as the explorer draws it (stated links are solid)."""


def handout_pdf(
    briefing: Briefing,
    scenes: Sequence[Scene],
    network: nx.MultiDiGraph,
    *,
    document_titles: Mapping[str, str],
    positions: Positions | None = None,
) -> bytes:
    """Return a PDF with one page per step: its picture, narration and excerpts."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_pdf import PdfPages

    placed = positions or default_positions(network)
    buffer = io.BytesIO()
    with rc_context({"pdf.fonttype": 42}), PdfPages(buffer) as pdf:
        info = pdf.infodict()
        info["Title"] = briefing.title
        info["Creator"] = "briefgraph"
        for scene in scenes:
            figure = step_page(
                briefing, scene, len(scenes), network, placed, document_titles, A4_LANDSCAPE
            )
            pdf.savefig(figure)
    return buffer.getvalue()


def step_pngs(
    briefing: Briefing,
    scenes: Sequence[Scene],
    network: nx.MultiDiGraph,
    *,
    document_titles: Mapping[str, str],
    positions: Positions | None = None,
) -> list[tuple[str, bytes]]:
    """Return one 1280x720 PNG per step, with a file name: ('01-the-threats.png', data)."""
    placed = positions or default_positions(network)
    images = []
    for scene in scenes:
        figure = step_page(briefing, scene, len(scenes), network, placed, document_titles, SLIDE)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=SLIDE.dpi)
        name = f"{scene.number:02d}-{name_from_title(scene.step.title)[:40].strip('-')}.png"
        images.append((name, buffer.getvalue()))
    return images


def write_pngs(folder: Path, images: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write each image into ``folder`` (created if missing) atomically; return their paths."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ExportError(f"cannot create {folder}: {error.strerror}") from error
    written = []
    for name, data in images:
        write_export(folder / name, data)
        written.append(folder / name)
    return written


def step_page(
    briefing: Briefing,
    scene: Scene,
    total: int,
    network: nx.MultiDiGraph,
    positions: Positions,
    document_titles: Mapping[str, str],
    size: PageSize,
) -> Figure:
    """Return one page: the step's title, its picture on the left, its words on the right."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(size.width, size.height), dpi=size.dpi)
    FigureCanvasAgg(figure)
    _text(figure, 0.03, 0.965, briefing.title, fontsize=9, color="#444444", va="top")
    _text(figure, 0.97, 0.965, f"Step {scene.number} of {total}", fontsize=9, ha="right", va="top")
    _text(figure, 0.03, 0.925, scene.step.title, fontsize=19, weight="bold", va="top")
    picture = figure.add_axes((0.02, 0.03, 0.55, 0.83))
    draw_scene(picture, network, scene, positions)
    _words(figure, network, scene, document_titles, left=0.6, top=0.86, size=size)
    return figure


def draw_scene(axes: Axes, network: nx.MultiDiGraph, scene: Scene, positions: Positions) -> None:
    """Draw the network on ``axes``: the scene's concepts and claims in ink, the rest faded."""
    draw_network(axes, network, positions, set(scene.nodes), set(scene.edges),
                 set(scene.highlighted))  # fmt: skip


def picture_file(
    network: nx.MultiDiGraph,
    positions: Positions,
    fmt: str,
    *,
    focus: Collection[str] | None = None,
    highlighted: Collection[str] = (),
) -> bytes:
    """Return the picture of ``network`` as drawn (same positions, colours and shapes) as
    an SVG or PNG file, for slides made elsewhere: ``focus`` in ink, the rest faded."""
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if fmt not in {"svg", "png"}:
        raise ExportError(f"a picture is written as svg or png, not {fmt!r}")
    nodes = set(focus) if focus else set(network.nodes)
    edges = {k for a, b, k in network.edges(keys=True) if a in nodes and b in nodes}
    figure = Figure(figsize=(SLIDE.width, SLIDE.height), dpi=SLIDE.dpi * 2)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0.01, 0.01, 0.98, 0.98))
    draw_network(axes, network, positions, nodes, edges, set(highlighted))
    buffer = io.BytesIO()
    with rc_context({"svg.fonttype": "none"}):  # text stays text in the SVG
        figure.savefig(buffer, format=fmt)
    return buffer.getvalue()


def draw_network(
    axes: Axes,
    network: nx.MultiDiGraph,
    positions: Positions,
    nodes: set[str],
    edges: set[str],
    thick: set[str],
) -> None:
    """Draw ``network`` on ``axes``: ``nodes`` and ``edges`` in ink, the rest faded, and
    the view zoomed to ``nodes``."""
    styles = class_styles(network)

    def point(node: str) -> tuple[float, float]:
        x, y = positions.get(node, (0.0, 0.0))
        return x, -y  # vis-network's y grows downwards

    # Faded things first, so that the focus is drawn over them.
    ordered = sorted(network.edges(keys=True), key=lambda e: (e[2] in edges, e[2] in thick))
    for source, target, key in ordered:
        focused = key in edges
        axes.annotate(
            "",
            xy=point(target),
            xytext=point(source),
            arrowprops={
                "arrowstyle": "-|>",
                "color": (INK if key in thick else EDGE) if focused else FADED,
                "lw": 2.6 if key in thick else (1.1 if focused else 0.6),
                "linestyle": LINESTYLES.get(network.edges[source, target, key].get("status"), "-"),
                "shrinkA": 7,
                "shrinkB": 7,
                "mutation_scale": 9,
            },
            zorder=2 if focused else 1,
        )
    # Zoom to the focus, as the presenter does, keeping some faded context; the
    # limits match the axes' shape so that the aspect stays 1:1.
    shown = nodes or set(network.nodes)
    xs, ys = zip(*(point(n) for n in shown), strict=True)
    box = axes.get_position()
    figure = axes.get_figure(root=True)
    inches = figure.get_size_inches()  # type: ignore[union-attr]
    ratio = (box.width * inches[0]) / (box.height * inches[1])
    width = max(max(xs) - min(xs), MIN_SPAN) * 1.35
    height = max(max(ys) - min(ys), MIN_SPAN) * 1.35
    width, height = max(width, height * ratio), max(height, width / ratio)
    centre = ((max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2)
    axes.set_xlim(centre[0] - width / 2, centre[0] + width / 2)
    axes.set_ylim(centre[1] - height / 2, centre[1] + height / 2)
    # Type and marks take the room the layout reserved for them at this zoom (points per
    # layout pixel), so that a zoomed-out page never sets one label over another.
    points = box.width * inches[0] * 72 / width
    label_size = min(9.5, max(4.5, FONT_SIZE * points))
    for node, data in sorted(network.nodes(data=True), key=lambda n: n[0] in nodes):
        focused = node in nodes
        style = styles[data["cls"]]
        x, y = point(node)
        mark = (
            min(130.0, (SHAPE * points) ** 2) if focused else min(45.0, (SHAPE * points) ** 2 / 3)
        )
        axes.scatter(
            [x],
            [y],
            s=mark,
            marker=MARKERS.get(style.shape, "o"),
            color=style.color if focused else FADED,
            edgecolors=INK if focused else "#bbbbbb",
            linewidths=0.8,
            zorder=4 if focused else 3,
        )
        if focused:
            axes.annotate(
                "\n".join(wrap_label(data["label"])),  # where the layout reserved room
                (x, y),
                parse_math=False,
                xytext=(0, -(SHAPE / 2 + 2) * points),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=label_size,
                zorder=5,
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8},
            )
    axes.set_aspect("equal", adjustable="box")
    axes.set_axis_off()


def _text(figure: Figure, x: float, y: float, text: str, **style: Any) -> Text:
    """Draw ``text`` as written: no mathtext."""
    return figure.text(x, y, text, parse_math=False, **style)


def _words(
    figure: Figure,
    network: nx.MultiDiGraph,
    scene: Scene,
    document_titles: Mapping[str, str],
    *,
    left: float,
    top: float,
    size: PageSize,
) -> None:
    # Blocks are laid out top to bottom, each placed below the measured height
    # of the one before. Text that would run off the page is set smaller (and
    # wrapped wider) until it fits; only past the smallest size is it cut.
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    height_px = size.height * size.dpi
    notes = status_notes(network, scene)
    for scale in TEXT_SCALES:
        columns = max(int((1 - left - 0.03) * size.width * 11 / scale), 30)
        # (text, style, x, gap below): each block is one Text artist.
        blocks: list[tuple[str, dict[str, object], float, float]] = []
        gap = 0.025 * scale
        if scene.step.narration:
            text = narration_text(scene.step.narration, columns)
            blocks.append((text, {"fontsize": 11 * scale}, left, gap))
        for quotation in quotations(scene, document_titles):
            quoted = textwrap.fill(f"\u201c{quotation.quote}\u201d", columns)
            source = textwrap.fill(f"\u2014 {quotation.source}", columns + 10)
            style = {"fontsize": 10.5 * scale, "style": "italic"}
            blocks.append((f"{quoted}\n{source}", style, left, gap))
        if notes:
            style = {"fontsize": 9.5 * scale, "color": "#444444"}
            blocks.append((NOTES_HEADING, style, left, 0.006 * scale))
            # Each note is a line of Unicode isolates (graph.model.bidi), wrapped with every
            # isolate closed and reopened at its breaks; Arabic notes are set flush right.
            lines = [line for note in notes for line in ("\u2022 " + note).lines(columns)]
            rtl = all(note.rtl for note in notes)
            where = {"ha": "right", "multialignment": "right"} if rtl else {}
            blocks.append(("\n".join(lines), {**style, **where}, 0.97 if rtl else left, gap))
        drawn = []
        y = top
        for text, style, x, below in blocks:
            placed = {"ha": "left", **style}
            artist = _text(figure, x, y, text, va="top", linespacing=1.35, **placed)
            drawn.append(artist)
            y -= artist.get_window_extent(renderer).height / height_px + below
        if y + 0.025 * scale >= BOTTOM_MARGIN or scale == TEXT_SCALES[-1]:
            break
        for artist in drawn:
            artist.remove()
    for artist in drawn:
        # Past the smallest size, a block that would cross the bottom margin is left out.
        if artist.get_window_extent(renderer).y0 < BOTTOM_MARGIN * height_px:
            artist.remove()
