"""The handlers' typed context: ``context.service`` instead of string keys into ``bot_data``.

As in python-telegram-bot's examples/contexttypesbot.py: the application is built with
``ContextTypes(context=BotContext, bot_data=BotData)`` (or a subclass of BotData), so every
handler receives a ``BotContext`` whose ``bot_data`` is a ``BotData``, and what the handlers
share is typed.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import CallbackContext, ExtBot

from handlers._typing import MAX_TYPING_CHATS, TypingSlots
from service import ConversationService


class BotData:
    """What every handler of one application shares; PTB makes it when the application is built.

    The composition root attaches the service once, before the application starts.
    """

    def __init__(self) -> None:
        self.service: ConversationService | None = None
        self.typing_slots = TypingSlots(MAX_TYPING_CHATS)


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
