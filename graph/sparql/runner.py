"""The bounded runner: every user-written SPARQL query is read and run here, and nowhere else.

A query is sent to a worker process that holds its own copy of the graph; there it
is checked (graph.sparql.checks: no updates, no SERVICE, no FROM) and run. Neither
rdflib nor Oxigraph can stop a running query and Python threads cannot be
killed, so a query still being read or run at its deadline has its worker
process killed and replaced; the caller's process never parses a user's query.

Several workers serve at once, and the runner shares them out by client
(graph.sparql.fairshare): a client may have at most ``workers - 1`` queries
running, a client that recently ran a slow query may not take the last idle
worker, and a client past its share of query time per minute is refused for a
while. So runaway queries, even several at once, never block quick ones.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from graph.errors import (
    QueryBusyError,
    QueryError,
    QueryLimitError,
    QueryRefusedError,
    QueryShareError,
    QuerySyntaxError,
    QueryTimeoutError,
)
from graph.settings import settings
from graph.sparql.answers import RunResult, WrittenAnswer
from graph.sparql.fairshare import QueryTimeLedger
from graph.sparql.results import Written
from graph.sparql.worker import REMOTE, Worker, worker_context

if TYPE_CHECKING:
    from graph.store.backends import Backend, Store

__all__ = ["QueryRunner", "RunResult", "WrittenAnswer", "run_query"]

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 120.0
CACHE_ENTRIES = 256
CACHE_MAX_ROWS = 2_000
"""Answers kept for the same query text and row limit: how many, and up to what size."""
FAILURES: dict[str, type[QueryError]] = {
    "limit": QueryLimitError,
    "syntax": QuerySyntaxError,
    "refused": QueryRefusedError,
}
"""A worker's failure status -> the error the caller raises (any other: QueryError)."""
WAIT_MARGIN_SECONDS = 10.0
"""How much longer than a query's time limit it may wait for a worker (the time a
replacement worker takes to start, on a busy machine)."""
PATIENT_AFTER_SECONDS = 0.25
"""A query still running after this long has its worker lowered in CPU priority (the
examples take milliseconds; a runaway should not have two cores for its first second)."""
SPARE_IDLE_SECONDS = 30.0
"""A spare worker idle this long is stopped (the pool shrinks back to its size)."""


def run_query(
    store: Store,
    text: str,
    *,
    timeout: float | None = None,
    row_limit: int | None = None,
) -> RunResult:
    """Return the result of one user query on ``store``, run by a one-off worker (limits
    not given come from graph.settings).

    For a long-lived process (the app, the endpoint) keep a QueryRunner instead.
    """
    with QueryRunner.for_store(store, timeout=timeout, row_limit=row_limit, workers=1) as runner:
        return runner.run(text)


