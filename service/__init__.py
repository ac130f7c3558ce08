"""The conversation service: the one place where engines and storage meet.

Every surface (the Telegram handlers, the terminal chat, ``medner extract``) calls it, and it
knows none of them: it imports ner/ and storage/ only, and takes its settings as values.
"""

from service._conversation import (
    ADMITTED,
    Admission,
    Analysis,
    ConversationService,
    Deliver,
    EngineInfo,
    Forgotten,
    HistoryPage,
    Notify,
    RateLimited,
    Refuse,
    UnknownEngine,
    entities_from_json,
    entities_to_json,
)
from service._media import MediaNotRead, MediaProblem, MediaReader, Upload
from service._metrics import Metrics

__all__ = [
    "ADMITTED",
    "Admission",
    "Analysis",
    "ConversationService",
    "Deliver",
    "EngineInfo",
    "Forgotten",
    "HistoryPage",
    "MediaNotRead",
    "MediaProblem",
    "MediaReader",
    "Metrics",
    "Notify",
    "RateLimited",
    "Refuse",
    "UnknownEngine",
    "Upload",
    "entities_from_json",
    "entities_to_json",
]
