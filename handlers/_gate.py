"""The gate every update passes first: counts it, drops what is not ours, applies the allow-list.

It runs in handler group -1 and must not suspend for an allowed update: the handlers after it
rely on being the first to wait (see handlers._common on per-user ordering).
"""

from __future__ import annotations

from telegram import InlineQueryResultsButton, Update
from telegram.ext import ApplicationHandlerStop

from handlers import _texts as texts
from handlers._common import acting_id
from handlers._context import BotContext
from handlers._filters import ADDRESSED_TO_ME

_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "inline_query",
    "channel_post",
    "edited_channel_post",
)


def _kind(update: Update) -> str:
    return next((kind for kind in _KINDS if getattr(update, kind) is not None), "other")


async def gatekeeper(update: Update, context: BotContext) -> None:
    """Ignores updates without a user (channel posts); tells outsiders the bot is private."""
    service = context.service
    service.metrics.updates.labels(_kind(update)).inc()
    user, chat = update.effective_user, update.effective_chat
    if user is None or update.channel_post is not None or update.edited_channel_post is not None:
        raise ApplicationHandlerStop
    message = update.message or update.edited_message
    identity = acting_id(message, user) if message is not None else user.id
    if service.allowed(identity, chat.id if chat is not None else None):
        return
    if update.inline_query is not None:
        button = InlineQueryResultsButton(
            texts.PRIVATE_BOT, start_parameter=texts.INLINE_START_PARAMETER
        )
        await update.inline_query.answer([], cache_time=60, is_personal=True, button=button)
    elif update.callback_query is not None:
        await update.callback_query.answer(texts.PRIVATE_BOT, show_alert=True)
    elif update.message is not None and ADDRESSED_TO_ME.check_update(update):
        # An outsider's flood gets one refusal per window, not one per message.
        admission = await service.admit(user.id)
        if admission.allowed or admission.notify:
            await update.message.reply_text(texts.PRIVATE_BOT)
    raise ApplicationHandlerStop
