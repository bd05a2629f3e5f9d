"""Layouts: deterministic defaults; pinned positions saved atomically and read back."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.errors import BriefgraphError
from graph.network.layout import default_positions, load_positions, save_positions

LAYOUT_IN_A_PROCESS = """
import json
from graph.model.build import build_graph
from graph.model.corpus import default_corpus
from graph.network.concepts import to_networkx
from graph.network.layout import default_positions
from graph.store.backends import open_store
print(json.dumps(default_positions(to_networkx(open_store(build_graph(default_corpus()))))))
"""


def test_the_default_layout_is_the_same_in_any_process(network: nx.MultiDiGraph) -> None:
    import json
    import os
    import subprocess
    import sys

    runs = [
        subprocess.run([sys.executable, "-c", LAYOUT_IN_A_PROCESS], capture_output=True,
                       text=True, check=True, env={**os.environ, "PYTHONHASHSEED": seed})
        for seed in ("1", "2")
    ]  # fmt: skip
    first, second = (json.loads(run.stdout) for run in runs)
    assert first == second
    assert set(first) == set(network.nodes)
    assert {k: tuple(v) for k, v in first.items()} == default_positions(network)


def test_no_two_label_boxes_overlap_in_the_default_layout(network: nx.MultiDiGraph) -> None:
    from graph.network.label_layout import graphviz_available, label_box

    if not graphviz_available():
        pytest.fail("Graphviz is missing: `make test` installs Debian's graphviz")
    placed = default_positions(network)
    boxes = {}
    for node, (x, y) in placed.items():
        width, height, lift = label_box(network.nodes[node]["label"])
        top = y - height / 2 + lift  # the node sits at the top of its box
        boxes[node] = (x - width / 2, top, x + width / 2, top + height)
    nodes = sorted(boxes)
    clashes = [
        (a, b)
        for i, a in enumerate(nodes)
        for b in nodes[i + 1 :]
        if boxes[a][0] < boxes[b][2] and boxes[b][0] < boxes[a][2]
        and boxes[a][1] < boxes[b][3] and boxes[b][1] < boxes[a][3]
    ]  # fmt: skip
    assert clashes == []


def test_without_graphviz_the_spring_layout_is_used(
    network: nx.MultiDiGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.network.layout as layout

    monkeypatch.setattr(layout, "graphviz_available", lambda: False)
    assert default_positions(network) == layout.spring_positions(network)


def test_saved_positions_read_back_equal(tmp_path: Path) -> None:
    path = tmp_path / "layouts" / "x.json"
    save_positions(path, {"a": (1.25, -3.0), "b": (0.0, 7.5)})
    assert load_positions(path) == {"a": (1.2, -3.0), "b": (0.0, 7.5)}


def test_a_missing_layout_is_empty_and_a_broken_one_is_named(tmp_path: Path) -> None:
    assert load_positions(tmp_path / "none.json") == {}
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(BriefgraphError, match=r"broken\.json cannot be read"):
        load_positions(broken)


def test_the_projector_layout_draws_every_default_step_with_a_margin_over_20_px(
    store: object,
) -> None:
    from graph.briefing.deck import PROJECTOR_FRAME, Deck
    from graph.briefing.files import DEFAULT_BRIEFING, default_library
    from graph.network.label_layout import fit_scale, graphviz_available

    if not graphviz_available():
        pytest.fail("Graphviz is missing: `make test` installs Debian's graphviz")
    deck = Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)  # type: ignore[arg-type]
    labels = {n: str(d.get("label", "")) for n, d in deck.network.nodes(data=True)}
    # The browser measures labels a few % wider than label_box: the design keeps >= 22 px
    # (14 px labels at the fitted zoom), so the browser test's 20 px floor has room.
    sizes = [14 * fit_scale(deck.positions, labels, s.nodes, PROJECTOR_FRAME) for s in deck.scenes]
    assert min(sizes) >= 22, [round(s, 1) for s in sizes]
    again = Deck.from_store(default_library().load(DEFAULT_BRIEFING), store)  # type: ignore[arg-type]
    assert again.positions == deck.positions  # the same steps get the same layout
