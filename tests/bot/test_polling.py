"""bot._polling's inbox, seen from the database while the real bot polls the fake Bot API."""

from __future__ import annotations

import asyncio
import json

from bot import BotApplication
from bot._polling import DONE_FLUSH_S
from service import ConversationService
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening._harness import poll


async def test_an_update_in_hand_is_kept_as_telegram_sent_it_until_answered(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    store = service.store
    telegram.slow("sendMessage", 1.0)  # keeps the update in hand long enough to look
    telegram.send(telegram.user(42, username="ada"), "fièvre & toux 🤒 since monday")
    pending: list[tuple[int, str]] = []

    async def kept() -> bool:
        pending[:] = await store.inbox_pending()
        return bool(pending)

    for _ in range(200):
        if await kept():
            break
        await asyncio.sleep(0.005)
    [(update_id, payload)] = pending
    [delivered] = [
        u
        for call in telegram.calls_to("getUpdates")
        for u in (call.result or [])
        if u["update_id"] == update_id
    ]
    assert json.loads(payload) == delivered  # Telegram's own JSON, not PTB's rendering of it

    await telegram.reply(42)
    await asyncio.sleep(DONE_FLUSH_S + 0.3)  # no further batch came to take the mark along
    assert await store.inbox_pending() == []


async def test_updates_in_a_stream_are_all_marked_done(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    for n in range(30):
        telegram.send(telegram.user(100 + n % 3), f"{n} mg ibuprofen for knee pain")
        await asyncio.sleep(0.002 * (n % 4))
    assert await poll(lambda: len(telegram.calls_to("sendMessage")) == 30, within=15)
    await asyncio.sleep(DONE_FLUSH_S + 0.3)
    assert await service.store.inbox_pending() == []
    assert await service.store.inbox_last_id() == max(
        u["update_id"] for call in telegram.calls_to("getUpdates") for u in (call.result or [])
    )
