"""Many tasks writing at once: the bot answers different users concurrently."""

from __future__ import annotations

import asyncio
import uuid
from pathlib import Path

import pytest

from storage import SQLiteStore, Store, StoredMessage, open_store

USERS = 12
MESSAGES_EACH = 8


async def _converse(store: Store, user_id: int) -> list[int]:
    ids = []
    for n in range(MESSAGES_EACH):
        message = await store.add_message(user_id, user_id, f"user {user_id} turn {n}", 0)
        await store.add_result(message.message_id, "[]", "offline", 1.0)
        ids.append(message.message_id)
    return ids


async def test_concurrent_writers_for_different_users(store: Store) -> None:
    per_user = await asyncio.gather(*(_converse(store, u) for u in range(1, USERS + 1)))

    all_ids = [i for ids in per_user for i in ids]
    assert len(set(all_ids)) == USERS * MESSAGES_EACH
    for user_id, ids in zip(range(1, USERS + 1), per_user, strict=True):
        history = await store.history(user_id, 100)
        assert [a.message_id for a in history] == sorted(ids, reverse=True)
        assert [a.text for a in reversed(history)] == [
            f"user {user_id} turn {n}" for n in range(MESSAGES_EACH)
        ]


async def test_concurrent_first_contact_creates_one_user(store: Store) -> None:
    users = await asyncio.gather(*(store.ensure_user(77) for _ in range(20)))
    assert len({u.created_at for u in users}) == 1
    assert all(u.epoch == 0 for u in users)


async def test_concurrent_redeliveries_store_one_message(store: Store) -> None:
    """The same update arriving at two replicas (or twice) yields one row, one id."""
    messages = await asyncio.gather(
        *(store.add_message(5, 5, "fever", 0, source_key="update:99") for _ in range(20))
    )
    assert len({m.message_id for m in messages}) == 1
    await store.add_result(messages[0].message_id, "[]", "offline", 1.0)
    assert await store.count_history(5) == 1


async def test_concurrent_readers_and_writers_mix(store: Store) -> None:
    """Reads interleaved with other users' transactions, forgets and purges all succeed."""
    from datetime import UTC, datetime

    async def churn(user_id: int) -> None:
        await _converse(store, user_id)
        await store.history(user_id, 5)
        await store.set_engine(user_id, "gemini")
        await store.forget_user(user_id + 1000)

    async def purge() -> None:
        for _ in range(5):
            await store.purge_before(datetime(2000, 1, 1, tzinfo=UTC))

    await asyncio.gather(*(churn(u) for u in range(1, 9)), purge())
    assert [await store.count_history(u) for u in range(1, 9)] == [MESSAGES_EACH] * 8


async def test_two_stores_on_one_database(store_url: str) -> None:
    """Two replicas (two processes, here two stores) write to the same database."""
    first, second = await open_store(store_url), await open_store(store_url)
    try:
        await asyncio.gather(_converse(first, 1), _converse(second, 2), _converse(first, 3))
        assert await second.count_history(1) == MESSAGES_EACH
        assert await first.count_history(2) == MESSAGES_EACH
    finally:
        await first.close()
        await second.close()


