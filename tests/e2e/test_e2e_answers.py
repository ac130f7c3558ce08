"""Answers a person can act on, end to end against the fake Bot API: concepts, relations and
assertion marks in replies and /history, /what in groups and privately, the 🔎 Details
button, and look-ups in inline mode."""

from __future__ import annotations

import pytest

from bot import BotApplication
from handlers import texts
from service import ConversationService
from tests.fakes.telegram_server import ApiCall, FakeTelegram, parse_html

ANN, BOB = 42, 7
MOTHER = (
    "my mum has diabetes and high BP, she takes metformin 500 mg twice daily and amlodipine "
    "5mg. no chest pain but her ankles are swollen"
)
SEED = (
    "she was suffering from Malaria and fits so to cure she used amodiaquine and she has "
    "slightly fever and pain on hip"
)


def _button(call: ApiCall, text: str) -> dict[str, str]:
    return next(b for b in call.buttons() if text in b["text"])


async def test_the_mothers_medicines_are_answered_with_doses_owners_and_sites(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(ANN), MOTHER)

    reply = await telegram.reply(ANN)

    lines = reply.text.splitlines()
    assert any(line.startswith("• metformin — 500 mg twice daily") for line in lines)
    assert any(line.startswith("• amlodipine — 5mg") for line in lines)
    assert any("high BP → hypertension" in line and "👪 mum" in line for line in lines)
    assert any("diabetes" in line and "👪 mum" in line for line in lines)
    assert any(line.startswith("• swollen → edema (ankles)") for line in lines)
    assert "Dosage" not in reply.text and "Body parts" not in reply.text  # shown with theirs
    struck = [e for e in parse_html(reply.html).entities if e["type"] == "strikethrough"]
    assert len(struck) == 1


async def test_the_seed_sentence_shows_fits_as_seizure(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(ANN), SEED)

    reply = await telegram.reply(ANN)

    assert "fits → seizure" in reply.text
    assert "pain (hip)" in reply.text
    assert [b["text"] for b in reply.buttons()] == [texts.DETAILS]


async def test_what_answers_in_a_group(app: BotApplication, telegram: FakeTelegram) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "/what amodiaquine", chat=group)
    telegram.send(telegram.user(BOB), "/what@medner_test_bot fits", chat=group)

    first = await telegram.reply(group["id"])
    second = await telegram.reply(group["id"], after=1)

    cards = {first.text.splitlines()[0], second.text.splitlines()[0]}
    assert cards == {"🔎 Amodiaquine", "🔎 Seizure"}
    amodiaquine = first if "Amodiaquine" in first.text else second
    links = [e["url"] for e in parse_html(amodiaquine.html).entities if e["type"] == "text_link"]
    assert links == ["https://go.drugbank.com/drugs/DB00613"]
    assert amodiaquine.params["link_preview_options"] == {"is_disabled": True}


async def test_what_explains_unknown_terms_and_missing_ones(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(ANN), "/what amodiakine")
    unknown = await telegram.reply(ANN)
    telegram.send(telegram.user(ANN), "/what")
    usage = await telegram.reply(ANN, after=1)

    assert "amodiakine" in unknown.text and "/what amodiaquine" in unknown.text
    assert usage.text == texts.WHAT_USAGE


async def test_details_sends_the_cards_of_the_answer_once(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), f"/ner {SEED}", chat=group)
    answer = await telegram.reply(group["id"])
    message = telegram.message(group["id"], answer.result["message_id"])
    data = _button(answer, "Details")["callback_data"]

    refused = telegram.press(telegram.user(BOB), message, data)
    notice = (await telegram.wait_for("answerCallbackQuery", callback_query_id=refused))[0]
    assert notice.params["text"] == texts.NOT_YOURS

    pressed = telegram.press(telegram.user(ANN), message, data)
    await telegram.wait_for("answerCallbackQuery", callback_query_id=pressed)
    details = await telegram.reply(group["id"], after=1)
    await telegram.wait_for("editMessageReplyMarkup")

    for name in ("Malaria", "Seizure", "Amodiaquine", "Fever", "Pain"):
        assert f"🔎 {name}" in details.text
    assert details.params["reply_parameters"]["message_id"] == answer.result["message_id"]
    assert not telegram.message(group["id"], answer.result["message_id"]).get("reply_markup")


async def test_history_shows_the_same_marks(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(ANN), "my dad takes metformin 500 mg, I had fits as a kid")
    await telegram.reply(ANN)
    telegram.send(telegram.user(ANN), "/history")

    page = await telegram.reply(ANN, after=1)

    assert "fits → seizure 🕘 past" in page.text
    assert "metformin — 500 mg 👪 dad" in page.text


async def test_inline_look_up(app: BotApplication, telegram: FakeTelegram) -> None:
    query = telegram.inline(telegram.user(ANN), "?calpol")

    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=query))[0]

    [article] = answer.params["results"]
    assert article["title"] == "🔎 Paracetamol"
    shown = parse_html(article["input_message_content"]["message_text"]).text
    assert shown.startswith("🔎 Paracetamol")


async def test_inline_analysis_carries_relations(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    query = telegram.inline(telegram.user(ANN), "pain on hip")

    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=query))[0]

    [article] = answer.params["results"]
    assert "pain (hip)" in article["description"]


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 1}])
async def test_what_is_rate_limited_like_analyses(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(ANN), "/what fits")
    first = await telegram.reply(ANN)
    telegram.send(telegram.user(ANN), "/what malaria")
    second = await telegram.reply(ANN, after=1)

    assert first.text.startswith("🔎 Seizure")
    assert second.text == texts.RATE_LIMITED


async def test_details_after_forget_is_a_stale_button(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    telegram.send(telegram.user(ANN), "fits and malaria")
    answer = await telegram.reply(ANN)
    await service.forget(ANN)
    message = telegram.message(ANN, answer.result["message_id"])

    pressed = telegram.press(
        telegram.user(ANN), message, _button(answer, "Details")["callback_data"]
    )
    notice = (await telegram.wait_for("answerCallbackQuery", callback_query_id=pressed))[0]

    assert notice.params["text"] == texts.STALE_BUTTON
    assert len(telegram.calls_to("sendMessage", chat_id=ANN)) == 1


async def test_details_of_a_private_answer_never_show_in_a_group(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(ANN), "my fits are back")
    private = await telegram.reply(ANN)
    data = _button(private, "Details")["callback_data"]
    group = telegram.group()
    telegram.send(telegram.user(ANN), "/what fits", chat=group)
    card = await telegram.reply(group["id"])
    in_group = telegram.message(group["id"], card.result["message_id"])

    forged = telegram.press(telegram.user(ANN), in_group, data)  # a rewritten client
    notice = (await telegram.wait_for("answerCallbackQuery", callback_query_id=forged))[0]

    assert notice.params["text"] == texts.STALE_BUTTON
    assert len(telegram.calls_to("sendMessage", chat_id=group["id"])) == 1
