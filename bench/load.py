"""Load on the SPARQL endpoint: many concurrent clients on 127.0.0.1, for a bounded time.

``drive`` is shared by ``make bench`` (16 clients for 60 s) and the suite's
shorter run on a freshly started endpoint. Every loop is bounded in time and in
requests and stops by itself; nothing is sent beyond the loopback address given.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

MAX_REQUESTS_PER_CLIENT = 100_000


@dataclass
class LoadReport:
    """What the clients saw: answers by status, failures by kind, latencies of good queries."""

    clients: int
    seconds: float
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    runaway_answers: list[tuple[int, float]] = field(default_factory=list)
    """Each runaway request's status and latency, in order."""
    retry_after: list[int] = field(default_factory=list)
    """Retry-After of each 429 answer, in seconds."""
    memory_mb: list[float] = field(default_factory=list)
    """The server's resident memory with its workers, sampled through the run."""

    @property
    def answered(self) -> int:
        """Good queries answered with 200."""
        return self.statuses[200]

    @property
    def errors(self) -> int:
        """Good queries that got anything but 200: another status, a reset, a timeout."""
        return sum(n for status, n in self.statuses.items() if status != 200) + sum(
            self.failures.values()
        )

    @property
    def runaway_statuses(self) -> Counter[int]:
        """How many runaway requests got each status."""
        return Counter(status for status, _ in self.runaway_answers)

    def percentile(self, share: float) -> float:
        """Return a latency percentile of good queries in seconds (0 when none was measured)."""
        values = sorted(self.latencies)
        if not values:
            return 0.0
        return values[min(len(values) - 1, round(share * (len(values) - 1)))]

    def summary(self) -> str:
        """Return the report as the lines ``make bench`` prints."""
        rate = self.answered / self.seconds if self.seconds else 0.0
        lines = [
            f"{self.clients} clients, {self.seconds:.1f} s: {self.answered} good answers "
            f"({rate:.0f}/s), {self.errors} errors {dict(self.statuses)} {dict(self.failures)}",
            f"  good queries: p50 {self.percentile(0.5) * 1000:.1f} ms, "
            f"p99 {self.percentile(0.99) * 1000:.1f} ms",
        ]
        if self.runaway_statuses:
            cut = [t for status, t in self.runaway_answers if status == 503]
            lines.append(
                f"  runaway queries: {dict(self.runaway_statuses)} "
                f"(503: cut at the time limit, 429: past the client's share), "
                f"cut after a median {statistics.median(cut) if cut else 0:.2f} s"
            )
        if self.retry_after:
            lines.append(
                f"  429 answers said Retry-After {min(self.retry_after)}-{max(self.retry_after)} s"
            )
        if self.memory_mb:
            lines.append(
                f"  server memory with workers: {self.memory_mb[0]:.0f} MB at the start, "
                f"{max(self.memory_mb):.0f} MB at most, {self.memory_mb[-1]:.0f} MB at the end"
            )
        return "\n".join(lines)


