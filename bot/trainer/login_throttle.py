"""Slowing down password guessing without letting anyone lock a trainer out.

A hard limit per username let anyone lock a trainer out: eleven wrong passwords for «trude» from
rotating addresses, and trude's right password got 429. Now:

- per client address, over all usernames, a moving-window limit (SAMSKAPING_RATE_LIMIT_TRAINER_LOGIN)
  stops one address from spraying guesses;
- per (username, address), the first few wrong passwords are free and each further one doubles the
  wait before that address may try that username again (1 s, 2 s, 4 s … up to the maximum). A
  right password clears the count. Guesses from other addresses never touch the trainer's own.

The per-address window counts where the other limits do (in memory, or in Redis shared by every
gateway process: bot/limit_storage.py); the doubling waits are kept in this process's memory, and
entries of addresses that stopped trying are dropped after the longest wait."""
from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from bot.limit_storage import limit_storage
from bot.rate_limit import MovingWindow
from bot.settings import GatewaySettings

MAX_TRACKED = 100_000


@dataclass
class _Failures:
    count: int = 0
    blocked_until: float = 0.0
    last: float = 0.0


class LoginThrottle:
    def __init__(self, settings: GatewaySettings, clock=time.monotonic):
        self._per_address = MovingWindow(settings.rate_limit_trainer_login, limit_storage(settings))
        self._free = settings.login_free_failures
        self._max_delay = settings.login_max_delay_seconds
        self._clock = clock
        self._failures: OrderedDict[tuple[str, str], _Failures] = OrderedDict()

    @staticmethod
    def _key(username: str, address: str) -> tuple[str, str]:
        return username.strip().lower(), address

    def wait(self, username: str, address: str) -> int | None:
        """Counts an attempt; the seconds to wait when this address may not try now, else None."""
        entry = self._failures.get(self._key(username, address))
        now = self._clock()
        if entry is not None and entry.blocked_until > now:
            return max(1, math.ceil(entry.blocked_until - now))
        return self._per_address.hit("login-client", address)

    def failed(self, username: str, address: str) -> None:
        key = self._key(username, address)
        now = self._clock()
        entry = self._failures.pop(key, None) or _Failures()
        entry.count += 1
        entry.last = now
        if entry.count > self._free:
            entry.blocked_until = now + min(self._max_delay, 2 ** (entry.count - self._free - 1))
        self._failures[key] = entry
        self._forget_old(now)

    def succeeded(self, username: str, address: str) -> None:
        self._failures.pop(self._key(username, address), None)

    def _forget_old(self, now: float) -> None:
        while self._failures:
            oldest = next(iter(self._failures.values()))
            if len(self._failures) <= MAX_TRACKED and now - oldest.last < 2 * self._max_delay:
                break
            self._failures.popitem(last=False)
