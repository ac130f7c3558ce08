"""Quick look-ups: /what <term>, the 🔎 Details button under an answer, and ?term inline.

The cards come from the installed vocabularies through the service (offline, nothing stored:
a look-up is about a word, not about anyone's health).
"""

from __future__ import annotations

import hashlib
import re

from telegram import (
    InlineQuery,
    InlineQueryResultArticle,
    InputTextMessageContent,
    LinkPreviewOptions,
    ReplyParameters,
    Update,
)
from telegram.constants import ParseMode

from handlers import _texts as texts
from handlers._buttons import _pressed
from handlers._callback import DetailsButton
from handlers._common import rate_limited
from handlers._context import BotContext
from handlers._format import format_details, format_look_up, split_html
from handlers._views import detail_codes
from ner import LookUp

_COMMAND_PREFIX = re.compile(r"^/\S*\s*")
#: A card's links are for tapping; a preview of the first would dwarf the card.
_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
#: How long Telegram may cache an inline look-up: the vocabularies do not change under it.
INLINE_CACHE_SECONDS = 300


@rate_limited
async def what_command(update: Update, context: BotContext) -> None:
    """/what <term> (also /what@bot in groups, or in reply to a message): the term's card."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    query = _COMMAND_PREFIX.sub("", message.text or "", count=1).strip()
    if not query and message.reply_to_message is not None:
        query = (message.reply_to_message.text or "").strip()
    if not query:
        await message.reply_text(texts.WHAT_USAGE)
        return
    found = await context.service.look_up(query)
    for chunk in split_html(format_look_up(found)):
        await message.reply_html(chunk, link_preview_options=_NO_PREVIEW)


@rate_limited
async def details_pressed(update: Update, context: BotContext) -> None:
    """🔎 Details: the cards of the answer's concepts, sent under it; the button then goes."""
    pressed = await _pressed(update, context, DetailsButton.unpack)
    if pressed is None:
        return
    query, button = pressed
    chat_id = query.message.chat.id if query.message is not None else None
    analysis = await context.service.analysis_of(button.owner, button.message, chat_id)
    if analysis is None:
        await query.answer(texts.STALE_BUTTON)
        return
    found: list[LookUp] = [await context.service.look_up(c) for c in detail_codes(analysis)]
    html_text = format_details(found)
    await query.answer()
    if query.message is None or not html_text:
        return
    for chunk in split_html(html_text):
        await context.bot.send_message(
            query.message.chat.id,
            chunk,
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
            reply_parameters=ReplyParameters(
                query.message.message_id, allow_sending_without_reply=True
            ),
        )
    await query.edit_message_reply_markup(reply_markup=None)


def inline_look_up_query(text: str) -> str | None:
    """The term of an inline look-up ("?fits", "/what fits"), or None for text to analyse."""
    for prefix in texts.INLINE_LOOK_UP_PREFIXES:
        if text.lower().startswith(prefix):
            return text[len(prefix) :].strip()
    return None


async def answer_inline_look_up(query: InlineQuery, term: str, context: BotContext) -> None:
    """One article: the term's card, to post into the chat the query was typed in."""
    found = await context.service.look_up(term)
    card = format_look_up(found)
    title = found.card.name if found.card is not None else term or texts.WHAT_USAGE
    article = InlineQueryResultArticle(
        id=hashlib.sha256(f"what:{term}".encode()).hexdigest()[:32],
        title=f"🔎 {title}"[:100],
        description=(found.card.system if found.card is not None else "look-up")[:100],
        input_message_content=InputTextMessageContent(
            split_html(card)[0] if card else texts.WHAT_USAGE,
            parse_mode=ParseMode.HTML,
            link_preview_options=_NO_PREVIEW,
        ),
    )
    await query.answer([article], cache_time=INLINE_CACHE_SECONDS, is_personal=True)
