"""Inline-button handlers: /history paging, /model choice, /forget confirmation.

Each button names the identity it was made for; anyone else pressing it gets a short notice
and nothing happens. Every press is answered, so the client's spinner always stops.

A press always comes from a real user, even when the button was made for a chat identity (an
anonymous group admin, a channel posting in a group: see handlers._common.acting_id). Such a
button obeys only someone who can act as that chat right now, as Telegram tells it: an
anonymous administrator of the group, or an administrator of the channel.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypeVar

from telegram import (
    Bot,
    CallbackQuery,
    ChatMemberAdministrator,
    ChatMemberOwner,
    InlineKeyboardMarkup,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, TelegramError

from handlers import _texts as texts
from handlers._callback import ForgetButton, HistoryButton, ModelButton
from handlers._common import history_scope, rate_limited
from handlers._context import BotContext
from handlers._views import find_engine, history_view, model_view
from service import UnknownEngine
from storage import StorageError

log = logging.getLogger(__name__)


async def _acts_as(bot: Bot, chat_id: int, user_id: int, *, anonymously: bool) -> bool:
    """True when the user may act as the chat: its owner or an administrator, and for a group
    one who posts anonymously (only those speak as the group). Asked of Telegram each time, so
    a demoted admin loses the buttons at once; no answer means no."""
    try:
        member = await bot.get_chat_member(chat_id, user_id)
    except TelegramError as exc:
        log.info("could not check whether a user acts as chat %d: %s", chat_id, exc)
        return False
    if not isinstance(member, ChatMemberOwner | ChatMemberAdministrator):
        return False
    return member.is_anonymous or not anonymously


async def _may_press(bot: Bot, query: CallbackQuery, owner: int) -> bool:
    """Whether the presser is the identity the button was made for."""
    if query.from_user.id == owner:
        return True
    if owner >= 0:
        return False  # another user's button
    group = query.message.chat.id if query.message is not None else None
    return await _acts_as(bot, owner, query.from_user.id, anonymously=owner == group)


async def _refused(bot: Bot, query: CallbackQuery, owner: int | None) -> bool:
    """Answer and return True when the button is stale or belongs to someone else."""
    if owner is None or query.message is None:
        await query.answer(texts.STALE_BUTTON)
        return True
    if not await _may_press(bot, query, owner):
        await query.answer(texts.NOT_YOURS)
        return True
    return False


class _Owned(Protocol):
    """Every button names the user it was made for."""

    @property
    def owner(self) -> int: ...


_B = TypeVar("_B", bound=_Owned)


async def _pressed(
    update: Update, context: BotContext, unpack: Callable[[str | None], _B | None]
) -> tuple[CallbackQuery, _B] | None:
    """The press and its button, or None once a stale or someone else's press is answered."""
    query = update.callback_query
    if query is None:
        return None
    button = unpack(query.data)
    owner = button.owner if button else None
    if await _refused(context.bot, query, owner) or button is None:
        return None
    return query, button


async def _show(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Edit the button's message; a press that changes nothing (a double tap) is fine."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


@rate_limited
async def unknown_button(update: Update, context: BotContext) -> None:
    """A button whose data no handler knows (an old bot version, a rewritten client)."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON)


@rate_limited
async def history_page(update: Update, context: BotContext) -> None:
    """◀ / ▶ under /history: shows the older or newer page in place."""
    pressed = await _pressed(update, context, HistoryButton.unpack)
    if pressed is None or pressed[0].message is None:
        return
    query, button = pressed
    scope = history_scope(pressed[0].message.chat)
    page = await context.service.history(button.owner, button.size, button.offset, chat_id=scope)
    await _show(query, *history_view(page, owner=button.owner))
    await query.answer()


@rate_limited
async def model_chosen(update: Update, context: BotContext) -> None:
    """An engine button under /model: switches to it and marks it ✅."""
    pressed = await _pressed(update, context, ModelButton.unpack)
    if pressed is None:
        return
    query, button = pressed
    service = context.service
    engine = find_engine(service.engines(), button.digest)
    if engine is None:
        await query.answer(texts.ENGINE_GONE)
        return
    if engine.name == await service.engine_for(button.owner):
        await query.answer(texts.already_text(engine.title))
        return
    try:
        await service.set_engine(button.owner, engine.name)
    except UnknownEngine:
        await query.answer(texts.ENGINE_GONE)
        return
    await _show(query, *model_view(service.engines(), engine.name, owner=button.owner))
    await query.answer(texts.switched_text(engine.title))


async def forget_confirmed(update: Update, context: BotContext) -> None:
    """Deletes the caller's data after "Delete everything" under /forget; says how much went.

    "Deleted" is said only once no copy is left; while one still is (another program reading
    the SQLite file holds its write-ahead log), the message says so and a second message
    follows when it is gone. A failure says why, and that nothing was deleted.
    """
    pressed = await _pressed(update, context, ForgetButton.unpack)
    if pressed is None or pressed[0].message is None:
        return
    query, button = pressed
    bot, chat_id = context.bot, pressed[0].message.chat.id

    async def tell_scrubbed() -> None:
        await bot.send_message(chat_id, texts.FORGET_SCRUBBED)

    try:
        forgotten = await context.service.forget(button.owner, on_scrubbed=tell_scrubbed)
    except StorageError as exc:
        await _show(query, texts.forget_failed(exc.problem), None)
        await query.answer()
        return
    done = texts.FORGOTTEN if forgotten.scrubbed else texts.FORGET_PENDING
    await _show(query, done.format(count=forgotten.removed), None)
    await query.answer()


async def forget_cancelled(update: Update, context: BotContext) -> None:
    """Leaves everything in place after "Cancel" under /forget."""
    pressed = await _pressed(update, context, ForgetButton.unpack)
    if pressed is None:
        return
    query, _ = pressed
    await _show(query, texts.FORGET_CANCELLED, None)
    await query.answer()
