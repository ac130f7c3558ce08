"""The fake Bot API misbehaves: 429 with retry_after, 5xx, slow answers, dropped connections.

What must hold whatever Telegram does: no update is lost, none is answered twice, the bot keeps
running (a later message is answered normally), and a user whose reply could not be delivered
is told so once Telegram answers again.
"""

from __future__ import annotations

import pytest

from bot import BotApplication
from handlers import texts
from service import ConversationService
from tests.conftest import HandlerErrors
from tests.fakes.telegram_server import ApiCall, FakeTelegram
from tests.hardening._harness import tg_source_key, wait_replied

WORDS = ("fever", "malaria", "asthma")


def reached_user(call: ApiCall) -> bool:
    """Answered and not faulted (the fake reports a dropped call as 200 with no result)."""
    return call.ok and call.done and call.fault != "drop"


def delivered(telegram: FakeTelegram, chat_id: int) -> list[str]:
    """Texts of the sendMessage calls to ``chat_id`` that reached the user, in order."""
    return [c.text for c in telegram.calls_to("sendMessage", chat_id=chat_id) if reached_user(c)]


async def nth_reply(telegram: FakeTelegram, chat_id: int, n: int) -> ApiCall:
    """The n-th (0-based) sendMessage to ``chat_id`` that reached the user."""
    calls = await telegram.wait_for(
        "sendMessage", chat_id=chat_id, count=n + 1, within=10, where=reached_user
    )
    return calls[n]


async def send_words_and_wait(telegram: FakeTelegram, user_id: int, within: float = 15) -> None:
    """Each of WORDS from one user; wait until each has had its one answer."""
    user = telegram.user(user_id)
    for word in WORDS:
        telegram.send(user, word)
    await telegram.wait_for(
        "sendMessage", chat_id=user_id, count=len(WORDS), within=within, where=reached_user
    )
    await telegram.settle()


def assert_each_word_answered_once(telegram: FakeTelegram, user_id: int) -> None:
    replies = delivered(telegram, user_id)
    assert len(replies) == len(WORDS), replies
    assert [next(w for w in WORDS if w in r.lower()) for r in replies] == list(WORDS)


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda t: t.fail("getUpdates", 502, times=1), id="getUpdates-502"),
        pytest.param(lambda t: t.rate_limit("getUpdates", 1, times=1), id="getUpdates-429"),
        pytest.param(lambda t: t.drop("getUpdates", times=1), id="getUpdates-dropped"),
        pytest.param(lambda t: t.slow("getUpdates", 0.5, times=1), id="getUpdates-slow"),
        pytest.param(lambda t: t.rate_limit("sendMessage", 1, times=1), id="sendMessage-429"),
        pytest.param(lambda t: t.slow("sendMessage", 0.5, times=2), id="sendMessage-slow"),
        pytest.param(lambda t: t.slow("sendChatAction", 0.6, times=1), id="typing-slow"),
        pytest.param(lambda t: t.fail("sendChatAction", 500, times=3), id="typing-500"),
    ],
)
async def test_recoverable_faults_lose_nothing_and_duplicate_nothing(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    fault: object,
) -> None:
    """Faults PTB or the bot can absorb: every message is answered exactly once, in order."""
    fault(telegram)  # type: ignore[operator]

    await send_words_and_wait(telegram, 42)

    assert_each_word_answered_once(telegram, 42)
    page = await service.history(42, 10)
    assert page.total == len(WORDS) and all(item.already_replied for item in page.items)


@pytest.mark.parametrize(
    "fault",
    [
        pytest.param(lambda t: t.fail("sendMessage", 500, times=1), id="500"),
        pytest.param(lambda t: t.fail("sendMessage", 502, times=1), id="502"),
        pytest.param(lambda t: t.drop("sendMessage", times=1), id="dropped"),
    ],
)
async def test_an_undeliverable_reply_is_apologised_for_and_the_bot_carries_on(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    handler_errors: HandlerErrors,
    fault: object,
) -> None:
    """The reply is lost at Telegram: the analysis stays stored (unmarked), the user is told to
    try again, and the next message is answered normally."""
    fault(telegram)  # type: ignore[operator]
    first = telegram.send(telegram.user(42), "fever")
    apology = await nth_reply(telegram, 42, 0)
    telegram.send(telegram.user(42), "malaria")
    second = await nth_reply(telegram, 42, 1)
    await telegram.settle()

    assert apology.text == texts.SOMETHING_WRONG
    assert "malaria" in second.text.lower()
    assert len(delivered(telegram, 42)) == 2
    stored = await service.store.find_by_source(tg_source_key(first))
    assert stored is not None and not stored.replied
    assert handler_errors.records, "the failure reached the error handler (logged with ids)"
    handler_errors.records.clear()


async def test_many_users_under_intermittent_faults_are_all_answered_once(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService
) -> None:
    """429s and slow answers sprinkled over 20 concurrent users: 20 x 3 answers, in order."""
    telegram.rate_limit("sendMessage", 1, times=3)
    telegram.slow("getUpdates", 0.3, times=2)
    telegram.drop("getUpdates", times=1)
    users = range(1, 21)
    for word in WORDS:
        for user_id in users:
            telegram.send(telegram.user(user_id), word)

    for user_id in users:
        await telegram.wait_for(
            "sendMessage", chat_id=user_id, count=len(WORDS), within=20, where=reached_user
        )
    await telegram.settle()

    for user_id in users:
        assert_each_word_answered_once(telegram, user_id)
    last = telegram.send(telegram.user(1), "hip")
    await wait_replied(service, tg_source_key(last), within=5)


@pytest.mark.parametrize(
    "fault",
    [
        # Longer than the bot's read timeout (5 s): Telegram sent it, the bot stopped waiting.
        pytest.param(lambda t: t.slow("sendMessage", 6.0, times=1), id="slower-than-timeout"),
        pytest.param(lambda t: t.garble("sendMessage", times=1), id="answer-cut-off"),
        pytest.param(lambda t: t.garble("sendMessage", "html", times=1), id="answer-html-page"),
    ],
)
async def test_a_reply_that_may_have_arrived_is_the_only_outcome(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    fault: object,
) -> None:
    """Telegram carried the reply out but the bot could not tell (issue 13, item 14): the user
    gets the analysis and nothing else, no apology; it is not sent twice either."""
    fault(telegram)  # type: ignore[operator]
    first = telegram.send(telegram.user(42), "fever")
    await wait_replied(service, tg_source_key(first), within=15)
    telegram.send(telegram.user(42), "malaria")
    await nth_reply(telegram, 42, 1)
    await telegram.settle(0.5)

    replies = [c.text for c in telegram.calls_to("sendMessage", chat_id=42)]
    assert len(replies) == 2, replies
    assert "fever" in replies[0].lower() and "malaria" in replies[1].lower()
    assert texts.SOMETHING_WRONG not in replies
