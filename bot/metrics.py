"""Prometheus metrics of the gateway, at GET /metrics, for operators.

HTTP requests are counted and timed by prometheus-fastapi-instrumentator, labelled with the route
template (`/media/readiness/{name}`, never the id in the path), the method and the status. The
product's own metrics are defined here. No label ever carries message text, a sender id, a
cohort or join code, or a client address: each label has a small fixed set of values.

What only the action server knows (answer latency by stage, feedback, forms started and
completed) it counts itself, on its own /metrics (actions/metrics.py).

With several gateway worker processes (uvicorn --workers), set PROMETHEUS_MULTIPROC_DIR to an
empty folder before they start: prometheus_client then keeps every process's counts in files
there and /metrics adds them up (the instrumentator does this when the variable is set).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Depends, FastAPI, Request
from prometheus_client import Counter, Histogram
from prometheus_fastapi_instrumentator import Instrumentator, metrics

from bot import texts
from bot.errors import ApiError
from bot.messages import RasaReply
from bot.settings import GatewaySettings
from network_access import client_allowed

# Seconds; a question takes ~0.1 s through the whole stack, a first question after a start ~10 s.
LATENCY_BUCKETS = (0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1.0, 2.0, 5.0, 10.0, 30.0, 60.0)

RASA_SECONDS = Histogram(
    "samskaping_rasa_request_seconds",
    "Round trip of one message to Rasa and back (Rasa, its action server, the knowledge base).",
    ["outcome"],  # ok | unavailable
    buckets=LATENCY_BUCKETS,
)
TURNS = Counter(
    "samskaping_turns",
    "Messages the advisor handled, by what the user got back.",
    # answered: a cited answer; refused: the theses do not cover it (or nothing new to add);
    # reply: any other reply (forms, small talk, commands); apology: Rasa stayed silent because an
    # action failed; unavailable: no Rasa server answered.
    ["outcome"],
)
RATE_LIMITED = Counter(
    "samskaping_rate_limited",
    "Requests refused by a rate limit, by limit.",
    ["limit"],  # client | sender | telegram | login-client
)
# HTTP requests by route template, method and status. Made once per process (a second app in the
# same process, as in the tests, shares them; prometheus_client allows each name once).
HTTP = [
    metrics.requests(should_include_status=True),
    metrics.latency(should_include_status=True, buckets=LATENCY_BUCKETS),
]


@contextmanager
def rasa_round_trip() -> Iterator[None]:
    """Times one message to Rasa; an exception (Rasa unavailable) is timed and counted too."""
    started = time.perf_counter()
    outcome = "unavailable"
    try:
        yield
        outcome = "ok"
    finally:
        RASA_SECONDS.labels(outcome).observe(time.perf_counter() - started)
        if outcome == "unavailable":
            TURNS.labels("unavailable").inc()


def count_turn(reply: RasaReply) -> None:
    TURNS.labels(_outcome(reply)).inc()


def _outcome(reply: RasaReply) -> str:
    if not reply.messages:
        return "apology"
    if reply.knowledge_status == "answered":
        return "answered"
    if reply.knowledge_status is not None:
        return "refused"
    return "reply"


def count_rate_limited(limit: str) -> None:
    RATE_LIMITED.labels(limit).inc()


def install(app: FastAPI, settings: GatewaySettings) -> None:
    """Instruments every route and serves /metrics to the allowed networks only."""
    networks = settings.metrics_allowed_networks

    async def internal_only(request: Request) -> None:
        # The connection's address, or the one a configured proxy forwarded (uvicorn's
        # --forwarded-allow-ips): a client behind the proxy is refused like any other outsider.
        if not client_allowed(request.client.host if request.client else None, networks):
            raise ApiError(403, "forbidden", texts.ERROR_METRICS_FORBIDDEN)

    instrumentator = Instrumentator(
        should_group_status_codes=False,  # 429 and 503 apart from other 4xx and 5xx
        excluded_handlers=["/metrics"],
    )
    instrumentator.add(*HTTP)
    instrumentator.instrument(app).expose(app, include_in_schema=False, dependencies=[Depends(internal_only)])
