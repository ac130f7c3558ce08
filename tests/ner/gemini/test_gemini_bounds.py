"""A model that repeats itself must not freeze the bot (issue 13, item 9).

An answer naming one entity thousands of times over a long message used to be aligned with a
comparison of every candidate span against every span already taken, on the event loop: nobody
else was answered until it finished. Here the same answer goes through the real SDK and the
engine while a ticker measures how long the loop is held.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Iterator

import pytest

from ner import Conversation, Entity, Label
from ner.gemini import GeminiConfig, GeminiEngine, _parse, build_gemini_engines, parse_answer
from ner.gemini._parse import MAX_ANSWER_CHARS, MAX_MENTIONS, UnparseableAnswer
from tests.fakes.gemini_server import FakeGemini, text_reply

KEY = "test-key-123"
UNIT = "fever, cough, fever, "
MESSAGE = (UNIT * (2000 // len(UNIT) + 1))[:2000]
"""A 2,000-character message in which "fever" occurs about 190 times."""
REPEATS = 2000
LAG_BOUND_S = 1.0
"""Generous: the loop is held for milliseconds at a time; before the fix, minutes."""


def repetitive_answer(repeats: int = REPEATS) -> str:
    items = [{"text": "fever", "label": "SYMPTOM", "negated": False}] * repeats
    return json.dumps({"entities": [*items, {"text": "cough", "label": "SYMPTOM"}]})


@pytest.fixture
async def engine(fake: FakeGemini) -> AsyncIterator[GeminiEngine]:
    config = GeminiConfig(api_key=KEY, base_url=fake.base_url, timeout_s=30.0, retry_attempts=1)
    [built] = build_gemini_engines(config)
    assert isinstance(built, GeminiEngine)
    yield built
    await built.aclose()


async def _longest_stall(work: asyncio.Task[list[Entity]]) -> float:
    """The longest the event loop went without running a 10 ms ticker while ``work`` ran."""
    longest = 0.0
    last = time.monotonic()
    while not work.done():
        await asyncio.sleep(0.01)
        now = time.monotonic()
        longest = max(longest, now - last)
        last = now
    return longest


async def test_a_repetitive_answer_neither_freezes_the_loop_nor_loses_entities(
    fake: FakeGemini, engine: GeminiEngine
) -> None:
    fake.script(text_reply(repetitive_answer()))

    async def history() -> list[object]:
        return []

    conversation = Conversation(user_id=1, epoch=0, load_history=history)  # type: ignore[arg-type]
    work = asyncio.create_task(engine.extract(MESSAGE, conversation))
    stall = await _longest_stall(work)
    entities = work.result()

    assert stall < LAG_BOUND_S, f"the event loop was held for {stall:.1f} s"
    fevers = [e for e in entities if e.text == "fever"]
    assert len(fevers) == MESSAGE.count("fever")
    assert all(MESSAGE[e.start : e.end] == e.text for e in entities)
    assert {e.text for e in entities} == {"fever", "cough"}


def test_repeats_of_one_mention_are_searched_for_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Work grows with the different mentions, not with how often the model repeats them."""
    searched: list[str] = []
    real = _parse.occurrences

    def counting(needle: str, message: str) -> Iterator[tuple[int, int]]:
        searched.append(needle)
        return real(needle, message)

    monkeypatch.setattr(_parse, "occurrences", counting)
    entities = parse_answer(repetitive_answer(), MESSAGE)

    assert sorted(searched) == ["cough", "fever"]
    assert len(entities) == MESSAGE.count("fever") + MESSAGE.count("cough")


def test_mentions_differing_only_in_case_and_spacing_are_one() -> None:
    answer = json.dumps(
        {
            "entities": [
                {"text": "Chest  Pain", "label": "SYMPTOM"},
                {"text": "chest pain", "label": "SYMPTOM"},
                {"text": "chest pain", "label": "SYMPTOM", "negated": True},
            ]
        }
    )
    assert parse_answer(answer, "no chest pain") == [
        Entity(text="chest pain", label=Label.SYMPTOM, start=3, end=13)
    ]


def test_at_most_max_mentions_are_taken_from_one_answer() -> None:
    words = [f"w{i}" for i in range(MAX_MENTIONS + 200)]
    message = " ".join(words)
    answer = json.dumps({"entities": [{"text": w, "label": "SYMPTOM"} for w in words]})
    entities = parse_answer(answer, message)
    assert [e.text for e in entities] == words[:MAX_MENTIONS]


def test_an_oversized_answer_is_refused() -> None:
    padding = " " * MAX_ANSWER_CHARS
    with pytest.raises(UnparseableAnswer):
        parse_answer(f'{{"entities": []{padding}}}', "fever")


def test_overlapping_mentions_still_let_the_longer_span_win() -> None:
    answer = json.dumps(
        {
            "entities": [
                {"text": "pain", "label": "SYMPTOM"},
                {"text": "chest pain", "label": "SYMPTOM"},
                {"text": "chest", "label": "BODY_PART"},
            ]
        }
    )
    message = "chest pain, then pain in the chest"
    assert [(e.text, e.start) for e in parse_answer(answer, message)] == [
        ("chest pain", 0),
        ("pain", 17),
        ("chest", 29),
    ]
