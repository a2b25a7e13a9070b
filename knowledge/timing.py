"""How long each stage of answering takes (embed, search, compose), for whoever wants to know.

knowledge/ reports durations to the observers registered here and knows nothing of what they do
with them (the action server turns them into Prometheus metrics, actions/metrics.py). Stages nest
(compose calls search, search calls embed); each reports its own time without its inner stages',
so the stages of one answer add up to the whole."""
from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable

Observer = Callable[[str, float], None]

_observers: list[Observer] = []
_inner = threading.local()


def observe(observer: Observer) -> None:
    """Calls ``observer(stage, seconds)`` after every timed stage, in the thread that ran it."""
    if observer not in _observers:
        _observers.append(observer)


def forget(observer: Observer) -> None:
    if observer in _observers:
        _observers.remove(observer)


def stage(name: str):
    """Decorates a function as one stage of answering."""

    def decorate(function):
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if not _observers:
                return function(*args, **kwargs)
            outer = getattr(_inner, "seconds", None)
            _inner.seconds = 0.0
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - started
                own = max(0.0, elapsed - _inner.seconds)
                # The enclosing stage subtracts this whole call from its own time.
                _inner.seconds = (outer or 0.0) + elapsed if outer is not None else None
                for observer in list(_observers):
                    observer(name, own)

        return timed

    return decorate
