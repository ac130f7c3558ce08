"""Inline-button handlers: /history paging, /model choice, /forget confirmation.

Each button names the user it was made for; anyone else pressing it gets a short notice and
nothing happens. Every press is answered, so the client's spinner always stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

from telegram import CallbackQuery, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest

from handlers import _texts as texts
from handlers._callback import ForgetButton, HistoryButton, ModelButton
from handlers._context import BotContext
from handlers._views import find_engine, history_view, model_view
from service import UnknownEngine


async def _refused(query: CallbackQuery, owner: int | None) -> bool:
    """Answer and return True when the button is stale or belongs to someone else."""
    if owner is None:
        await query.answer(texts.STALE_BUTTON)
        return True
    if query.from_user.id != owner:
        await query.answer(texts.NOT_YOURS)
        return True
    return False


class _Owned(Protocol):
    """Every button names the user it was made for."""

    @property
    def owner(self) -> int: ...


_B = TypeVar("_B", bound=_Owned)


async def _pressed(
    update: Update, unpack: Callable[[str | None], _B | None]
) -> tuple[CallbackQuery, _B] | None:
    """The press and its button, or None once a stale or someone else's press is answered."""
    query = update.callback_query
    if query is None:
        return None
    button = unpack(query.data)
    if await _refused(query, button.owner if button else None) or button is None:
        return None
    return query, button


async def _show(query: CallbackQuery, text: str, keyboard: InlineKeyboardMarkup | None) -> None:
    """Edit the button's message; a press that changes nothing (a double tap) is fine."""
    try:
        await query.edit_message_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise


async def unknown_button(update: Update, context: BotContext) -> None:
    """A button whose data no handler knows (an old bot version, a rewritten client)."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON)


async def history_page(update: Update, context: BotContext) -> None:
    """◀ / ▶ under /history: shows the older or newer page in place."""
    pressed = await _pressed(update, HistoryButton.unpack)
    if pressed is None:
        return
    query, button = pressed
    page = await context.service.history(button.owner, button.size, button.offset)
    await _show(query, *history_view(page, owner=button.owner))
    await query.answer()


async def model_chosen(update: Update, context: BotContext) -> None:
    """An engine button under /model: switches to it and marks it ✅."""
    pressed = await _pressed(update, ModelButton.unpack)
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
    """Deletes the caller's data after "Delete everything" under /forget; says how much went."""
    pressed = await _pressed(update, ForgetButton.unpack)
    if pressed is None:
        return
    query, button = pressed
    removed = await context.service.forget(button.owner)
    await _show(query, texts.FORGOTTEN.format(count=removed), None)
    await query.answer()


async def forget_cancelled(update: Update, context: BotContext) -> None:
    """Leaves everything in place after "Cancel" under /forget."""
    pressed = await _pressed(update, ForgetButton.unpack)
    if pressed is None:
        return
    query, _ = pressed
    await _show(query, texts.FORGET_CANCELLED, None)
    await query.answer()