class QueryRunner:
    """A pool of worker processes that run user queries on one graph, each under a deadline."""

    def __init__(
        self,
        ntriples: bytes | str,
        *,
        backend: Backend = "oxigraph",
        timeout: float | None = None,
        row_limit: int | None = None,
        workers: int = 2,
        memory_mb: int | None = None,
        client_share: float | None = None,
    ) -> None:
        if workers < 1:
            raise ValueError("a runner needs at least one worker")
        limits = settings()  # what is not given comes from the environment's settings
        self.ntriples = ntriples
        self.backend = backend
        self.memory_mb = limits.worker_memory_mb if memory_mb is None else memory_mb
        self.timeout = limits.query_timeout if timeout is None else timeout
        self.row_limit = limits.max_rows if row_limit is None else row_limit
        share = limits.client_query_seconds if client_share is None else client_share
        self.ledger = QueryTimeLedger(share)
        self._context = worker_context()
        self._idle: list[Worker] = []
        self._size = workers
        # With two workers or more, one is kept from heavy clients and no client holds all.
        self._reserve = 1 if workers > 1 else 0
        self._per_client = max(1, workers - 1)
        self._running: dict[str, int] = {}
        self._busy: dict[Worker, float] = {}
        """Each busy worker, with when it was taken."""
        self.spares_started = 0
        self._started = 0
        self._available = threading.Condition()
        self._closed = False
        # The graph a runner serves never changes, so recent answers can be given again;
        # a remote server's data may change, so its answers are not kept.
        self._remote = isinstance(ntriples, str) and ntriples.startswith(REMOTE)
        self._cache: OrderedDict[
            tuple[str, int, str | None, tuple[str | None, str | None] | None],
            RunResult | WrittenAnswer,
        ] = OrderedDict()
        self._cache_lock = threading.Lock()
        for _ in range(workers):
            self._idle.append(self._spawn())

    @classmethod
    def for_store(cls, store: Store, **options: Any) -> QueryRunner:
        """Return a runner whose workers hold a copy of ``store``."""
        # An on-disk store is opened read-only by each worker; one in memory is copied.
        location = getattr(store, "location", None)
        endpoint = getattr(store, "endpoint", None)
        source: bytes | str
        if endpoint is not None:
            # A remote server answers for itself: workers only bound the time a query takes.
            graph = getattr(store, "default_graph", None) or ""
            source = f"{REMOTE}{endpoint} {graph}".strip()
        elif location is not None:
            source = str(location)
        else:
            source = store.ntriples()
        return cls(source, backend=options.pop("backend", store.backend), **options)

    def run(
        self,
        text: str,
        *,
        timeout: float | None = None,
        row_limit: int | None = None,
        client: str = "",
        base: str | None = None,
    ) -> RunResult:
        """Return the result of a user query, or raise QueryError with a plain message.

        A query still being read or run after ``timeout`` seconds is stopped and
        reported. ``client`` names who asks (the endpoint's peer, the app's
        session) for the fair share of workers and query time; queries without
        one are not shared out. ``base`` is the IRI relative IRIs in the query
        resolve against (the endpoint gives its own URL).
        """
        answer = self._answer(text, timeout, row_limit, client, base, None)
        assert isinstance(answer, RunResult)
        return answer

    def write(
        self,
        text: str,
        *,
        table_format: str | None,
        graph_format: str | None,
        timeout: float | None = None,
        row_limit: int | None = None,
        client: str = "",
        base: str | None = None,
    ) -> WrittenAnswer:
        """Return a user query's answer already written in a format, as ``run`` runs it.

        The worker writes a table in ``table_format`` (graph.sparql.results.RESULT_FORMATS)
        and triples in ``graph_format`` (GRAPH_FORMATS); the answer's format is None when
        its kind has no format given. The endpoint asks this way: its own process then
        only passes bytes on, and the workers write answers in parallel.
        """
        answer = self._answer(text, timeout, row_limit, client, base, (table_format, graph_format))
        assert isinstance(answer, WrittenAnswer)
        return answer

    def _answer(
        self,
        text: str,
        timeout: float | None,
        row_limit: int | None,
        client: str,
        base: str | None,
        formats: tuple[str | None, str | None] | None,
    ) -> RunResult | WrittenAnswer:
        limit = self.row_limit if row_limit is None else row_limit
        deadline = self.timeout if timeout is None else timeout
        started = time.perf_counter()
        key = (text, limit, base, formats)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is not None:  # a kept answer costs no query time and no worker
            return replace(hit, elapsed=time.perf_counter() - started, cached=True)
        if client:
            wait = self.ledger.retry_after(client)
            if wait is not None:
                raise QueryShareError(
                    f"your queries took more than {self.ledger.share:g} seconds of query time "
                    f"in the last minute; try again in {wait} s",
                    wait,
                )
        # A worker comes free at the latest when a query reaches its own deadline and
        # its worker is replaced: wait that long, and a little more, before giving up.
        worker = self._acquire(client, deadline + WAIT_MARGIN_SECONDS)
        healthy = False
        cpu: float | None = None
        started = time.perf_counter()
        try:
            worker.ready(STARTUP_TIMEOUT)
            started = time.perf_counter()
            worker.connection.send((text, limit, base, formats))
            # A query still running after a quarter of a second yields the CPU to quicker
            # ones: its worker is lowered in priority, and replaced by a fresh one afterwards.
            answered = worker.connection.poll(min(deadline, PATIENT_AFTER_SECONDS))
            if not answered:
                worker.lower_priority()
                answered = worker.connection.poll(max(0.0, deadline - PATIENT_AFTER_SECONDS))
            if not answered:
                raise QueryTimeoutError(
                    f"the query was stopped after {deadline:g} seconds; "
                    "add a LIMIT or narrow its patterns"
                )
            status, payload, cpu = worker.connection.recv()
            healthy = not worker.lowered
        except (EOFError, OSError, BrokenPipeError) as error:
            raise QueryLimitError(
                "the query engine stopped while running this query (a query may use at most "
                f"{self.memory_mb:,} MB of memory): narrow it, or add a LIMIT, and run it again"
            ) from error
        finally:
            elapsed = time.perf_counter() - started
            if client:
                # Query time is the worker's CPU time, which other clients' queries do
                # not inflate; a stopped query costs its time, and a remote server's
                # work is measured by the wait for its answer.
                self.ledger.charge(client, elapsed if cpu is None or self._remote else cpu)
            self._release(worker, healthy, client)
        if status != "ok":
            raise FAILURES.get(status, QueryError)(str(payload))
        result, truncated, form = payload
        answer: RunResult | WrittenAnswer
        if isinstance(result, Written):
            answer = WrittenAnswer(result, truncated, limit, elapsed, form)
            size = len(result.body) // 100  # about a hundred bytes a row
        else:
            answer = RunResult(result, truncated, limit, elapsed, form)
            size = len(result.rows) + len(result.triples)
        if not self._remote and size <= CACHE_MAX_ROWS:
            with self._cache_lock:
                self._cache[key] = answer
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return answer

    def close(self) -> None:
        """Stop every worker process."""
        with self._available:
            self._closed = True
            workers, self._idle = self._idle, []
            self._available.notify_all()
        for worker in workers:
            worker.stop()

    def __enter__(self) -> QueryRunner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _spawn(self) -> Worker:
        self._started += 1
        return Worker(self._context, self.ntriples, self.backend, self.memory_mb)

    def _acquire(self, client: str, patience: float) -> Worker:
        """Return an idle worker for ``client``, waiting at most ``patience`` seconds.

        When every worker has been busy for PATIENT_AFTER_SECONDS (runaway queries, most
        likely) a light client's wait starts a spare worker, up to as many spares
        as workers; a spare left idle for SPARE_IDLE_SECONDS is stopped again.
        """
        heavy = bool(client) and self.ledger.usage(client).slow
        given_up = time.monotonic() + patience
        with self._available:
            while True:
                if self._closed:
                    raise QueryError("the query engine has been shut down")
                mine = self._running.get(client, 0) if client else 0
                free = len(self._idle) - (self._reserve if heavy else 0)
                if free > 0 and mine < self._per_client:
                    break
                if not heavy and mine < self._per_client:
                    self._add_spare_if_stuck()
                left = given_up - time.monotonic()
                if left <= 0:
                    raise QueryBusyError(
                        "every query worker stayed busy with longer queries for "
                        f"{patience:g} seconds; try again shortly",
                        max(1, round(patience)),
                    )
                self._available.wait(min(left, PATIENT_AFTER_SECONDS / 5))
            if client:
                self._running[client] = mine + 1
            worker = self._idle.pop()
            self._busy[worker] = time.monotonic()
            return worker

    def _add_spare_if_stuck(self) -> None:
        """Start a spare worker when none is idle and every busy one has run for a while
        (called with the pool's lock held)."""
        now = time.monotonic()
        if self._idle or len(self._busy) >= 2 * self._size:
            return
        if all(now - since >= PATIENT_AFTER_SECONDS for since in self._busy.values()):
            self._idle.append(self._spawn())
            self.spares_started += 1

    def _release(self, worker: Worker, healthy: bool, client: str = "") -> None:
        if not healthy:
            worker.stop()
            replacement = self._spawn()
        retired: list[Worker] = []
        with self._available:
            self._busy.pop(worker, None)
            if not healthy:
                worker = replacement
            if client:
                left = self._running.get(client, 1) - 1
                if left > 0:
                    self._running[client] = left
                else:
                    self._running.pop(client, None)
            if self._closed:
                retired.append(worker)
            else:
                worker.idle_since = time.monotonic()
                self._idle.append(worker)
                retired = self._retire_spares()
            # Waiters wait on different conditions (their own share, the reserve): wake all.
            self._available.notify_all()
        for old in retired:
            old.stop()

    def _retire_spares(self) -> list[Worker]:
        """Take spares idle for SPARE_IDLE_SECONDS out of the pool (lock held)."""
        now = time.monotonic()
        retired: list[Worker] = []
        for worker in list(self._idle):
            if len(self._idle) + len(self._busy) <= self._size:
                break
            if now - worker.idle_since >= SPARE_IDLE_SECONDS:
                self._idle.remove(worker)
                retired.append(worker)
        return retired

    @property
    def size(self) -> int:
        """How many workers the pool holds now, spares included."""
        with self._available:
            return len(self._idle) + len(self._busy)
