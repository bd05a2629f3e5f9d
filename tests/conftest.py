"""Shared fixtures: the default corpus and its graph, a tiny hand-written corpus, helpers."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph

from graph.build import build_graph
from graph.corpus import Corpus, default_corpus, load_corpus
from graph.network import to_networkx
from graph.store import Store, open_store

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
ESSAY = REPO / "corpus" / "security-cooperation" / "essay.txt"
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def essay_text() -> str:
    """The essay read straight from its file, not from the graph."""
    return ESSAY.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared/ folder (seeds and public RDF), or skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("shared/ is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return default_corpus()


@pytest.fixture(scope="session")
def rdf_graph(corpus: Corpus) -> Graph:
    """The default graph. Session-wide: tests must not change it."""
    return build_graph(corpus)


@pytest.fixture(scope="session", params=["oxigraph", "rdflib"])
def any_store(request: pytest.FixtureRequest, rdf_graph: Graph) -> Store:
    """The default graph in each backend."""
    return open_store(rdf_graph, request.param)


@pytest.fixture(scope="session")
def store(rdf_graph: Graph) -> Store:
    """The default graph in the default backend (Oxigraph)."""
    return open_store(rdf_graph)


@pytest.fixture(scope="session")
def network(store: Store) -> nx.MultiDiGraph:
    return to_networkx(store)


@pytest.fixture
def tiny_corpus() -> Corpus:
    return load_corpus(DATA / "tiny")


@pytest.fixture
def edited_corpus(tmp_path: Path) -> Callable[[Callable[[str], str]], Path]:
    """Copy the default corpus to a temporary folder, edit its annotations, return the folder."""

    def make(edit: Callable[[str], str]) -> Path:
        folder = tmp_path / "corpus"
        shutil.copytree(REPO / "corpus" / "security-cooperation", folder / "security-cooperation")
        annotations = folder / "security-cooperation" / "annotations.yaml"
        original = annotations.read_text(encoding="utf-8")
        edited = edit(original)
        assert edited != original, "the edit changed nothing"
        annotations.write_text(edited, encoding="utf-8")
        return folder

    return make
