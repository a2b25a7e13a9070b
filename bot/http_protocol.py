"""uvicorn's h11 protocol with a deadline for a request's headers and one for its body.

uvicorn closes idle keep-alive connections (--timeout-keep-alive) but waits forever for a client
that sends its headers or body a byte at a time: 150 such connections stayed open. This protocol
closes a connection with 408 (in the API's error shape) when the headers are not complete within
SAMSKAPING_HEADER_TIMEOUT_SECONDS of the connection or the previous response, or the body not
within SAMSKAPING_BODY_TIMEOUT_SECONDS of the headers. A reverse proxy in front should cut sooner
(docs/deploy.md); this is for a gateway reached directly.

Started with `uvicorn --http bot.http_protocol:TimedH11Protocol` (scripts/services.py)."""
from __future__ import annotations

import asyncio
import json
from functools import cache

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

from bot.settings import GatewaySettings

_BODY = json.dumps({"error": {"code": "request_timeout",
                              "message": "Forespørselen kom for sakte fram. Prøv igjen."}}).encode()
TIMEOUT_RESPONSE = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                    b"connection: close\r\ncontent-length: " + str(len(_BODY)).encode() + b"\r\n\r\n" + _BODY)


@cache
def _timeouts() -> tuple[float, float]:
    """(header, body) deadlines. uvicorn makes this protocol per connection without the app, so
    it reads the gateway section itself, once per process."""
    settings = GatewaySettings()
    return settings.header_timeout_seconds, settings.body_timeout_seconds


class TimedH11Protocol(H11Protocol):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._header_timeout, self._body_timeout = _timeouts()
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting_for: object = None  # h11.IDLE (headers) or h11.SEND_BODY (body)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._watch()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        self._watch()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._watch()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel()
        super().connection_lost(exc)

    def _watch(self) -> None:
        """Arms the deadline for what the client must send next, or clears it."""
        state = self.conn.their_state
        if state is h11.SEND_BODY:
            if self._waiting_for is not h11.SEND_BODY:
                self._arm(h11.SEND_BODY, self._body_timeout)
        elif state is h11.IDLE and self.conn.our_state is h11.IDLE:
            # Waiting for a request's headers (the first, or after a keep-alive response).
            if self._waiting_for is not h11.IDLE:
                self._arm(h11.IDLE, self._header_timeout)
        else:
            self._cancel()

    def _arm(self, waiting_for: object, seconds: float) -> None:
        self._cancel()
        self._waiting_for = waiting_for
        self._deadline = self.loop.call_later(seconds, self._expired)

    def _cancel(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = None
        self._waiting_for = None

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        if self._waiting_for is h11.IDLE and self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            # Nothing of a new request has arrived: an idle keep-alive connection, closed quietly.
            self.transport.close()
            return
        self.transport.write(TIMEOUT_RESPONSE)
        self.transport.close()
