"""``OfflineEngine``: the always-available local engine behind the ``Engine`` protocol."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

from ner._engine import LOCAL_ENGINE, Conversation
from ner._models import Entity
from ner._vocabulary import LookUp
from ner.offline._recognizer import Recognizer

#: Messages longer than this are recognized in a worker thread so the event loop stays responsive.
_INLINE_LIMIT = 20_000


class OfflineEngine:
    """Dictionary + rules recognizer; stateless per message, so conversations are ignored.

    ``cache_dir`` is where the compiled lexicon is cached when the shipped one does not match
    the installed vocabularies (the bot passes its configured directory; ``ner`` never reads
    the environment itself). ``models`` selects the sequence taggers (None: the shipped
    defaults; see ``Recognizer``).
    """

    def __init__(
        self,
        cache_dir: Path | None = None,
        recognizer: Recognizer | None = None,
        models: Sequence[str] | None = None,
    ) -> None:
        self._recognizer = (
            recognizer if recognizer is not None else Recognizer(cache_dir=cache_dir, models=models)
        )

    @property
    def name(self) -> str:
        return LOCAL_ENGINE

    @property
    def title(self) -> str:
        return "Offline engine"

    @property
    def recognizer(self) -> Recognizer:
        return self._recognizer

    def recognize(self, text: str) -> list[Entity]:
        """The synchronous core that ``extract`` wraps (CLI streaming and benchmarks call it)."""
        return self._recognizer.recognize(text)

    def link_concepts(self, text: str, entities: Sequence[Entity]) -> list[Entity]:
        """Concepts for another engine's entities, from the offline vocabularies."""
        return self._recognizer.link_concepts(text, entities)

    def look_up(self, query: str) -> LookUp:
        """What the vocabularies say about a term or code (``/what``)."""
        return self._recognizer.look_up(query)

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        """Entities in ``text``; pure local computation, milliseconds for chat-sized input."""
        if len(text) > _INLINE_LIMIT:
            return await asyncio.to_thread(self._recognizer.recognize, text)
        return self._recognizer.recognize(text)

    async def aclose(self) -> None:
        """Nothing to release: the lexicon is plain in-process data."""
