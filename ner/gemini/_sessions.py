"""Per-user chat sessions kept in memory: bounded in number and forgotten when idle.

Sessions are derived state (everything is rebuilt from storage), so evicting one only costs
a history load on the user's next message.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

from google.genai import types

SessionKey = tuple[int, int]


@dataclass
class Session:
    """One user's chat for one epoch; the lock keeps that user's turns in order.

    ``history`` is the user's recent turns as contents (the few-shot turns that head every
    chat are not copied here); None until it is restored from storage.
    """

    history: list[types.ContentDict] | None = None
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    last_used: float = 0.0
    covers: int | None = None
    """The stored id of the last message the chat holds (see Conversation.last_turn_id)."""


class SessionCache:
    """LRU of sessions keyed on (user_id, epoch), with an idle time-to-live."""

    def __init__(
        self, *, max_sessions: int, idle_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._sessions: OrderedDict[SessionKey, Session] = OrderedDict()
        self._epochs: dict[int, int] = {}
        self._max = max(1, max_sessions)
        self._idle_s = idle_s
        self._clock = clock

    def __len__(self) -> int:
        return len(self._sessions)

    def __contains__(self, key: object) -> bool:
        return key in self._sessions

    def get(self, key: SessionKey) -> Session:
        """The session for ``key`` (created empty if missing); drops the user's older epoch."""
        now = self._clock()
        self._expire(now)
        session = self._sessions.get(key)
        if session is None:
            session = self._create(key)
        self._sessions.move_to_end(key)
        session.last_used = now
        return session

    def discard(self, key: SessionKey, session: Session | None = None) -> None:
        """Forget a session (only ``session``, when given) so the next turn rebuilds it."""
        if session is not None and self._sessions.get(key) is not session:
            return
        self._sessions.pop(key, None)
        if self._epochs.get(key[0]) == key[1]:
            del self._epochs[key[0]]

    def clear(self) -> None:
        self._sessions.clear()
        self._epochs.clear()

    def _create(self, key: SessionKey) -> Session:
        user_id, epoch = key
        previous = self._epochs.get(user_id)
        if previous is not None and previous != epoch:
            self._sessions.pop((user_id, previous), None)
        self._epochs[user_id] = epoch
        session = Session()
        self._sessions[key] = session
        while len(self._sessions) > self._max:
            self.discard(next(iter(self._sessions)))
        return session

    def _expire(self, now: float) -> None:
        while self._sessions:
            key, oldest = next(iter(self._sessions.items()))
            if now - oldest.last_used < self._idle_s:
                break
            self.discard(key)
