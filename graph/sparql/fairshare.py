"""Each client's share of query time: who used how much in the last minute.

A runner serves many clients with a few worker processes. Two promises follow
from this ledger (graph.sparql.runner keeps them):

- A client whose queries took more than its share of query time in the last
  ``window`` seconds is refused until enough of that time has aged out
  (the endpoint answers 429 with Retry-After), as the Wikidata Query Service
  allows each client 60 s of query time per minute.
- A client that recently ran a slow query is *heavy*: it may not take the
  last idle worker, so clients asking quick questions always find one, even
  while several runaway queries run.

Clients are named by the caller: the endpoint uses the peer address with its
User-Agent, the app its session. The ledger forgets a client once its time has
aged out, and never tracks more than ``max_clients`` at once.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

SLOW_QUERY_SECONDS = 1.0
"""A query that took this long marks its client as heavy for the rest of the window."""


@dataclass(frozen=True)
class Usage:
    """What one client used in the window."""

    seconds: float
    slow: bool


class QueryTimeLedger:
    """Query time used per client in a sliding window; safe to share between threads."""

    def __init__(
        self,
        share: float,
        *,
        window: float = 60.0,
        max_clients: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if share <= 0 or window <= 0:
            raise ValueError("a share and its window must be positive")
        self.share = share
        self.window = window
        self.max_clients = max_clients
        self._clock = clock
        self._lock = threading.Lock()
        # client -> its queries in the window, most recently seen client last
        self._spent: OrderedDict[str, _Account] = OrderedDict()

    def charge(self, client: str, seconds: float) -> None:
        """Record that one of ``client``'s queries took ``seconds``."""
        now = self._clock()
        with self._lock:
            account = self._spent.pop(client, None) or _Account()
            account.add(now, seconds)
            self._spent[client] = account  # most recently seen last
            while len(self._spent) > self.max_clients:
                self._spent.popitem(last=False)

    def usage(self, client: str) -> Usage:
        """Return the query time ``client`` used in the window, and whether any was slow."""
        with self._lock:
            account = self._current(client)
            return Usage(account.total, account.slow > 0)

    def retry_after(self, client: str) -> int | None:
        """Return whole seconds until ``client`` is back within its share, or None when it
        is within it now."""
        with self._lock:
            account = self._current(client)
            total = account.total
            if total <= self.share:
                return None
            # Wait until the oldest queries age out and what is left is within the share.
            now = self._clock()
            for ended, seconds in account.queries:
                total -= seconds
                if total <= self.share:
                    return max(1, math.ceil(ended + self.window - now))
            return max(1, math.ceil(self.window))  # not reached: the last entry empties it

    def _current(self, client: str) -> _Account:
        account = self._spent.get(client)
        if account is None:
            return _Account()
        account.forget_before(self._clock() - self.window)
        if not account.queries:
            del self._spent[client]
        return account


class _Account:
    """One client's queries in the window, oldest first, with their running sums (so a
    client sending hundreds of queries a second costs the same to check as one)."""

    __slots__ = ("queries", "slow", "total")

    def __init__(self) -> None:
        self.queries: deque[tuple[float, float]] = deque()
        """(when each query ended, how long it took)."""
        self.total = 0.0
        self.slow = 0
        """How many of them took SLOW_QUERY_SECONDS or more."""

    def add(self, ended: float, seconds: float) -> None:
        self.queries.append((ended, seconds))
        self.total += seconds
        self.slow += seconds >= SLOW_QUERY_SECONDS

    def forget_before(self, horizon: float) -> None:
        while self.queries and self.queries[0][0] <= horizon:
            _, seconds = self.queries.popleft()
            self.total -= seconds
            self.slow -= seconds >= SLOW_QUERY_SECONDS
        if not self.queries:
            self.total = 0.0  # no rounding left over from the sums
