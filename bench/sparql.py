"""SPARQL benchmarks: every example query in-process, through the runner and over HTTP,
and endpoint throughput with several concurrent clients."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import httpx

from bench.timing import HEADER, measure
from graph.sparql.checks import check_query
from graph.sparql.runner import QueryRunner
from graph.store.load import default_store
from graph.store.queries import example_queries

REPO = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _start_endpoint(workers: int, *options: str) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    command = [sys.executable, "-m", "graph", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--workers", str(workers), *options],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).close()
            return process, f"http://127.0.0.1:{port}/sparql"
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the endpoint did not start")


def _throughput(endpoint: str, clients: int, seconds: float, queries: list[str]) -> float:
    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(index: int) -> None:
        # Each client names itself: the endpoint shares its workers out by client.
        agent = {"User-Agent": f"briefgraph-bench/{index}"}
        with httpx.Client(timeout=30, headers=agent) as http:
            turn = index
            while time.monotonic() < stop:
                query = queries[turn % len(queries)]
                response = http.get(
                    endpoint,
                    params={"query": query},
                    headers={"Accept": "application/sparql-results+json"},
                )
                response.raise_for_status()
                done[index] += 1
                turn += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def main() -> None:
    store = default_store()
    examples = example_queries()
    print("\nexample queries (baseline: direct store.query on Oxigraph, no checks, no limits)")
    print(HEADER)
    process, endpoint = _start_endpoint(workers=2)
    try:
        with QueryRunner.for_store(store, workers=2) as runner, httpx.Client(timeout=30) as http:
            runner.run("ASK {}")  # start the workers before timing
            for query in examples:
                text = check_query(query.text).text
                base = measure(f"{query.name[:36]}  direct", lambda t=text: store.query(t))
                bounded = measure(f"{query.name[:36]}  runner", lambda t=query.text: runner.run(t))

                def over_http(t: str = query.text) -> None:
                    http.get(endpoint, params={"query": t}).raise_for_status()

                remote = measure(f"{query.name[:36]}  HTTP", over_http)
                print(base.row())
                print(bounded.row(base))
                print(remote.row(base))

        table_queries = [
            q.text for q in examples if "CONSTRUCT" not in q.text and "DESCRIBE" not in q.text
        ]
        print("\nendpoint throughput, 2 query workers, 3 s per level (baseline: 1 client)")
        base_rate = 0.0
        for clients in (1, 4, 16):
            rate = _throughput(endpoint, clients, 3.0, table_queries)
            base_rate = base_rate or rate
            print(
                f"{clients:>2} concurrent clients  {rate:8.1f} queries/s  {rate / base_rate:5.2f}x"
            )
    finally:
        process.terminate()
        process.wait(timeout=10)


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A cartesian product of the graph with itself, twice: never finishes within the limit."""


def load(seconds: float = 60.0) -> None:
    """The endpoint beside Oxigraph's own server (bench/engine.py), then 16 concurrent clients
    on a freshly started endpoint, then 14 of them beside 2 runaways."""
    from bench import engine
    from bench.load import drive

    engine.main()

    queries = [q.text for q in example_queries()]
    print(
        f"\nendpoint under load, 2 query workers, 5 s query limit, 30 s of query time per "
        f"client per minute, {seconds:.0f} s per run"
    )
    print("(baseline: 1 client alone on the same endpoint)")
    process, endpoint = _start_endpoint(2, "--timeout", "5", "--client-share", "30")
    try:
        print("fresh endpoint, 16 clients from the first request:")
        fresh = drive(endpoint, queries, clients=16, seconds=seconds, server_pid=process.pid)
        print(fresh.summary())
        print("1 client alone:")
        print(drive(endpoint, queries, clients=1, seconds=min(seconds, 10.0)).summary())
        print(
            "14 clients beside 2 clients sending a runaway cartesian product "
            "(every good query made unique, so none is answered from the cache):"
        )
        mixed = drive(
            endpoint,
            queries,
            clients=16,
            seconds=seconds,
            runaway=RUNAWAY,
            runaway_clients=2,
            server_pid=process.pid,
            uncached=True,
        )
        print(mixed.summary())
    finally:
        process.terminate()
        process.wait(timeout=10)
