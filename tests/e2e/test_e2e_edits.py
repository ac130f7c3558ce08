"""Edits of one message: each new text is answered once (issue 13, item 13).

Telegram's ``edit_date`` has whole seconds, so a person correcting a typo twice in quick
succession sends two edits with the same ``edit_date``; the second must not be taken for a
redelivery of the first.
"""

from __future__ import annotations

import time

from bot import BotApplication
from service import ConversationService
from tests.fakes.telegram_server import FakeTelegram


async def test_two_edits_within_one_second_are_both_answered(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    message = telegram.send(telegram.user(42), "fever")
    await telegram.reply(42)
    same_second = int(time.time())

    telegram.inject("edited_message", {**message, "text": "malaria", "edit_date": same_second})
    first = await telegram.reply(42, after=1)
    telegram.inject("edited_message", {**message, "text": "asthma", "edit_date": same_second})
    second = await telegram.reply(42, after=2)

    assert "malaria" in first.text.lower()
    assert "asthma" in second.text.lower()
    assert (await service.history(42, 10)).total == 3


async def test_a_redelivered_edit_is_still_answered_once(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    message = telegram.send(telegram.user(42), "fever")
    await telegram.reply(42)
    edited = {**message, "text": "malaria", "edit_date": int(time.time())}

    telegram.inject("edited_message", edited)
    await telegram.reply(42, after=1)
    telegram.inject("edited_message", edited)  # Telegram delivers it again after a crash
    telegram.send(telegram.user(42), "/help")
    await telegram.wait_for("sendMessage", chat_id=42, count=3)
    await telegram.settle()

    assert len(telegram.calls_to("sendMessage", chat_id=42)) == 3
    assert (await service.history(42, 10)).total == 2
