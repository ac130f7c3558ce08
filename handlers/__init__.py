"""Telegram glue and presentation: thin handlers, their filters, buttons and HTML views.

Each handler reads the update, calls the service once, replies. bot/ wires them into the
package only says what each one does and how a result looks in Telegram.
"""

from handlers import _texts as texts
from handlers._buttons import (
    forget_cancelled,
    forget_confirmed,
    history_page,
    model_chosen,
    unknown_button,
)
from handlers._callback import (
    PAGE_MAX,
    CallbackData,
    DetailsButton,
    ForgetButton,
    HistoryButton,
    ModelButton,
    engine_digest,
)
from handlers._commands import clear, forget, help_command, history, model, start, unknown_command
from handlers._common import MaybeCarriedOut
from handlers._context import BotContext, BotData
from handlers._errors import Redelivery, error_handler, redelivery
from handlers._filters import (
    GROUP_ADDRESSED_FILE,
    GROUP_ADDRESSED_TEXT,
    NEW_MESSAGE,
    PRIVATE_EDITED_TEXT,
    PRIVATE_FILE,
    PRIVATE_NON_TEXT,
    PRIVATE_TEXT,
    PRIVATE_UNKNOWN_COMMAND,
)
from handlers._format import (
    LABEL_STYLES,
    MESSAGE_LIMIT,
    NO_ENTITIES,
    LabelStyle,
    format_details,
    format_entities,
    format_history_item,
    format_history_page,
    format_look_up,
    format_quoted,
    split_html,
    summarize_entities,
    utf16_length,
)
from handlers._gate import gatekeeper
from handlers._inline import inline_query
from handlers._look_ups import details_pressed, what_command
from handlers._media import file_message, file_reply
from handlers._messages import edited_text, group_text, ner_command, non_text, private_text
from handlers._texts import COMMANDS
from handlers._typing import MAX_TYPING_CHATS
from handlers._views import (
    HISTORY_DEFAULT,
    HISTORY_MAX,
    find_engine,
    forget_keyboard,
    history_view,
    model_view,
    parse_page_size,
)

__all__ = [
    "COMMANDS",
    "GROUP_ADDRESSED_FILE",
    "GROUP_ADDRESSED_TEXT",
    "HISTORY_DEFAULT",
    "HISTORY_MAX",
    "LABEL_STYLES",
    "MAX_TYPING_CHATS",
    "MESSAGE_LIMIT",
    "NEW_MESSAGE",
    "NO_ENTITIES",
    "PAGE_MAX",
    "PRIVATE_EDITED_TEXT",
    "PRIVATE_FILE",
    "PRIVATE_NON_TEXT",
    "PRIVATE_TEXT",
    "PRIVATE_UNKNOWN_COMMAND",
    "BotContext",
    "BotData",
    "CallbackData",
    "DetailsButton",
    "ForgetButton",
    "HistoryButton",
    "LabelStyle",
    "MaybeCarriedOut",
    "ModelButton",
    "Redelivery",
    "clear",
    "details_pressed",
    "edited_text",
    "engine_digest",
    "error_handler",
    "file_message",
    "file_reply",
    "find_engine",
    "forget",
    "forget_cancelled",
    "forget_confirmed",
    "forget_keyboard",
    "format_details",
    "format_entities",
    "format_history_item",
    "format_history_page",
    "format_look_up",
    "format_quoted",
    "gatekeeper",
    "group_text",
    "help_command",
    "history",
    "history_page",
    "history_view",
    "inline_query",
    "model",
    "model_chosen",
    "model_view",
    "ner_command",
    "non_text",
    "parse_page_size",
    "private_text",
    "redelivery",
    "split_html",
    "start",
    "summarize_entities",
    "texts",
    "unknown_button",
    "unknown_command",
    "utf16_length",
    "what_command",
]
