"""The tiny async engine protocol and the registry engines are looked up in by name."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from ner._models import Entity
from ner.media import Media, Reading

LOCAL_ENGINE = "local"


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of a conversation: what the user sent and what was found."""

    text: str
    entities: Sequence[Entity]


async def _no_history() -> Sequence[Turn]:
    return ()


@dataclass(frozen=True)
class Conversation:
    """Who is asking, and how to rebuild their session if the engine has none cached.

    ``epoch`` changes on /clear and on a /model switch, so an engine that keys its sessions on
    ``(user_id, epoch)`` starts afresh exactly when the user asked for it. ``load_history`` is
    lazy because only session-keeping engines need it and it costs a database read.

    ``last_turn_id`` is the stored id of the user's latest answered message of this epoch
    before this one, and ``message_id`` this message's id: an engine that caches a session
    remembers the last id it covered and rebuilds from storage when they differ, which is how
    a turn answered by another replica (or process) reaches the session. A caller that gives
    ``message_id`` gives ``last_turn_id`` too, so None then means there is no earlier turn and
    nothing to load (a new user's first message).
    """

    user_id: int
    epoch: int = 0
    load_history: Callable[[], Awaitable[Sequence[Turn]]] = field(default=_no_history)
    last_turn_id: int | None = None
    message_id: int | None = None


class EngineUnavailable(Exception):
    """The engine could not answer this time (quota, timeout, blocked, unparseable...).

    The message is short and safe to show a user; the service falls back to the offline engine.
    """


@runtime_checkable
class Engine(Protocol):
    """An async callable from text (and conversation) to entities."""

    @property
    def name(self) -> str:
        """Stable identifier stored with each result and chosen with /model."""
        ...

    @property
    def title(self) -> str:
        """Human-readable name shown in /model."""
        ...

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        """Entities in ``text`` with exact offsets; raises EngineUnavailable on failure."""
        ...

    async def aclose(self) -> None:
        """Release clients and cached sessions."""
        ...


@runtime_checkable
class MediaEngine(Engine, Protocol):
    """An engine that also reads photos, documents and voice notes itself (Gemini)."""

    async def read(
        self, media: Media, caption: str = "", conversation: Conversation | None = None
    ) -> Reading:
        """Transcription and entities of ``media`` and ``caption``; EngineUnavailable on
        failure."""
        ...


class EngineRegistry:
    """Engines by name, in the order /model offers them; the local engine is always first."""

    def __init__(self, engines: Sequence[Engine] = ()) -> None:
        self._engines: dict[str, Engine] = {}
        for engine in engines:
            self.register(engine)

    def register(self, engine: Engine) -> None:
        self._engines[engine.name] = engine

    def get(self, name: str) -> Engine | None:
        return self._engines.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._engines

    def __iter__(self) -> Iterator[Engine]:
        return iter(self._engines.values())

    def names(self) -> list[str]:
        return list(self._engines)

    async def aclose(self) -> None:
        for engine in self._engines.values():
            await engine.aclose()
