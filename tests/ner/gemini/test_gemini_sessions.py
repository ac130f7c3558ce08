"""The session cache: bounded, idle sessions forgotten, one epoch per user."""

from __future__ import annotations

from ner.gemini._sessions import SessionCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_idle_sessions_expire() -> None:
    clock = Clock()
    cache = SessionCache(max_sessions=10, idle_s=60, clock=clock)
    cache.get((1, 0))
    clock.now = 30
    cache.get((2, 0))
    clock.now = 61
    cache.get((3, 0))
    assert (1, 0) not in cache and (2, 0) in cache and (3, 0) in cache


def test_least_recently_used_goes_first() -> None:
    cache = SessionCache(max_sessions=2, idle_s=600, clock=Clock())
    first = cache.get((1, 0))
    cache.get((2, 0))
    assert cache.get((1, 0)) is first
    cache.get((3, 0))
    assert len(cache) == 2 and (2, 0) not in cache


def test_a_new_epoch_replaces_the_old_session() -> None:
    cache = SessionCache(max_sessions=10, idle_s=600, clock=Clock())
    old = cache.get((1, 0))
    assert cache.get((1, 1)) is not old
    assert (1, 0) not in cache


def test_discard_only_removes_the_session_it_was_given() -> None:
    cache = SessionCache(max_sessions=10, idle_s=600, clock=Clock())
    stale = cache.get((1, 0))
    cache.discard((1, 0))
    fresh = cache.get((1, 0))
    cache.discard((1, 0), stale)
    assert cache.get((1, 0)) is fresh
