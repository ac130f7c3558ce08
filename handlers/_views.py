"""Messages with buttons: the text and the inline keyboard each command and button shows."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from handlers import _texts as texts
from handlers._callback import (
    PAGE_MAX,
    DetailsButton,
    ForgetButton,
    HistoryButton,
    ModelButton,
    engine_digest,
)
from handlers._format import DETAILS_MAX_CARDS, format_history_page
from service import Analysis, EngineInfo, HistoryPage

HISTORY_DEFAULT = 5
HISTORY_MAX = PAGE_MAX


def history_view(page: HistoryPage, owner: int) -> tuple[str, InlineKeyboardMarkup | None]:
    """A page of history and ◀ Older / Newer ▶ buttons where there is more to see."""
    text = format_history_page(page.items, total=page.total, offset=page.offset)
    buttons = []
    if page.has_older:
        older = HistoryButton(owner, page.offset + page.limit, page.limit)
        buttons.append(InlineKeyboardButton(texts.OLDER, callback_data=older.pack()))
    if page.has_newer:
        newer = HistoryButton(owner, max(page.offset - page.limit, 0), page.limit)
        buttons.append(InlineKeyboardButton(texts.NEWER, callback_data=newer.pack()))
    return text, InlineKeyboardMarkup([buttons]) if buttons else None


def model_view(
    engines: Sequence[EngineInfo], current: str, owner: int
) -> tuple[str, InlineKeyboardMarkup]:
    """The engine in use and one button per configured engine, the current one marked ✅."""
    title = next((e.title for e in engines if e.name == current), current)
    rows = [
        [
            InlineKeyboardButton(
                f"✅ {engine.title}" if engine.name == current else engine.title,
                callback_data=ModelButton(owner, engine_digest(engine.name)).pack(),
            )
        ]
        for engine in engines
    ]
    return texts.model_text(title, len(engines)), InlineKeyboardMarkup(rows)


def find_engine(engines: Sequence[EngineInfo], digest: str) -> EngineInfo | None:
    """The engine a /model button stands for, if it is still configured."""
    return next((e for e in engines if engine_digest(e.name) == digest), None)


def forget_keyboard(owner: int) -> InlineKeyboardMarkup:
    """Confirm or cancel /forget; only ``owner`` may press."""
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.FORGET_YES, callback_data=ForgetButton(owner, confirm=True).pack()
                ),
                InlineKeyboardButton(
                    texts.FORGET_NO, callback_data=ForgetButton(owner, confirm=False).pack()
                ),
            ]
        ]
    )


def parse_page_size(args: Sequence[str] | None) -> int | None:
    """/history's optional n: default when absent, capped at the maximum, None when malformed."""
    if not args:
        return HISTORY_DEFAULT
    if len(args) > 1 or not args[0].isdecimal() or int(args[0]) < 1:
        return None
    return min(int(args[0]), HISTORY_MAX)


def detail_codes(analysis: Analysis) -> list[str]:
    """The distinct concept codes of an answer, in document order, as many as Details shows."""
    codes: list[str] = []
    for entity in analysis.entities:
        code = entity.concept.code if entity.concept is not None else None
        if code and code not in codes:
            codes.append(code)
    return codes[:DETAILS_MAX_CARDS]


def details_keyboard(analysis: Analysis) -> InlineKeyboardMarkup | None:
    """The 🔎 Details button, when the answer has a concept with a card to show."""
    if not detail_codes(analysis):
        return None
    button = DetailsButton(analysis.user_id, analysis.message_id)
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(texts.DETAILS, callback_data=button.pack())]]
    )
