"""The endpoint beside its engine: ``briefgraph serve`` and ``oxigraph serve-read-only`` (the
PyPI package ``oxigraph``) on the same data, driven by the same clients with unique texts.

The clients run from two processes (bench.load.drive_spread), so one interpreter's
lock does not add its waits to the latencies. Each request's text ends in a comment of
its own, as real clients (YASGUI, scripts, dashboards) send a new text almost every time,
so no answer comes from a cache. The queries are the shipped examples with their
prefixes declared (Oxigraph's server knows none of briefgraph's), POSTed as
application/sparql-query with Accept application/sparql-results+json (CONSTRUCT and
DESCRIBE ask for N-Triples).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from bench.load import LoadReport, drive, drive_spread
from bench.sparql import REPO, _free_port
from graph.sparql.checks import check_query
from graph.store.queries import example_queries

LEVELS = (1, 4, 16)
ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


def _wait_for(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server for {url} stopped at start")
        try:
            urllib.request.urlopen(url, timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{url} did not answer within 300 s")


@contextmanager
def oxigraph_server(data: Path, rdf_format: str = "nt") -> Iterator[str]:
    """Yield the query URL of ``oxigraph serve-read-only`` holding ``data``."""
    binary = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which(
        "oxigraph"
    )
    if binary is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    with tempfile.TemporaryDirectory(prefix="bench-oxigraph-") as folder:
        subprocess.run(
            [binary, "load", "--location", folder, "--file", str(data), "--format", rdf_format],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        port = _free_port()
        process = subprocess.Popen(
            [binary, "serve-read-only", "--location", folder, "--bind", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            _wait_for(f"http://127.0.0.1:{port}/query?query=ASK%7B%7D", process)
            yield f"http://127.0.0.1:{port}/query"
        finally:
            process.terminate()
            process.wait(timeout=10)


@contextmanager
def briefgraph_server(data: Path | None, *options: str) -> Iterator[tuple[str, int]]:
    """Yield the query URL and process id of ``briefgraph serve`` on ``data`` (the shipped
    corpus when None)."""
    port = _free_port()
    command = [sys.executable, "-m", "graph", "serve", "--port", str(port), *options]
    if data is not None:
        command += ["--data", str(data)]
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}/sparql", process.pid
    finally:
        process.terminate()
        process.wait(timeout=10)


def declared_examples() -> list[str]:
    """The shipped example queries with every prefix they use declared."""
    return [check_query(query.text).text for query in example_queries()]


def side_by_side(
    label: str,
    data: Path | None,
    nt_file: Path,
    queries: Sequence[str],
    *,
    seconds: float = 5.0,
    levels: Sequence[int] = LEVELS,
) -> list[tuple[int, LoadReport, LoadReport]]:
    """Drive both servers at each level of clients and print the figures with their ratio."""
    print(f"\n{label}: briefgraph serve beside oxigraph serve-read-only, unique texts, "
          f"{seconds:g} s per level")  # fmt: skip
    rows: list[tuple[int, LoadReport, LoadReport]] = []
    with oxigraph_server(nt_file) as baseline, briefgraph_server(data) as (ours, _):
        for clients in levels:
            theirs = _level(baseline, queries, clients, seconds)
            mine = _level(ours, queries, clients, seconds)
            rows.append((clients, mine, theirs))
            print(
                f"{clients:>2} clients  briefgraph {_figures(mine)} | oxigraph {_figures(theirs)}"
                f" | {_rate(theirs) / max(_rate(mine), 1e-9):4.2f}x slower, p99 "
                f"{mine.percentile(0.99) / max(theirs.percentile(0.99), 1e-9):4.2f}x"
            )
    return rows


def _level(endpoint: str, queries: Sequence[str], clients: int, seconds: float) -> LoadReport:
    """Return what ``clients`` clients saw in ``seconds``, after a second's warm-up."""
    drive(endpoint, queries, clients=clients, seconds=1.0, uncached=True, accept=ACCEPT)
    return drive_spread(
        endpoint, queries, clients=clients, seconds=seconds, uncached=True, accept=ACCEPT
    )


