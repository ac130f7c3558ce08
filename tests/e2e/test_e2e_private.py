"""Private chats end to end: the real Application polling the fake Bot API."""

from __future__ import annotations

import asyncio

import pytest

from bot import BotApplication
from handlers import MAX_TYPING_CHATS, texts
from service import ConversationService
from tests.fakes.telegram_server import FakeTelegram

CANONICAL = (
    "she was suffering from Malaria and fits so to cure  she used amodiaquine and she has "
    "slightly fever and pain on hip"
)


async def test_canonical_message_lists_entities_by_label(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    ann = telegram.user(42, "Ann")
    telegram.send(ann, CANONICAL)

    reply = await telegram.reply(42)

    assert "Diseases" in reply.text and "Malaria" in reply.text
    symptoms = reply.text.split("Symptoms", 1)[1].split("Drugs", 1)[0]
    for word in ("fits", "fever", "pain"):
        assert word in symptoms
    assert "amodiaquine" in reply.text.split("Drugs", 1)[1]
    assert "pain (hip)" in symptoms  # a body part is shown with the complaint it locates
    assert "<b>Diseases</b>" in reply.html
    assert reply.params["parse_mode"] == "HTML"
    await telegram.settle()
    page = await service.history(42, 5)
    assert page.total == 1 and page.items[0].text == CANONICAL
    assert page.items[0].already_replied


async def test_typing_indicator_is_shown_while_a_slow_engine_works(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    service.engines_registry.register(SlowEngine())
    await service.set_engine(42, "slow")
    telegram.send(telegram.user(42), "fever")

    reply = await telegram.reply(42)

    typing = telegram.calls_to("sendChatAction", chat_id=42, action="typing")
    assert typing and typing[0].at <= reply.at


async def test_many_slow_answers_at_once_show_a_bounded_number_of_typing_indicators(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    """Indicators beyond MAX_TYPING_CHATS would queue in front of the answers themselves."""
    service.engines_registry.register(SlowEngine())
    users = range(1, MAX_TYPING_CHATS + 6)
    for user_id in users:
        await service.set_engine(user_id, "slow")
    for user_id in users:
        telegram.send(telegram.user(user_id), "fever")

    replies = await asyncio.gather(*(telegram.reply(user_id) for user_id in users))

    assert all(reply.ok for reply in replies)
    typing_chats = {call.params["chat_id"] for call in telegram.calls_to("sendChatAction")}
    assert 0 < len(typing_chats) <= MAX_TYPING_CHATS
    # The slots come back: the next slow answer shows the indicator again.
    await telegram.settle()
    telegram.send(telegram.user(users[-1]), "fever again")
    late = await telegram.reply(users[-1], after=1)
    typing = telegram.calls_to("sendChatAction", chat_id=users[-1], action="typing")
    assert any(replies[-1].at < call.at <= late.at for call in typing)


async def test_a_quick_answer_spends_no_request_on_typing(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(42), "fever")
    await telegram.reply(42)
    await telegram.settle()
    assert not telegram.calls_to("sendChatAction", chat_id=42)


async def test_negated_entity_is_marked(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(42), "no fever but chest pain")

    reply = await telegram.reply(42)

    assert "<s>fever</s>" in reply.html
    assert "negated" in reply.text
    assert "chest pain" in reply.text


async def test_text_without_entities_says_so(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(42), "see you tomorrow at the station")

    reply = await telegram.reply(42)

    assert "no medical entities found" in reply.text.lower()


async def test_markup_in_the_message_is_escaped(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(42), 'fever <b>& "pain"</b> in the <hip>')

    reply = await telegram.reply(42)

    assert reply.ok and "fever" in reply.text


async def test_one_users_messages_are_answered_in_order(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    ann = telegram.user(42)
    words = ["malaria", "amodiaquine", "hip", "fever", "asthma"]
    for word in words:
        telegram.send(ann, word)

    replies = await telegram.wait_for("sendMessage", chat_id=42, count=len(words))

    assert [next(w for w in words if w in r.text.lower()) for r in replies] == words


async def test_a_slow_user_does_not_hold_up_another(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    service.engines_registry.register(SlowEngine())
    await service.set_engine(1, "slow")
    telegram.send(telegram.user(1), "fever")
    await asyncio.sleep(0.05)
    telegram.send(telegram.user(2), "malaria")

    first = (await telegram.wait_for("sendMessage", count=2, within=10))[0]

    assert first.chat_id == 2


async def test_fallback_note_is_shown_in_italics(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    service.engines_registry.register(UnavailableEngine())
    await service.set_engine(42, "flaky")
    telegram.send(telegram.user(42), "fever")

    reply = await telegram.reply(42)

    assert "fever" in reply.text
    assert "<i>ℹ️ " in reply.html and "quota exceeded" in reply.text


@pytest.mark.parametrize("kind", ["sticker", "location"])
async def test_non_text_messages_get_an_explanation(
    app: BotApplication, telegram: FakeTelegram, kind: str
) -> None:
    telegram.send_media(telegram.user(42), kind)

    reply = await telegram.reply(42)

    assert reply.text == texts.NON_TEXT


async def test_edited_message_is_analysed_again(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    message = telegram.send(telegram.user(42), "fever")
    await telegram.reply(42)

    telegram.edit(message, "malaria")
    reply = await telegram.reply(42, after=1)

    assert "malaria" in reply.text.lower()
    assert "edited" in reply.text
    assert reply.params["reply_parameters"]["message_id"] == message["message_id"]


async def test_redelivered_update_is_not_answered_twice(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    message = telegram.send(telegram.user(42), "fever")
    await telegram.reply(42)

    telegram.inject("message", message)  # Telegram redelivers after a crash before the ack
    telegram.send(telegram.user(42), "/help")
    await telegram.wait_for("sendMessage", chat_id=42, count=2)
    await telegram.settle()

    assert len(telegram.calls_to("sendMessage", chat_id=42)) == 2
    assert (await service.history(42, 5)).total == 1


async def test_channel_posts_are_ignored(app: BotApplication, telegram: FakeTelegram) -> None:
    channel = telegram.channel()
    telegram.post(channel, "fever and malaria")
    telegram.send(telegram.user(42), "/help")
    await telegram.reply(42)
    await telegram.settle()

    assert not telegram.calls_to("sendMessage", chat_id=channel["id"])


async def test_unknown_command_points_to_help(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(42), "/frobnicate")

    reply = await telegram.reply(42)

    assert reply.text == texts.UNKNOWN_COMMAND


async def test_long_reply_is_split_under_the_limit(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    service.engines_registry.register(ManyEntitiesEngine())
    await service.set_engine(42, "many")
    telegram.send(telegram.user(42), "x" * 3000)

    await telegram.wait_for("sendMessage", chat_id=42, count=2)
    await telegram.settle()

    replies = telegram.calls_to("sendMessage", chat_id=42)
    assert len(replies) >= 2
    assert all(len(r.text) <= 4096 for r in replies)
    assert "term0001" in replies[0].text and "term0399" in replies[-1].text


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 2}])
async def test_rate_limit_answers_politely(app: BotApplication, telegram: FakeTelegram) -> None:
    ann = telegram.user(42)
    for word in ("fever", "malaria", "hip"):
        telegram.send(ann, word)

    replies = await telegram.wait_for("sendMessage", chat_id=42, count=3)

    assert sum(r.text == texts.RATE_LIMITED for r in replies) == 1


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_ALLOWED_IDS": "42"}])
async def test_allow_list_turns_others_away(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    telegram.send(telegram.user(7, "Eve"), "fever")
    telegram.send(telegram.user(42, "Ann"), "fever")

    outsider = await telegram.reply(7)
    insider = await telegram.reply(42)

    assert outsider.text == texts.PRIVATE_BOT
    assert "fever" in insider.text
    assert (await service.history(7, 5)).total == 0


async def test_command_menu_is_registered_at_start_up(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    calls = await telegram.wait_for("setMyCommands")

    names = [c["command"] for c in calls[0].params["commands"]]
    assert {"ner", "history", "model", "clear", "forget", "help", "start"} <= set(names)


async def test_unexpected_error_is_logged_without_text_and_user_is_told(
    app: BotApplication, telegram: FakeTelegram, caplog: pytest.LogCaptureFixture, handler_errors
) -> None:
    telegram.fail("sendMessage", 500, times=1)
    telegram.send(telegram.user(42), "secret fever story")

    reply = await telegram.reply(42)

    assert reply.text == texts.SOMETHING_WRONG
    errors = [r for r in caplog.records if r.levelname == "ERROR" and r.name == "handlers._errors"]
    assert errors and "user=42" in errors[0].getMessage()
    assert not any("secret fever story" in r.getMessage() for r in caplog.records)
    handler_errors.records.clear()


# engines registered next to the offline one for these tests


class _TestEngine:
    name = "test"
    title = "Test engine"

    async def aclose(self) -> None:
        return None


class SlowEngine(_TestEngine):
    name = "slow"
    title = "Slow engine"

    async def extract(self, text: str, conversation: object = None) -> list:
        await asyncio.sleep(0.5)
        return []


class UnavailableEngine(_TestEngine):
    name = "flaky"
    title = "Flaky engine"

    async def extract(self, text: str, conversation: object = None) -> list:
        from ner import EngineUnavailable

        raise EngineUnavailable("quota exceeded")


class ManyEntitiesEngine(_TestEngine):
    """400 distinct drugs: a reply far longer than one Telegram message."""

    name = "many"
    title = "Many entities"

    async def extract(self, text: str, conversation: object = None) -> list:
        from ner import Entity, Label

        return [
            Entity(text=f"term{i:04d} <&>", label=Label.DRUG, start=0, end=0) for i in range(400)
        ]
