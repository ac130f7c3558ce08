"""The reply to a file: entities first, then what was read, quoted; one message that Telegram
accepts however long the transcript is."""

from __future__ import annotations

from datetime import UTC, datetime

from handlers import file_reply, texts, utf16_length
from ner import Entity, Label
from service import Analysis, MediaNotRead, MediaProblem
from tests.fakes.telegram_server import MESSAGE_LIMIT, parse_html


def analysis(transcript: str | None, entities: list[Entity] | None = None) -> Analysis:
    return Analysis(
        message_id=1,
        user_id=1,
        chat_id=1,
        text=transcript or "",
        entities=entities or [],
        engine="local",
        requested_engine="local",
        latency_ms=1.0,
        note=None,
        created_at=datetime.now(UTC),
        transcript=transcript,
    )


def test_a_short_transcript_is_quoted_open() -> None:
    entity = Entity(text="fever", label=Label.SYMPTOM, start=0, end=5)
    html = file_reply(analysis("fever <3 days & cough", [entity]))
    assert html.index("Symptoms") < html.index(texts.TRANSCRIPT_HEADER)
    assert "<blockquote>fever &lt;3 days &amp; cough</blockquote>" in html
    parse_html(html)


def test_a_long_transcript_is_collapsed_and_cut_to_fit_one_message() -> None:
    line = "Patient reports “fever” & <night sweats> 🌡️ again."
    transcript = "\n".join([line] * 2000)
    names = [f"drug{i}" for i in range(150)]
    entities = [Entity(text=n, label=Label.DRUG, start=0, end=len(n)) for n in names]
    html = file_reply(analysis(transcript, entities))
    assert "<blockquote expandable>" in html and html.endswith("…</blockquote>")
    assert utf16_length(parse_html(html).text) < MESSAGE_LIMIT
    assert utf16_length(html) <= 4000
    assert "drug149" in html, "the entities are never cut, only the quote"


def test_no_transcript_no_quote() -> None:
    assert "blockquote" not in file_reply(analysis(None))


def test_every_problem_has_one_line_and_gemini_is_suggested_only_when_configured() -> None:
    for problem in MediaProblem:
        alone = texts.media_problem_text(MediaNotRead(problem))
        offered = texts.media_problem_text(MediaNotRead(problem, model_available=True))
        assert alone and "\n" not in alone and "\n" not in offered
        assert "/model" not in alone
    offered = texts.media_problem_text(MediaNotRead(MediaProblem.NO_OCR, model_available=True))
    assert "/model" in offered and "tesseract-ocr" in offered
