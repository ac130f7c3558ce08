"""What every analysing handler shares: the service, typing, the reply.

Ordering: one user's messages must be answered in the order they were sent, while different
users run concurrently (the Application processes updates concurrently). The service keeps
each user's turns in arrival order and sends the reply (``deliver``) inside the turn, so a
quick second message cannot overtake the answer to a first one. Nothing before
``service.analyse`` may suspend the handler, or arrival order would be lost.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from typing import Any

from telegram import Message, ReplyParameters, Update, User
from telegram.constants import ChatAction, ChatType
from telegram.error import TelegramError, TimedOut
from telegram.ext import ContextTypes

from bot._service import Admission, Analysis, ConversationService, RateLimited
from handlers import _texts as texts
from ner._format import format_entities, split_html

log = logging.getLogger(__name__)

SERVICE_KEY = "medner.service"
"""Where build_application puts the ConversationService in ``bot_data``."""

TYPING_DELAY_S = 0.3
TYPING_REFRESH_S = 4.5  # Telegram shows "typing…" for 5 s per chat action
TYPING_GRACE_S = 2.0

TYPING_SLOTS_KEY = "medner.typing_slots"
"""Where the application's TypingSlots live in ``bot_data`` (made on first use)."""

MAX_TYPING_CHATS = 10
"""Chats that may show "typing…" at the same time.

Each one spends a request of the bot's Telegram rate budget (30 a second by default) every
TYPING_REFRESH_S, and a little CPU. When many slow answers are under way at once, say 200 Gemini
users in the same second, indicators for all of them would queue in front of the answers
themselves; beyond this many, a chat gets its answer without the indicator.
"""


def service_of(context: ContextTypes.DEFAULT_TYPE) -> ConversationService:
    """The application's ConversationService."""
    service = context.bot_data[SERVICE_KEY]
    if not isinstance(service, ConversationService):
        raise TypeError(f"bot_data[{SERVICE_KEY!r}] is not a ConversationService")
    return service


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


def typing_slots_of(context: ContextTypes.DEFAULT_TYPE) -> TypingSlots:
    """The application's TypingSlots, made on first use."""
    slots = context.bot_data.setdefault(TYPING_SLOTS_KEY, TypingSlots(MAX_TYPING_CHATS))
    if not isinstance(slots, TypingSlots):
        raise TypeError(f"bot_data[{TYPING_SLOTS_KEY!r}] is not TypingSlots")
    return slots


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
    bot's Telegram rate budget (and halve how many messages it can answer per second) on an
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


def may_have_arrived(error: Exception) -> bool:
    """True when a failed send may still have reached the chat.

    A timeout can strike after Telegram carried the request out, and an answer that cannot be
    read (not JSON, or not a message) came *after* it did. Sending again, or apologising, would
    then give the user a second outcome for one message. Every other failure (Telegram said
    no, or the request never got through) means the reply is not there.
    """
    if isinstance(error, TimedOut):
        return True
    if isinstance(error, TelegramError):
        return type(error) is TelegramError  # PTB's own "Invalid server response"
    return isinstance(error, ValueError | TypeError | KeyError | AttributeError)


async def send_reply(message: Message, html_text: str) -> None:
    """``send_html``, except that a reply which may have arrived counts as sent.

    So every message has exactly one outcome: its analysis, or (when the reply surely failed)
    the error handler's apology, never both.
    """
    try:
        await send_html(message, html_text)
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
    user: User,
    text: str,
    context: ContextTypes.DEFAULT_TYPE,
    *,
    header: str | None = None,
) -> None:
    """Analyse ``text`` for ``user`` and reply to ``message`` with the grouped entities.

    The analysis is stored (by the service) before anything is sent; the reply is then marked
    so that a redelivered update is not answered a second time.
    """
    service = service_of(context)
    async with typing(message, typing_slots_of(context)) as stop_typing:

        async def deliver(analysis: Analysis) -> None:
            await stop_typing()
            reply = format_entities(analysis.entities, note=analysis.note)
            await send_reply(message, f"{header}\n\n{reply}" if header else reply)

        try:
            analysis = await service.analyse(
                user.id,
                message.chat_id,
                text,
                source_key=source_key(message),
                deliver=deliver,
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


HandlerCallback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def rate_limited(handler: HandlerCallback) -> HandlerCallback:
    """Count the update against the user's MEDNER_RATE_LIMIT before ``handler`` runs.

    Commands and buttons cost little each, but a flood of them costs as much as a flood of
    messages, and each would get its own answer. Over the limit the handler is skipped: a
    button press is still answered (briefly, or its spinner would keep turning), a message
    gets one notice per flood.
    """

    @functools.wraps(handler)
    async def limited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        user = update.effective_user
        if user is not None:
            admission = await service_of(context).admit(user.id)
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
