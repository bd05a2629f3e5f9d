"""A query worker: a process that holds its own copy of the graph and answers user queries.

The runner (graph.sparql.runner) starts workers, sends each query with its row
limit and base IRI, and kills a worker whose query runs past its deadline. A
worker reads (graph.sparql.checks) and runs each query itself, so the caller's
process never parses a user's query, and reports its answer with the CPU time
it took.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any

from graph.errors import QueryError, QueryRefusedError
from graph.sparql.checks import check_query, screen_query
from graph.sparql.native import covers, write_natively
from graph.sparql.results import write_result
from graph.store.backends import OxigraphStore, QueryResult

if TYPE_CHECKING:
    from multiprocessing.context import SpawnProcess

    from graph.store.backends import Store

PATIENT_NICENESS = 19
"""The CPU priority (nice value) a query's worker gets once its query has run a while
(graph.sparql.runner.PATIENT_AFTER_SECONDS), with Linux's SCHED_IDLE class where it has one."""
REMOTE = "sparql-endpoint:"
"""How a worker is told to read a remote SPARQL server instead of a copy of the graph."""


class Worker:
    """One worker process holding a copy of the graph."""

    def __init__(
        self, context: Any, ntriples: bytes | str, backend: str, memory_mb: int = 0
    ) -> None:
        self.connection, child = context.Pipe()
        self.process: SpawnProcess = context.Process(
            target=serve,
            args=(child, ntriples, backend, memory_mb),
            daemon=True,
            name="briefgraph-query",
        )
        self.process.start()
        child.close()
        self._ready = False
        self.idle_since = time.monotonic()
        self.lowered = False

    def ready(self, timeout: float) -> None:
        if self._ready:
            return
        if not self.connection.poll(timeout):
            raise QueryError("the query engine did not start in time")
        status, message = self.connection.recv()
        if status != "ready":
            raise QueryError(f"the query engine could not load the graph: {message}")
        self._ready = True

    def lower_priority(self) -> None:
        """Make every thread of this worker yield the CPU to other processes (nice 19 and
        SCHED_IDLE)."""
        import os

        try:
            threads = [int(t) for t in os.listdir(f"/proc/{self.process.pid}/task")]
        except OSError:
            threads = [self.process.pid or 0]
        for thread in threads:
            # A thread that ended meanwhile, or a refusal, leaves the query running as before.
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, thread, PATIENT_NICENESS)
            with contextlib.suppress(OSError, AttributeError):
                # Linux's idle class: any other runnable task preempts it at once.
                os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
        self.lowered = True

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.connection.close()


def serve(connection: Connection, ntriples: bytes | str, backend: str, memory_mb: int) -> None:
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
            text, row_limit, base, formats = connection.recv()
        except (EOFError, OSError):
            return
        cpu = time.process_time()
        status, payload = _answer(store, text, row_limit, base, memory_mb, formats)
        connection.send((status, payload, time.process_time() - cpu))


def _answer(
    store: Store,
    text: str,
    row_limit: int,
    base: str | None,
    memory_mb: int,
    formats: tuple[str | None, str | None] | None = None,
) -> tuple[str, Any]:
    """Return a worker's answer to one query: a status and its payload, with the result
    written in ``formats`` (a table format and a graph format) when they are given.

    rdflib's store is given rdflib's full check; Oxigraph and a remote server, which
    parse the query themselves, the token screen, and a query their parser rejects
    is read by rdflib only then, to say in words what is wrong.
    """
    check = check_query if store.backend == "rdflib" else screen_query
    try:
        checked = check(text, base=base)
    except QueryRefusedError as error:
        return "refused", str(error)
    except QueryError as error:
        return "syntax", str(error)
    try:
        if (
            formats is not None
            and isinstance(store, OxigraphStore)
            and covers(checked.form, *formats)
        ):
            fast = write_natively(store, checked.text, row_limit, *formats)
            if fast is not None:
                return "ok", (*fast, checked.form)
        result, truncated = _execute(store, checked.text, row_limit)
        if formats is not None:
            return "ok", (write_result(result, *formats), truncated, checked.form)
        return "ok", (result, truncated, checked.form)
    except RecursionError:
        return "error", "the query is nested too deeply to be run"
    except MemoryError:
        return "limit", (
            f"the query needed more than {memory_mb:,} MB of memory and was stopped; "
            "narrow it or add a LIMIT"
        )
    except Exception as error:
        if check is screen_query:
            # The engine's parser (or the remote server) rejected what the screen let
            # through: rdflib's reading says in words what is wrong, when it can.
            try:
                check_query(text, base=base)
            except QueryRefusedError as refusal:
                return "refused", str(refusal)
            except QueryError as wording:
                return "syntax", str(wording)
        return "error", _engine_message(error)


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


WORKER_MODULES = ["graph.sparql.worker", "graph.sparql.native", "pyoxigraph", "rdflib"]
"""What the fork server imports once, so a replacement worker starts in milliseconds."""


def worker_context() -> Any:
    """Return how workers are started: forked from a fork server that has imported the
    worker's modules (about 30 ms a worker, where spawning one costs half a second of CPU,
    paid again for every worker a runaway query's stop replaces); spawned where there is
    no fork server (Windows). A fork server is a single-threaded process: forking it is
    safe where forking the endpoint's threaded process would not be."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_MODULES)
    return context
