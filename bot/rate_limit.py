"""Per-sender and per-client-address rate limits for the chat API (moving window).

They count in memory for the one gateway process `make run` starts, or in Redis when
SAMSKAPING_RATE_LIMIT_STORAGE_URL names one, so that several gateway processes count together
(bot/limit_storage.py)."""
from __future__ import annotations

import logging
import math
import time

from fastapi import FastAPI, Request
from limits import parse_many, storage, strategies
from limits.errors import StorageError

from bot import metrics, texts
from bot.errors import error_response
from bot.limit_storage import limit_storage
from bot.settings import GatewaySettings

logger = logging.getLogger(__name__)


class MovingWindow:
    """Counts hits per key against one or more limits ("60/minute; 1000/day"), in ``store``
    (this process's memory unless given)."""

    def __init__(self, limits: str, store: storage.Storage | None = None):
        self._limiter = strategies.MovingWindowRateLimiter(store or storage.MemoryStorage())
        self._limits = parse_many(limits)

    def hit(self, kind: str, key: str) -> int | None:
        """Counts one hit; returns the seconds to wait if it is over a limit, else None."""
        for limit in self._limits:
            if not self._limiter.hit(limit, kind, key):
                metrics.count_rate_limited(kind)
                reset = self._limiter.get_window_stats(limit, kind, key).reset_time
                return max(1, math.ceil(reset - time.time()))
        return None


class RateLimiter:
    def __init__(self, settings: GatewaySettings):
        self._per_sender = MovingWindow(settings.rate_limit_per_sender, limit_storage(settings))
        self._per_client = MovingWindow(settings.rate_limit_per_client, limit_storage(settings))

    def retry_after(self, client: str, sender: str | None = None) -> int | None:
        """Counts one request; returns the seconds to wait if it is over a limit, else None."""
        wait = self._per_client.hit("client", client)
        if wait is None and sender is not None:
            wait = self._per_sender.hit("sender", sender)
        return wait


class RateLimited(Exception):
    def __init__(self, seconds: int):
        self.seconds = seconds


def install(app: FastAPI, settings: GatewaySettings) -> None:
    app.state.rate_limiter = RateLimiter(settings)

    @app.exception_handler(RateLimited)
    async def rate_limited(_: Request, exc: RateLimited):
        response = error_response(429, "rate_limited", texts.ERROR_RATE_LIMITED.format(seconds=exc.seconds))
        response.headers["Retry-After"] = str(exc.seconds)
        return response

    @app.exception_handler(StorageError)
    async def limits_unavailable(_: Request, exc: StorageError):
        # The shared store of the limits (Redis) is down: nothing is let through uncounted. Rasa's
        # lock store is in the same Redis, so no message could be answered anyway.
        logger.error("The rate-limit storage is unreachable (%s)", type(exc.storage_error).__name__)
        return error_response(503, "unavailable", texts.APOLOGY_UNAVAILABLE)


def client_address(request: Request) -> str:
    """The client's address as uvicorn gives it: the peer's, or the one a configured proxy put in
    X-Forwarded-For (--forwarded-allow-ips; nobody's header is trusted otherwise)."""
    return request.client.host if request.client else "unknown"


def enforce(request: Request, sender: str | None = None) -> None:
    """Raises RateLimited when this client (and sender) has sent too much lately."""
    client = client_address(request)
    seconds = request.app.state.rate_limiter.retry_after(client, sender)
    if seconds is not None:
        raise RateLimited(seconds)
