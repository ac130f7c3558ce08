"""Inline mode: "@bot text" in any chat offers the analysis as an article."""

from __future__ import annotations

import pytest

from bot import BotApplication
from handlers import texts
from service import ConversationService
from tests.fakes.telegram_server import FakeTelegram, parse_html

ANN = 42


async def test_inline_query_offers_the_analysis(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    query = telegram.inline(telegram.user(ANN), "she has fever & pain on hip")

    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=query))[0]

    [article] = answer.params["results"]
    assert article["type"] == "article"
    assert "fever" in article["description"] and "hip" in article["description"]
    content = article["input_message_content"]
    shown = parse_html(content["message_text"]).text
    assert shown.startswith("she has fever & pain on hip")
    assert "Symptoms" in shown
    assert answer.params["is_personal"] is True
    assert (await service.history(ANN, 5)).total == 0  # drafts are not stored


async def test_empty_inline_query_gets_a_hint(app: BotApplication, telegram: FakeTelegram) -> None:
    query = telegram.inline(telegram.user(ANN), "   ")

    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=query))[0]

    assert answer.params["results"] == []
    assert answer.params["button"]["text"] == texts.INLINE_HINT


async def test_inline_query_without_entities(app: BotApplication, telegram: FakeTelegram) -> None:
    query = telegram.inline(telegram.user(ANN), "see you tomorrow")

    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=query))[0]

    assert answer.params["results"][0]["title"] == "No medical entities found."


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 1}])
async def test_inline_rate_limit(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.inline(telegram.user(ANN), "fever")
    second = telegram.inline(telegram.user(ANN), "fever and")

    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=second))[0]

    assert answer.params["results"] == []
    assert answer.params["button"]["text"] == texts.INLINE_SLOW_DOWN


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_ALLOWED_IDS": "1"}])
async def test_outsiders_are_told_the_bot_is_private_everywhere(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    query = telegram.inline(telegram.user(ANN), "fever")
    answer = (await telegram.wait_for("answerInlineQuery", inline_query_id=query))[0]
    assert answer.params["button"]["text"] == texts.PRIVATE_BOT

    group = telegram.group()
    telegram.send(telegram.user(1), "/forget", chat=group)
    ask = await telegram.reply(group["id"])
    pressed = telegram.press(telegram.user(ANN), ask.result, "f:1:y")
    alert = (await telegram.wait_for("answerCallbackQuery", callback_query_id=pressed))[0]
    assert alert.params["text"] == texts.PRIVATE_BOT and alert.params["show_alert"] is True

    telegram.send(telegram.user(ANN), "/ner fever", chat=group)
    refused = await telegram.reply(group["id"], after=1)
    assert refused.text == texts.PRIVATE_BOT


async def test_chosen_inline_result_is_not_analysed_again(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "she has fever\n🤒 Symptoms\n• fever", via_bot=True)
    telegram.send(telegram.user(ANN), "@medner_test_bot fever\n• fever", chat=group, via_bot=True)
    telegram.send(telegram.user(ANN), "/help")
    await telegram.reply(ANN)
    await telegram.settle()

    assert len(telegram.calls_to("sendMessage")) == 1
