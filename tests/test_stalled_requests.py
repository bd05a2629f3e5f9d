"""The endpoint's HTTP layer holds its ground: a request whose headers or body stall is
dropped after BRIEFGRAPH_REQUEST_SECONDS, hundreds of half-sent requests are all closed,
and a whole query is answered meanwhile."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.conftest import running_endpoint

REQUEST_SECONDS = 1.5


@pytest.fixture(scope="module")
def strict_endpoint() -> Iterator[str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFGRAPH_REQUEST_SECONDS", str(REQUEST_SECONDS))
        with running_endpoint() as url:
            yield url


def connect(url: str) -> socket.socket:
    parts = urlsplit(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=30)


def closed_within(connection: socket.socket, seconds: float) -> float | None:
    """Return how long the server took to close ``connection`` (None if it did not)."""
    started = time.monotonic()
    connection.settimeout(seconds)
    try:
        while connection.recv(4096):
            pass  # whatever the server says before closing is read and ignored
    except TimeoutError:
        return None
    except ConnectionResetError:
        pass
    return time.monotonic() - started


def test_a_body_shorter_than_declared_is_dropped_in_time(strict_endpoint: str) -> None:
    with connect(strict_endpoint) as connection:
        connection.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 1000\r\n\r\nASK {"
        )
        took = closed_within(connection, REQUEST_SECONDS + 10)
    assert took is not None and took < REQUEST_SECONDS + 5


def test_headers_that_never_end_are_dropped_in_time(strict_endpoint: str) -> None:
    with connect(strict_endpoint) as connection:
        connection.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        took = closed_within(connection, REQUEST_SECONDS + 10)
    assert took is not None and took < REQUEST_SECONDS + 5


def test_three_hundred_half_sent_requests_are_closed_and_others_are_answered(
    strict_endpoint: str,
) -> None:
    stalled = [connect(strict_endpoint) for _ in range(300)]
    try:
        for index, connection in enumerate(stalled):
            connection.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n"[: index % 40 + 10]
            )
        answer = httpx.get(strict_endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert answer.status_code == 200 and "true" in answer.text
        deadline = time.monotonic() + REQUEST_SECONDS + 15
        still_open = 0
        for connection in stalled:
            if closed_within(connection, max(0.1, deadline - time.monotonic())) is None:
                still_open += 1
        assert still_open == 0
    finally:
        for connection in stalled:
            connection.close()


def test_a_kept_connection_idle_past_the_request_time_still_serves(strict_endpoint: str) -> None:
    request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n"
    with connect(strict_endpoint) as connection:
        for _ in range(2):
            connection.sendall(request)
            answer = b""
            while not answer.endswith(b"true\r\n"):
                answer += connection.recv(4096)
            assert answer.startswith(b"HTTP/1.1 200")
            time.sleep(REQUEST_SECONDS * 1.5)  # past the request time, within keep-alive
