"""The endpoint's HTTP connections, each given a time to send its request in full.

uvicorn waits for a request's headers and body as long as the client likes: a
client that declares 1,000 bytes and sends 6, or opens hundreds of connections
and sends half a request on each, holds them open for ever (slowloris). Here a
connection has BRIEFGRAPH_REQUEST_SECONDS from its opening, or from the start of
its next request, until the request is read in full; a request still incomplete
then is dropped and its connection closed. Waiting between requests on a kept-alive
connection is uvicorn's own keep-alive limit; the time a query takes once read is
the query runner's.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline for reading each request."""

    request_seconds = 10.0
    """Set by the server (graph.sparql.server.serve) from the settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._reading: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._arm()

    def on_message_complete(self) -> None:
        self._disarm()
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._disarm()  # the next request's clock starts when it begins (keep-alive waits)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self._disarm()
        self._reading = self.loop.call_later(self.request_seconds, self._stalled)

    def _disarm(self) -> None:
        if self._reading is not None:
            self._reading.cancel()
            self._reading = None

    def _stalled(self) -> None:
        """The request was not read in time: drop it and close the connection."""
        self._reading = None
        if self.cycle is not None and not self.cycle.response_complete:
            self.cycle.disconnected = True
            self.cycle.message_event.set()  # a handler waiting for the body stops
        if not self.transport.is_closing():
            self.transport.close()
