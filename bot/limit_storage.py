"""Where the gateway's rate limits count: in this process, or in Redis so that several gateway
processes (uvicorn workers, gateway containers) count together (SAMSKAPING_RATE_LIMIT_STORAGE_URL)."""
from __future__ import annotations

from functools import lru_cache

from limits.storage import Storage, storage_from_string

from bot.settings import GatewaySettings

# A Redis that does not answer in this time fails the request instead of holding it.
REDIS_TIMEOUT_SECONDS = 2.0


def limit_storage(settings: GatewaySettings) -> Storage:
    """In memory: a new store for each limiter (each app counts afresh, as each test needs).
    Shared: one connection pool per URL and prefix in a process, for every limit."""
    if not shared(settings):
        return storage_from_string(settings.rate_limit_storage_url)
    return _shared_storage(settings.rate_limit_storage_url, settings.rate_limit_key_prefix)


@lru_cache
def _shared_storage(url: str, key_prefix: str) -> Storage:
    # wrap_exceptions: a Redis that is down raises limits' StorageError, which the gateway answers
    # with 503 (bot/rate_limit.py) rather than letting everyone through uncounted.
    return storage_from_string(url, key_prefix=key_prefix, wrap_exceptions=True,
                               socket_timeout=REDIS_TIMEOUT_SECONDS, socket_connect_timeout=REDIS_TIMEOUT_SECONDS)


def shared(settings: GatewaySettings) -> bool:
    """Whether the limits count outside this process (and so can be down)."""
    return not settings.rate_limit_storage_url.startswith("memory://")
