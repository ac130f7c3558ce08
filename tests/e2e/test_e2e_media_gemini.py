"""Photos and voice notes read by Gemini, end to end: the real bot, the real google-genai SDK,
the fake Bot API (getFile, downloads) and the fake Gemini API, which checks the inline data,
the seeded history and the thinking configuration of every request."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

from bot import BotApplication
from handlers import texts
from service import ConversationService, MediaNotRead, MediaProblem
from tests.e2e._files import (
    PRESCRIPTION,
    needs_tesseract,
    photo,
    printed,
    scanned_pdf,
    text_pdf,
    voice_note,
)
from tests.fakes.gemini_server import (
    FakeGemini,
    Recorded,
    Reply,
    entities_reply,
    error_reply,
    text_reply,
)
from tests.fakes.telegram_server import FakeTelegram

ANN = 42
KEY = "media-test-key"
TRANSCRIPT = "\n".join(PRESCRIPTION)
SPOKEN = "I've had a migraine since Monday and took two paracetamol"


def reading(transcription: str, *entities: tuple[str, str]) -> Reply:
    return text_reply(
        json.dumps(
            {
                "transcription": transcription,
                "entities": [
                    {"text": t, "label": label, "negated": False} for t, label in entities
                ],
            }
        )
    )


def gemini_answer(request: Recorded) -> Reply:
    """Reads what it is sent: a photo (a prescription), a voice note, or text."""
    files = [mime for index, mime, _ in request.inline_data if index == len(request.contents) - 1]
    if files and (files[0].startswith("image/") or files[0] == "application/pdf"):
        return reading(TRANSCRIPT, ("Amoxicillin", "DRUG"), ("500 mg", "DOSAGE"))
    if files and files[0].startswith("audio/"):
        return reading(SPOKEN, ("migraine", "SYMPTOM"), ("paracetamol", "DRUG"))
    known = {"headache": "SYMPTOM", "fever": "SYMPTOM", "Amoxicillin": "DRUG"}
    return entities_reply(*((w, k) for w, k in known.items() if w in request.last_user_text))


@pytest.fixture
def gemini() -> Iterator[FakeGemini]:
    with FakeGemini(responder=gemini_answer, require_api_key=KEY) as fake:
        yield fake


@pytest.fixture
def settings_overrides(gemini: FakeGemini) -> dict[str, Any]:
    return {
        "GEMINI_API_KEY": KEY,
        "GOOGLE_GEMINI_BASE_URL": gemini.base_url,
        "MEDNER_DEFAULT_ENGINE": "gemini",
        "MEDNER_GEMINI_TIMEOUT": 5,
    }


async def test_a_photo_goes_into_the_chat_turn_and_its_transcription_is_quoted(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    gemini: FakeGemini,
) -> None:
    telegram.send_media(telegram.user(ANN), "photo", data=photo(), caption="for my ear")

    reply = await telegram.reply(ANN, within=15)

    assert gemini.violations == []
    assert "Amoxicillin" in reply.text.split("Drugs", 1)[1]
    # With its relation, the dosage is shown with its drug (dosage_of).
    assert "500 mg" in reply.text.split("What I read", 1)[0]
    assert "Rx: Amoxicillin 500 mg" in reply.text.split("What I read", 1)[1]
    [request] = gemini.generate_requests()
    [(index, mime, data)] = request.inline_data
    assert index == len(request.contents) - 1, "the photo is in the user's new turn"
    assert mime == "image/jpeg"
    with Image.open(io.BytesIO(data)) as sent:
        assert max(sent.size) == 2048, "a 4000 px photo is downscaled before it is sent"
    instruction = request.contents[-1]["parts"][-1]["text"]
    assert "Transcribe" in instruction and "Caption: for my ear" in instruction
    assert request.thinking == {"thinkingLevel": "LOW"}
    assert len(request.contents) >= 2 * 4 + 1, "a new user's first request: seeded history"
    assert gemini.violations == []
    await telegram.settle()
    [stored] = (await service.history(ANN, 5)).items
    assert stored.text == f"for my ear\n\n{TRANSCRIPT}" and stored.engine == "gemini"
    assert [r.type.value for r in stored.relations] == ["dosage_of"], "as for typed text"


async def test_the_history_keeps_the_transcription_never_the_photo(
    app: BotApplication, telegram: FakeTelegram, gemini: FakeGemini
) -> None:
    user = telegram.user(ANN)
    telegram.send_media(user, "photo", data=printed(fmt="JPEG"))
    await telegram.reply(ANN, within=15)
    telegram.send(user, "and now a headache")
    second = await telegram.reply(ANN, after=1, within=15)

    assert "headache" in second.text
    photo_turn, text_turn = gemini.generate_requests()
    assert photo_turn.inline_data and not text_turn.inline_data
    assert ("user", TRANSCRIPT) in text_turn.texts
    answers = [json.loads(t) for role, t in text_turn.texts[8:] if role == "model"]
    assert {e["text"] for e in answers[0]["entities"]} == {"Amoxicillin", "500 mg"}
    assert gemini.violations == []


async def test_a_voice_note_is_transcribed_and_analysed(
    app: BotApplication, telegram: FakeTelegram, gemini: FakeGemini
) -> None:
    telegram.send_media(telegram.user(ANN), "voice", data=voice_note(), mime_type="audio/ogg")

    reply = await telegram.reply(ANN, within=15)

    assert "migraine" in reply.text.split("Symptoms", 1)[1]
    assert "paracetamol" in reply.text.split("Drugs", 1)[1]
    assert SPOKEN in reply.text
    [request] = gemini.generate_requests()
    [(_, mime, data)] = request.inline_data
    assert mime == "audio/ogg" and data == voice_note()
    assert "voice note" in request.contents[-1]["parts"][-1]["text"]
    assert gemini.violations == []


async def test_a_scanned_pdf_is_read_by_gemini_and_a_text_pdf_locally(
    app: BotApplication, telegram: FakeTelegram, gemini: FakeGemini
) -> None:
    user = telegram.user(ANN)
    telegram.send_media(
        user, "document", data=scanned_pdf(), mime_type="application/pdf", file_name="scan.pdf"
    )
    scan = await telegram.reply(ANN, within=15)
    telegram.send_media(
        user, "document", data=text_pdf(("I have a fever",)), mime_type="application/pdf",
        file_name="typed.pdf",
    )  # fmt: skip
    typed = await telegram.reply(ANN, after=1, within=15)

    assert "Amoxicillin" in scan.text.split("Drugs", 1)[1]
    assert "fever" in typed.text.split("Symptoms", 1)[1]
    scan_turn, text_turn = gemini.generate_requests()
    assert [mime for _, mime, _ in scan_turn.inline_data] == ["application/pdf"]
    assert not text_turn.inline_data and text_turn.last_user_text == "I have a fever"
    assert gemini.violations == []


async def test_a_long_transcription_is_collapsed(
    app: BotApplication, telegram: FakeTelegram, gemini: FakeGemini
) -> None:
    long_letter = "\n".join(["Patient reports fever at night."] * 40)
    gemini.script(reading(long_letter, ("fever", "SYMPTOM")))
    telegram.send_media(telegram.user(ANN), "photo", data=printed())

    reply = await telegram.reply(ANN, within=15)

    assert "<blockquote expandable>" in reply.html
    assert reply.ok


@needs_tesseract
async def test_when_gemini_fails_a_photo_is_read_offline_with_a_note(
    app: BotApplication, telegram: FakeTelegram, gemini: FakeGemini
) -> None:
    gemini.script(*[error_reply(503)] * 3)
    telegram.send_media(telegram.user(ANN), "photo", data=printed())

    reply = await telegram.reply(ANN, within=30)

    assert "Amoxicillin" in reply.text.split("Drugs", 1)[1]
    assert "could not read the photo" in reply.text and "Tesseract read it" in reply.text
    photo_turns = [r for r in gemini.generate_requests() if r.inline_data]
    text_turn = gemini.generate_requests()[-1]
    assert photo_turns and not text_turn.inline_data
    assert text_turn.last_user_text.startswith("Rx: Amoxicillin"), "the OCR text, analysed"


async def test_when_gemini_fails_a_voice_note_gets_one_line(
    app: BotApplication, telegram: FakeTelegram, gemini: FakeGemini
) -> None:
    gemini.script(*[error_reply(429)] * 3)
    telegram.send_media(telegram.user(ANN), "voice", data=voice_note(), mime_type="audio/ogg")

    reply = await telegram.reply(ANN, within=15)

    problem = MediaNotRead(
        MediaProblem.MODEL_FAILED, reason="its quota is used up for now", model_available=True
    )
    assert reply.text == texts.media_problem_text(problem, "Gemini 3.8 Flash")
