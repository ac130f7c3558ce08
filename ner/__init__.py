"""Medical named-entity recognition: the contract, the engines and how results are shown."""

from ner._engine import (
    LOCAL_ENGINE,
    Conversation,
    Engine,
    EngineRegistry,
    EngineUnavailable,
    MediaEngine,
    Turn,
)
from ner._fallback import Outcome, extract_with_fallback
from ner._format import MESSAGE_LIMIT, format_entities, format_text, split_html
from ner._models import LABELS, Entity, Label, sort_entities

__all__ = [
    "LABELS",
    "LOCAL_ENGINE",
    "MESSAGE_LIMIT",
    "Conversation",
    "Engine",
    "EngineRegistry",
    "EngineUnavailable",
    "Entity",
    "Label",
    "MediaEngine",
    "Outcome",
    "Turn",
    "extract_with_fallback",
    "format_entities",
    "format_text",
    "sort_entities",
    "split_html",
]
