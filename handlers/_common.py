"""What every analysing handler shares: the analysis, the typing indicator, the reply.

Ordering: one user's messages must be answered in the order they were sent, while different
users run concurrently (the Application processes updates concurrently). The service keeps
each user's turns in arrival order and sends the reply (``deliver``) inside the turn, so a
quick second message cannot overtake the answer to a first one. Nothing before
``service.analyse`` may suspend the handler, or arrival order would be lost.
"""

from __future__ import annotations

import logging

from telegram import Message, ReplyParameters, User
from telegram.constants import ChatType

from handlers import _texts as texts
from handlers._context import BotContext
from handlers._format import format_entities, split_html
from handlers._typing import typing
from service import Analysis

log = logging.getLogger(__name__)


def source_key(message: Message) -> str:
    """Identifies the Telegram message (and edit) an analysis answers, for redeliveries."""
    key = f"tg:{message.chat_id}:{message.message_id}"
    if message.edit_date is not None:
        key += f":edit:{int(message.edit_date.timestamp())}"
    return key


def _reply_parameters(message: Message) -> ReplyParameters | None:
    """Quote the question in groups, where several people talk, and an edited message, which
    may be far up; a plain private message needs no quote."""
    if message.chat.type == ChatType.PRIVATE and message.edit_date is None:
        return None
    return ReplyParameters(message.message_id, allow_sending_without_reply=True)


async def send_html(message: Message, html_text: str) -> None:
    """Reply with HTML of any length: split under Telegram's limit, the first part quoting."""
    for index, chunk in enumerate(split_html(html_text)):
        await message.reply_html(
            chunk,
            do_quote=False,
            reply_parameters=_reply_parameters(message) if index == 0 else None,
        )


async def answer_with_analysis(
    message: Message,
    user: User,
    text: str,
    context: BotContext,
    *,
    header: str | None = None,
) -> None:
    """Analyse ``text`` for ``user`` and reply to ``message`` with the grouped entities.

    The analysis is stored (by the service) before anything is sent; the reply is then marked
    so that a redelivered update is not answered a second time.
    """
    service = context.service
    if not service.check_rate(user.id):
        await message.reply_text(
            texts.RATE_LIMITED, do_quote=False, reply_parameters=_reply_parameters(message)
        )
        return
    async with typing(message, context.typing_slots) as stop_typing:

        async def deliver(analysis: Analysis) -> None:
            await stop_typing()
            reply = format_entities(analysis.entities, note=analysis.note)
            await send_html(message, f"{header}\n\n{reply}" if header else reply)

        analysis = await service.analyse(
            user.id, message.chat_id, text, source_key=source_key(message), deliver=deliver
        )
    if analysis.replayed and analysis.already_replied:
        log.info("message=%d was already answered; not replying twice", analysis.message_id)
