"""Any RDF graph, large ones folded to a budget, loaded straight into Oxigraph on disk."""

from __future__ import annotations

import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph.errors import RDFInputError
from graph.network.budget import FOLDED, fold
from graph.network.concepts import to_networkx
from graph.network.resources import languages
from graph.network.search import search
from graph.store.persisted import COMPLETE, persisted_store, stores_dir
from tests.conftest import failures

SKOS = "http://www.w3.org/2004/02/skos/core#"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def thesaurus(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> nx.MultiDiGraph:
    import os

    os.environ["BRIEFGRAPH_HOME"] = str(tmp_path_factory.mktemp("home"))
    try:
        store = persisted_store(shared_dir / "data" / "unesco-thesaurus.ttl")
        return to_networkx(store)
    finally:
        del os.environ["BRIEFGRAPH_HOME"]


def test_the_unesco_thesaurus_is_explorable_as_skos_concepts(thesaurus: nx.MultiDiGraph) -> None:
    concepts = [n for n, d in thesaurus.nodes(data=True) if d["cls"] == f"{SKOS}Concept"]
    assert len(concepts) == 4421  # as the issue counted them
    (hit, *_) = search(thesaurus, "terrorism")
    assert hit.label == "Terrorism"
    related = {
        thesaurus.edges[e]["relation_label"]: thesaurus.nodes[e[1]]["label"]
        for e in thesaurus.out_edges(hit.iri, keys=True)
        if thesaurus.edges[e]["relation_label"] in {"broader", "related"}
    }
    assert set(related) == {"broader", "related"}
    assert all(not d["excerpts"] for _, d in thesaurus.nodes(data=True))


def test_labels_follow_the_chosen_language(shared_dir: Path, home: Path) -> None:
    store = persisted_store(shared_dir / "data" / "unesco-thesaurus.ttl")
    assert languages(store)[:4] and set(languages(store)) >= {"en", "fr", "es", "ru"}
    french = to_networkx(store, "fr")
    (hit,) = [n for n, d in french.nodes(data=True) if d["label"] == "Terrorisme"]
    assert hit.endswith("concept6843")


def test_a_persisted_store_is_reused_and_rebuilt_when_its_source_changes(
    tmp_path: Path, home: Path
) -> None:
    source = tmp_path / "small.ttl"
    source.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<urn:a> a skos:Concept ; skos:prefLabel 'A'@en ; skos:broader <urn:b> .\n"
        "<urn:b> a skos:Concept ; skos:prefLabel 'B'@en .\n",
        encoding="utf-8",
    )
    first = persisted_store(source)
    assert len(first) == 5 and first.location is not None
    assert (first.location / COMPLETE).is_file()
    started = time.perf_counter()
    again = persisted_store(source)
    assert again.location == first.location
    assert time.perf_counter() - started < 1.0
    source.write_text(source.read_text() + "<urn:c> a skos:Concept .\n", encoding="utf-8")
    changed = persisted_store(source)
    assert changed.location != first.location and len(changed) == 6
    assert len(list(stores_dir().iterdir())) == 2


def test_a_malformed_file_leaves_no_half_store(tmp_path: Path, home: Path) -> None:
    source = tmp_path / "broken.ttl"
    source.write_text("<urn:a> <urn:b> .\n", encoding="utf-8")
    with pytest.raises(RDFInputError, match=r"broken\.ttl is not valid turtle: .*line 1"):
        persisted_store(source)
    assert not stores_dir().exists() or not any(stores_dir().iterdir())


