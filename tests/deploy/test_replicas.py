"""Two webhook replicas sharing one PostgreSQL behave as one bot (issue 6: stateless replicas).

Telegram posts to one public URL; a round-robin load balancer (``Router``) spreads the updates
over two ``python -m bot run`` processes, so one user's consecutive updates land on different
replicas. Nothing about the user may live only in one process: the answers come back in order,
each Gemini request carries the turns the *other* replica handled, /history has everything and a
/model choice made on one replica holds on the other.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from handlers import _texts as texts
from tests.deploy._harness import (
    JSON,
    BotProcess,
    Launcher,
    Router,
    Updates,
    free_port,
    post_update,
    webhook_env,
)
from tests.fakes.gemini_server import FakeGemini, Recorded, Reply, entities_reply
from tests.fakes.telegram_server import ApiCall, FakeTelegram

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

PATH = "/telegram"
USER_ID = 7001
VOCABULARY = {
    "fever": "SYMPTOM",
    "amodiaquine": "DRUG",
    "hip": "BODY_PART",
    "malaria": "DISEASE",
}
MESSAGES = [
    "she had fever last night",
    "then amodiaquine was given",
    "now pain in her hip",
    "the test says malaria",
]
SLOW_ANSWER_S = 0.4
"""The first Gemini answer is slow, so a replica that acknowledged an update before handling
it would let the next one (on the other replica) overtake it."""


def _gemini_answer(request: Recorded) -> Reply:
    text = request.last_user_text
    found = [(word, label) for word, label in VOCABULARY.items() if word in text]
    return entities_reply(*found, delay_s=SLOW_ANSWER_S if MESSAGES[0] in text else 0.0)


def _button(call_buttons: list[JSON], title: str) -> str:
    return next(str(b["callback_data"]) for b in call_buttons if title in b["text"])


@dataclass
class Conversation:
    """What the scenario left behind for the assertions."""

    router: Router
    replicas: list[BotProcess]
    replies: list[ApiCall]
    """The bot's sendMessage calls in the chat: /model, four answers, /history, /model."""


@pytest.fixture
async def conversation(
    telegram: FakeTelegram, gemini: FakeGemini, postgres_url: str, launcher: Launcher
) -> AsyncIterator[Conversation]:
    """Two replicas behind a balancer; one user picks Gemini, sends four messages, looks back.

    Updates alternate between the replicas: /model (0), the Gemini button (1), the messages
    (0 1 0 1), /history (0), /model (1).
    """
    gemini.responder = _gemini_answer
    ports = [free_port(), free_port()]
    router = Router([f"http://127.0.0.1:{port}{PATH}" for port in ports], PATH)
    async with router.serving():
        replicas = [
            await launcher.start(
                f"replica-{index}",
                **webhook_env(
                    port,
                    router.url,  # both register the balancer's URL, as in production
                    telegram,
                    MEDNER_DATABASE_URL=postgres_url,
                    GEMINI_API_KEY="fake-key",
                    GOOGLE_GEMINI_BASE_URL=gemini.base_url,
                ),
            )
            for index, port in enumerate(ports)
        ]
        for replica, port in zip(replicas, ports, strict=True):
            await replica.wait_healthy(port)
        await telegram.wait_for("setWebhook", count=2, within=10)
        user = telegram.user(USER_ID, "Ada")

        telegram.send(user, "/model")
        menu = await telegram.reply(USER_ID, within=15)
        sent = telegram.bot_messages(USER_ID)[-1]
        telegram.press(user, sent, _button(menu.buttons(), "Gemini"))
        await telegram.wait_for("answerCallbackQuery", within=15)
        for text in MESSAGES:
            telegram.send(user, text)
        telegram.send(user, "/history")
        telegram.send(user, "/model")
        replies = await telegram.wait_for("sendMessage", chat_id=USER_ID, count=7, within=30)
        await router.wait_routed(8)
        yield Conversation(router, replicas, replies)


