"""Thin Telegram handlers: each reads the update, calls the service once, replies.

bot._app wires them; this package only says what each one does.
"""

from handlers._buttons import (
    forget_cancelled,
    forget_confirmed,
    history_page,
    model_chosen,
    unknown_button,
)
from handlers._commands import clear, forget, help_command, history, model, start, unknown_command
from handlers._common import SERVICE_KEY
from handlers._errors import Redelivery, error_handler, redelivery
from handlers._filters import (
    GROUP_ADDRESSED_TEXT,
    NEW_MESSAGE,
    PRIVATE_EDITED_TEXT,
    PRIVATE_NON_TEXT,
    PRIVATE_TEXT,
    PRIVATE_UNKNOWN_COMMAND,
)
from handlers._gate import gatekeeper
from handlers._inline import inline_query
from handlers._keys import FORGET_NO_PATTERN, FORGET_YES_PATTERN, HISTORY_PATTERN, MODEL_PATTERN
from handlers._messages import edited_text, group_text, ner_command, non_text, private_text
from handlers._texts import COMMANDS

__all__ = [
    "COMMANDS",
    "FORGET_NO_PATTERN",
    "FORGET_YES_PATTERN",
    "GROUP_ADDRESSED_TEXT",
    "HISTORY_PATTERN",
    "MODEL_PATTERN",
    "NEW_MESSAGE",
    "PRIVATE_EDITED_TEXT",
    "PRIVATE_NON_TEXT",
    "PRIVATE_TEXT",
    "PRIVATE_UNKNOWN_COMMAND",
    "SERVICE_KEY",
    "Redelivery",
    "clear",
    "edited_text",
    "error_handler",
    "forget",
    "forget_cancelled",
    "forget_confirmed",
    "gatekeeper",
    "group_text",
    "help_command",
    "history",
    "history_page",
    "inline_query",
    "model",
    "model_chosen",
    "ner_command",
    "non_text",
    "private_text",
    "redelivery",
    "start",
    "unknown_button",
    "unknown_command",
]
