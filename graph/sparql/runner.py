"""The bounded runner: every user-written SPARQL query runs here, and nowhere else.

A query is first checked (graph.sparql.checks: no updates, no SERVICE, no FROM), then
sent to a worker process that holds its own copy of the graph. Neither rdflib
nor Oxigraph can stop a running query and Python threads cannot be killed, so a
query that runs past its deadline has its worker process killed and replaced.
Several workers serve at once, so one runaway query never blocks other users.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from graph.errors import QueryError, QueryLimitError, QueryTimeoutError
from graph.settings import settings
from graph.sparql.checks import check_query
from graph.store.backends import QueryResult

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

    from graph.store.backends import Backend, Store

log = logging.getLogger(__name__)

STARTUP_TIMEOUT = 120.0
CACHE_ENTRIES = 256
CACHE_MAX_ROWS = 2_000
"""Answers kept for the same query text and row limit: how many, and up to what size."""
REMOTE = "sparql-endpoint:"
"""How a worker is told to read a remote SPARQL server instead of a copy of the graph."""


@dataclass(frozen=True)
class RunResult:
    """A user query's result, whether it was cut at the row limit, and how long it took."""

    result: QueryResult
    truncated: bool
    row_limit: int
    elapsed: float
    """Seconds from sending the query to receiving its answer."""
    form: str
    cached: bool = False
    """True when the answer came from the runner's cache of recent answers."""


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
    check_query(text)  # refuse bad queries before paying for a worker
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
    ) -> None:
        if workers < 1:
            raise ValueError("a runner needs at least one worker")
        limits = settings()  # what is not given comes from the environment's settings
        self.ntriples = ntriples
        self.backend = backend
        self.memory_mb = limits.worker_memory_mb if memory_mb is None else memory_mb
        self.timeout = limits.query_timeout if timeout is None else timeout
        self.row_limit = limits.max_rows if row_limit is None else row_limit
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []
        self._size = workers
        self._started = 0
        self._available = threading.Condition()
        self._closed = False
        # The graph a runner serves never changes, so recent answers can be given again;
        # a remote server's data may change, so its answers are not kept.
        self._cacheable = not (isinstance(ntriples, str) and ntriples.startswith(REMOTE))
        self._cache: OrderedDict[tuple[str, int], RunResult] = OrderedDict()
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
        self, text: str, *, timeout: float | None = None, row_limit: int | None = None
    ) -> RunResult:
        """Return the result of a user query, or raise QueryError with a plain message.

        Refused queries fail at once; a query still running after ``timeout``
        seconds is stopped and reported.
        """
        checked = check_query(text)
        limit = self.row_limit if row_limit is None else row_limit
        deadline = self.timeout if timeout is None else timeout
        started = time.perf_counter()
        key = (checked.text, limit)
        with self._cache_lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
        if hit is not None:
            return replace(hit, elapsed=time.perf_counter() - started, cached=True)
        worker = self._acquire()
        healthy = False
        try:
            started = time.perf_counter()
            worker.ready(STARTUP_TIMEOUT)
            worker.connection.send((checked.text, limit))
            if not worker.connection.poll(deadline):
                raise QueryTimeoutError(
                    f"the query was stopped after {deadline:g} seconds; "
                    "add a LIMIT or narrow its patterns"
                )
            status, payload = worker.connection.recv()
            elapsed = time.perf_counter() - started
            healthy = True
        except (EOFError, OSError, BrokenPipeError) as error:
            raise QueryLimitError(
                "the query engine stopped while running this query (a query may use at most "
                f"{self.memory_mb:,} MB of memory): narrow it, or add a LIMIT, and run it again"
            ) from error
        finally:
            self._release(worker, healthy)
        if status == "limit":
            raise QueryLimitError(str(payload))
        if status != "ok":
            raise QueryError(str(payload))
        result, truncated = payload
        answer = RunResult(result, truncated, limit, elapsed, checked.form)
        if self._cacheable and len(result.rows) + len(result.triples) <= CACHE_MAX_ROWS:
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

    def _spawn(self) -> _Worker:
        self._started += 1
        return _Worker(self._context, self.ntriples, self.backend, self.memory_mb)

    def _acquire(self) -> _Worker:
        with self._available:
            while not self._idle:
                if self._closed:
                    raise QueryError("the query engine has been shut down")
                self._available.wait()
            return self._idle.pop()

    def _release(self, worker: _Worker, healthy: bool) -> None:
        if not healthy:
            worker.stop()
            worker = self._spawn()
        with self._available:
            if self._closed:
                worker.stop()
                return
            self._idle.append(worker)
            self._available.notify()


