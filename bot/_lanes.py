"""Fair sharing of the bot's concurrent-update slots between users.

Long polling hands the bot updates in batches of up to 100, in the order users sent them. If
every update simply took one of the shared slots, a user who sends hundreds of messages in a
burst would hold most of them, each waiting for that user's previous message (one user's
messages are answered in order), and everyone else would queue behind the flood. Here each
user has a lane: at most ``per_user`` of their updates hold or wait for a shared slot, the rest
wait in the lane at no cost, and the next one starts when one of theirs finishes. Another user's
update therefore waits for at most a slot, never for a flooder's backlog.

A lane's backlog is bounded too; an update beyond it is dropped (the caller logs it). The bound
is far beyond what a person can send (Telegram itself slows down a user who floods a chat), so
a normal burst is always answered in full.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from telegram import Update

Work = Callable[[], Coroutine[Any, Any, None]]
Spawn = Callable[[Coroutine[Any, Any, None], str], None]

PER_USER = 2
"""Updates of one user holding or waiting for a slot at once: one being answered, and one
ready behind it (a button pressed while a slow Gemini answer is under way)."""

BACKLOG = 1000
"""Updates of one user waiting in their lane at most."""


@dataclass
class _Lane:
    running: int = 0
    waiting: deque[tuple[Work, str]] = field(default_factory=deque)


def lane_key(update: Update) -> int:
    """Whose lane an update joins: the acting identity.

    A message sent on behalf of a chat (an anonymous group admin, a channel) carries that chat
    as ``sender_chat``, while its ``from`` is a placeholder account shared by every such sender
    on Telegram; the chat is the sender. Updates with no sender at all get a lane of their own.
    """
    message = update.effective_message
    if message is not None and message.sender_chat is not None:
        return message.sender_chat.id
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return -(2**62) - update.update_id  # outside every Telegram id


class Lanes:
    """``slots`` updates run at once overall, at most ``per_user`` of any one user's."""

    def __init__(
        self, spawn: Spawn, *, slots: int, per_user: int = PER_USER, backlog: int = BACKLOG
    ) -> None:
        self._spawn = spawn
        self._slots = asyncio.Semaphore(slots)
        self._per_user = per_user
        self._backlog = backlog
        self._lanes: dict[int, _Lane] = {}
        self._closed = False

    def close(self) -> None:
        """Start nothing more: what still waits in the lanes is left (the poller's inbox
        replays it at the next start)."""
        self._closed = True
        self._lanes.clear()

    def submit(self, key: int, work: Work, name: str) -> bool:
        """Run ``work`` in ``key``'s lane, in order; False when the lane's backlog is full."""
        if self._closed:
            return False
        lane = self._lanes.setdefault(key, _Lane())
        if lane.running < self._per_user:
            self._start(key, lane, work, name)
            return True
        if len(lane.waiting) >= self._backlog:
            return False
        lane.waiting.append((work, name))
        return True

    def waiting(self, key: int) -> int:
        """Updates of ``key``'s waiting in their lane (not yet holding or awaiting a slot)."""
        lane = self._lanes.get(key)
        return len(lane.waiting) if lane is not None else 0

    def _start(self, key: int, lane: _Lane, work: Work, name: str) -> None:
        lane.running += 1
        self._spawn(self._in_slot(key, lane, work), name)

    async def _in_slot(self, key: int, lane: _Lane, work: Work) -> None:
        try:
            async with self._slots:
                await work()
        finally:
            lane.running -= 1
            if lane.waiting and not self._closed:
                next_work, next_name = lane.waiting.popleft()
                self._start(key, lane, next_work, next_name)
            elif lane.running == 0:
                self._lanes.pop(key, None)
