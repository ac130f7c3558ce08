"""Commands and their buttons end to end: /start /help /history /model /clear /forget."""

from __future__ import annotations

import pytest

from bot import BotApplication
from handlers import texts
from service import ConversationService
from tests.fakes.telegram_server import ApiCall, FakeTelegram

ANN = 42


async def _analyse(telegram: FakeTelegram, words: list[str], user_id: int = ANN) -> None:
    before = len(telegram.calls_to("sendMessage", chat_id=user_id))
    for word in words:
        telegram.send(telegram.user(user_id), word)
    await telegram.wait_for("sendMessage", chat_id=user_id, count=before + len(words))


def _button(call: ApiCall, label: str) -> dict[str, str]:
    return next(b for b in call.buttons() if label in b["text"])


async def test_start_greets_by_name(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(ANN, "Ann <3"), "/start")

    reply = await telegram.reply(ANN)

    assert reply.text.startswith("Hi Ann <3!")
    assert "/help" in reply.text


async def test_help_lists_labels_commands_and_disclaimer(
    app: BotApplication, telegram: FakeTelegram
) -> None:
    telegram.send(telegram.user(ANN), "/help")

    reply = await telegram.reply(ANN)

    for heading in ("Diseases", "Symptoms", "Drugs", "Dosage", "Body parts", "Procedures"):
        assert heading in reply.text
    for command in ("/ner", "/history", "/model", "/clear", "/forget"):
        assert command in reply.text
    assert "@medner_test_bot" in reply.text
    assert "Not medical advice" in reply.text


async def test_history_when_empty(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(ANN), "/history")

    reply = await telegram.reply(ANN)

    assert "no analyses yet" in reply.text
    assert reply.reply_markup is None


async def test_history_pages_with_buttons(app: BotApplication, telegram: FakeTelegram) -> None:
    words = ["malaria", "fever", "hip", "asthma", "amodiaquine", "pain", "liver"]
    await _analyse(telegram, words)

    telegram.send(telegram.user(ANN), "/history")
    first = await telegram.reply(ANN, after=len(words))

    assert "Your analyses 1–5 of 7" in first.text
    assert first.text.index("liver") < first.text.index("hip")  # newest first
    assert "malaria" not in first.text.lower()
    assert [b["text"] for b in first.buttons()] == [texts.OLDER]

    message = telegram.message(ANN, first.result["message_id"])
    query = telegram.press(telegram.user(ANN), message, _button(first, "Older")["callback_data"])
    edit = (await telegram.wait_for("editMessageText"))[0]
    await telegram.wait_for("answerCallbackQuery", callback_query_id=query)

    assert "Your analyses 6–7 of 7" in edit.text and "malaria" in edit.text.lower()
    assert [b["text"] for b in edit.buttons()] == [texts.NEWER]

    telegram.press(
        telegram.user(ANN),
        telegram.message(ANN, first.result["message_id"]),
        _button(edit, "Newer")["callback_data"],
    )
    back = (await telegram.wait_for("editMessageText", count=2))[1]
    assert "Your analyses 1–5 of 7" in back.text


async def test_history_n_sets_the_page_size(app: BotApplication, telegram: FakeTelegram) -> None:
    await _analyse(telegram, ["malaria", "fever", "hip"])

    telegram.send(telegram.user(ANN), "/history 2")
    reply = await telegram.reply(ANN, after=3)

    assert "Your analyses 1–2 of 3" in reply.text


@pytest.mark.parametrize("argument", ["abc", "0", "-3", "2 3", "1.5"])
async def test_malformed_history_argument_gets_usage(
    app: BotApplication, telegram: FakeTelegram, argument: str
) -> None:
    telegram.send(telegram.user(ANN), f"/history {argument}")

    reply = await telegram.reply(ANN)

    assert reply.text.startswith("Usage: /history [n]")


