"""Repeat a callable and report its median and 95th-percentile time."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    """Seconds taken by repeated runs of one operation."""

    name: str
    runs: int
    p50: float
    p95: float

    def row(self, baseline: Timing | None = None) -> str:
        ratio = f"{baseline.p50 / self.p50:7.1f}x" if baseline and self.p50 else " " * 8
        p50, p95 = self.p50 * 1000, self.p95 * 1000
        return f"{self.name:<48} {self.runs:>5} {p50:>10.2f} {p95:>10.2f} {ratio}"


HEADER = f"{'operation':<48} {'runs':>5} {'p50 ms':>10} {'p95 ms':>10} {'vs base':>8}"


def measure(
    name: str, operation: Callable[[], object], *, runs: int = 20, warmup: int = 1
) -> Timing:
    """Return the timing of ``operation`` over ``runs`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        operation()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        operation()
        samples.append(time.perf_counter() - started)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return Timing(name, runs, statistics.median(samples), p95)
