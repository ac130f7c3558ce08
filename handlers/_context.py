"""The handlers' typed context: ``context.service`` instead of string keys into ``bot_data``.

As in python-telegram-bot's examples/contexttypesbot.py: the application is built with
``ContextTypes(context=BotContext, bot_data=BotData)`` (or a subclass of BotData), so every
handler receives a ``BotContext`` whose ``bot_data`` is a ``BotData``, and what the handlers
share is typed.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from telegram.ext import CallbackContext, ExtBot

from handlers._typing import MAX_TYPING_CHATS, TypingSlots
from service import ConversationService


class RecentIds:
    """A bounded set of ids: past ``size``, the oldest is forgotten first."""

    def __init__(self, size: int) -> None:
        self._ids: OrderedDict[int, None] = OrderedDict()
        self._size = size

    def add(self, value: int) -> bool:
        """Remember ``value``; True when it was not remembered yet."""
        if value in self._ids:
            return False
        self._ids[value] = None
        if len(self._ids) > self._size:
            self._ids.popitem(last=False)
        return True


APOLOGISED_MAX = 10_000
"""Updates whose storage failure the user was told about, remembered so that Telegram's
redeliveries of them that fail again stay quiet."""


class BotData:
    """What every handler of one application shares; PTB makes it when the application is built.

    The composition root attaches the service once, before the application starts.
    """

    def __init__(self) -> None:
        self.service: ConversationService | None = None
        self.typing_slots = TypingSlots(MAX_TYPING_CHATS)
        self.apologised = RecentIds(APOLOGISED_MAX)


class BotContext(CallbackContext[ExtBot[Any], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler receives."""

    @property
    def service(self) -> ConversationService:
        """The application's conversation service."""
        service = self.bot_data.service
        if service is None:
            raise RuntimeError("no service attached: build the application with build_application")
        return service

    @property
    def typing_slots(self) -> TypingSlots:
        """How many more chats may show "typing…" now, shared by the whole application."""
        return self.bot_data.typing_slots
