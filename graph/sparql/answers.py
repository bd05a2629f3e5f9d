"""What the query runner gives back: a result with its facts, or an answer a worker wrote."""

from __future__ import annotations

from dataclasses import dataclass

from graph.sparql.results import Written
from graph.store.backends import QueryResult


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


@dataclass(frozen=True)
class WrittenAnswer:
    """A user query's answer as a worker wrote it (QueryRunner.write), with RunResult's facts."""

    written: Written
    truncated: bool
    row_limit: int
    elapsed: float
    form: str
    cached: bool = False
