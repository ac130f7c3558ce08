"""The conversation service with the real Gemini engine, a real SQLite store and the fake API.

Fallback to the offline engine, sessions rebuilt from storage after a restart, and users who
do not wait for each other.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path

import pytest

from ner import Conversation, EngineRegistry, Entity, Label
from ner.gemini import GeminiConfig, build_gemini_engines, load_fewshot
from service import ConversationService
from storage import SQLiteStore, Store, StoredAnalysis, open_store
from tests.fakes.gemini_server import (
    GEMINI_ENVIRONMENT,
    FakeGemini,
    Recorded,
    Reply,
    entities_reply,
    error_reply,
    no_candidates_reply,
    prompt_blocked_reply,
    safety_stopped_reply,
    text_reply,
)

KEY = "service-test-key"
SEED = GeminiConfig().demonstration_turns
"""Few-shot examples that head every chat as turns; the others are in the system instruction."""
VOCABULARY = {"fever": "SYMPTOM", "malaria": "DISEASE", "rash": "SYMPTOM", "aspirin": "DRUG"}


class LocalDouble:
    """Stands in for ner.offline.OfflineEngine: finds 'fever' only, instantly."""

    name = "local"
    title = "offline engine"

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        start = text.find("fever")
        if start < 0:
            return []
        return [Entity(text="fever", label=Label.SYMPTOM, start=start, end=start + 5)]

    async def aclose(self) -> None:
        return None


def vocabulary_answer(request: Recorded, delay_s: float = 0.0) -> Reply:
    """A Gemini that knows a few words: answers for the newest user message only."""
    text = request.last_user_text.lower()
    return entities_reply(
        *((w, label) for w, label in VOCABULARY.items() if w in text), delay_s=delay_s
    )


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in GEMINI_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    with FakeGemini(responder=vocabulary_answer, require_api_key=KEY) as server:
        yield server


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'medner.sqlite3'}"


class Running:
    """A service as the bot runs it: store, offline double, Gemini engine(s)."""

    def __init__(self, service: ConversationService, store: Store) -> None:
        self.service = service
        self.store = store

    async def close(self) -> None:
        await self.service.engines_registry.aclose()
        await self.store.close()


async def start(
    fake: FakeGemini, db_url: str, store: Store | None = None, **config: object
) -> Running:
    values: dict[str, object] = {
        "api_key": KEY,
        "base_url": fake.base_url,
        "timeout_s": 1.0,
        "retry_attempts": 2,
        "retry_initial_delay_s": 0.01,
    }
    values.update(config)
    engines = EngineRegistry([LocalDouble(), *build_gemini_engines(GeminiConfig(**values))])  # type: ignore[arg-type]
    if store is None:
        store = await open_store(db_url)
    service = ConversationService(store, engines, default_engine="gemini", history_window=20)
    return Running(service, store)


@pytest.fixture
async def running(fake: FakeGemini, db_url: str) -> AsyncIterator[Running]:
    app = await start(fake, db_url)
    yield app
    await app.close()


def dialogue(request: Recorded) -> list[tuple[str, str]]:
    return request.texts[2 * SEED :]


def answer_for(*mentions: tuple[str, str]) -> str:
    return json.dumps(
        {"entities": [{"text": t, "label": label, "negated": False} for t, label in mentions]}
    )


async def test_gemini_answers_and_is_stored_as_gemini(running: Running) -> None:
    analysis = await running.service.analyse(1, 1, "Fever and malaria since Sunday")
    assert analysis.engine == "gemini" and analysis.note is None
    assert [(e.text, e.label) for e in analysis.entities] == [
        ("Fever", Label.SYMPTOM),
        ("malaria", Label.DISEASE),
    ]
    stored = await running.store.get_analysis(analysis.message_id)
    assert stored is not None and stored.engine == "gemini"


async def test_session_survives_a_restart(fake: FakeGemini, db_url: str) -> None:
    first = await start(fake, db_url)
    await first.service.analyse(1, 1, "I have a fever")
    await first.service.analyse(2, 2, "someone else's rash")
    await first.service.analyse(1, 1, "and it might be malaria")
    await first.close()

    second = await start(fake, db_url)
    try:
        await second.service.analyse(1, 1, "should I take aspirin?")
    finally:
        await second.close()
    request = fake.generate_requests()[-1]
    assert [text for _, text in request.texts[: 2 * SEED : 2]] == [
        example.text for example in load_fewshot()[:SEED]
    ]
    assert load_fewshot()[-1].text in request.system_instruction
    assert dialogue(request) == [
        ("user", "I have a fever"),
        ("model", answer_for(("fever", "SYMPTOM"))),
        ("user", "and it might be malaria"),
        ("model", answer_for(("malaria", "DISEASE"))),
        ("user", "should I take aspirin?"),
    ]


class CountingTurnReads(SQLiteStore):
    """A real SQLite store that counts the reads a Gemini session is rebuilt from."""

    reads = 0

    async def recent_turns(self, user_id: int, epoch: int, limit: int) -> Sequence[StoredAnalysis]:
        self.reads += 1
        return await super().recent_turns(user_id, epoch, limit)


async def test_a_running_conversation_keeps_its_session_instead_of_reading_storage(
    fake: FakeGemini, tmp_path: Path
) -> None:
    store = CountingTurnReads(str(tmp_path / "medner.sqlite3"))
    await store.open()
    running = await start(fake, "", store=store)
    try:
        for text in ("I have a fever", "a rash too", "could it be malaria?"):
            await running.service.analyse(1, 1, text)
    finally:
        await running.close()
    assert store.reads == 0, "a new user's chat starts empty and is kept, never reread"
    assert [text for role, text in dialogue(fake.generate_requests()[-1]) if role == "user"] == [
        "I have a fever",
        "a rash too",
        "could it be malaria?",
    ]


async def test_clear_starts_a_fresh_gemini_session(running: Running, fake: FakeGemini) -> None:
    await running.service.analyse(1, 1, "fever")
    await running.service.clear(1)
    await running.service.analyse(1, 1, "rash now")
    assert dialogue(fake.generate_requests()[-1]) == [("user", "rash now")]


async def test_an_authors_forget_leaves_no_trace_in_a_holders_gemini_session(
    running: Running, fake: FakeGemini
) -> None:
    """Ann analysed Bob's words (/ner in reply to him); after Bob's /forget, nothing of his
    may reach Gemini with Ann's later messages, though her cached chat held them."""
    ann, bob = 1, 2
    await running.service.analyse(ann, -100, "bob: zebrafish rash", author_id=bob)
    await running.service.analyse(ann, -100, "I have a fever")
    await running.service.forget(bob)
    await running.service.analyse(ann, -100, "could it be malaria?")

    sent = fake.generate_requests()[-1].texts
    assert not [text for _, text in sent if "zebrafish" in text]
    assert ("user", "could it be malaria?") in sent


