"""Shared parsing paths hammered from many threads at once: every answer right, nothing broken.

rdflib parses SPARQL with pyparsing, whose grammar objects are not safe to use from
several threads at once, least of all on their first parses; the app's sessions
and the endpoint's thread pool call it together. Each hammer runs in a fresh
interpreter, so the first parse of the grammar is among those that race, and
every query text is new, so no cache answers for the parser.
"""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
THREADS = 16
ROUNDS = 12
_fresh = itertools.count()

REFUSALS = [
    ("DROP ALL", "updates are not allowed"),
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE {\n  ?s ?p\n}", "syntax error at line"),
    ("SELECT ?c WHERE { ?c a bg:Threat }", "SELECT"),
]


def fresh(text: str) -> str:
    """Return ``text`` made unique with a comment, so caches never answer for the parser."""
    return f"# fresh {next(_fresh)} {threading.get_ident()}\n{text}"


def hammer(work: Callable[[int], object]) -> list[object]:
    """Return the results of ``work(i)`` for THREADS x ROUNDS calls released together."""
    start = threading.Barrier(THREADS)

    def one(thread: int) -> list[object]:
        start.wait()
        return [work(thread * ROUNDS + i) for i in range(ROUNDS)]

    with ThreadPoolExecutor(THREADS) as pool:
        return [r for rs in pool.map(one, range(THREADS)) for r in rs]


def outcome(call: Callable[[], object]) -> str:
    """Return what a call gave back, or the type and message of what it raised."""
    try:
        return str(call())
    except Exception as error:  # the hammer records whatever happened
        return f"{type(error).__name__}: {error}"


def check_examples() -> list[object]:
    """Hammer check_query with the example library: (name, form) per call."""
    from graph.sparql.checks import check_query
    from graph.store.queries import example_queries

    examples = example_queries()

    def work(i: int) -> object:
        example = examples[i % len(examples)]
        return [example.name, outcome(lambda: check_query(fresh(example.text)).form)]

    results = hammer(work)
    results.append(["after", outcome(lambda: check_query(fresh("SELECT * { ?s ?p ?o }")).form)])
    return results


def check_refusals() -> list[object]:
    """Hammer check_query with refused, broken and good queries: (words, outcome) per call."""
    from graph.sparql.checks import check_query

    def work(i: int) -> object:
        text, words = REFUSALS[i % len(REFUSALS)]
        return [words, outcome(lambda: check_query(fresh(text)).form)]

    return hammer(work)


def query_store(backend: str) -> list[object]:
    """Hammer one store with a named-query-like SELECT: the count per call."""
    from graph.store.load import default_store

    store = default_store(backend)  # type: ignore[arg-type]
    text = "SELECT (COUNT(?c) AS ?n) WHERE { ?c a bg:Threat }"
    return hammer(lambda _: outcome(lambda: store.query(fresh(text)).rows[0][0]))


def in_fresh_interpreter(function: str, *args: str) -> list[list[str]]:
    """Return what ``function(*args)`` of this module returns, run in a new Python process."""
    call = f"{function}({', '.join(map(repr, args))})"
    script = f"import json, tests.test_concurrency as t; print(json.dumps(t.{call}))"
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        check=True,
    )
    result: list[list[str]] = json.loads(done.stdout.splitlines()[-1])
    return result


def test_checking_queries_from_many_threads_gives_every_thread_its_own_right_answer() -> None:
    from graph.sparql.checks import check_query
    from graph.store.queries import example_queries

    expected = {q.name: check_query(q.text).form for q in example_queries()}
    expected["after"] = "SELECT"
    results = in_fresh_interpreter("check_examples")
    assert len(results) == THREADS * ROUNDS + 1
    wrong = [(name, got) for name, got in results if got != expected[name]]
    assert not wrong, wrong[:5]


def test_refusals_from_many_threads_keep_their_plain_messages() -> None:
    results = in_fresh_interpreter("check_refusals")
    wrong = [(words, got) for words, got in results if words not in got]
    assert not wrong, wrong[:5]


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_the_store_answers_queries_from_many_threads(backend: str) -> None:
    from graph.network.concepts import to_networkx
    from graph.store.load import default_store

    threats = sum(
        1 for _, d in to_networkx(default_store()).nodes(data=True) if "Threat" in d["cls"]
    )
    assert threats > 1
    results = in_fresh_interpreter("query_store", backend)
    assert len(results) == THREADS * ROUNDS
    assert set(results) == {str(threats)}, sorted(set(results))[:5]


def test_a_fresh_endpoint_answers_sixteen_concurrent_clients_without_an_error() -> None:
    import httpx

    from bench.load import drive
    from graph.store.queries import example_queries
    from tests.conftest import running_endpoint

    queries = [q.text for q in example_queries()]
    with running_endpoint("--workers", "2") as url:
        report = drive(url, queries, clients=THREADS, seconds=4.0)
        # The shared parser is whole afterwards: a lone client still gets its answer.
        after = httpx.post(url, data={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"}, timeout=30)
    assert report.errors == 0, report.summary()
    assert report.answered >= THREADS, report.summary()
    assert after.status_code == 200, after.text
    assert len(after.json()["results"]["bindings"]) == 3


def test_sixteen_clients_beside_two_runaway_ones_get_every_answer() -> None:
    from bench.load import drive
    from bench.sparql import RUNAWAY
    from graph.store.queries import example_queries
    from tests.conftest import running_endpoint

    queries = [q.text for q in example_queries()]
    options = ("--workers", "2", "--timeout", "3", "--client-share", "2")
    with running_endpoint(*options) as url:
        report = drive(
            url, queries, clients=16, seconds=10.0, runaway=RUNAWAY, runaway_clients=2,
            uncached=True,
        )  # fmt: skip
    assert report.errors == 0, report.summary()
    assert report.answered >= 14, report.summary()
    # Runaway queries are cut at the time limit, then refused once past their share.
    assert set(report.runaway_statuses) == {503, 429}, report.summary()
    assert report.retry_after and min(report.retry_after) >= 1, report.summary()
