"""Photos, documents and voice notes with the offline engine, end to end.

The real Application polls the fake Bot API, which now serves getFile and the file download
path; the photo of a prescription is rendered here and read by the real Tesseract (the tests
that need it skip when the program is absent: Debian's tesseract-ocr package provides it).
"""

from __future__ import annotations

import pytest

from bot import BotApplication
from handlers import texts
from service import ConversationService, MediaNotRead, MediaProblem
from tests.e2e._files import needs_tesseract, printed, scanned_pdf, text_pdf, voice_note
from tests.fakes.telegram_server import FakeTelegram

ANN = 42


def problem_line(problem: MediaProblem) -> str:
    return texts.media_problem_text(MediaNotRead(problem))


@needs_tesseract
async def test_a_photographed_prescription_is_read_offline_and_analysed(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    telegram.send_media(telegram.user(ANN), "photo", data=printed(), mime_type=None)

    reply = await telegram.reply(ANN, within=30)

    drugs = reply.text.split("Drugs", 1)[1]
    assert "Amoxicillin" in drugs
    # With its relation, the dosage is shown with its drug (dosage_of).
    assert "500 mg" in reply.text.split("What I read", 1)[0]
    assert "<blockquote>" in reply.html and "Rx: Amoxicillin 500 mg" in reply.text
    assert telegram.downloads == ["photos/file_0.jpg"]
    await telegram.settle()
    [stored] = (await service.history(ANN, 5)).items
    assert stored.text.startswith("Rx: Amoxicillin 500 mg")
    assert any(e.text == "Amoxicillin" for e in stored.entities)


@needs_tesseract
async def test_the_caption_is_analysed_with_the_photo(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    telegram.send_media(
        telegram.user(ANN), "document", data=printed(), mime_type="image/png",
        file_name="label.png", caption="for my fever",
    )  # fmt: skip

    reply = await telegram.reply(ANN, within=30)

    assert "fever" in reply.text.split("Symptoms", 1)[1]
    assert "Amoxicillin" in reply.text.split("Drugs", 1)[1]
    await telegram.settle()
    [stored] = (await service.history(ANN, 5)).items
    assert stored.text.startswith("for my fever\n\nRx: Amoxicillin")


async def test_a_pdf_text_layer_is_analysed_offline(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    pdf = text_pdf(("Discharge letter", "Diagnosis: pneumonia. Continue ibuprofen 400 mg."))
    telegram.send_media(
        telegram.user(ANN), "document", data=pdf, mime_type="application/pdf",
        file_name="letter.pdf",
    )  # fmt: skip

    reply = await telegram.reply(ANN, within=10)

    assert "pneumonia" in reply.text.split("Diseases", 1)[1]
    assert "ibuprofen" in reply.text.split("Drugs", 1)[1]
    assert "Discharge letter" in reply.text


async def test_a_scanned_pdf_offline_says_what_to_send_instead(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send_media(
        telegram.user(ANN), "document", data=scanned_pdf(), mime_type="application/pdf",
        file_name="scan.pdf",
    )  # fmt: skip

    reply = await telegram.reply(ANN, within=10)

    assert reply.text == problem_line(MediaProblem.SCAN_NEEDS_MODEL)


async def test_a_voice_note_offline_says_it_needs_gemini_without_downloading(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send_media(telegram.user(ANN), "voice", data=voice_note(), mime_type="audio/ogg")

    reply = await telegram.reply(ANN)

    assert reply.text == problem_line(MediaProblem.VOICE_NEEDS_MODEL)
    assert "Gemini" in reply.text
    assert telegram.downloads == []


async def test_an_oversized_file_gets_one_line_and_is_not_downloaded(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send_media(
        telegram.user(ANN), "document", data=text_pdf(("fever",)), mime_type="application/pdf",
        file_name="huge.pdf", file_size=25 * 1024 * 1024,
    )  # fmt: skip

    reply = await telegram.reply(ANN)

    assert reply.text == problem_line(MediaProblem.TOO_LARGE)
    assert telegram.downloads == [] and not telegram.calls_to("getFile")


@pytest.mark.parametrize(
    ("mime_type", "file_name", "data", "problem"),
    [
        ("application/zip", "notes.zip", b"PK\x03\x04 not really", MediaProblem.UNSUPPORTED),
        ("video/mp4", "clip.mp4", b"\x00\x00\x00\x18ftypmp42", MediaProblem.UNSUPPORTED),
        ("image/png", "broken.png", b"\x89PNG\r\n\x1a\n but cut short", MediaProblem.UNREADABLE),
        ("application/pdf", "broken.pdf", b"%PDF-1.4 garbage", MediaProblem.UNREADABLE),
    ],
)
async def test_unsupported_or_damaged_files_get_one_clear_line(
    app: BotApplication,
    telegram: FakeTelegram,
    mime_type: str,
    file_name: str,
    data: bytes,
    problem: MediaProblem,
) -> None:
    if problem is MediaProblem.UNREADABLE and mime_type.startswith("image/"):
        pytest.importorskip("PIL")
    telegram.send_media(
        telegram.user(ANN), "document", data=data, mime_type=mime_type, file_name=file_name
    )

    reply = await telegram.reply(ANN, within=10)

    if problem is MediaProblem.UNREADABLE and mime_type.startswith("image/"):
        # Offline, an image needs Tesseract before it is even opened.
        assert reply.text in {problem_line(problem), problem_line(MediaProblem.NO_OCR)}
    else:
        assert reply.text == problem_line(problem)


async def test_a_text_file_is_analysed(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send_media(
        telegram.user(ANN), "document", data=b"she has asthma", mime_type="text/plain",
        file_name="note.txt",
    )  # fmt: skip

    reply = await telegram.reply(ANN, within=10)

    assert "asthma" in reply.text.split("Diseases", 1)[1]


@pytest.mark.parametrize(
    "settings_overrides", [{"MEDNER_TESSERACT_CMD": "tesseract-not-installed-here"}]
)
async def test_without_tesseract_a_photo_gets_what_to_install(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send_media(telegram.user(ANN), "photo", data=printed())

    reply = await telegram.reply(ANN)

    assert reply.text == problem_line(MediaProblem.NO_OCR)
    assert "tesseract-ocr" in reply.text
    assert telegram.downloads == []


@needs_tesseract
async def test_a_photo_and_the_message_after_it_are_answered_in_order(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    user = telegram.user(ANN)
    telegram.send_media(user, "photo", data=printed())
    telegram.send(user, "and I have a headache")

    first = await telegram.reply(ANN, within=30)
    second = await telegram.reply(ANN, after=1, within=30)

    assert "Amoxicillin" in first.text
    assert "headache" in second.text and "Amoxicillin" not in second.text


async def test_in_a_group_a_file_mentioning_the_bot_is_analysed(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group()
    ann = telegram.user(ANN)
    pdf = text_pdf(("Diagnosis: asthma",))
    telegram.send_media(ann, "document", chat=group, data=pdf, mime_type="application/pdf")
    telegram.send_media(
        ann, "document", chat=group, data=pdf, mime_type="application/pdf",
        caption=f"@{telegram.username} my son's letter",
    )  # fmt: skip

    reply = await telegram.reply(group["id"], within=10)
    await telegram.settle()

    assert "asthma" in reply.text.split("Diseases", 1)[1]
    assert len(telegram.calls_to("sendMessage", chat_id=group["id"])) == 1, "only the mention"
    [stored] = (await service.history(ANN, 5)).items
    assert stored.text == "my son's letter\n\nDiagnosis: asthma"


async def test_ner_in_reply_to_someones_file_reads_it_for_the_caller(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group()
    bob = 77
    letter = telegram.send_media(
        telegram.user(bob), "document", chat=group, data=text_pdf(("Diagnosis: gout",)),
        mime_type="application/pdf", file_name="letter.pdf",
    )  # fmt: skip
    telegram.send(telegram.user(ANN), "/ner", chat=group, reply_to=letter)

    reply = await telegram.reply(group["id"], within=10)

    assert "gout" in reply.text.split("Diseases", 1)[1]
    await telegram.settle()
    assert [item.text for item in (await service.history(ANN, 5)).items] == ["Diagnosis: gout"]
    assert (await service.history(bob, 5)).total == 0
    assert await service.forget(bob), "the file's author's /forget deletes what was read"
    assert (await service.history(ANN, 5)).total == 0


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 1}])
async def test_files_count_against_the_rate_limit_before_any_download(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    user = telegram.user(ANN)
    pdf = text_pdf(("Diagnosis: asthma",))
    telegram.send_media(user, "document", data=pdf, mime_type="application/pdf")
    telegram.send_media(user, "document", data=pdf, mime_type="application/pdf")

    first = await telegram.reply(ANN, within=10)
    second = await telegram.reply(ANN, after=1, within=10)

    assert "asthma" in first.text
    assert second.text == texts.RATE_LIMITED
    assert len(telegram.downloads) == 1
