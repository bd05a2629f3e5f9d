"""Layouts: deterministic defaults; pinned positions saved atomically and read back."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from graph.errors import BriefgraphError
from graph.network.layout import default_positions, load_positions, save_positions


def test_the_default_layout_never_changes(network: nx.MultiDiGraph) -> None:
    assert default_positions(network) == default_positions(network)
    assert set(default_positions(network)) == set(network.nodes)


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
