"""Join codes tried per client address, in this gateway process's memory or in Redis (like the
other rate limits, bot/rate_limit.py and bot/limit_storage.py).

Every code tried from an address counts, through the API or typed in the chat; after too many
wrong codes the address may try none, right or wrong, until the window has passed, so a guesser
who finally hits a code does not get in. Per sender the same is counted in the database
(userdata/join_guard.py), where the action servers count it too.

The chat path: only the gateway knows the address, and only the action server knows whether a
message is a join attempt. So the gateway says in each message's metadata how many codes the
address may still try (at most the per-message maximum), and the action's reply says how many it
tried and missed, which the gateway then counts here."""
from __future__ import annotations

import math
import time

from fastapi import FastAPI, Request
from limits import parse_many, strategies

from bot.limit_storage import limit_storage
from bot.settings import GatewaySettings
from userdata.cohorts import MAX_CODES_PER_MESSAGE


class JoinLimits:
    def __init__(self, settings: GatewaySettings):
        self._limiter = strategies.MovingWindowRateLimiter(limit_storage(settings))
        self._tries = parse_many(settings.join_tries_per_client)
        self._misses = parse_many(settings.join_misses_per_client)

    def allowance(self, client: str) -> int:
        """How many codes the address may try now: 0 when it is locked."""
        left = MAX_CODES_PER_MESSAGE
        for kind, limits in (("join-miss", self._misses), ("join-try", self._tries)):
            for limit in limits:
                left = min(left, self._limiter.get_window_stats(limit, kind, client).remaining)
        return max(0, left)

    def retry_after(self, client: str) -> int:
        resets = [self._limiter.get_window_stats(limit, kind, client).reset_time
                  for kind, limits in (("join-miss", self._misses), ("join-try", self._tries)) for limit in limits
                  if self._limiter.get_window_stats(limit, kind, client).remaining <= 0]
        return max(1, math.ceil(max(resets, default=time.time()) - time.time()))

    def count(self, client: str, tried: int, missed: int) -> None:
        # One hit per code: a window that is nearly full still fills up (a hit of cost 2 on a
        # window with 1 left would count nothing).
        for limits, kind, n in ((self._tries, "join-try", tried), (self._misses, "join-miss", missed)):
            for limit in limits:
                for _ in range(n):
                    self._limiter.hit(limit, kind, client)


def install(app: FastAPI, settings: GatewaySettings) -> None:
    app.state.join_limits = JoinLimits(settings)


def get_join_limits(request: Request) -> JoinLimits:
    return request.app.state.join_limits
