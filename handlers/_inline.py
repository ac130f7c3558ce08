"""Inline mode: "@bot <text>" in any chat offers the analysis as a message to send there.

Inline analyses are deliberately *not stored*: Telegram sends a query for (almost) every
keystroke, so storing them would fill /history and the Gemini session with half-typed drafts
the user never sent. For the same reason they use the offline engine — fast and free — rather
than spending the user's Gemini quota on each keystroke. Results are personal (``is_personal``)
and cached briefly: the same text gives the same answer, but medical text is nobody else's.
A query starting "?" or "/what " is a look-up instead (handlers._look_ups).
"""

from __future__ import annotations

import hashlib

from telegram import (
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Update,
)
from telegram.constants import ParseMode

from handlers import _texts as texts
from handlers._context import BotContext
from handlers._format import NO_ENTITIES, format_quoted, summarize_entities
from handlers._look_ups import answer_inline_look_up, inline_look_up_query
from ner import Entity

CACHE_SECONDS = 30
HINT_CACHE_SECONDS = 300


def _title(entities: list[Entity]) -> str:
    if not entities:
        return NO_ENTITIES
    return f"Found {len(entities)} medical term{'s' if len(entities) != 1 else ''}"


async def inline_query(update: Update, context: BotContext) -> None:
    """Offers the typed text's analysis as one article; an empty query gets a hint button."""
    query = update.inline_query
    if query is None:
        return
    text = query.query.strip()
    service = context.service
    if not text:
        hint = InlineQueryResultsButton(
            texts.INLINE_HINT, start_parameter=texts.INLINE_START_PARAMETER
        )
        await query.answer([], cache_time=HINT_CACHE_SECONDS, button=hint)
        return
    if not (await service.admit(query.from_user.id)).allowed:
        slow = InlineQueryResultsButton(
            texts.INLINE_SLOW_DOWN, start_parameter=texts.INLINE_START_PARAMETER
        )
        await query.answer([], cache_time=0, is_personal=True, button=slow)
        return
    term = inline_look_up_query(text)
    if term is not None:
        await answer_inline_look_up(query, term, context)
        return
    preview = await service.preview(text)
    entities = preview.entities
    article = InlineQueryResultArticle(
        id=hashlib.sha256(text.encode()).hexdigest()[:32],
        title=_title(entities),
        description=summarize_entities(entities, preview.relations, limit=120),
        input_message_content=InputTextMessageContent(
            format_quoted(text, entities, preview.relations), parse_mode=ParseMode.HTML
        ),
    )
    await query.answer([article], cache_time=CACHE_SECONDS, is_personal=True)
