"""The error handler: log with ids for the operator, a plain apology for the user.

Users' texts are medical and private, so they never appear in logs at INFO or above: the
ERROR line carries the update id, user id, the exception type and the stack frames (code,
not data); the exception's message, which can quote input, goes to DEBUG only.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import traceback
from collections.abc import Iterator
from dataclasses import dataclass

from telegram import Update
from telegram.error import TelegramError

from handlers import _texts as texts
from handlers._context import BotContext
from storage import StorageError

log = logging.getLogger(__name__)


@dataclass
class Redelivery:
    """Whether the update being handled should be delivered again by Telegram."""

    requested: bool = False


_REDELIVERY: contextvars.ContextVar[Redelivery | None] = contextvars.ContextVar(
    "medner_redelivery", default=None
)


@contextlib.contextmanager
def redelivery() -> Iterator[Redelivery]:
    """Handle one update inside this block to learn whether it should be delivered again.

    The webhook uses it: a message the database refused is answered with an error status, and
    Telegram retries it later, instead of the message being lost. Long polling has no such
    channel (its updates are confirmed before they are handled), so outside this block the
    user is asked to send the message again.
    """
    outcome = Redelivery()
    token = _REDELIVERY.set(outcome)
    try:
        yield outcome
    finally:
        _REDELIVERY.reset(token)


def _ids(update: object) -> tuple[int | None, int | None]:
    if not isinstance(update, Update):
        return None, None
    user = update.effective_user
    return update.update_id, user.id if user is not None else None


def _analysing(update: Update) -> bool:
    """A message handed in for analysis (text, /ner), as opposed to another command or a
    button: what a storage failure then lost is the user's message."""
    message = update.effective_message
    if update.callback_query is not None or message is None:
        return False
    command = message.text.split(maxsplit=1)[0] if message.text else ""
    return not command.startswith("/") or command.split("@", 1)[0] == "/ner"


async def error_handler(update: object, context: BotContext) -> None:
    """Logs what failed (ids only, no text) and tells the user something went wrong."""
    error = context.error
    update_id, user_id = _ids(update)
    frames = "".join(traceback.format_tb(error.__traceback__)) if error is not None else ""
    log.error(
        "handling update=%s user=%s failed with %s\n%s",
        update_id,
        user_id,
        type(error).__name__,
        frames.rstrip(),
    )
    log.debug("error detail for update=%s", update_id, exc_info=error)
    if context.bot_data.service is not None:
        context.bot_data.service.metrics.errors.inc()
    if not isinstance(update, Update):
        return
    apology = _apology(update, error, context)
    if apology is None:
        return
    with contextlib.suppress(TelegramError):
        if update.callback_query is not None:
            await update.callback_query.answer(apology, show_alert=True)
        elif update.effective_message is not None and update.effective_chat is not None:
            await context.bot.send_message(update.effective_chat.id, apology)


def _apology(update: Update, error: object, context: BotContext) -> str | None:
    """What the user is told (naming the cause when storage failed), or None when they were
    told already.

    A message the database refused inside ``redelivery()`` asks Telegram to deliver the update
    again; the user hears about it once, not on every failed retry.
    """
    if not isinstance(error, StorageError):
        return texts.SOMETHING_WRONG
    if not _analysing(update):
        return texts.storage_failed(error.problem)
    outcome = _REDELIVERY.get()
    if outcome is None:
        return texts.not_saved(error.problem)
    outcome.requested = True
    first = context.bot_data.apologised.add(update.update_id)
    return texts.not_saved_retrying(error.problem) if first else None
