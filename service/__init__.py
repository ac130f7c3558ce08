"""The conversation service: the one place where engines and storage meet.

Every surface (the Telegram handlers, the terminal chat, ``medner extract``) calls it, and it
knows none of them: it imports ner/ and storage/ only, and takes its settings as values.
"""

from service._conversation import (
    Analysis,
    ConversationService,
    Deliver,
    EngineInfo,
    HistoryPage,
    UnknownEngine,
    entities_from_json,
    entities_to_json,
)
from service._metrics import Metrics

__all__ = [
    "Analysis",
    "ConversationService",
    "Deliver",
    "EngineInfo",
    "HistoryPage",
    "Metrics",
    "UnknownEngine",
    "entities_from_json",
    "entities_to_json",
]
