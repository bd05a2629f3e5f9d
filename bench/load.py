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
    runaway_statuses: Counter[int] = field(default_factory=Counter)
    runaway_latencies: list[float] = field(default_factory=list)

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

    def percentile(self, share: float, runaway: bool = False) -> float:
        """Return a latency percentile in seconds (0 when nothing was measured)."""
        values = sorted(self.runaway_latencies if runaway else self.latencies)
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
            lines.append(
                f"  runaway queries: {dict(self.runaway_statuses)}, "
                f"median {statistics.median(self.runaway_latencies):.2f} s"
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
) -> LoadReport:
    """Return what ``clients`` concurrent clients saw posting ``queries`` in turn to ``endpoint``.

    The last ``runaway_clients`` of them send ``runaway`` instead. Each client
    stops when ``seconds`` have passed or after MAX_REQUESTS_PER_CLIENT requests.
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
        with httpx.Client(timeout=request_timeout) as http:
            release.wait()
            with lock:
                stop_at = stop_at or time.monotonic() + seconds
            for turn in range(MAX_REQUESTS_PER_CLIENT):
                if time.monotonic() >= stop_at:
                    return
                query = runaway if bad else queries[(index + turn) % len(queries)]
                started = time.perf_counter()
                try:
                    response = http.post(
                        endpoint,
                        content=query.encode("utf-8"),
                        headers={"Content-Type": "application/sparql-query"},
                    )
                except httpx.HTTPError as error:
                    with lock:
                        report.failures[type(error).__name__] += 1
                    continue
                elapsed = time.perf_counter() - started
                with lock:
                    if bad:
                        report.runaway_statuses[response.status_code] += 1
                        report.runaway_latencies.append(elapsed)
                    else:
                        report.statuses[response.status_code] += 1
                        report.latencies.append(elapsed)

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return report