async def test_replicas_answer_a_user_in_order_and_share_their_state(
    conversation: Conversation, telegram: FakeTelegram
) -> None:
    router, replies = conversation.router, conversation.replies
    assert [r.replica for r in router.routed] == [0, 1, 0, 1, 0, 1, 0, 1]
    assert all(r.status == 200 for r in router.routed)

    # In order: each answer names its own message's entity, one message after the other.
    answers = [call.text for call in replies[1:5]]
    for text, answer in zip(MESSAGES, answers, strict=True):
        word = next(w for w in VOCABULARY if w in text)
        assert word in answer, (text, answers)

    # Each update was handled before its POST was answered: that is what keeps the order when
    # the next update goes to the other replica.
    for route, reply in zip(router.routed[2:6], replies[1:5], strict=True):
        assert reply.at < route.answered_at

    # /history (replica 0) shows all four; /model (replica 1) shows the choice made on it.
    assert all(text in replies[5].text for text in MESSAGES), replies[5].text
    assert any(b["text"].startswith("✅") and "Gemini" in b["text"] for b in replies[6].buttons())
    assert not telegram.rejections


async def test_replicas_log_json_lines_without_user_text(conversation: Conversation) -> None:
    for replica in conversation.replicas:
        records = replica.json_logs()
        assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
        assert any(r["message"].startswith("analysed message=") for r in records)
        assert not any(word in replica.output() for word in VOCABULARY)


async def test_gemini_sessions_carry_the_turns_the_other_replica_handled(
    conversation: Conversation, gemini: FakeGemini
) -> None:
    requests = {
        next(m for m in MESSAGES if m in r.last_user_text): r for r in gemini.generate_requests()
    }
    assert set(requests) == set(MESSAGES)
    for position, text in enumerate(MESSAGES):
        asked = [t for role, t in requests[text].texts if role == "user"]
        earlier = [t for t in asked if t in MESSAGES]
        assert earlier == MESSAGES[: position + 1], (text, earlier)


async def test_health_turns_503_when_the_database_is_gone(
    telegram: FakeTelegram, postgres_url: str, postgres_server: str, launcher: Launcher
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}{PATH}"
    bot = await launcher.start(
        "replica", **webhook_env(port, url, telegram, MEDNER_DATABASE_URL=postgres_url)
    )
    await bot.wait_healthy(port)

    schema = re.search(r"search_path=([A-Za-z0-9_]+)", postgres_url)
    assert schema is not None
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f'DROP SCHEMA "{schema[1]}" CASCADE')
        await admin.execute(f'CREATE SCHEMA "{schema[1]}"')  # empty: the tables are gone
    finally:
        await admin.close()

    async with httpx.AsyncClient() as client:
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
    assert health.status_code == 503
    assert health.json() == {"status": "unhealthy", "reason": "the database has no tables"}


DEFAULT_MAX_CONNECTIONS = 100
"""PostgreSQL's default ``max_connections``, which compose.yaml keeps."""
RESERVED_CONNECTIONS = 3
"""PostgreSQL's default ``superuser_reserved_connections``: what ordinary clients cannot use."""
POOL_SIZE = 10
USERS = 120


@dataclass
class BudgetRole:
    """A login role allowed what ordinary clients of a default PostgreSQL get, whatever the
    test server's own max_connections: the replicas connect as it."""

    name: str
    url: str


@pytest.fixture
async def budget_role(postgres_server: str, postgres_url: str) -> AsyncIterator[BudgetRole]:
    schema = re.search(r"search_path=([A-Za-z0-9_]+)", postgres_url)
    assert schema is not None
    name = f"medner_budget_{uuid.uuid4().hex[:8]}"
    limit = DEFAULT_MAX_CONNECTIONS - RESERVED_CONNECTIONS
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f'CREATE ROLE "{name}" LOGIN CONNECTION LIMIT {limit}')
        await admin.execute(f'GRANT USAGE, CREATE ON SCHEMA "{schema[1]}" TO "{name}"')
        parts = urlsplit(postgres_url)
        url = urlunsplit(parts._replace(netloc=f"{name}@{parts.hostname}:{parts.port}"))
        yield BudgetRole(name, url)
    finally:
        await admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = $1", name
        )
        await admin.execute(f'DROP OWNED BY "{name}" CASCADE')
        await admin.execute(f'DROP ROLE "{name}"')
        await admin.close()


