"""What the health check learns from real traffic: writes failing for lack of space and the like.

A probe that only reads (the schema version) answers happily while every message fails to be
saved on a full disk. Remembering failed writes makes /healthz tell the truth without writing
anything itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from storage._base import WRITE_PROBLEMS, StorageProblem

FAILURE_MEMORY_S = 60.0
"""How long a failed write keeps the store unhealthy: longer than a probe's interval, so a
probe sees failures between two probes, and short enough that health recovers soon after an
operator frees space."""

_DESCRIPTIONS = {
    StorageProblem.FULL: "writes are failing: the storage is full",
    StorageProblem.READ_ONLY: "writes are failing: the storage is read-only",
    StorageProblem.FAILING: "the storage reports input/output errors or corruption",
    StorageProblem.GONE: "the database file was deleted or replaced and cannot be reopened",
}


def describe(problem: StorageProblem) -> str:
    """What /healthz says about ``problem``."""
    return _DESCRIPTIONS.get(problem, f"the database does not answer ({problem})")


class WriteFailures:
    """The latest failure an operator must fix (full, read-only, failing storage), for a while."""

    def __init__(
        self, memory_s: float = FAILURE_MEMORY_S, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._memory_s = memory_s
        self._clock = clock
        self._latest: tuple[float, StorageProblem] | None = None

    def record(self, problem: StorageProblem) -> None:
        """Remember ``problem`` if it is one that fails writes until someone acts."""
        if problem in WRITE_PROBLEMS:
            self._latest = (self._clock(), problem)

    def problem(self) -> str | None:
        """Why writes are failing, while the latest such failure is recent; else None."""
        if self._latest is None:
            return None
        when, problem = self._latest
        if self._clock() - when >= self._memory_s:
            self._latest = None
            return None
        return _DESCRIPTIONS.get(problem, f"writes are failing ({problem})")
