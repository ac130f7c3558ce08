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
    ErrorSample,
    EvalError,
    EvalExample,
    EvalReport,
    LabelScore,
    Scorer,
    SpanError,
    evaluate,
    parse_example,
    read_examples,
)
from ner._fallback import Outcome, complete, extract_with_fallback
from ner._grouping import Mention, group_mentions
from ner._models import (
    LABELS,
    Certainty,
    Concept,
    Entity,
    Label,
    Relation,
    RelationType,
    Subject,
    sort_entities,
)
from ner._relations import find_relations
from ner._vocabulary import ConceptCard, Link, LookUp, Vocabulary

__all__ = [
    "LABELS",
    "LOCAL_ENGINE",
    "Certainty",
    "Concept",
    "ConceptCard",
    "Conversation",
    "Engine",
    "EngineRegistry",
    "EngineUnavailable",
    "Entity",
    "ErrorSample",
    "EvalError",
    "EvalExample",
    "EvalReport",
    "Label",
    "LabelScore",
    "Link",
    "LookUp",
    "MediaEngine",
    "Mention",
    "Outcome",
    "Relation",
    "RelationType",
    "Scorer",
    "SpanError",
    "Subject",
    "Turn",
    "Vocabulary",
    "complete",
    "evaluate",
    "extract_with_fallback",
    "find_relations",
    "group_mentions",
    "parse_example",
    "read_examples",
    "sort_entities",
]
