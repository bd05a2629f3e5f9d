"""Hostile queries against the bounded runner: each refused or stopped in plain words, in time,
with no outbound connection, and the next query still answered."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rdflib import Literal

from graph.errors import (
    QueryError,
    QueryLimitError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from graph.sparql.runner import QueryRunner
from graph.store.backends import Store

if TYPE_CHECKING:
    from tests.conftest import Listener

TIME_LIMIT = 2.0

HOSTILE = [
    # (id, query, error type, words in the message)
    ("insert", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", QueryRefusedError, "read-only"),
    ("delete", "DELETE WHERE { ?s ?p ?o }", QueryRefusedError, "read-only"),
    ("load-file", "LOAD <file:///etc/passwd>", QueryRefusedError, "read-only"),
    ("load-into", "LOAD <file:///etc/passwd> INTO GRAPH <urn:g>", QueryRefusedError, "read-only"),
    ("clear", "CLEAR ALL", QueryRefusedError, "read-only"),
    ("drop", "DROP DEFAULT", QueryRefusedError, "read-only"),
    ("create", "CREATE GRAPH <urn:g>", QueryRefusedError, "read-only"),
    ("copy", "COPY DEFAULT TO <urn:g>", QueryRefusedError, "read-only"),
    (
        "from-file",
        "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
        QueryRefusedError,
        "FROM",
    ),
    ("syntax", "SELECT * WHERE {\n  ?s ?p\n}", QuerySyntaxError, "line 2"),
    (
        "nested",
        "SELECT * WHERE { " + "{ " * 80 + "?s ?p ?o" + " }" * 80 + " }",
        QuerySyntaxError,
        "nested too deeply",
    ),
    (
        "cartesian",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        QueryTimeoutError,
        "stopped after 2 seconds",
    ),
    (
        # Sorting a cartesian product fills memory: stopped at its time or memory limit.
        "sorted-product",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i",
        QueryLimitError,
        "stopped",
    ),
]


@pytest.fixture(scope="module", params=["oxigraph", "rdflib"])
def runner(request: pytest.FixtureRequest, store: Store) -> Iterator[QueryRunner]:
    with QueryRunner.for_store(
        store, backend=request.param, timeout=TIME_LIMIT, row_limit=100, workers=2
    ) as runner:
        yield runner


def assert_still_answers(runner: QueryRunner) -> None:
    result = runner.run(
        'SELECT ?l WHERE { concept:interpol skos:prefLabel ?l FILTER (LANG(?l) = "en") }'
    )
    assert result.result.rows == ((Literal("INTERPOL", lang="en"),),)


@pytest.mark.parametrize(
    ("query", "error", "words"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_each_hostile_query_gets_its_message_in_time_and_the_next_one_runs(
    runner: QueryRunner, query: str, error: type[QueryError], words: str
) -> None:
    started = time.monotonic()
    with pytest.raises(error) as raised:
        runner.run(query)
    assert words in str(raised.value)
    assert time.monotonic() - started < TIME_LIMIT + 5
    assert_still_answers(runner)


def test_a_regex_bomb_finishes_or_is_stopped_within_the_limit(runner: QueryRunner) -> None:
    bomb = "SELECT ?x WHERE { VALUES ?x { '" + "a" * 40 + "!' } FILTER REGEX(?x, '^(a+)+$') }"
    started = time.monotonic()
    with contextlib.suppress(QueryTimeoutError):
        runner.run(bomb)  # Oxigraph's regex is linear; rdflib's backtracks
    assert time.monotonic() - started < TIME_LIMIT + 5
    assert_still_answers(runner)


@pytest.mark.parametrize(
    "template",
    [
        "SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ OPTIONAL {{ SERVICE SILENT <http://127.0.0.1:{port}/> "
        "{{ ?s ?p ?o }} }} }}",
        "SELECT * FROM <http://127.0.0.1:{port}/data.ttl> WHERE {{ ?s ?p ?o }}",
        "ASK {{ {{ SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }} }} }}",
    ],
    ids=["service", "service-silent", "from-url", "nested-service"],
)
def test_no_query_reaches_another_server(
    runner: QueryRunner, listener: Listener, template: str
) -> None:
    with pytest.raises(QueryRefusedError):
        runner.run(template.format(port=listener.port))
    time.sleep(0.3)
    assert listener.connections == 0
    assert_still_answers(runner)


@pytest.mark.parametrize(
    "template",
    [
        "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
        "PREFIX : <http://127.0.0.1:{port}/> SELECT * WHERE {{ SERVICESILENT:x {{ ?s ?p ?o }} }}",
        "PREFIX : <http://127.0.0.1:{port}/> ASK {{ ?s ?p ?o OPTIONAL {{ SERVICE:x {{ }} }} }}",
        "PREFIX : <http://127.0.0.1:{port}/> SELECT * FROM:x WHERE {{ ?s ?p ?o }}",
    ],
    ids=["service-colon", "service-silent-colon", "nested-service-colon", "from-colon"],
)
def test_a_keyword_run_into_a_prefixed_name_reaches_no_other_server(
    runner: QueryRunner, listener: Listener, template: str
) -> None:
    # Oxigraph's grammar reads "SERVICE:x {" as SERVICE <...x> and makes the call.
    with pytest.raises(QueryError):
        runner.run(template.format(port=listener.port))
    time.sleep(0.3)
    assert listener.connections == 0
    assert_still_answers(runner)


def test_load_never_reads_a_local_file(runner: QueryRunner, tmp_path: Path) -> None:
    secret = tmp_path / "secret.ttl"
    secret.write_text("<urn:secret> <urn:is> 'leaked' .", encoding="utf-8")
    with pytest.raises(QueryRefusedError):
        runner.run(f"LOAD <{secret.as_uri()}>")
    result = runner.run("ASK { ?s ?p 'leaked' }")
    assert result.result.boolean is False


def test_two_users_are_served_while_a_runaway_query_runs(runner: QueryRunner) -> None:
    import threading

    errors: list[Exception] = []

    def runaway() -> None:
        try:
            runner.run(HOSTILE[11][1])
        except QueryTimeoutError as error:
            errors.append(error)

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)
    started = time.monotonic()
    assert_still_answers(runner)
    assert time.monotonic() - started < TIME_LIMIT, "a quick query waited for the runaway one"
    thread.join()
    assert errors
