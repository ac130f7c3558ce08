"""Ask an engine, and fall back to another when it cannot answer.

Shared by the conversation service and ``medner extract`` so that both degrade the same way.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from ner._engine import Conversation, Engine, EngineUnavailable
from ner._models import Entity, Relation, sort_entities
from ner._relations import find_relations
from ner._vocabulary import Vocabulary

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """Who actually produced the entities, and a user-facing note when it was the fallback.

    ``relations`` index ``entities`` (document order).
    """

    engine: str
    entities: list[Entity]
    note: str | None = None
    reason: str | None = None
    relations: list[Relation] = field(default_factory=list)


def complete(
    text: str, entities: list[Entity], linker: Engine | None
) -> tuple[list[Entity], list[Relation]]:
    """The one finishing step every engine's answer goes through: document order, concepts
    the engine did not give (from the offline vocabularies), and the relations between them.

    ``linker`` is None for the offline engine's own answers: it linked what it could already.
    """
    ordered = sort_entities(entities)
    if isinstance(linker, Vocabulary) and any(_unlinked(e) for e in ordered):
        ordered = linker.link_concepts(text, ordered)
    return ordered, find_relations(text, ordered)


def _unlinked(entity: Entity) -> bool:
    return entity.concept is None or entity.concept.code is None


def _outcome(
    engine: str,
    text: str,
    entities: list[Entity],
    linker: Engine | None,
    note: str | None = None,
    reason: str | None = None,
) -> Outcome:
    ordered, relations = complete(text, entities, linker)
    return Outcome(engine, ordered, note, reason, relations)


async def extract_with_fallback(
    engine: Engine,
    fallback: Engine,
    text: str,
    conversation: Conversation | None = None,
    *,
    timeout_s: float = 20.0,
) -> Outcome:
    """Run ``engine``; on any failure run ``fallback`` and say why in the note.

    The fallback itself is not guarded: when the offline engine fails it is a bug, and it must
    reach the error handler rather than be papered over.
    """
    if engine.name == fallback.name:
        return _outcome(engine.name, text, await engine.extract(text, conversation), None)
    try:
        async with asyncio.timeout(timeout_s):
            entities = await engine.extract(text, conversation)
        return _outcome(engine.name, text, entities, fallback)
    except EngineUnavailable as exc:
        reason = str(exc) or "no answer"
    except TimeoutError:
        reason = "it took too long to answer"
    except Exception as exc:
        # The type only: an exception's message can quote the (medical) input.
        log.error("engine %s failed unexpectedly: %s", engine.name, type(exc).__name__)
        log.debug("engine failure detail", exc_info=exc)
        reason = "an unexpected error"
    log.warning(
        "engine %s unavailable (%s); falling back to %s", engine.name, reason, fallback.name
    )
    entities = await fallback.extract(text, conversation)
    note = (
        f"{engine.title} was unavailable ({reason}); these results come from the {fallback.title}."
    )
    return _outcome(fallback.name, text, entities, None, note, reason)
