"""A real SPARQL server as the store: Debian's Virtuoso, started by the suite on loopback."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import networkx as nx
import pytest

from graph.network.concepts import to_networkx
from graph.network.search import search
from graph.sparql.runner import QueryRunner
from graph.store.remote import RemoteStore, StoreUnavailableError
from graph.store.stats import graph_stats
from tests.conftest import SHARED, VIRTUOSO_GRAPHS


@pytest.fixture(scope="module")
def essay(virtuoso: str) -> RemoteStore:
    return RemoteStore(virtuoso, default_graph=VIRTUOSO_GRAPHS["essay"])


def test_the_concept_network_on_virtuoso_equals_the_embedded_one(
    essay: RemoteStore, network: nx.MultiDiGraph
) -> None:
    remote = to_networkx(essay)
    assert set(remote.nodes) == set(network.nodes)
    assert {k for *_, k in remote.edges(keys=True)} == {k for *_, k in network.edges(keys=True)}
    for node, data in network.nodes(data=True):
        theirs = remote.nodes[node]
        assert (theirs["label"], theirs["cls"], theirs["excerpts"]) == (
            data["label"],
            data["cls"],
            data["excerpts"],
        )
    stats = graph_stats(essay)
    assert (stats.concepts, stats.claims, stats.documents) == (34, 50, 1)


def test_user_queries_run_on_the_server_through_the_bounded_runner(essay: RemoteStore) -> None:
    with QueryRunner.for_store(essay, workers=1, timeout=20) as runner:
        answer = runner.run(
            "SELECT ?l WHERE { ?c a bg:InternationalBody ; skos:prefLabel ?l "
            'FILTER (LANG(?l) = "en") }'
        )
    assert sorted(str(row[0]) for row in answer.result.rows) == [
        "INTERPOL",
        "International bodies",
        "United Nations",
    ]


@pytest.mark.skipif(not (SHARED / "data" / "unesco-thesaurus.ttl").is_file(), reason="no shared/")
def test_the_thesaurus_on_virtuoso_is_explored_and_cut_results_are_marked_partial(
    virtuoso: str,
) -> None:
    thesaurus = RemoteStore(virtuoso, default_graph=VIRTUOSO_GRAPHS["unesco"])
    network = to_networkx(thesaurus)
    (hit, *_) = search(network, "terrorism")
    assert hit.label == "Terrorism"
    assert {network.nodes[t]["label"] for _, t in network.out_edges(hit.iri)} >= {"Crime"}
    # Past the server's row cap (ResultSetMaxRows = 10,000) a query of briefgraph's own is
    # read page by page; one that asks for more than the cap in one go is marked partial.
    everything = thesaurus.query("SELECT * WHERE { ?s ?p ?o }")
    assert not everything.partial and len(everything.rows) == len(thesaurus) == 75_172
    cut = thesaurus.query("SELECT * WHERE { ?s ?p ?o } LIMIT 20000")
    assert cut.partial and len(cut.rows) == 10_000
    assert not thesaurus.query("SELECT * WHERE { ?s ?p ?o } LIMIT 5").partial


@pytest.mark.skipif(not (SHARED / "data" / "unesco-thesaurus.ttl").is_file(), reason="no shared/")
def test_a_page_of_the_thesaurus_is_read_from_virtuoso_as_from_the_embedded_store(
    virtuoso: str, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph.network.overview import page
    from graph.store.labels import LabelIndex
    from graph.store.persisted import persisted_store

    monkeypatch.setenv("BRIEFGRAPH_HOME", str(tmp_path))
    remote = RemoteStore(virtuoso, default_graph=VIRTUOSO_GRAPHS["unesco"])
    embedded = persisted_store(SHARED / "data" / "unesco-thesaurus.ttl")
    terrorism = "http://vocabularies.unesco.org/thesaurus/concept6843"
    pages = []
    for store in (remote, embedded):
        index = LabelIndex.for_store(store)
        assert index.search("terrorism", 1)[0].iri == terrorism
        first = page(store, index, "fr", budget=120, node=terrorism).folded
        pages.append(
            (
                {n: d["label"] for n, d in first.network.nodes(data=True)},
                {k for *_, k in first.network.edges(keys=True)},
                first.folded,
            )
        )
    assert pages[0] == pages[1]
    labels = pages[0][0]
    assert labels[terrorism] == "Terrorisme" and len(labels) <= 120


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A loopback server that accepts connections and never answers."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    stop.set()
    thread.join(timeout=2)
    for connection in held:
        connection.close()
    listener.close()


def test_a_slow_server_gets_a_clear_message_within_its_timeout(silent_server: str) -> None:
    store = RemoteStore(silent_server, read_timeout=1.5)
    started = time.monotonic()
    with pytest.raises(StoreUnavailableError, match=r"did not answer within 1\.5 s"):
        store.query("ASK {}")
    assert time.monotonic() - started < 5


def test_a_dead_server_gets_a_clear_message_at_once() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe closes
    store = RemoteStore(f"http://127.0.0.1:{port}/sparql")
    with pytest.raises(StoreUnavailableError, match="does not answer: is it running"):
        store.query("ASK {}")


def test_a_refused_query_says_what_the_server_said(essay: RemoteStore) -> None:
    with pytest.raises(StoreUnavailableError, match=r"refused the query \(HTTP 400\)"):
        essay.query("SELECT WHERE {")


def test_the_cli_reads_a_remote_server_and_says_when_it_cut_an_answer(virtuoso: str) -> None:
    import subprocess
    import sys

    from tests.conftest import REPO

    def briefgraph(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "graph", *args, "--endpoint", virtuoso],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    stats = briefgraph("stats", "--endpoint-graph", VIRTUOSO_GRAPHS["essay"])
    assert stats.returncode == 0 and "concepts  34" in stats.stdout
    if (SHARED / "data" / "unesco-thesaurus.ttl").is_file():
        cut = briefgraph(
            "query", "SELECT * WHERE { ?s ?p ?o } LIMIT 20000", "--max-rows", "50000",
            "--format", "csv", "--endpoint-graph", VIRTUOSO_GRAPHS["unesco"],
        )  # fmt: skip
        assert cut.returncode == 0, cut.stderr
        assert "cut this answer at its row limit" in cut.stderr


def test_answers_from_a_remote_server_are_never_cached(essay: RemoteStore) -> None:
    with QueryRunner.for_store(essay, workers=1, timeout=20) as runner:
        runner.run("SELECT ?l WHERE { concept:interpol skos:prefLabel ?l }")
        again = runner.run("SELECT ?l WHERE { concept:interpol skos:prefLabel ?l }")
    assert not again.cached  # the server's data may change between two runs