async def test_history_page_size_is_capped(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    for i in range(25):
        await service.analyse(ANN, ANN, f"fever number {i} " + "& <tag> " * 30)

    telegram.send(telegram.user(ANN), "/history 500")
    reply = await telegram.reply(ANN)

    assert "Your analyses 1–20 of 25" in reply.text


async def test_model_shows_engines_and_switches(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    service.engines_registry.register(EchoEngine())
    telegram.send(telegram.user(ANN), "/model")
    shown = await telegram.reply(ANN)

    assert "Offline engine" in shown.text
    labels = [b["text"] for b in shown.buttons()]
    assert labels == ["✅ Offline engine", "Echo engine"]

    message = telegram.message(ANN, shown.result["message_id"])
    query = telegram.press(telegram.user(ANN), message, _button(shown, "Echo")["callback_data"])
    answer = (await telegram.wait_for("answerCallbackQuery", callback_query_id=query))[0]
    edit = (await telegram.wait_for("editMessageText"))[0]

    assert answer.params["text"] == "Switched to Echo engine."
    assert [b["text"] for b in edit.buttons()] == ["Offline engine", "✅ Echo engine"]
    assert await service.engine_for(ANN) == "echo"

    again = telegram.press(telegram.user(ANN), message, _button(shown, "Echo")["callback_data"])
    repeat = (await telegram.wait_for("answerCallbackQuery", callback_query_id=again))[0]
    assert repeat.params["text"] == "Already using Echo engine."


async def test_model_with_one_engine(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(ANN), "/model")

    reply = await telegram.reply(ANN)

    assert "only engine" in reply.text
    assert [b["text"] for b in reply.buttons()] == ["✅ Offline engine"]


async def test_clear_starts_a_new_session_and_keeps_history(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    await _analyse(telegram, ["fever"])
    before = await service.store.get_user(ANN)

    telegram.send(telegram.user(ANN), "/clear")
    reply = await telegram.reply(ANN, after=1)

    after = await service.store.get_user(ANN)
    assert reply.text == texts.CLEARED
    assert before is not None and after is not None and after.epoch > before.epoch
    assert (await service.history(ANN, 5)).total == 1


async def test_forget_cancel_keeps_everything(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    await _analyse(telegram, ["fever"])
    telegram.send(telegram.user(ANN), "/forget")
    ask = await telegram.reply(ANN, after=1)

    message = telegram.message(ANN, ask.result["message_id"])
    telegram.press(telegram.user(ANN), message, _button(ask, texts.FORGET_NO)["callback_data"])
    edit = (await telegram.wait_for("editMessageText"))[0]
    await telegram.wait_for("answerCallbackQuery")

    assert edit.text == texts.FORGET_CANCELLED and not edit.buttons()
    assert (await service.history(ANN, 5)).total == 1


async def test_forget_confirm_deletes_everything(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    await _analyse(telegram, ["fever", "malaria"])
    telegram.send(telegram.user(ANN), "/forget")
    ask = await telegram.reply(ANN, after=2)
    assert ask.text == texts.FORGET_ASK

    message = telegram.message(ANN, ask.result["message_id"])
    telegram.press(telegram.user(ANN), message, _button(ask, "Delete")["callback_data"])
    edit = (await telegram.wait_for("editMessageText"))[0]
    await telegram.wait_for("answerCallbackQuery")

    assert edit.text == texts.FORGOTTEN.format(count=2)
    assert (await service.history(ANN, 5)).total == 0
    assert await service.store.get_user(ANN) is None


async def test_only_the_asker_can_press_forget(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    group = telegram.group()
    ann, bob = telegram.user(ANN, "Ann"), telegram.user(7, "Bob")
    await service.analyse(ANN, ANN, "fever")
    telegram.send(ann, "/forget", chat=group)
    ask = await telegram.reply(group["id"])

    message = telegram.message(group["id"], ask.result["message_id"])
    query = telegram.press(bob, message, _button(ask, "Delete")["callback_data"])
    answer = (await telegram.wait_for("answerCallbackQuery", callback_query_id=query))[0]
    await telegram.settle()

    assert answer.params["text"] == texts.NOT_YOURS
    assert not telegram.calls_to("editMessageText")
    assert (await service.history(ANN, 5)).total == 1


async def test_stale_button_is_answered(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.send(telegram.user(ANN), "/help")
    reply = await telegram.reply(ANN)

    query = telegram.press(telegram.user(ANN), reply.result, "h:not-a-page")
    answer = (await telegram.wait_for("answerCallbackQuery", callback_query_id=query))[0]

    assert answer.params["text"] == texts.STALE_BUTTON


async def test_edited_command_is_not_run_again(app: BotApplication, telegram: FakeTelegram) -> None:
    message = telegram.send(telegram.user(ANN), "/help")
    await telegram.reply(ANN)

    telegram.edit(message, "/forget")
    telegram.send(telegram.user(ANN), "/start")
    await telegram.reply(ANN, after=1)
    await telegram.settle()

    assert len(telegram.calls_to("sendMessage", chat_id=ANN)) == 2


class EchoEngine:
    """A second engine so /model has something to switch to."""

    name = "echo"
    title = "Echo engine"

    async def extract(self, text: str, conversation: object = None) -> list:
        return []

    async def aclose(self) -> None:
        return None
