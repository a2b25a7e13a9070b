"""knowledge/timing.py: each stage of answering reports its own time, without the stages inside
it, to whoever observes."""
from __future__ import annotations

import time

from knowledge import timing


@timing.stage("embed")
def embed() -> str:
    time.sleep(0.03)
    return "vector"


@timing.stage("search")
def search() -> str:
    time.sleep(0.02)
    return embed()


@timing.stage("compose")
def compose() -> str:
    result = search()
    time.sleep(0.01)
    return result


def test_nested_stages_report_their_own_time_and_add_up_to_the_whole():
    seen: list[tuple[str, float]] = []
    observer = lambda stage, seconds: seen.append((stage, seconds))  # noqa: E731
    timing.observe(observer)
    try:
        started = time.perf_counter()
        assert compose() == "vector"
        whole = time.perf_counter() - started
    finally:
        timing.forget(observer)
    assert [stage for stage, _ in seen] == ["embed", "search", "compose"]
    own = dict(seen)
    assert 0.03 <= own["embed"] < 0.03 + 0.05
    assert 0.02 <= own["search"] < 0.02 + 0.05
    assert 0.01 <= own["compose"] < 0.01 + 0.05
    assert abs(sum(own.values()) - whole) < 0.005
    # A second answer starts afresh: nothing of the first is subtracted.
    timing.observe(observer)
    try:
        seen.clear()
        embed()
    finally:
        timing.forget(observer)
    assert seen[0][0] == "embed" and seen[0][1] >= 0.03


def test_a_forgotten_observer_hears_nothing_more():
    seen: list[str] = []
    observer = lambda stage, seconds: seen.append(stage)  # noqa: E731
    timing.observe(observer)
    embed()
    timing.forget(observer)
    compose()
    assert seen == ["embed"]
