"""One user floods the bot (issue 13, item 8): the others do not wait for the flood, commands
are limited like messages, and a flood gets one notice, not one per message.

The bot long-polls the fake Bot API with production wiring; only the engine is a stand-in, so
that one user's answer can be held back while the flood piles up behind it.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot._app import BotApplication
from bot._config import Settings
from handlers import _texts as texts
from ner import Conversation, EngineRegistry, Entity, Label
from service import ConversationService
from storage import open_store
from tests.fakes.telegram_server import FakeTelegram

FLOODER, OTHER = 42, 43
HOLD = "HOLD"


class HoldingEngine:
    """Finds "fever"; a message containing HOLD waits until ``release`` is set."""

    name = "local"
    title = "Holding test engine"

    def __init__(self) -> None:
        self.holding = asyncio.Event()
        self.release = asyncio.Event()

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        if HOLD in text:
            self.holding.set()
            await self.release.wait()
        start = text.find("fever")
        if start < 0:
            return []
        return [Entity(text="fever", label=Label.SYMPTOM, start=start, end=start + 5)]

    async def aclose(self) -> None:
        return None


@pytest.fixture
def engine() -> HoldingEngine:
    return HoldingEngine()


@pytest.fixture
async def service(settings: Settings, engine: HoldingEngine) -> AsyncIterator[ConversationService]:
    """Overrides the conftest service: production service and store, the holding engine."""
    store = await open_store(settings.storage_url)
    svc = ConversationService(
        store,
        EngineRegistry([engine]),
        rate_limit_per_minute=settings.rate_limit_per_minute,
    )
    try:
        yield svc
    finally:
        engine.release.set()
        await store.close()


def replies_to(telegram: FakeTelegram, chat_id: int) -> list[str]:
    return [call.text for call in telegram.calls_to("sendMessage", chat_id=chat_id) if call.ok]


async def test_a_flooders_backlog_does_not_hold_up_another_user(
    app: BotApplication,
    telegram: FakeTelegram,
    engine: HoldingEngine,
    service: ConversationService,
) -> None:
    """The flooder's first answer is held; 300 more of theirs pile up behind it (more than
    the bot's 256 concurrent-update slots). Another user is answered all the same, and once
    released the flooder gets every answer, in order."""
    flooder = telegram.user(FLOODER)
    telegram.send(flooder, f"{HOLD} fever 0")
    await asyncio.wait_for(engine.holding.wait(), 10)
    for n in range(1, 301):
        telegram.send(flooder, f"fever {n}")
    telegram.send(telegram.user(OTHER), "my fever is back")

    other = await telegram.reply(OTHER, within=10)
    assert "fever" in other.text
    assert not replies_to(telegram, FLOODER), "the flooder's first answer is still held"

    engine.release.set()
    await telegram.wait_for("sendMessage", chat_id=FLOODER, count=301, within=60)
    await telegram.settle()
    assert len(replies_to(telegram, FLOODER)) == 301
    page = await service.history(FLOODER, 400)
    expected = [f"{HOLD} fever 0", *(f"fever {n}" for n in range(1, 301))]
    assert [item.text for item in reversed(page.items)] == expected


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 3}])
async def test_a_flood_of_messages_and_commands_gets_one_notice(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    """Limit 3 a minute: 20 messages, then 10 /help, 5 stickers and 5 /history. Three
    messages are analysed; everything else is refused with a single notice. Another user's
    /help is answered as usual."""
    flooder = telegram.user(FLOODER)
    for n in range(20):
        telegram.send(flooder, f"fever {n}")
    for _ in range(10):
        telegram.send(flooder, "/help")
    for _ in range(5):
        telegram.send_media(flooder, "sticker")
    for _ in range(5):
        telegram.send(flooder, "/history")
    telegram.send(telegram.user(OTHER), "/help")

    await telegram.reply(OTHER, within=10)
    await telegram.wait_for("sendMessage", chat_id=FLOODER, count=4, within=10)
    await telegram.settle(1.0)

    answers = replies_to(telegram, FLOODER)
    assert answers.count(texts.RATE_LIMITED) == 1, answers
    assert len(answers) == 4, answers
    assert sum("fever" in a for a in answers) == 3
    assert (await service.history(FLOODER, 50)).total == 3


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RATE_LIMIT": 30}])
async def test_a_normal_burst_is_answered_in_full_and_in_order(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    """Five messages at once, under the default limit: five answers, none skipped."""
    user = telegram.user(FLOODER)
    for n in range(5):
        telegram.send(user, f"fever {n}")
    await telegram.wait_for("sendMessage", chat_id=FLOODER, count=5, within=10)
    await telegram.settle()

    answers = replies_to(telegram, FLOODER)
    assert len(answers) == 5 and texts.RATE_LIMITED not in answers
    page = await service.history(FLOODER, 10)
    assert [item.text for item in reversed(page.items)] == [f"fever {n}" for n in range(5)]