class _Worker:
    """One worker process holding a copy of the graph."""

    def __init__(
        self, context: Any, ntriples: bytes | str, backend: str, memory_mb: int = 0
    ) -> None:
        self.connection, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=_serve,
            args=(child, ntriples, backend, memory_mb),
            daemon=True,
            name="briefgraph-query",
        )
        self.process.start()
        child.close()
        self._ready = False

    def ready(self, timeout: float) -> None:
        if self._ready:
            return
        if not self.connection.poll(timeout):
            raise QueryError("the query engine did not start in time")
        status, message = self.connection.recv()
        if status != "ready":
            raise QueryError(f"the query engine could not load the graph: {message}")
        self._ready = True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def _serve(connection: Connection, ntriples: bytes | str, backend: str, memory_mb: int) -> None:
    """Worker process: load the graph, then answer queries until the pipe closes."""
    try:
        store = _load(ntriples, backend)
    except Exception as error:
        connection.send(("failed", str(error)))
        return
    if memory_mb:
        _cap_memory(memory_mb)
    connection.send(("ready", ""))
    while True:
        try:
            text, row_limit = connection.recv()
        except (EOFError, OSError):
            return
        try:
            connection.send(("ok", _execute(store, text, row_limit)))
        except RecursionError:
            connection.send(("error", "the query is nested too deeply to be run"))
        except MemoryError:
            connection.send(("limit", f"the query needed more than {memory_mb:,} MB of memory "
                                      "and was stopped; narrow it or add a LIMIT"))  # fmt: skip
        except Exception as error:
            connection.send(("error", _engine_message(error)))


def _cap_memory(memory_mb: int) -> None:
    """Let this worker's heap grow by at most ``memory_mb`` beyond the loaded graph
    (RLIMIT_DATA: a query that builds a huge answer fails here, not the machine)."""
    import resource

    used = 0
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                used = int(line.split()[1]) * 1024
    limit = used + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _load(ntriples: bytes | str, backend: str) -> Store:
    """Return the worker's store: N-Triples bytes loaded afresh, or an on-disk store's folder."""
    from rdflib import Graph

    from graph.store.backends import open_store

    if isinstance(ntriples, str) and ntriples.startswith(REMOTE):
        from graph.store.remote import RemoteStore

        endpoint, _, named = ntriples.removeprefix(REMOTE).partition(" ")
        return RemoteStore(endpoint, default_graph=named or None)
    if backend == "rdflib":
        import rdflib.plugins.sparql

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    if backend == "oxigraph":
        import pyoxigraph

        from graph.store.backends import OxigraphStore

        if isinstance(ntriples, str):
            return OxigraphStore(pyoxigraph.Store.read_only(ntriples))
        store = pyoxigraph.Store()
        store.bulk_load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return OxigraphStore(store)
    graph = Graph()
    graph.parse(data=ntriples, format="nt")
    return open_store(graph, "rdflib")


def _execute(store: Store, text: str, row_limit: int) -> tuple[QueryResult, bool]:
    result = store.query(text, limit=row_limit + 1)
    if result.kind == "select" and len(result.rows) > row_limit:
        return QueryResult("select", result.variables, result.rows[:row_limit]), True
    if result.kind == "graph" and len(result.triples) > row_limit:
        return QueryResult("graph", triples=result.triples[:row_limit]), True
    return result, False


def _engine_message(error: Exception) -> str:
    text = " ".join(str(error).split())
    if len(text) > 200:
        # Oxigraph lists every expected character class; the first few are enough.
        text = text[:200].rsplit(",", 1)[0] + ", ..."
    return f"the query failed: {text}" if text else "the query failed"
