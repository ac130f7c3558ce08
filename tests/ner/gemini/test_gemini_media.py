"""GeminiEngine.read: a file in the user's turn, its transcription in the chat afterwards."""

from __future__ import annotations

import json

import pytest

from ner import Conversation, EngineUnavailable, Label
from ner.gemini import GeminiConfig, GeminiEngine, build_gemini_engines
from ner.media import Media, MediaKind
from tests.e2e._files import printed, voice_note
from tests.fakes.gemini_server import (
    FakeGemini,
    Reply,
    entities_reply,
    text_reply,
)

KEY = "media-key"


def engine_for(fake: FakeGemini, **overrides: object) -> GeminiEngine:
    values: dict[str, object] = {
        "api_key": KEY,
        "base_url": fake.base_url,
        "timeout_s": 1.0,
        "retry_attempts": 1,
    }
    values.update(overrides)
    [engine] = build_gemini_engines(GeminiConfig(**values))  # type: ignore[arg-type]
    assert isinstance(engine, GeminiEngine)
    return engine


def transcribed(text: str, *entities: tuple[str, str], delay_s: float = 0.0) -> Reply:
    items = [{"text": t, "label": label, "negated": False} for t, label in entities]
    return text_reply(json.dumps({"transcription": text, "entities": items}), delay_s=delay_s)


def png() -> Media:
    return Media(printed(), "image/png", MediaKind.IMAGE)


async def test_the_file_is_in_the_turn_and_the_chat_keeps_its_text(fake: FakeGemini) -> None:
    engine = engine_for(fake)
    fake.script(transcribed("Rx: Amoxicillin 500 mg", ("Amoxicillin", "DRUG")))
    fake.script(entities_reply(("cough", "SYMPTOM")))
    try:
        reading = await engine.read(png(), "ear ache", Conversation(user_id=7, message_id=None))
        await engine.extract("and a cough", Conversation(user_id=7, message_id=2))
    finally:
        await engine.aclose()
    assert reading.transcript == "Rx: Amoxicillin 500 mg"
    assert reading.text == "ear ache\n\nRx: Amoxicillin 500 mg"
    [entity] = reading.entities
    assert entity.label is Label.DRUG and reading.text[entity.start : entity.end] == "Amoxicillin"
    first, second = fake.generate_requests()
    assert [mime for _, mime, _ in first.inline_data] == ["image/png"]
    schema = first.generation_config["responseSchema"]
    assert set(schema["properties"]) == {"transcription", "entities"}
    assert not second.inline_data
    assert ("user", "ear ache\n\nRx: Amoxicillin 500 mg") in second.texts
    assert fake.violations == []


async def test_a_voice_note_is_sent_with_its_audio_type(fake: FakeGemini) -> None:
    engine = engine_for(fake)
    fake.script(transcribed("I have a migraine", ("migraine", "SYMPTOM")))
    try:
        reading = await engine.read(Media(voice_note(), "audio/ogg", MediaKind.AUDIO))
    finally:
        await engine.aclose()
    assert [e.text for e in reading.entities] == ["migraine"]
    [request] = fake.generate_requests()
    assert [mime for _, mime, _ in request.inline_data] == ["audio/ogg"]


async def test_an_answer_without_a_transcription_is_unavailable(fake: FakeGemini) -> None:
    engine = engine_for(fake)
    fake.script(entities_reply(("fever", "SYMPTOM")))
    try:
        with pytest.raises(EngineUnavailable, match="could not be read"):
            await engine.read(png(), "", Conversation(user_id=7))
        fake.script(entities_reply(("fever", "SYMPTOM")))
        await engine.extract("fever", Conversation(user_id=7, message_id=3))
    finally:
        await engine.aclose()
    assert not fake.generate_requests()[-1].inline_data, "the failed turn left no trace"


async def test_a_file_may_take_longer_than_a_text_answer(fake: FakeGemini) -> None:
    """MEDNER_GEMINI_MEDIA_TIMEOUT, not MEDNER_GEMINI_TIMEOUT, bounds reading a file."""
    engine = engine_for(fake, timeout_s=0.5, media_timeout_s=5.0)
    fake.script(transcribed("Rx", delay_s=1.0), entities_reply(delay_s=1.0))
    try:
        reading = await engine.read(png())
        with pytest.raises(EngineUnavailable, match="too long"):
            await engine.extract("a slow text")
    finally:
        await engine.aclose()
    assert reading.transcript == "Rx"
