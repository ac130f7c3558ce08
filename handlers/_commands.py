"""Command handlers: /start /help /history /model /clear /forget and unknown commands."""

from __future__ import annotations

from telegram import Update

from handlers import _texts as texts
from handlers._common import acting_id, history_scope, rate_limited
from handlers._context import BotContext
from handlers._views import (
    HISTORY_DEFAULT,
    HISTORY_MAX,
    forget_keyboard,
    history_view,
    model_view,
    parse_page_size,
)


@rate_limited
async def start(update: Update, context: BotContext) -> None:
    """Greets the user and says what to send."""
    message, user = update.effective_message, update.effective_user
    if message is not None and user is not None:
        name = message.sender_chat.title if message.sender_chat is not None else None
        await message.reply_html(texts.start_text(name or user.first_name))


@rate_limited
async def help_command(update: Update, context: BotContext) -> None:
    """Explains what the bot finds, where it works, its commands, and that it is no doctor."""
    if update.effective_message is not None:
        await update.effective_message.reply_html(texts.help_text(context.bot.username))


@rate_limited
async def history(update: Update, context: BotContext) -> None:
    """Shows the caller's own last analyses, newest first, with ◀ ▶ buttons to page.

    In a group everyone reads the answer, so it holds only what the caller analysed in that
    group, never their private chat's; and only the caller can page through it.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    size = parse_page_size(context.args)
    if size is None:
        usage = texts.HISTORY_USAGE.format(max=HISTORY_MAX, default=HISTORY_DEFAULT)
        await message.reply_text(usage)
        return
    identity = acting_id(message, user)
    page = await context.service.history(identity, size, chat_id=history_scope(message.chat))
    text, keyboard = history_view(page, owner=identity)
    await message.reply_html(text, reply_markup=keyboard)


@rate_limited
async def model(update: Update, context: BotContext) -> None:
    """Shows the engine in use, with a button per configured engine to switch."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    service = context.service
    identity = acting_id(message, user)
    current = await service.engine_for(identity)
    text, keyboard = model_view(service.engines(), current, owner=identity)
    await message.reply_html(text, reply_markup=keyboard)


@rate_limited
async def clear(update: Update, context: BotContext) -> None:
    """Starts a fresh conversation session; history is kept."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    await context.service.clear(acting_id(message, user))
    await message.reply_text(texts.CLEARED)


@rate_limited
async def forget(update: Update, context: BotContext) -> None:
    """Asks for confirmation before deleting everything stored about the caller."""
    message, user = update.effective_message, update.effective_user
    if message is not None and user is not None:
        keyboard = forget_keyboard(acting_id(message, user))
        await message.reply_text(texts.FORGET_ASK, reply_markup=keyboard)


@rate_limited
async def unknown_command(update: Update, context: BotContext) -> None:
    """Points to /help for a command the bot does not have."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.UNKNOWN_COMMAND)
