"""The conversation service: ordering per user, concurrency across users, store-before-reply."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ner import Conversation, EngineRegistry, EngineUnavailable, Entity, Label
from service import Analysis, ConversationService, Forgotten, UnknownEngine
from storage import SQLiteStore, Store


class WordEngine:
    """Finds the word 'fever'; optionally slow, to make ordering observable."""

    def __init__(self, name: str = "local", delay: float = 0.0, fail: bool = False) -> None:
        self._name = name
        self.delay = delay
        self.fail = fail
        self.seen: list[tuple[int, str]] = []
        self.histories: list[list[str]] = []

    @property
    def name(self) -> str:
        return self._name

    @property
    def title(self) -> str:
        return f"Engine {self._name}"

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        if conversation is not None:
            self.seen.append((conversation.user_id, text))
            self.histories.append([t.text for t in await conversation.load_history()])
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.fail:
            raise EngineUnavailable("quota exceeded")
        start = text.find("fever")
        if start < 0:
            return []
        return [Entity(text="fever", label=Label.SYMPTOM, start=start, end=start + 5)]

    async def aclose(self) -> None:
        return None


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = SQLiteStore(tmp_path / "t.sqlite3")
    await s.open()
    yield s
    await s.close()


def make_service(store: Store, *engines: WordEngine, **kwargs: object) -> ConversationService:
    return ConversationService(store, EngineRegistry(list(engines)), **kwargs)  # type: ignore[arg-type]


async def test_analysis_is_stored_before_it_is_returned(store: Store) -> None:
    service = make_service(store, WordEngine())
    analysis = await service.analyse(7, 7, "I have fever")
    stored = await store.get_analysis(analysis.message_id)
    assert stored is not None and stored.engine == "local"
    assert analysis.entities[0].text == "fever"
    assert (await service.history(7, 10)).items[0].entities == analysis.entities


async def test_one_users_messages_are_answered_in_order(store: Store) -> None:
    engine = WordEngine(delay=0.01)
    service = make_service(store, engine)
    texts = [f"message {i}" for i in range(20)]
    results = await asyncio.gather(*(service.analyse(1, 1, t) for t in texts))
    assert [r.text for r in results] == texts
    assert [t for _, t in engine.seen] == texts
    ids = [r.message_id for r in results]
    assert ids == sorted(ids)


async def test_different_users_run_concurrently(store: Store) -> None:
    service = make_service(store, WordEngine(delay=0.3))
    started = time.perf_counter()
    await asyncio.gather(*(service.analyse(user, user, "fever") for user in range(1, 31)))
    assert time.perf_counter() - started < 3.0


async def test_failing_engine_falls_back_and_records_who_answered(store: Store) -> None:
    service = make_service(store, WordEngine(), WordEngine("gemini", fail=True))
    await service.set_engine(5, "gemini")
    analysis = await service.analyse(5, 5, "fever again")
    assert analysis.engine == "local" and analysis.requested_engine == "gemini"
    assert analysis.note is not None and "unavailable" in analysis.note
    stored = await store.get_analysis(analysis.message_id)
    assert stored is not None and stored.engine == "local"


async def test_history_of_the_session_reaches_the_engine_and_clear_resets_it(store: Store) -> None:
    engine = WordEngine()
    service = make_service(store, engine, history_window=2)
    for text in ("one", "two", "three"):
        await service.analyse(3, 3, text)
    assert engine.histories[-1] == ["one", "two"]
    await service.clear(3)
    await service.analyse(3, 3, "four")
    assert engine.histories[-1] == []
    await service.analyse(3, 3, "five")
    assert engine.histories[-1] == ["four"]  # "four" went into the new session
    assert (await service.history(3, 10)).total == 5


async def test_redelivered_update_is_not_analysed_twice(store: Store) -> None:
    engine = WordEngine()
    service = make_service(store, engine)
    first = await service.analyse(2, 2, "fever", source_key="tg:2:10")
    await service.mark_replied(first.message_id)
    again = await service.analyse(2, 2, "fever", source_key="tg:2:10")
    assert again.replayed and again.already_replied and again.message_id == first.message_id
    assert len(engine.seen) == 1


async def test_unknown_engine_is_refused(store: Store) -> None:
    service = make_service(store, WordEngine())
    with pytest.raises(UnknownEngine):
        await service.set_engine(1, "nope")
    assert await service.engine_for(1) == "local"


async def test_forget_removes_only_that_user(store: Store) -> None:
    service = make_service(store, WordEngine())
    await service.analyse(1, 1, "fever")
    await service.analyse(2, 2, "fever")
    assert await service.forget(1) == Forgotten(removed=1, scrubbed=True)
    assert (await service.history(1, 10)).total == 0
    assert (await service.history(2, 10)).total == 1


async def test_rate_limit_and_allow_list() -> None:
    now = [0.0]
    service = ConversationService(
        SQLiteStore(":memory:"),
        EngineRegistry([WordEngine()]),
        rate_limit_per_minute=2,
        allowed_ids=frozenset({10, -100}),
        clock=lambda: now[0],
    )
    assert [(await service.admit(1)).allowed for _ in range(3)] == [True, True, False]
    now[0] = 61.0
    assert (await service.admit(1)).allowed
    assert service.allowed(10) and service.allowed(99, -100) and not service.allowed(99, 5)


async def test_replies_are_delivered_in_order_and_once(store: Store) -> None:
    service = make_service(store, WordEngine(delay=0.005))
    sent: list[str] = []

    async def deliver(analysis: Analysis) -> None:
        await asyncio.sleep(0.01 if analysis.text.endswith("0") else 0.0)
        sent.append(analysis.text)

    texts = [f"fever {i}" for i in range(10)]
    await asyncio.gather(
        *(service.analyse(4, 4, t, source_key=f"k{t}", deliver=deliver) for t in texts)
    )
    await service.analyse(4, 4, "fever 3", source_key="kfever 3", deliver=deliver)
    assert sent == texts
    stored = [await store.find_by_source(f"k{t}") for t in texts]
    assert all(row is not None and row.replied for row in stored)
