"""Group chats: the bot answers /ner, mentions and replies to itself, and nothing else."""

from __future__ import annotations

from bot import BotApplication
from handlers import texts
from service import ConversationService
from tests.fakes.telegram_server import FakeTelegram

ANN, BOB = 42, 7


async def test_ordinary_chatter_is_ignored(app: BotApplication, telegram: FakeTelegram) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "I had fever and malaria last week", chat=group)
    telegram.send(telegram.user(BOB), "/start@some_other_bot", chat=group)
    telegram.send(telegram.user(BOB), "hello @someone_else", chat=group)
    telegram.send(telegram.user(ANN), "/help", chat=group)

    await telegram.reply(group["id"])
    await telegram.settle()

    assert len(telegram.calls_to("sendMessage", chat_id=group["id"])) == 1
    assert not telegram.calls_to("sendChatAction", chat_id=group["id"])


async def test_ner_command_with_text(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group()
    asked = telegram.send(telegram.user(ANN), "/ner she has fever and pain on hip", chat=group)

    reply = await telegram.reply(group["id"])

    assert "fever" in reply.text and "hip" in reply.text
    assert reply.params["reply_parameters"]["message_id"] == asked["message_id"]
    page = await service.history(ANN, 5)
    assert page.items[0].text == "she has fever and pain on hip"
    assert page.items[0].chat_id == group["id"]


async def test_ner_command_addressed_by_username(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "/ner@medner_test_bot malaria", chat=group)

    reply = await telegram.reply(group["id"])

    assert "Malaria" in reply.text or "malaria" in reply.text


async def test_ner_as_reply_analyses_the_replied_message_for_the_caller(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group()
    original = telegram.send(telegram.user(BOB), "my son has asthma and fever", chat=group)
    telegram.send(telegram.user(ANN), "/ner", chat=group, reply_to=original)

    reply = await telegram.reply(group["id"])

    assert "asthma" in reply.text.lower() and "fever" in reply.text
    assert (await service.history(ANN, 5)).items[0].text == "my son has asthma and fever"
    assert (await service.history(BOB, 5)).total == 0


async def test_ner_without_text_explains(app: BotApplication, telegram: FakeTelegram) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "/ner", chat=group)

    reply = await telegram.reply(group["id"])

    assert reply.text == texts.NER_USAGE


async def test_mention_is_analysed_without_the_mention(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "@medner_test_bot she has fever", chat=group)

    reply = await telegram.reply(group["id"])

    assert "fever" in reply.text
    assert (await service.history(ANN, 5)).items[0].text == "she has fever"


async def test_bare_mention_explains(app: BotApplication, telegram: FakeTelegram) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "@medner_test_bot", chat=group)

    reply = await telegram.reply(group["id"])

    assert reply.text == texts.MENTION_USAGE.format(username="medner_test_bot")


async def test_reply_to_the_bot_is_analysed(app: BotApplication, telegram: FakeTelegram) -> None:
    group = telegram.group()
    telegram.send(telegram.user(ANN), "/ner fever", chat=group)
    first = await telegram.reply(group["id"])

    bot_message = telegram.message(group["id"], first.result["message_id"])
    telegram.send(telegram.user(BOB), "and what about malaria?", chat=group, reply_to=bot_message)
    second = await telegram.reply(group["id"], after=1)

    assert "malaria" in second.text.lower()


async def test_history_in_a_group_shows_only_the_callers_entries(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    group = telegram.group()
    telegram.send(telegram.user(BOB), "/ner bob has asthma", chat=group)
    await telegram.reply(group["id"])
    telegram.send(telegram.user(ANN), "/ner ann has fever", chat=group)
    await telegram.reply(group["id"], after=1)

    telegram.send(telegram.user(ANN), "/history", chat=group)
    reply = await telegram.reply(group["id"], after=2)

    assert "ann has fever" in reply.text
    assert "bob" not in reply.text


async def test_non_text_in_groups_is_ignored(app: BotApplication, telegram: FakeTelegram) -> None:
    group = telegram.group()
    telegram.send_media(telegram.user(ANN), "photo", chat=group)
    telegram.send(telegram.user(ANN), "/help", chat=group)

    await telegram.reply(group["id"])
    await telegram.settle()

    assert len(telegram.calls_to("sendMessage", chat_id=group["id"])) == 1
