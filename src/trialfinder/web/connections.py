"""Connections that send nothing useful are closed: idle keep-alives and half-sent requests.

uvicorn closes a kept-alive connection idle for ``timeout_keep_alive`` seconds,
but a connection that sends half a request line or half its headers and then
waits was held open forever: enough of them exhaust the server's sockets.
:class:`HeaderTimeoutProtocol` gives every request :data:`HEADER_READ_SECONDS`
from the moment the server waits for it (the connection opened, or the previous
answer was sent) until its headers are complete; then the connection is closed.
"""

from __future__ import annotations

import asyncio

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

__all__ = ["HEADER_READ_SECONDS", "KEEP_ALIVE_SECONDS", "HeaderTimeoutProtocol"]

# How long a request's line and headers may take to arrive, once the server waits for it.
HEADER_READ_SECONDS = 10.0
# How long a kept-alive connection may stay idle between requests.
KEEP_ALIVE_SECONDS = 5


class HeaderTimeoutProtocol(HttpToolsProtocol):
    """uvicorn's HTTP protocol, closing a connection whose request headers are late."""

    header_read_seconds = HEADER_READ_SECONDS
    _header_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._await_headers()

    def on_headers_complete(self) -> None:
        self._stop_waiting()
        super().on_headers_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        # Armed only when uvicorn waits for a next request (none was pipelined).
        if self.timeout_keep_alive_task is not None:
            self._await_headers()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_headers(self) -> None:
        self._stop_waiting()
        self._header_deadline = self.loop.call_later(self.header_read_seconds, self._headers_late)

    def _stop_waiting(self) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
            self._header_deadline = None

    def _headers_late(self) -> None:
        self._header_deadline = None
        if not self.transport.is_closing():
            self.transport.close()