@pytest.mark.postgres
async def test_user_lock_orders_one_user_across_stores_sharing_postgres(postgres_url: str) -> None:
    """Two replicas: a user's turns never overlap, each replica's in the order they arrived,
    and another user never waits for them.

    Each service queues its own tasks for a user on an asyncio lock first (modelled here), so
    at most one task per replica asks for the database lock. Which replica goes next when both
    wait is not a promise: one chat's updates never wait on two replicas at once, because
    Telegram sends a chat's next update only once the previous one was answered (bot._web).
    """
    replicas = [await open_store(postgres_url), await open_store(postgres_url)]
    local = [asyncio.Lock(), asyncio.Lock()]
    inside: list[int] = []
    order: list[int] = []

    async def turn(i: int) -> None:
        async with local[i % 2], replicas[i % 2].user_lock(42):
            inside.append(i)
            assert len(inside) == 1, "two replicas held the same user's turn"
            order.append(i)
            await asyncio.sleep(0.01)
            inside.remove(i)

    async def other_user() -> None:
        async with replicas[1].user_lock(43):
            order.append(-1)

    try:
        tasks = []
        for i in range(8):
            tasks.append(asyncio.create_task(turn(i)))
            await asyncio.sleep(0.02)
            if i == 0:
                tasks.append(asyncio.create_task(other_user()))
        await asyncio.gather(*tasks)
        turns = [i for i in order if i >= 0]
        assert sorted(turns) == list(range(8))
        for replica in (0, 1):
            mine = [i for i in turns if i % 2 == replica]
            assert mine == sorted(mine), f"replica {replica} reordered its own turns: {turns}"
        assert order.index(-1) < len(order) - 1, "another user waited for user 42"
    finally:
        for store in replicas:
            await store.close()


@pytest.mark.postgres
async def test_postgres_connections_stay_within_the_pool_size_however_many_users_wait(
    postgres_url: str,
) -> None:
    """Issue 13, item 2: 60 users in their turns at once, each holding its lock while its
    engine works, and a second replica waiting for one of them: the two stores together never
    open more than their pool sizes, and nobody's turn fails for want of a connection."""
    from storage._postgres import PostgresStore

    size = 4
    application = f"medner_budget_{uuid.uuid4().hex[:8]}"
    url = f"{postgres_url}&application_name={application}"
    replicas = [
        PostgresStore(url, max_connections=size),
        PostgresStore(url, max_connections=size),
    ]
    for replica in replicas:
        await replica.open()
    admin = replicas[0]
    peak = 0

    async def turn(replica: PostgresStore, user_id: int) -> None:
        async with replica.user_lock(user_id):
            await asyncio.sleep(0.05)  # the engine at work: no statement, no connection
            await _converse(replica, user_id)

    async def sample(done: asyncio.Event) -> None:
        nonlocal peak
        while not done.is_set():
            count = await admin._fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = $1", application
            )
            peak = max(peak, int(count))
            await asyncio.sleep(0.005)

    done = asyncio.Event()
    sampler = asyncio.create_task(sample(done))
    try:
        await asyncio.gather(
            *(turn(replicas[0], u) for u in range(1, 61)),
            turn(replicas[1], 1),  # the same user on the other replica waits its turn
        )
    finally:
        done.set()
        await sampler
        for replica in replicas:
            await replica.close()
    assert peak <= 2 * size, peak


async def test_sqlite_statements_never_run_inside_another_tasks_transaction(
    tmp_path: Path,
) -> None:
    """Single statements are queued without the lock; they must still wait for an open
    transaction, or a rollback would take other users' writes with it."""
    store = SQLiteStore(tmp_path / "medner.sqlite3")
    await store.open()
    try:
        writers: list[asyncio.Task[StoredMessage]] = []
        with pytest.raises(RuntimeError, match="abandoned"):
            async with store._transaction() as db:
                await db.execute("INSERT INTO users (user_id, epoch, created_at, updated_at) "
                                 "VALUES (1, 0, 'x', 'x')")  # fmt: skip
                writers = [
                    asyncio.create_task(store.add_message(u, u, f"from {u}", 0))
                    for u in range(2, 12)
                ]
                await asyncio.sleep(0.05)  # the writers are queued behind the transaction
                raise RuntimeError("abandoned")
        stored = await asyncio.gather(*writers)
        assert await store.get_user(1) is None  # the transaction's own write rolled back
        assert sorted(m.user_id for m in stored) == list(range(2, 12))
        for message in stored:  # the others' writes were not rolled back with it
            await store.add_result(message.message_id, "[]", "offline", 1.0)
            assert await store.count_history(message.user_id) == 1
    finally:
        await store.close()
