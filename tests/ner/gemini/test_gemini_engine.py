"""The Gemini engine driven through the real google-genai SDK against the fake REST server."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from ner import Conversation, EngineUnavailable, Entity, Label, Turn
from ner.gemini import (
    SYSTEM_INSTRUCTION,
    GeminiConfig,
    GeminiEngine,
    answer_json,
    build_gemini_engines,
    load_fewshot,
)
from tests.fakes.gemini_server import (
    FakeGemini,
    Recorded,
    Reply,
    entities_reply,
    error_reply,
    no_candidates_reply,
    prompt_blocked_reply,
    safety_stopped_reply,
    text_reply,
    write_adc_file,
)

KEY = "test-key-123"
SEED = GeminiConfig().demonstration_turns
"""Few-shot examples that head every chat as turns; the others are in the system instruction."""
ENDPOINT = "projects/proj-1/locations/us-central1/endpoints/4242"


def config(fake: FakeGemini, **overrides: object) -> GeminiConfig:
    values: dict[str, object] = {
        "api_key": KEY,
        "base_url": fake.base_url,
        "timeout_s": 2.0,
        "retry_attempts": 2,
        "retry_initial_delay_s": 0.01,
    }
    values.update(overrides)
    return GeminiConfig(**values)  # type: ignore[arg-type]


@pytest.fixture
async def engine(fake: FakeGemini) -> AsyncIterator[GeminiEngine]:
    [built] = build_gemini_engines(config(fake))
    assert isinstance(built, GeminiEngine)
    yield built
    await built.aclose()


class History:
    """A load_history that counts its calls, like the service's storage-backed one."""

    def __init__(self, turns: Sequence[Turn] = ()) -> None:
        self.turns = list(turns)
        self.loads = 0

    async def __call__(self) -> Sequence[Turn]:
        self.loads += 1
        return list(self.turns)


def conversation(user_id: int, history: History | None = None, epoch: int = 0) -> Conversation:
    return Conversation(user_id=user_id, epoch=epoch, load_history=history or History())


def dialogue(request: Recorded, seed: int = SEED) -> list[tuple[str, str]]:
    """The turns after the few-shot demonstration turns."""
    return request.texts[2 * seed :]


