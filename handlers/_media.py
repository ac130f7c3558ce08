"""Photos, documents and voice notes in private chats: the file goes to the service unread.

The handler only describes the file (kind, MIME type, size, how to fetch it) and hands it to
``service.analyse_upload`` without awaiting anything first, so the file is downloaded inside
the user's turn and a photo is answered before the message sent after it. The reply lists the
entities, then quotes what was read (collapsed when long).
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Awaitable, Callable

from telegram import Bot, Message, Update
from telegram.error import BadRequest

from handlers import _texts as texts
from handlers._common import (
    _reply_parameters,
    acting_id,
    send_reply,
    source_key,
    tell_rate_limited,
)
from handlers._context import BotContext
from handlers._format import SAFE_MESSAGE_LENGTH, format_entities, utf16_length
from handlers._typing import typing
from handlers._views import details_keyboard
from ner.media import FileTooLarge, MediaKind, media_kind
from service import Analysis, MediaNotRead, RateLimited, Upload

log = logging.getLogger(__name__)

SHORT_TRANSCRIPT = 300
"""Longer transcripts are quoted collapsed (an expandable blockquote), so the entities stay
the first thing the user sees."""


async def file_message(update: Update, context: BotContext) -> None:
    """Replies to a photo, document or voice note with the entities in what it says (in
    groups: one whose caption mentions the bot, or that replies to it)."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    await answer_with_file(message, acting_id(message, user), message, context)


async def answer_with_file(
    message: Message,
    acting: int,
    carrier: Message,
    context: BotContext,
    *,
    author: int | None = None,
) -> None:
    """Read the file of ``carrier`` (``message`` itself, or the message /ner replies to) for
    ``acting`` and answer ``message`` with the entities in it and its caption."""
    upload = upload_of(carrier)
    service = context.service
    if upload is None:
        await message.reply_text(texts.NON_TEXT)
        return
    async with typing(message, context.typing_slots) as stop_typing:

        async def deliver(analysis: Analysis) -> None:
            await stop_typing()
            await send_reply(message, file_reply(analysis), details_keyboard(analysis))

        async def refuse(problem: MediaNotRead) -> None:
            await stop_typing()
            title = service.engine_title(await service.engine_for(acting))
            await message.reply_text(
                texts.media_problem_text(problem, title),
                do_quote=False,
                reply_parameters=_reply_parameters(message),
            )

        try:
            await service.analyse_upload(
                acting,
                message.chat_id,
                upload,
                caption=without_mention(carrier.caption or "", context.bot.username),
                source_key=source_key(message),
                deliver=deliver,
                refuse=refuse,
                author_id=author if author != acting else None,
                limited=True,
            )
        except RateLimited as refused:
            await stop_typing()
            await tell_rate_limited(update_message=message, admission=refused.admission)


def without_mention(caption: str, username: str) -> str:
    """The caption minus ``@username``: an address, not part of what is analysed."""
    pattern = re.compile(rf"@{re.escape(username)}\b", re.IGNORECASE)
    return re.sub(r"[ \t]{2,}", " ", pattern.sub("", caption)).strip()


def upload_of(message: Message) -> Upload | None:
    """What the service needs to know of the message's file; None when it carries none."""
    bot = message.get_bot()
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram made
        return Upload(MediaKind.IMAGE, "image/jpeg", photo.file_size, _fetcher(bot, photo.file_id))
    if message.voice:
        voice = message.voice
        mime = voice.mime_type or "audio/ogg"
        return Upload(MediaKind.AUDIO, mime, voice.file_size, _fetcher(bot, voice.file_id))
    if message.audio:
        audio = message.audio
        mime = audio.mime_type or ""
        kind = media_kind(mime, audio.file_name)
        return Upload(kind, mime, audio.file_size, _fetcher(bot, audio.file_id))
    if message.document:
        document = message.document
        mime = document.mime_type or ""
        kind = media_kind(mime, document.file_name)
        return Upload(kind, mime, document.file_size, _fetcher(bot, document.file_id))
    return None


def _fetcher(bot: Bot, file_id: str) -> Callable[[], Awaitable[bytes]]:
    async def fetch() -> bytes:
        try:
            file = await bot.get_file(file_id)
        except BadRequest as exc:
            if "too big" in exc.message.lower():
                raise FileTooLarge(file_id) from None
            raise
        return bytes(await file.download_as_bytearray())

    return fetch


def file_reply(analysis: Analysis) -> str:
    """The entities, then what was read from the file, quoted; one message whatever its length.

    The quote is cut (never the entities) to keep the reply under Telegram's limit.
    """
    body = format_entities(analysis.entities, analysis.relations, note=analysis.note)
    transcript = (analysis.transcript or "").strip()
    if not transcript:
        return body
    room = SAFE_MESSAGE_LENGTH - utf16_length(body) - utf16_length(texts.TRANSCRIPT_HEADER) - 60
    quoted = html.escape(_cut(transcript, max(room // 6, 1)))
    collapsed = len(transcript) > SHORT_TRANSCRIPT or transcript.count("\n") > 4
    tag = "<blockquote expandable>" if collapsed else "<blockquote>"
    return f"{body}\n\n{texts.TRANSCRIPT_HEADER}\n{tag}{quoted}</blockquote>"


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
