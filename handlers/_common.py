"""What every analysing handler shares: the analysis, the typing indicator, the reply.

Ordering: one user's messages must be answered in the order they were sent, while different
users run concurrently (the Application processes updates concurrently). The service keeps
each user's turns in arrival order and sends the reply (``deliver``) inside the turn, so a
quick second message cannot overtake the answer to a first one. Nothing before
``service.analyse`` may suspend the handler, or arrival order would be lost.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Chat, InlineKeyboardMarkup, Message, ReplyParameters, Update, User
from telegram.constants import ChatType
from telegram.error import TelegramError, TimedOut

from handlers import _texts as texts
from handlers._context import BotContext
from handlers._format import format_entities, split_html
from handlers._typing import typing
from handlers._views import details_keyboard
from service import Admission, Analysis, RateLimited

log = logging.getLogger(__name__)


def acting_id(message: Message, user: User) -> int:
    """Whose data a message acts on: the chat it was sent as, else its sender.

    Telegram sends every anonymous administrator of every group as one user
    (GroupAnonymousBot) and every post "as a channel" as another (Channel_Bot); only
    ``sender_chat`` (the group, or the channel) tells them apart. Keyed on the sender alone,
    all of them would share one history, one /forget, one engine and one rate limit.
    Chat ids are negative; storage keys users by any 64-bit integer.
    """
    return message.sender_chat.id if message.sender_chat is not None else user.id


def author_id(message: Message) -> int | None:
    """Whose words a message holds (its sending chat or user), when Telegram says."""
    if message.sender_chat is not None:
        return message.sender_chat.id
    return message.from_user.id if message.from_user is not None else None


def history_scope(chat: Chat) -> int | None:
    """Which analyses /history may show in ``chat``: all the caller's in a private chat, and
    in a group only those made in that group, never what they analysed privately."""
    return None if chat.type == ChatType.PRIVATE else chat.id


def source_key(message: Message) -> str:
    """Identifies the Telegram message (and edit) an analysis answers, for redeliveries."""
    key = f"tg:{message.chat_id}:{message.message_id}"
    if message.edit_date is not None:
        # edit_date has whole seconds, so two edits within one second share it: the edited
        # text tells them apart, and a redelivery of one edit carries the same text.
        text = (message.text or message.caption or "").encode()
        digest = hashlib.blake2b(text, digest_size=8).hexdigest()
        key += f":edit:{int(message.edit_date.timestamp())}:{digest}"
    return key


def _reply_parameters(message: Message) -> ReplyParameters | None:
    """Quote the question in groups, where several people talk, and an edited message, which
    may be far up; a plain private message needs no quote."""
    if message.chat.type == ChatType.PRIVATE and message.edit_date is None:
        return None
    return ReplyParameters(message.message_id, allow_sending_without_reply=True)


async def send_html(
    message: Message, html_text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Reply with HTML of any length: split under Telegram's limit, the first part quoting,
    ``keyboard`` under the last part."""
    chunks = split_html(html_text)
    for index, chunk in enumerate(chunks):
        await message.reply_html(
            chunk,
            do_quote=False,
            reply_parameters=_reply_parameters(message) if index == 0 else None,
            reply_markup=keyboard if index == len(chunks) - 1 else None,
        )


class MaybeCarriedOut(Exception):
    """Mixed into a request error that does not tell whether Telegram carried the request out
    (the composition root's HTTP transport raises one for an answer it cannot read)."""


def may_have_arrived(error: Exception) -> bool:
    """True when a failed send may still have reached the chat.

    A timeout can strike after Telegram carried the request out, and an answer that cannot be
    read (not JSON, or not a message) came *after* it did. Sending again, or apologising, would
    then give the user a second outcome for one message. Every other failure (Telegram said
    no, or the request never got through) means the reply is not there.
    """
    if isinstance(error, TimedOut | MaybeCarriedOut):
        return True
    if isinstance(error, TelegramError):
        return type(error) is TelegramError  # PTB's own "Invalid server response"
    return isinstance(error, ValueError | TypeError | KeyError | AttributeError)


async def send_reply(
    message: Message, html_text: str, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """``send_html``, except that a reply which may have arrived counts as sent.

    So every message has exactly one outcome: its analysis, or (when the reply surely failed)
    the error handler's apology, never both.
    """
    try:
        await send_html(message, html_text, keyboard)
    except Exception as exc:
        if not may_have_arrived(exc):
            raise
        log.warning(
            "the reply in chat %s may not have arrived (%s); not sending it again",
            message.chat_id,
            type(exc).__name__,
        )


async def answer_with_analysis(
    message: Message,
    identity: int,
    text: str,
    context: BotContext,
    *,
    header: str | None = None,
    author: int | None = None,
) -> None:
    """Analyse ``text`` for ``identity`` (see acting_id) and reply with the grouped entities.

    The analysis is stored (by the service) before anything is sent; the reply is then marked
    so that a redelivered update is not answered a second time. ``author``: whose words the
    text is when not the caller's, so that their /forget deletes it too.
    """
    service = context.service
    async with typing(message, context.typing_slots) as stop_typing:

        async def deliver(analysis: Analysis) -> None:
            await stop_typing()
            reply = format_entities(analysis.entities, analysis.relations, note=analysis.note)
            text = f"{header}\n\n{reply}" if header else reply
            await send_reply(message, text, details_keyboard(analysis))

        try:
            analysis = await service.analyse(
                identity,
                message.chat_id,
                text,
                source_key=source_key(message),
                deliver=deliver,
                author_id=author if author != identity else None,
                limited=True,
            )
        except RateLimited as refused:
            await stop_typing()
            await tell_rate_limited(update_message=message, admission=refused.admission)
            return
    if analysis.replayed and analysis.already_replied:
        log.info("message=%d was already answered; not replying twice", analysis.message_id)


async def tell_rate_limited(*, update_message: Message | None, admission: Admission) -> None:
    """The one notice a flood gets: later refusals in the same window stay silent."""
    if update_message is None or not admission.notify:
        log.debug("over the rate limit; refused without a notice")
        return
    await update_message.reply_text(
        texts.RATE_LIMITED, do_quote=False, reply_parameters=_reply_parameters(update_message)
    )


HandlerCallback = Callable[[Update, BotContext], Coroutine[Any, Any, None]]


def rate_limited(handler: HandlerCallback) -> HandlerCallback:
    """Count the update against the user's MEDNER_RATE_LIMIT before ``handler`` runs.

    Commands and buttons cost little each, but a flood of them costs as much as a flood of
    messages, and each would get its own answer. Over the limit the handler is skipped: a
    button press is still answered (briefly, or its spinner would keep turning), a message
    gets one notice per flood.
    """

    @functools.wraps(handler)
    async def limited(update: Update, context: BotContext) -> None:
        user, message = update.effective_user, update.effective_message
        if user is not None:
            acting = message is not None and update.callback_query is None
            identity = acting_id(message, user) if acting and message is not None else user.id
            admission = await context.service.admit(identity)
            if not admission.allowed:
                if update.callback_query is not None:
                    await update.callback_query.answer(texts.SLOW_DOWN)
                    return
                await tell_rate_limited(
                    update_message=update.effective_message, admission=admission
                )
                return
        await handler(update, context)

    return limited
