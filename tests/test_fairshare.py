"""Fair shares of the query workers: runaway queries, even several, never block quick ones,
and a client past its share of query time is told when to come back."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph.errors import QueryBusyError, QueryShareError, QueryTimeoutError
from graph.sparql.fairshare import SLOW_QUERY_SECONDS, QueryTimeLedger
from graph.sparql.runner import QueryRunner
from graph.store.backends import Store
from tests.conftest import running_endpoint

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 3"
SLOW_TO_READ = (
    "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(6000)) + ") }"
)
"""77,000 characters that rdflib's parser takes about 14 s to read, before any engine runs."""


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_client_within_its_share_may_go_on() -> None:
    ledger = QueryTimeLedger(10.0, clock=Clock())
    ledger.charge("a", 4.0)
    ledger.charge("a", 6.0)
    assert ledger.retry_after("a") is None  # 10 s used of 10
    assert ledger.usage("a").seconds == pytest.approx(10.0)


def test_a_client_past_its_share_is_told_when_enough_time_has_aged_out() -> None:
    clock = Clock()
    ledger = QueryTimeLedger(10.0, window=60.0, clock=clock)
    ledger.charge("a", 6.0)  # ends at 1000
    clock.now += 20
    ledger.charge("a", 6.0)  # ends at 1020: 12 s used
    clock.now += 5
    assert ledger.retry_after("a") == 35  # at 1060 the first 6 s age out
    assert ledger.retry_after("b") is None  # other clients are not touched
    clock.now += 35
    assert ledger.retry_after("a") is None
    assert ledger.usage("a").seconds == pytest.approx(6.0)


def test_a_slow_query_marks_its_client_heavy_for_the_window_only() -> None:
    clock = Clock()
    ledger = QueryTimeLedger(30.0, window=60.0, clock=clock)
    ledger.charge("quick", 0.05)
    ledger.charge("slow", SLOW_QUERY_SECONDS + 0.5)
    assert not ledger.usage("quick").slow
    assert ledger.usage("slow").slow
    clock.now += 61
    assert not ledger.usage("slow").slow


def test_the_ledger_forgets_the_least_recent_clients_beyond_its_bound() -> None:
    ledger = QueryTimeLedger(1.0, max_clients=3, clock=Clock())
    for name in "abcd":
        ledger.charge(name, 5.0)
    assert ledger.retry_after("a") is None  # forgotten: the ledger's memory is bounded
    assert ledger.retry_after("d") is not None