async def test_request_carries_instruction_schema_seed_and_key(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    fake.script(entities_reply(("fever", "SYMPTOM"), ("malaria", "DISEASE")))
    entities = await engine.extract("Fever since Monday, maybe malaria?", conversation(1))
    assert entities == [
        Entity(text="Fever", label=Label.SYMPTOM, start=0, end=5),
        Entity(text="malaria", label=Label.DISEASE, start=26, end=33),
    ]
    [request] = fake.generate_requests()
    assert request.resource == "models/gemini-3.8-flash"
    assert request.headers["x-goog-api-key"] == KEY
    assert request.system_instruction.startswith(SYSTEM_INSTRUCTION)
    generation = request.generation_config
    assert generation["responseMimeType"] == "application/json"
    label_schema = generation["responseSchema"]["properties"]["entities"]["items"]
    assert label_schema["properties"]["label"]["enum"] == [label.value for label in Label]
    examples = load_fewshot()
    assert SEED >= 4, "the card: each chat is seeded with few-shot history"
    assert request.texts[: 2 * SEED] == [
        turn
        for example in examples[:SEED]
        for turn in (("user", example.text), ("model", answer_json(example.entities)))
    ], "a new user's first request opens with the few-shot examples as genuine turns"
    assert dialogue(request) == [("user", "Fever since Monday, maybe malaria?")]
    for example in examples[SEED:]:
        shown = f"Message: {example.text}\nAnswer: {answer_json(example.entities)}\n"
        assert shown in request.system_instruction
    assert examples[0].text not in request.system_instruction
    assert request.thinking == {"thinkingLevel": "LOW"}, "MEDNER_GEMINI_THINKING defaults to low"
    assert request.sampling == {}, "no sampling parameter unless the operator sets one"
    assert fake.violations == []


async def test_demonstration_turns_head_the_chat_and_leave_the_instruction(
    fake: FakeGemini,
) -> None:
    fake.seed_pairs = 2
    [engine] = build_gemini_engines(config(fake, demonstration_turns=2))
    try:
        await engine.extract("a cough", conversation(1))
        await engine.extract("a rash", conversation(1))
    finally:
        await engine.aclose()
    first, second = fake.generate_requests()
    examples = load_fewshot()
    assert first.texts[:4] == [
        ("user", examples[0].text),
        ("model", answer_json(examples[0].entities)),
        ("user", examples[1].text),
        ("model", answer_json(examples[1].entities)),
    ]
    assert dialogue(first, seed=2) == [("user", "a cough")]
    assert [t for r, t in dialogue(second, seed=2) if r == "user"] == ["a cough", "a rash"]
    assert examples[1].text not in first.system_instruction
    assert examples[2].text in first.system_instruction


async def test_one_off_call_without_conversation_still_has_the_seed(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    await engine.extract("a cough", None)
    await engine.extract("a rash", None)
    first, second = fake.generate_requests()
    assert len(first.contents) == len(second.contents) == 2 * SEED + 1
    assert load_fewshot()[-1].text in first.system_instruction
    assert second.last_user_text == "a rash"
    assert len(engine.sessions) == 0


async def test_each_user_has_their_own_session_that_grows(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    fake.script(
        entities_reply(("headache", "SYMPTOM")),
        entities_reply(("cough", "SYMPTOM")),
        entities_reply(("Tylenol", "DRUG")),
    )
    alice, bob = History([Turn("earlier: my knee", [])]), History()
    await engine.extract("I have a headache", conversation(1, alice))
    await engine.extract("I have a cough", conversation(2, bob))
    await engine.extract("took Tylenol", conversation(1, alice))
    a1, b1, a2 = fake.generate_requests()
    assert dialogue(a1) == [
        ("user", "earlier: my knee"),
        ("model", '{"entities": []}'),
        ("user", "I have a headache"),
    ]
    assert dialogue(b1) == [("user", "I have a cough")]
    assert dialogue(a2)[2:] == [
        ("user", "I have a headache"),
        ("model", '{"entities": [{"text": "headache", "label": "SYMPTOM", "negated": false}]}'),
        ("user", "took Tylenol"),
    ]
    assert (alice.loads, bob.loads) == (1, 1), "a cached session is not reloaded"


async def test_new_epoch_starts_a_fresh_session_from_storage(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    history = History()
    await engine.extract("first", conversation(1, history, epoch=0))
    await engine.extract("second", conversation(1, history, epoch=0))
    await engine.extract("after /clear", conversation(1, history, epoch=1))
    assert history.loads == 2
    assert dialogue(fake.generate_requests()[-1]) == [("user", "after /clear")]
    assert (1, 0) not in engine.sessions and (1, 1) in engine.sessions


async def test_a_session_behind_storage_is_rebuilt(fake: FakeGemini, engine: GeminiEngine) -> None:
    """Another replica answered turn 11: this process's cached chat must not skip it."""
    history = History()

    def turn(message_id: int, last: int | None) -> Conversation:
        return Conversation(
            user_id=1, load_history=history, last_turn_id=last, message_id=message_id
        )

    await engine.extract("first", turn(10, None))
    await engine.extract("second", turn(12, 10))
    assert history.loads == 0, "a session that covers the latest stored turn is reused"
    history.turns = [Turn("first", []), Turn("second", []), Turn("elsewhere", [])]
    await engine.extract("fourth", turn(14, 13))
    assert history.loads == 1
    assert [text for role, text in dialogue(fake.generate_requests()[-1]) if role == "user"] == [
        "first",
        "second",
        "elsewhere",
        "fourth",
    ]


async def test_history_is_bounded_by_the_window(fake: FakeGemini) -> None:
    [engine] = build_gemini_engines(config(fake, history_window=2))
    turns = [
        Turn(f"old {i}", [Entity(text="old", label=Label.SYMPTOM, start=0, end=3)])
        for i in range(5)
    ]
    try:
        await engine.extract("m1", conversation(1, History(turns)))
        await engine.extract("m2", conversation(1))
        await engine.extract("m3", conversation(1))
    finally:
        await engine.aclose()
    first, _, third = fake.generate_requests()
    assert [t for r, t in dialogue(first) if r == "user"] == ["old 3", "old 4", "m1"]
    assert [t for r, t in dialogue(third) if r == "user"] == ["m1", "m2", "m3"]


async def test_idle_and_overflowing_sessions_are_evicted_and_rebuilt(fake: FakeGemini) -> None:
    [engine] = build_gemini_engines(config(fake, max_sessions=2))
    histories = {user: History([Turn(f"stored for {user}", [])]) for user in (1, 2, 3)}
    try:
        for user in (1, 2, 3, 1):
            await engine.extract(f"hello from {user}", conversation(user, histories[user]))
    finally:
        await engine.aclose()
    assert histories[1].loads == 2, "user 1 was evicted by user 3 and rebuilt from storage"
    assert dialogue(fake.generate_requests()[-1])[0] == ("user", "stored for 1")


async def test_line_format_answers_are_accepted(fake: FakeGemini, engine: GeminiEngine) -> None:
    fake.script(text_reply("Entity: clobazam, Label: DRUG\nEntity: 10 mg, Label: DOSAGE"))
    entities = await engine.extract("clobazam 10 mg at night", conversation(1))
    assert [(e.text, e.label) for e in entities] == [
        ("clobazam", Label.DRUG),
        ("10 mg", Label.DOSAGE),
    ]


FAULTS = {
    "quota 429": [error_reply(429, "Resource has been exhausted")] * 2,
    "server 500": [error_reply(500)] * 2,
    "unavailable 503": [error_reply(503, "The model is overloaded")] * 2,
    "bad request 400": [error_reply(400, "Invalid JSON payload")],
    "prompt blocked": [prompt_blocked_reply()],
    "candidate stopped for safety": [safety_stopped_reply()],
    "no candidates": [no_candidates_reply()],
    "empty text": [text_reply("   ")],
    "prose": [text_reply("I'm sorry, I can't help with medical questions.")],
    "truncated JSON": [text_reply('{"entities": [{"text": "fe', finish_reason="MAX_TOKENS")],
}


@pytest.mark.parametrize("replies", FAULTS.values(), ids=FAULTS.keys())
async def test_every_fault_is_engine_unavailable_quickly(
    fake: FakeGemini, engine: GeminiEngine, replies: list[Reply]
) -> None:
    fake.script(*replies)
    history = History()
    started = time.perf_counter()
    with pytest.raises(EngineUnavailable) as caught:
        await engine.extract("fever and a secret: my-message-text", conversation(7, history))
    assert time.perf_counter() - started < 2.0
    assert "my-message-text" not in str(caught.value) and "{" not in str(caught.value)
    assert (7, 0) not in engine.sessions, "a failed turn is rebuilt from storage next time"


async def test_retries_come_from_the_sdk_http_retry_options(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    fake.script(error_reply(503), entities_reply(("fever", "SYMPTOM")))
    entities = await engine.extract("fever", conversation(1))
    assert [e.text for e in entities] == ["fever"]
    assert len(fake.generate_requests()) == 2


async def test_a_slow_answer_times_out_within_the_budget(fake: FakeGemini) -> None:
    [engine] = build_gemini_engines(config(fake, timeout_s=0.5, retry_attempts=1))
    fake.script(entities_reply(("fever", "SYMPTOM"), delay_s=3.0))
    started = time.perf_counter()
    try:
        with pytest.raises(EngineUnavailable, match="too long"):
            await engine.extract("fever", conversation(1))
    finally:
        await engine.aclose()
    assert time.perf_counter() - started < 1.5


async def test_tuned_endpoint_goes_to_vertex_with_adc_credentials(
    fake: FakeGemini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(write_adc_file(tmp_path)))
    [engine] = build_gemini_engines(
        GeminiConfig(vertex_base_url=fake.base_url, tuned_endpoint=ENDPOINT, timeout_s=3.0)
    )
    fake.script(text_reply("Entity: asthma, Label: DISEASE"))
    try:
        assert engine.name == "gemini-tuned"
        entities = await engine.extract("my asthma is worse", conversation(1))
    finally:
        await engine.aclose()
    assert [e.text for e in entities] == ["asthma"]
    [request] = fake.generate_requests()
    assert request.resource == ENDPOINT
    assert request.path.startswith("/v1beta1/")
    assert request.headers["authorization"] == "Bearer fake-access-token"


async def test_a_first_message_does_not_read_an_empty_history(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    """With ids given, no earlier turn (last_turn_id None) means nothing to load: the new
    user's first message costs no database read; the next one, answered elsewhere, does."""
    history = History([Turn(text="never loaded", entities=[])])
    first = Conversation(user_id=5, load_history=history, message_id=10)
    await engine.extract("a cough", first)
    assert history.loads == 0
    behind = Conversation(user_id=5, load_history=history, last_turn_id=11, message_id=12)
    await engine.extract("a rash", behind)
    assert history.loads == 1
    assert ("user", "never loaded") in fake.generate_requests()[-1].texts
