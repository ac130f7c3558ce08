"""Medical named-entity recognition: the contract, the engines and how results are shown."""

from ner._engine import (
    LOCAL_ENGINE,
    Conversation,
    Engine,
    EngineRegistry,
    EngineUnavailable,
    Turn,
)
from ner._fallback import Outcome, extract_with_fallback
from ner._format import MESSAGE_LIMIT, format_entities, format_text, split_html
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
    "MESSAGE_LIMIT",
    "Certainty",
    "Concept",
    "ConceptCard",
    "Conversation",
    "Engine",
    "EngineRegistry",
    "EngineUnavailable",
    "Entity",
    "Label",
    "Link",
    "LookUp",
    "Outcome",
    "Relation",
    "RelationType",
    "Subject",
    "Turn",
    "Vocabulary",
    "extract_with_fallback",
    "find_relations",
    "format_entities",
    "format_text",
    "sort_entities",
    "split_html",
]