def test_the_ledger_counts_charges_from_many_threads() -> None:
    ledger = QueryTimeLedger(1e9)
    threads = [
        threading.Thread(target=lambda: [ledger.charge("x", 0.001) for _ in range(500)])
        for _ in range(16)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert ledger.usage("x").seconds == pytest.approx(16 * 500 * 0.001)


@pytest.fixture
def runner(store: Store) -> Iterator[QueryRunner]:
    with QueryRunner.for_store(store, workers=2, timeout=4.0, client_share=30.0) as pool:
        pool.run("ASK {}")  # both workers are started and warm
        pool.run("ASK { ?s ?p ?o }")
        yield pool


def _in_background(runner: QueryRunner, text: str, client: str) -> tuple[threading.Thread, list]:
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(runner.run(text, client=client))
        except Exception as error:
            outcome.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def test_two_runaway_queries_at_once_do_not_block_a_quick_one(runner: QueryRunner) -> None:
    first, first_outcome = _in_background(runner, RUNAWAY, "runaway 1")
    second, second_outcome = _in_background(runner, RUNAWAY, "runaway 2")
    time.sleep(0.5)  # both workers are now held by the runaway queries
    answer = runner.run(QUICK, client="analyst")
    still_running = first.is_alive() and second.is_alive()
    first.join()
    second.join()
    assert len(answer.result.rows) == 3
    assert still_running, "the quick query was answered only after a runaway one ended"
    assert runner.spares_started >= 1  # a spare worker served it
    assert all(isinstance(o[0], QueryTimeoutError) for o in (first_outcome, second_outcome))


def test_one_client_never_holds_every_worker(runner: QueryRunner) -> None:
    first, _ = _in_background(runner, RUNAWAY, "greedy")
    time.sleep(0.3)
    second, second_outcome = _in_background(runner, RUNAWAY + " # again", "greedy")
    time.sleep(0.3)
    answer = runner.run(QUICK, client="analyst")  # the free worker was kept from "greedy"
    greedy_waiting = first.is_alive() and second.is_alive() and not second_outcome
    first.join()
    second.join()
    assert len(answer.result.rows) == 3
    assert greedy_waiting
    assert runner.spares_started == 0  # no spare was needed: a worker stayed free


def test_a_heavy_client_may_not_take_the_last_idle_worker(runner: QueryRunner) -> None:
    runner.ledger.charge("heavy", SLOW_QUERY_SECONDS + 1)  # it ran a slow query just now
    other, _ = _in_background(runner, RUNAWAY, "someone else")
    time.sleep(0.3)
    heavy, heavy_outcome = _in_background(runner, QUICK + " # heavy", "heavy")
    time.sleep(0.3)
    answer = runner.run(QUICK, client="analyst")  # the worker kept free serves the others
    heavy_waiting = other.is_alive() and not heavy_outcome
    other.join()
    heavy.join()
    assert len(answer.result.rows) == 3
    assert heavy_waiting, "the heavy client took the last idle worker"
    assert len(heavy_outcome[0].result.rows) == 3  # served once the runaway was stopped


def test_a_query_waits_for_a_worker_only_so_long(store: Store) -> None:
    with QueryRunner.for_store(store, workers=1, timeout=12.0) as runner:
        hog, _ = _in_background(runner, RUNAWAY, "hog")
        time.sleep(0.5)
        runner.ledger.charge("heavy", SLOW_QUERY_SECONDS + 1)  # no spare is started for it
        with pytest.raises(QueryBusyError, match="busy") as refused:
            runner.run(QUICK, client="heavy", timeout=0.5)  # waits 0.5 s + WAIT_MARGIN
        hog_running = hog.is_alive()
        runner.close()
        hog.join()
    assert hog_running
    assert refused.value.retry_after >= 1


def test_a_client_past_its_share_of_query_time_is_refused_with_a_time_to_come_back(
    store: Store,
) -> None:
    with QueryRunner.for_store(store, workers=2, timeout=2.0, client_share=1.0) as runner:
        with pytest.raises(QueryTimeoutError):
            runner.run(RUNAWAY, client="hog")
        with pytest.raises(QueryShareError, match="more than 1 seconds of query time") as refused:
            runner.run(QUICK, client="hog")
        assert 1 <= refused.value.retry_after <= 60
        assert len(runner.run(QUICK, client="analyst").result.rows) == 3
        # A kept answer costs no query time, so it is given even to a client past its share.
        assert runner.run(QUICK, client="hog").cached


def test_a_query_slow_to_read_is_read_by_a_worker_under_the_deadline(
    runner: QueryRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    import graph.sparql.checks as checks

    def forbidden(text: str) -> None:
        raise AssertionError("the caller's process parsed a user query")

    monkeypatch.setattr(checks, "parse_query", forbidden)
    checks._check_cached.cache_clear()
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="stopped after 2 seconds"):
        runner.run(SLOW_TO_READ, timeout=2.0)
    assert time.monotonic() - started < 10  # rdflib alone takes about 14 s to read it
    assert len(runner.run(QUICK).result.rows) == 3  # its worker was replaced


def test_the_endpoint_answers_429_with_retry_after_to_a_client_past_its_share() -> None:
    with running_endpoint("--timeout", "1.5", "--client-share", "1") as url:
        hog = {"User-Agent": "hog/1.0"}
        first = httpx.post(url, data={"query": RUNAWAY}, headers=hog, timeout=30)
        second = httpx.post(url, data={"query": QUICK}, headers=hog, timeout=30)
        other = httpx.post(url, data={"query": QUICK}, headers={"User-Agent": "analyst"})
    assert first.status_code == 503, first.text
    assert second.status_code == 429, second.text
    assert int(second.headers["Retry-After"]) >= 1
    assert "query time in the last minute" in second.text
    assert other.status_code == 200, other.text


def test_the_cli_stops_a_query_slow_to_read_at_its_time_limit(tmp_path: Path) -> None:
    from tests.test_cli import assert_plain_error, briefgraph

    query = tmp_path / "slow.rq"
    query.write_text(SLOW_TO_READ, encoding="utf-8")
    started = time.monotonic()
    result = briefgraph("query", "-f", str(query), "--timeout", "2")
    assert_plain_error(result, "stopped after 2 seconds")
    assert time.monotonic() - started < 12  # rdflib alone takes about 14 s to read it
