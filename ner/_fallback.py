"""Ask an engine, and fall back to another when it cannot answer.

Shared by the conversation service and ``medner extract`` so that both degrade the same way.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from ner._engine import Conversation, Engine, EngineUnavailable
from ner._models import Entity

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """Who actually produced the entities, and a user-facing note when it was the fallback."""

    engine: str
    entities: list[Entity]
    note: str | None = None
    reason: str | None = None


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
        return Outcome(engine.name, await engine.extract(text, conversation))
    try:
        async with asyncio.timeout(timeout_s):
            return Outcome(engine.name, await engine.extract(text, conversation))
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
    return Outcome(fallback.name, entities, note, reason)
