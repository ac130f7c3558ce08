"""The "typing…" indicator while a slow answer is being prepared, within a budget of chats."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from telegram import Message
from telegram.constants import ChatAction
from telegram.error import TelegramError

log = logging.getLogger(__name__)

TYPING_DELAY_S = 0.3
TYPING_REFRESH_S = 4.5  # Telegram shows "typing…" for 5 s per chat action
TYPING_GRACE_S = 2.0

MAX_TYPING_CHATS = 10
"""Chats that may show "typing…" at the same time.

Each one spends a request of the bot's Telegram rate budget (30 a second by default) every
TYPING_REFRESH_S, and a little CPU. When many slow answers are under way at once, say 200 Gemini
users in the same second, indicators for all of them would queue in front of the answers
themselves; beyond this many, a chat gets its answer without the indicator.
"""


class TypingSlots:
    """How many more chats may show "typing…" now; a slot is taken per indicator, not per
    chat action, and given back when the indicator ends."""

    def __init__(self, size: int) -> None:
        self._free = size

    def take(self) -> bool:
        if self._free <= 0:
            return False
        self._free -= 1
        return True

    def give_back(self) -> None:
        self._free += 1


async def _keep_typing(message: Message, done: asyncio.Event) -> None:
    """Show "typing…" until ``done``, refreshing it before Telegram lets it lapse.

    Cosmetic, so a failure only ends it.
    """
    while not done.is_set():
        try:
            await message.reply_chat_action(ChatAction.TYPING)
        except TelegramError as exc:
            log.debug("typing indicator failed in chat %s: %s", message.chat_id, exc)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(done.wait(), TYPING_REFRESH_S)


@contextlib.asynccontextmanager
async def typing(
    message: Message, slots: TypingSlots
) -> AsyncIterator[Callable[[], Awaitable[None]]]:
    """Typing indicator around a block, once it has taken longer than TYPING_DELAY_S.

    An offline answer takes milliseconds: a chat action then would only spend a request of the
    bot's Telegram rate budget (and cut how many messages it can answer per second) on an
    indicator nobody sees. A slow answer (Gemini) shows it, while one of ``slots`` is free.
    Until the delay passes this is one timer, not a task, so the fast path costs next to
    nothing.

    Yields ``stop``: call it right before sending the reply. It waits (briefly) for an in-flight
    chat action to finish, because an action that reaches Telegram after the reply would show
    "typing…" under an already-answered message.
    """
    done = asyncio.Event()
    tasks: list[asyncio.Task[None]] = []

    def start() -> None:
        if not slots.take():
            return
        task = asyncio.create_task(_keep_typing(message, done))
        task.add_done_callback(lambda _: slots.give_back())
        tasks.append(task)

    timer = asyncio.get_running_loop().call_later(TYPING_DELAY_S, start)

    async def stop() -> None:
        timer.cancel()
        done.set()
        for task in tasks:
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(task), TYPING_GRACE_S)

    try:
        yield stop
    finally:
        timer.cancel()
        done.set()
        for task in tasks:
            if not task.done():
                task.cancel()