async def _deliver_until_accepted(client: httpx.AsyncClient, url: str, update: JSON) -> list[int]:
    """POST like Telegram: an update answered with anything but 200 is delivered again."""
    statuses = []
    for _ in range(20):
        statuses.append((await post_update(client, url, update)).status_code)
        if statuses[-1] == 200:
            break
        await asyncio.sleep(0.25)
    return statuses


async def _peak_connections(postgres_server: str, role: str, stop: asyncio.Event) -> int:
    """The most connections ``role`` held at once while sampled, until ``stop``."""
    admin = await asyncpg.connect(postgres_server)
    peak = 0
    try:
        while not stop.is_set():
            count = await admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE usename = $1", role
            )
            peak = max(peak, int(count))
            await asyncio.sleep(0.01)
    finally:
        await admin.close()
    return peak


async def test_two_replicas_within_the_default_connection_budget_lose_no_message(
    telegram: FakeTelegram,
    postgres_server: str,
    budget_role: BudgetRole,
    launcher: Launcher,
) -> None:
    """Issue 13, item 2: 120 users at once over two replicas, each replica allowed
    MEDNER_DB_POOL_SIZE connections, the server the default 97 for ordinary clients. Every
    message is answered with its analysis, none with "couldn't save", and the replicas together
    never hold more than their budget."""
    ports = [free_port(), free_port()]
    replicas = [
        await launcher.start(
            f"replica-{index}",
            **webhook_env(
                port,
                f"http://127.0.0.1:{port}{PATH}",
                telegram,
                MEDNER_DATABASE_URL=budget_role.url,
                MEDNER_DB_POOL_SIZE=POOL_SIZE,
            ),
        )
        for index, port in enumerate(ports)
    ]
    for replica, port in zip(replicas, ports, strict=True):
        await replica.wait_healthy(port)
    updates = Updates(telegram)
    users = [telegram.user(10_000 + n, f"U{n}") for n in range(USERS)]
    stop_sampling = asyncio.Event()
    sampler = asyncio.create_task(
        _peak_connections(postgres_server, budget_role.name, stop_sampling)
    )
    async with httpx.AsyncClient(
        timeout=60, limits=httpx.Limits(max_connections=2 * USERS)
    ) as client:
        statuses = await asyncio.gather(
            *(
                _deliver_until_accepted(
                    client,
                    f"http://127.0.0.1:{ports[n % 2]}{PATH}",
                    updates.text(user, "she has fever and malaria"),
                )
                for n, user in enumerate(users)
            )
        )
    stop_sampling.set()
    peak = await sampler

    assert all(s[-1] == 200 for s in statuses), statuses
    for user in users:
        replies = [c.text for c in telegram.calls_to("sendMessage", chat_id=user["id"])]
        assert len(replies) == 1 and "fever" in replies[0].lower(), (user["id"], replies)
    assert peak <= 2 * POOL_SIZE, peak


async def test_the_per_user_rate_limit_holds_across_replicas(
    telegram: FakeTelegram, postgres_url: str, launcher: Launcher
) -> None:
    """Issue 13, item 20: MEDNER_RATE_LIMIT=3 with two replicas is 3 for the user, not 6. Six
    messages, alternately to each replica: three analyses, then a single notice."""
    ports = [free_port(), free_port()]
    replicas = [
        await launcher.start(
            f"limited-{index}",
            **webhook_env(
                port,
                f"http://127.0.0.1:{port}{PATH}",
                telegram,
                MEDNER_DATABASE_URL=postgres_url,
                MEDNER_RATE_LIMIT=3,
            ),
        )
        for index, port in enumerate(ports)
    ]
    for replica, port in zip(replicas, ports, strict=True):
        await replica.wait_healthy(port)
    updates, user = Updates(telegram), telegram.user(7100, "Flo")
    async with httpx.AsyncClient(timeout=30) as client:
        for n in range(6):
            url = f"http://127.0.0.1:{ports[n % 2]}{PATH}"
            response = await post_update(client, url, updates.text(user, f"fever {n}"))
            assert response.status_code == 200

    replies = [c.text for c in telegram.calls_to("sendMessage", chat_id=7100)]
    assert sum("fever" in r.lower() for r in replies) == 3, replies
    assert replies.count(texts.RATE_LIMITED) == 1, replies
    assert len(replies) == 4, replies