def _rate(report: LoadReport) -> float:
    return report.answered / report.seconds


def _figures(report: LoadReport) -> str:
    return (
        f"{_rate(report):5.0f} q/s p50 {report.percentile(0.5) * 1e3:5.1f} ms "
        f"p99 {report.percentile(0.99) * 1e3:6.1f} ms, {report.errors} errors"
    )


GENERIC = (
    "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type",
    "SELECT ?c ?label WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } LIMIT 50",
    "SELECT ?p ?o WHERE { ?s ?p ?o } LIMIT 20",
    "ASK { ?s <http://www.w3.org/2004/02/skos/core#broader> ?o }",
    "SELECT ?c WHERE { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?l "
    'FILTER(CONTAINS(LCASE(STR(?l)), "secur")) } LIMIT 20',
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 30",
)
"""Questions any SKOS thesaurus answers (the shipped examples ask about briefgraph's terms)."""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


ROUNDS = 3
"""Rounds of 14 alone and 14 beside the runaways, taken in turn: on 2 cores shared with
the clients, one pair of runs varied from 67% to 99%; the median of the rounds is kept."""


def beside_runaways(seconds: float) -> None:
    """14 clients alone, then the same 14 beside 2 clients sending a runaway product, in
    ROUNDS alternating rounds; each round's share and the median are printed."""
    import statistics

    queries = declared_examples()
    print(f"\nthe shipped essay: 14 clients alone, then beside 2 runaway clients, {seconds:g} s"
          f" each, {ROUNDS} rounds in turn")  # fmt: skip
    shares, p50s = [], []
    with briefgraph_server(None, "--timeout", "5") as (ours, _):
        for number in range(1, ROUNDS + 1):
            alone = drive_spread(
                ours, queries, clients=14, seconds=seconds, uncached=True, accept=ACCEPT
            )
            mixed = drive_spread(
                ours,
                queries,
                clients=16,
                seconds=seconds,
                runaway=RUNAWAY,
                runaway_clients=2,
                uncached=True,
                accept=ACCEPT,
            )
            shares.append(_rate(mixed) / max(_rate(alone), 1e-9))
            p50s.append(mixed.percentile(0.5) * 1e3)
            print(f"  round {number}: 14 alone {_figures(alone)}")
            print(f"  round {number}: 14 beside 2 runaway {_figures(mixed)}: {shares[-1]:.0%}")
    print(f"14 beside 2 runaway: median {statistics.median(shares):.0%} of the throughput alone,"
          f" median p50 {statistics.median(p50s):.1f} ms")  # fmt: skip


def main(seconds: float = 5.0) -> None:
    from bench.scale import generate
    from graph.store.load import default_store

    with tempfile.TemporaryDirectory(prefix="bench-engine-") as folder:
        essay = Path(folder) / "essay.nt"
        essay.write_bytes(default_store().ntriples())
        side_by_side("the shipped essay", None, essay, declared_examples(), seconds=seconds)
        beside_runaways(seconds * 2)
        unesco = REPO.parent / "shared" / "data" / "unesco-thesaurus.ttl"
        if unesco.exists():
            nt = Path(folder) / "unesco.nt"
            import pyoxigraph

            triples = pyoxigraph.parse(path=str(unesco), format=pyoxigraph.RdfFormat.TURTLE)
            pyoxigraph.serialize(triples, str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
            side_by_side("the UNESCO Thesaurus", nt, nt, GENERIC, seconds=seconds)
        million = Path(folder) / "million.nt"
        generate(million, 1_000_000)
        side_by_side("a generated 1M-triple thesaurus", million, million, GENERIC, seconds=seconds)


if __name__ == "__main__":
    main()
