"""A label-aware layout: Graphviz places nodes so that no two labels overlap.

Each node is given to Graphviz as a box the size of what vis-network draws for
it (the shape and the label under it, from the label's length and the font
size), and ``overlap=prism`` removes every overlap between boxes while keeping
the shape of the stress layout (neato; sfdp for large pages). Graphviz comes
from Debian's graphviz package (``make`` installs it); where it is missing or
fails, the caller falls back to networkx's spring layout and says so in the log.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
import textwrap
from collections.abc import Collection, Mapping, Sequence

import networkx as nx

log = logging.getLogger(__name__)

FONT_SIZE = 14
"""vis-network's label size in the default view (graph.view.render.ThemeStyle.font_size)."""
CHAR_WIDTH = 0.62
"""Average advance of a sans-serif character, in font sizes (on the generous side)."""
SHAPE = 32.0
"""A node's drawn diameter, in pixels (vis-network size 16)."""
GAP = 6.0
"""Extra room kept around every box, in pixels."""
LABEL_WIDTH = 170
"""The widest a label is drawn (vis-network's widthConstraint); longer ones wrap."""
TIMEOUT = 30.0
LARGE = 150
"""Above this many nodes sfdp (multilevel) lays out instead of neato."""
GROUP_LENGTH = 1.0
"""The length (inches) of the springs that hold a group together. Shorter ones pack a
group so tight that overlap removal pushes it apart: over 20 seeds of the default
briefing, its smallest step was drawn at 18.8 px on average with 0.5, 21.8 px with 1.0."""
MAX_ZOOM = 2.0
"""The most a focus is blown up (network.js fitFocus's maxZoomLevel)."""


def graphviz_available() -> bool:
    """True when Graphviz's neato and sfdp are on the PATH."""
    return shutil.which("neato") is not None and shutil.which("sfdp") is not None


def wrap_label(label: str, font_size: float = FONT_SIZE) -> list[str]:
    """Return the lines a label is drawn in: wrapped at word breaks within LABEL_WIDTH,
    as vis-network wraps it (the handouts wrap the same way)."""
    per_line = max(int(LABEL_WIDTH / (font_size * CHAR_WIDTH)), 8)
    return textwrap.wrap(label, per_line) or [""]


def label_box(label: str, font_size: float = FONT_SIZE) -> tuple[float, float, float]:
    """Return the width and height (pixels) of a node with the label hanging below it, as
    vis-network draws them, and how far the node's centre sits above the box's centre."""
    lines = wrap_label(label, font_size)
    # A label that wraps is drawn as wide as the constraint allows.
    text_width = LABEL_WIDTH if len(lines) > 1 else len(label) * font_size * CHAR_WIDTH
    height = SHAPE + 4 + font_size * 1.25 * len(lines) + GAP
    return max(text_width, SHAPE) + GAP, height, height / 2 - SHAPE / 2 - GAP / 2


def label_aware_positions(
    network: nx.MultiDiGraph,
    labels: Mapping[str, str],
    seed: int = 7,
    groups: Sequence[Collection[str]] = (),
) -> dict[str, tuple[float, float]]:
    """Return positions (vis-network pixels, centred on 0) in which no two label boxes
    overlap; raises OSError or subprocess errors when Graphviz cannot run."""
    import pydot

    nodes = sorted(network.nodes)
    index = {node: f"n{i}" for i, node in enumerate(nodes)}
    dot = pydot.Dot(graph_type="graph", overlap="prism", sep="+4", start=str(seed),
                    splines="false", outputorder="nodesfirst")  # fmt: skip
    dot.set_node_defaults(shape="box", fixedsize="true", label="")
    lift: dict[str, float] = {}
    for node in nodes:
        width, height, lift[node] = label_box(labels.get(node, ""))
        dot.add_node(
            pydot.Node(index[node], width=f"{width / 72:.3f}", height=f"{height / 72:.3f}")
        )
    for a, b in sorted({tuple(sorted((a, b))) for a, b in network.edges() if a != b}):
        dot.add_edge(pydot.Edge(index[a], index[b]))
    # Nodes shown together (a briefing step's focus) are pulled close, so that zooming to
    # them on a projector makes their labels large: short, stiff springs between them.
    for group in groups:
        members = sorted(n for n in group if n in index)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                dot.add_edge(pydot.Edge(index[a], index[b], len=f"{GROUP_LENGTH}",
                                        weight="10", style="invis"))  # fmt: skip
    program = "sfdp" if len(nodes) > LARGE else "neato"
    finished = subprocess.run(
        [program, "-Tplain"],
        input=dot.to_string().encode("utf-8"),
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    placed: dict[str, tuple[float, float]] = {}
    by_id = {v: k for k, v in index.items()}
    for line in finished.stdout.decode("utf-8").splitlines():
        parts = line.split()
        if len(parts) >= 4 and parts[0] == "node" and parts[1] in by_id:
            # Graphviz's y grows upwards, in inches; vis-network's grows downwards, in
            # pixels; the node sits at the top of its box, its label below it.
            node = by_id[parts[1]]
            placed[node] = (float(parts[2]) * 72, -float(parts[3]) * 72 - lift[node])
    if len(placed) != len(nodes):
        raise OSError(f"{program} placed {len(placed)} of {len(nodes)} nodes")
    xs = [x for x, _ in placed.values()]
    ys = [y for _, y in placed.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    return {n: (round(x - cx, 1), round(y - cy, 1)) for n, (x, y) in placed.items()}


def fit_scale(
    positions: Mapping[str, tuple[float, float]],
    labels: Mapping[str, str],
    nodes: Collection[str],
    frame: tuple[float, float],
) -> float:
    """Return the zoom at which ``nodes`` with their labels (label_box) just fill a frame of
    ``frame`` (width, height) pixels, at most MAX_ZOOM: what fitting the view to them gives
    (vis-network measures the labels it draws, so a browser's value differs by a few %)."""
    boxes = []
    for node in nodes:
        x, y = positions[node]
        width, height, _ = label_box(labels.get(node, ""))
        top = y - SHAPE / 2 - GAP / 2
        boxes.append((x - width / 2, top, x + width / 2, top + height))
    if not boxes:
        return MAX_ZOOM
    spread_x = max(b[2] for b in boxes) - min(b[0] for b in boxes)
    spread_y = max(b[3] for b in boxes) - min(b[1] for b in boxes)
    return min(frame[0] / spread_x, frame[1] / spread_y, MAX_ZOOM)
