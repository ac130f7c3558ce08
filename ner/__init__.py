"""Medical named-entity recognition: the contract, the engines and their evaluation; data only.

How a result is shown is up to the caller (handlers/ for Telegram, bot/cli for terminals):
this package returns entities, grouped mentions and scores, never markup.
"""

from ner._engine import (
    LOCAL_ENGINE,
    Conversation,
    Engine,
    EngineRegistry,
    EngineUnavailable,
    MediaEngine,
    Turn,
)
from ner._eval import (
    EvalError,
    EvalExample,
    EvalReport,
    LabelScore,
    Scorer,
    evaluate,
    parse_example,
    read_examples,
)
from ner._fallback import Outcome, extract_with_fallback
from ner._grouping import Mention, group_mentions
from ner._models import LABELS, Entity, Label, sort_entities

__all__ = [
    "LABELS",
    "LOCAL_ENGINE",
    "Conversation",
    "Engine",
    "EngineRegistry",
    "EngineUnavailable",
    "Entity",
    "EvalError",
    "EvalExample",
    "EvalReport",
    "Label",
    "LabelScore",
    "MediaEngine",
    "Mention",
    "Outcome",
    "Scorer",
    "Turn",
    "evaluate",
    "extract_with_fallback",
    "group_mentions",
    "parse_example",
    "read_examples",
    "sort_entities",
]