def drive(
    endpoint: str,
    queries: Sequence[str],
    *,
    clients: int = 16,
    seconds: float = 10.0,
    runaway: str | None = None,
    runaway_clients: int = 0,
    request_timeout: float = 60.0,
    server_pid: int | None = None,
    uncached: bool = False,
    accept: str | None = None,
    first_index: int = 0,
    start_at: float | None = None,
) -> LoadReport:
    """Return what ``clients`` concurrent clients saw posting ``queries`` in turn to ``endpoint``.

    The last ``runaway_clients`` of them send ``runaway`` instead. Each client
    stops when ``seconds`` have passed or after MAX_REQUESTS_PER_CLIENT requests,
    and names itself with its own User-Agent (the endpoint shares query time out
    by client). With ``server_pid`` the server's memory is sampled each second.
    With ``uncached`` each good query ends in a comment of its own, so no answer
    comes from the runner's cache and every one needs a worker. ``accept`` is the Accept
    header each request sends (none when None). ``first_index`` numbers this call's clients
    after those of other processes; ``start_at`` (a time.time()) is when they all begin.
    """
    if not endpoint.startswith(("http://127.", "http://localhost", "http://[::1]")):
        raise ValueError("load is only ever sent to the loopback address")
    report = LoadReport(clients=clients, seconds=seconds)
    lock = threading.Lock()
    release = threading.Barrier(clients)
    stop_at = 0.0

    def client(index: int) -> None:
        nonlocal stop_at
        bad = index >= clients - runaway_clients and runaway is not None
        agent = {"User-Agent": f"briefgraph-load/{first_index + index}"}
        with httpx.Client(timeout=request_timeout, headers=agent) as http:
            release.wait()
            if start_at is not None:
                time.sleep(max(0.0, start_at - time.time()))
            with lock:
                stop_at = stop_at or time.monotonic() + seconds
            for turn in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= stop_at:
                    return
                query = runaway if bad else queries[(index + turn) % len(queries)]
                if uncached and not bad:
                    query += f"\n# client {first_index + index}, turn {turn}"
                started = time.perf_counter()
                try:
                    response = http.post(
                        endpoint,
                        content=query.encode("utf-8"),
                        headers=sent,
                    )
                except httpx.HTTPError as error:
                    with lock:
                        report.failures[type(error).__name__] += 1
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    if response.status_code == 429:
                        report.retry_after.append(int(response.headers.get("retry-after", -1)))
                    if bad:
                        report.runaway_answers.append((response.status_code, elapsed))
                    else:
                        report.statuses[response.status_code] += 1
                        report.latencies.append(elapsed)
                if response.status_code == 429:  # a polite client waits as it is told
                    wait = int(response.headers.get("retry-after", "1"))
                    time.sleep(max(0.0, min(wait, stop_at - time.monotonic())))

    done = threading.Event()
    sent = {"Content-Type": "application/sparql-query"} | ({"Accept": accept} if accept else {})

    def sample() -> None:
        while server_pid is not None:
            report.memory_mb.append(resident_mb(server_pid))
            if done.wait(1.0):
                report.memory_mb.append(resident_mb(server_pid))
                return

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    sampler = threading.Thread(target=sample)
    sampler.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    sampler.join()
    return report


def resident_mb(pid: int) -> float:
    """Return the resident memory of process ``pid`` and all its descendants, in MB."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                pending.extend(int(c) for c in (task / "children").read_text().split())
        except OSError:
            continue  # the process ended while it was being read
    return total


def drive_spread(
    endpoint: str,
    queries: Sequence[str],
    *,
    clients: int,
    seconds: float,
    processes: int = 2,
    runaway: str | None = None,
    runaway_clients: int = 0,
    **options: object,
) -> LoadReport:
    """Return what ``clients`` clients saw, run from ``processes`` client processes at once.

    One Python process's clients share its interpreter lock, which at 16 clients adds
    its own waits to every latency; spread over processes the figures are the servers'.
    The runaway clients are spread out too; every client has a name of its own.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    processes = max(1, min(processes, clients))
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    bad = [
        runaway_clients // processes + (i < runaway_clients % processes) for i in range(processes)
    ]
    start_at = time.time() + 5.0  # every process has imported and connected by then
    with ProcessPoolExecutor(processes, mp_context=get_context("spawn")) as pool:
        futures = [
            pool.submit(
                drive,
                endpoint,
                list(queries),
                clients=share,
                seconds=seconds,
                runaway=runaway,
                runaway_clients=bad[i],
                first_index=sum(shares[:i]),
                start_at=start_at,
                **options,
            )
            for i, share in enumerate(shares)
        ]
        reports = [future.result() for future in futures]
    merged = LoadReport(clients=clients, seconds=seconds)
    for report in reports:
        merged.statuses.update(report.statuses)
        merged.failures.update(report.failures)
        merged.latencies.extend(report.latencies)
        merged.runaway_answers.extend(report.runaway_answers)
        merged.retry_after.extend(report.retry_after)
    return merged