def generated(nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """A seeded SKOS-like network: concepts in a few classes, each linked to earlier ones."""
    rng = random.Random(seed)
    network = nx.MultiDiGraph()
    classes = [f"urn:class:{k}" for k in ("Concept", "Place", "Event", "Body")]
    for i in range(nodes):
        cls = classes[i % len(classes)]
        network.add_node(f"urn:n:{i}", label=f"N{i}", cls=cls, class_label=cls[10:], excerpts=())
        for target in {rng.randrange(i) for _ in range(2)} if i else ():
            key = f"urn:n:{i} broader urn:n:{target}"
            network.add_edge(f"urn:n:{i}", f"urn:n:{target}", key=key, relation="broader")
    return network


def test_a_large_graph_is_folded_to_the_budget_with_counts_that_add_up() -> None:
    network = generated(50_000)
    page = fold(network, budget=300)
    assert page.network.number_of_nodes() <= 300
    aggregates = [n for n in page.network if n.startswith(FOLDED)]
    assert len(aggregates) == 4
    folded = sum(page.network.nodes[n]["folded"] for n in aggregates)
    assert folded + page.shown == 50_000 == page.total
    assert "folded into 4 groups by class" in page.summary()
    real = [n for n in page.network if not n.startswith(FOLDED)]
    degrees = sorted((network.degree(n) for n in network), reverse=True)
    assert sorted((network.degree(n) for n in real), reverse=True) == degrees[: len(real)]


def test_expanding_a_node_adds_exactly_its_neighbours() -> None:
    network = generated(50_000)
    before = fold(network, budget=300)
    node = next(n for n in sorted(network, key=network.degree) if n not in before.network)
    after = fold(network, budget=300, expand=[node])
    neighbours = set(nx.all_neighbors(network, node))
    added = {n for n in set(after.network) - set(before.network) if not n.startswith(FOLDED)}
    assert node in after.network and neighbours <= set(after.network)
    assert added == ({node} | neighbours) - set(before.network)
    assert after.network.number_of_nodes() <= 300


def test_a_graph_within_the_budget_is_drawn_whole() -> None:
    network = generated(120)
    assert fold(network, budget=300).network is network


def test_the_app_opens_the_thesaurus_within_the_budget(
    shared_dir: Path, home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    monkeypatch.setenv("BRIEFGRAPH_DATA", str(shared_dir / "data" / "unesco-thesaurus.ttl"))
    app = AppTest.from_file(str(REPO / "app" / "main.py"), default_timeout=180).run()
    assert not failures(app), failures(app)
    captions = [c.value for c in app.caption]
    assert any("of a graph of 4,517 resources, read a page at a time" in c for c in captions)
    folded = next(c for c in captions if "resources are drawn" in c)
    drawn = int(folded.split(" of ")[0].replace(",", ""))
    groups = int(folded.split("folded into ")[1].split(" group")[0])
    assert drawn + groups <= 300
    app.text_input(key="search").input("terrorism").run()
    hit = next(b for b in app.button if b.label == "Terrorism")
    hit.click().run()
    assert not failures(app), failures(app)
    assert app.subheader[0].value == "Terrorism"
    relations = [b.label for b in app.button if b.key and b.key.startswith("rel-")]
    assert "Terrorism broader Crime" in relations and "Terrorism related Extremism" in relations
    assert any("No source excerpts" in i.value for i in app.info)
    app.selectbox(key="language").set_value("fr").run()
    assert app.subheader[0].value == "Terrorisme"


def test_the_label_index_finds_by_prefix_word_substring_and_accents_in_every_language(
    shared_dir: Path, home: Path
) -> None:
    from graph.store.labels import INDEX_FILE, LabelIndex

    store = persisted_store(shared_dir / "data" / "unesco-thesaurus.ttl")
    index = LabelIndex.for_store(store)
    assert store.location is not None and (store.location / INDEX_FILE).is_file()
    assert len(index) > 30_000  # every label and other name, in en, fr, es and ru

    def first(query: str) -> tuple[str, int]:
        hit = index.search(query, 1)[0]
        return hit.label, hit.rank

    assert first("terrorism") == ("Terrorism", 0)  # exact
    assert first("securite") == ("Sécurité", 0)  # accents and case folded
    assert first("international secu")[1] == 2  # prefix
    assert first("rrorism")[1] == 5  # substring
    assert any(h.iri.endswith("concept6843") for h in index.search("terror", 10))
    assert index.search("", 5) == [] and index.search('"*', 5) == []
    reopened = LabelIndex.for_store(persisted_store(shared_dir / "data" / "unesco-thesaurus.ttl"))
    assert len(reopened) == len(index)


def test_the_most_connected_resources_are_read_from_the_index(shared_dir: Path, home: Path) -> None:
    from graph.store.labels import LabelIndex

    store = persisted_store(shared_dir / "data" / "unesco-thesaurus.ttl")
    index = LabelIndex.for_store(store)
    network = to_networkx(store)
    by_degree = sorted(network, key=lambda n: (-network.degree(n), n))[:5]
    assert index.top_degree(5) == [(n, network.degree(n)) for n in by_degree]
    assert index.top_degree(1)[0][1] > 100
    classes = Counter(cls for _, cls in network.nodes(data="cls"))
    assert index.class_counts() == dict(classes)
    assert index.resource_count() == network.number_of_nodes() == sum(classes.values())
    assert by_degree[0] in index and "urn:not-there" not in index
    assert index.languages() == languages(store)


def generated_file(path: Path, nodes: int, seed: int = 7) -> nx.MultiDiGraph:
    """Write generated(nodes) as SKOS Turtle to ``path``; return the network it holds."""
    network = generated(nodes, seed)
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> ."]
    for node, attrs in network.nodes(data=True):
        links = "".join(f" ; skos:broader <{t}>" for _, t in network.out_edges(node))
        lines.append(f'<{node}> a <{attrs["cls"]}> ; skos:prefLabel "{attrs["label"]}"@en{links} .')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return network


@pytest.fixture(scope="module")
def large_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, nx.MultiDiGraph]:
    import os

    from graph.store.labels import LabelIndex

    folder = tmp_path_factory.mktemp("large")
    os.environ["BRIEFGRAPH_HOME"] = str(folder / "home")
    try:
        network = generated_file(folder / "large.ttl", 50_000)
        store = persisted_store(folder / "large.ttl")
        return (store, LabelIndex.for_store(store)), network
    finally:
        del os.environ["BRIEFGRAPH_HOME"]


def test_a_page_read_from_the_store_keeps_the_budget_and_counts_that_add_up(
    large_store: tuple[Any, nx.MultiDiGraph],
) -> None:
    from graph.network.overview import page

    (store, index), network = large_store
    first = page(store, index, budget=300).folded
    assert first.network.number_of_nodes() <= 300
    aggregates = [n for n in first.network if n.startswith(FOLDED)]
    assert len(aggregates) == 4
    folded = sum(first.network.nodes[n]["folded"] for n in aggregates)
    assert folded + first.shown == 50_000 == first.total
    real = [n for n in first.network if not n.startswith(FOLDED)]
    degrees = sorted((network.degree(n) for n in network), reverse=True)
    assert sorted((network.degree(n) for n in real), reverse=True) == degrees[: len(real)]
    # Links among the drawn resources are exactly the graph's.
    expected = {(a, b) for a, b in network.subgraph(real).edges()}
    assert {(a, b) for a, b in first.network.edges()} == expected


def test_selecting_a_resource_of_a_large_graph_draws_exactly_its_neighbours(
    large_store: tuple[Any, nx.MultiDiGraph],
) -> None:
    from graph.network.overview import page

    (store, index), network = large_store
    before = page(store, index, budget=300).folded
    node = next(n for n in sorted(network, key=network.degree) if n not in before.network)
    after = page(store, index, budget=300, node=node).folded
    neighbours = set(nx.all_neighbors(network, node))
    assert node in after.network and neighbours <= set(after.network)
    assert after.network.number_of_nodes() <= 300
    two = page(store, index, budget=300, node=node, hops=2)
    within = set(nx.ego_graph(network.to_undirected(as_view=True), node, radius=2))
    assert set(two.folded.network) == within and not two.cut
    hub = index.top_degree(1)[0][0]
    crowded = page(store, index, budget=300, node=hub, hops=3)
    assert crowded.cut and crowded.folded.network.number_of_nodes() == 300


@pytest.mark.parametrize("page", ["sources", "tables", "analytics", "present", "sparql"])
def test_every_page_opens_on_a_graph_without_documents(
    tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    from streamlit.testing.v1 import AppTest

    from tests.conftest import REPO

    source = tmp_path / "small.ttl"
    source.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<urn:a> a skos:Concept ; skos:prefLabel 'Alpha'@en ; skos:broader <urn:b> .\n"
        "<urn:b> a skos:Concept ; skos:prefLabel 'Beta'@en .\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("BRIEFGRAPH_DATA", str(source))
    app = AppTest.from_file(str(REPO / "app" / "main.py"), default_timeout=120)
    app.switch_page(f"app_pages/{page}.py")
    app.run()
    assert not failures(app), failures(app)
