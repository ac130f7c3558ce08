"""Handlers for messages that carry text to analyse (or explain why there is none)."""

from __future__ import annotations

import re

from telegram import Message, Update

from handlers import _texts as texts
from handlers._common import (
    acting_id,
    answer_with_analysis,
    author_id,
    rate_limited,
    tell_rate_limited,
)
from handlers._context import BotContext
from handlers._media import answer_with_file, upload_of

_COMMAND_PREFIX = re.compile(r"^/\S*\s*")


def _command_argument(message: Message) -> str:
    """What follows "/ner" (or "/ner@bot"), newlines kept."""
    return _COMMAND_PREFIX.sub("", message.text or "", count=1).strip()


def _replied(message: Message) -> tuple[str, int | None]:
    """The text of the message replied to, and whose words they are."""
    replied = message.reply_to_message
    if replied is None:
        return "", None
    return (replied.text or replied.caption or "").strip(), author_id(replied)


def _without_mention(message: Message, username: str) -> str:
    pattern = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    return re.sub(r"[ \t]{2,}", " ", pattern.sub("", message.text or "")).strip()


async def _usage(message: Message, user_id: int, usage: str, context: BotContext) -> None:
    """How to use a command, counted against the rate limit like any request."""
    admission = await context.service.admit(user_id)
    if not admission.allowed:
        await tell_rate_limited(update_message=message, admission=admission)
        return
    await message.reply_text(usage)


async def private_text(update: Update, context: BotContext) -> None:
    """Replies to a private message with the medical entities found in it."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    await answer_with_analysis(message, acting_id(message, user), message.text, context)


async def edited_text(update: Update, context: BotContext) -> None:
    """Re-analyses an edited private message and answers under it."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None or not message.text:
        return
    await answer_with_analysis(
        message, acting_id(message, user), message.text, context, header=texts.EDITED_HEADER
    )


async def ner_command(update: Update, context: BotContext) -> None:
    """/ner <text>, or /ner in reply to a message: analyses that text (or that photo,
    document or voice note) for the caller.

    A replied message's text is stored under the caller, with its author recorded: the
    author's /forget deletes it as well, since the words are theirs.
    """
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text, author = _command_argument(message), None
    replied = message.reply_to_message
    if not text and replied is not None and upload_of(replied) is not None:
        acting = acting_id(message, user)
        await answer_with_file(message, acting, replied, context, author=author_id(replied))
        return
    if not text:
        text, author = _replied(message)
    if not text:
        await _usage(message, acting_id(message, user), texts.NER_USAGE, context)
        return
    await answer_with_analysis(message, acting_id(message, user), text, context, author=author)


async def group_text(update: Update, context: BotContext) -> None:
    """In groups, analyses a message that @mentions the bot (minus the mention) or replies to it."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    text = _without_mention(message, context.bot.username)
    if not text:
        usage = texts.MENTION_USAGE.format(username=context.bot.username)
        await _usage(message, acting_id(message, user), usage, context)
        return
    await answer_with_analysis(message, acting_id(message, user), text, context)


@rate_limited
async def non_text(update: Update, context: BotContext) -> None:
    """Explains, in a private chat, that only text can be analysed (photos, stickers, voice...)."""
    if update.effective_message is not None:
        await update.effective_message.reply_text(texts.NON_TEXT)