FAULTS = {
    "quota 429": [error_reply(429, "Quota exceeded")] * 2,
    "server 500": [error_reply(500)] * 2,
    "unavailable 503": [error_reply(503)] * 2,
    "timeout": [entities_reply(("fever", "SYMPTOM"), delay_s=3.0)],
    "prompt blocked": [prompt_blocked_reply()],
    "safety stop": [safety_stopped_reply()],
    "no candidates": [no_candidates_reply()],
    "unparseable": [text_reply("Fever is a symptom.")],
}


@pytest.mark.parametrize("replies", FAULTS.values(), ids=FAULTS.keys())
async def test_faults_fall_back_to_offline_with_a_note(
    running: Running, fake: FakeGemini, replies: list[Reply]
) -> None:
    fake.script(*replies)
    started = time.perf_counter()
    analysis = await running.service.analyse(4, 4, "fever since the trip")
    assert time.perf_counter() - started < 3.0
    assert analysis.engine == "local" and analysis.requested_engine == "gemini"
    assert analysis.note is not None and "Gemini 3.8 Flash was unavailable" in analysis.note
    assert [e.text for e in analysis.entities] == ["fever"]
    stored = await running.store.get_analysis(analysis.message_id)
    assert stored is not None and stored.engine == "local" and stored.note == analysis.note

    recovered = await running.service.analyse(4, 4, "and malaria?")
    assert recovered.engine == "gemini"
    assert dialogue(fake.generate_requests()[-1]) == [
        ("user", "fever since the trip"),
        ("model", answer_for(("fever", "SYMPTOM"))),
        ("user", "and malaria?"),
    ]


async def test_fifty_slow_users_do_not_wait_for_each_other(fake: FakeGemini, db_url: str) -> None:
    fake.responder = lambda request: vocabulary_answer(request, delay_s=1.0)
    app = await start(fake, db_url, timeout_s=4.0)
    try:
        started = time.perf_counter()
        results = await asyncio.gather(
            *(app.service.analyse(user, user, f"fever for user {user}") for user in range(1, 51))
        )
        elapsed = time.perf_counter() - started
    finally:
        await app.close()
    assert all(r.engine == "gemini" for r in results)
    assert len(fake.generate_requests()) == 50
    print(f"50 one-second calls took {elapsed:.2f}s")
    assert elapsed < 3.0, f"50 one-second calls took {elapsed:.1f}s"
