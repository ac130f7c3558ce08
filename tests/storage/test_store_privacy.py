"""Users never see each other's rows; /forget and retention really delete."""

from __future__ import annotations

import asyncio
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import asyncpg

from storage import SQLiteStore, Store

_KOLKATA = timezone(timedelta(hours=5, minutes=30))


async def analysed(store: Store, user_id: int, text: str, *, source_key: str | None = None) -> int:
    message = await store.add_message(user_id, user_id, text, 0, source_key=source_key)
    await store.add_result(message.message_id, f'[{{"text": "{text}"}}]', "offline", 1.0)
    return message.message_id


async def test_users_never_see_each_others_rows(store: Store) -> None:
    alice_ids = [await analysed(store, 1, f"alice {n}") for n in range(3)]
    bob_ids = [await analysed(store, 2, f"bob {n}") for n in range(2)]

    assert {a.message_id for a in await store.history(1, 50)} == set(alice_ids)
    assert {a.message_id for a in await store.history(2, 50)} == set(bob_ids)
    assert all(a.user_id == 1 for a in await store.recent_turns(1, 0, 50))
    assert await store.count_history(1) == 3
    assert await store.count_history(2) == 2


async def test_forget_user_removes_every_row_of_theirs_and_only_theirs(store: Store) -> None:
    await store.set_engine(1, "gemini")
    forgotten = [await analysed(store, 1, f"alice {n}", source_key=f"a:{n}") for n in range(3)]
    await store.add_message(1, 1, "alice unanalysed", 1)
    kept = await analysed(store, 2, "bob", source_key="b:0")

    assert await store.forget_user(1) == 4

    assert await store.get_user(1) is None
    assert await store.history(1, 50) == []
    assert await store.count_history(1) == 0
    for message_id in forgotten:
        assert await store.get_analysis(message_id) is None
    assert await store.find_by_source("a:0") is None
    bob = await store.get_analysis(kept)
    assert bob is not None and bob.text == "bob"
    assert await store.find_by_source("b:0") is not None
    assert await store.forget_user(1) == 0


def _sqlite_counts(path: str) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in _TABLES}


async def _table_counts(store_url: str) -> dict[str, int]:
    """Rows per table, read behind the store's back so an orphaned result cannot hide."""
    if store_url.startswith("sqlite:///"):
        return _sqlite_counts(store_url.removeprefix("sqlite:///"))
    conn = await asyncpg.connect(store_url)
    try:
        return {t: int(await conn.fetchval(f"SELECT count(*) FROM {t}")) for t in _TABLES}
    finally:
        await conn.close()


_TABLES = ("users", "messages", "results")


async def test_forget_cascades_to_every_table(store: Store, store_url: str) -> None:
    for n in range(3):
        await analysed(store, 1, f"alice {n}")
    await analysed(store, 2, "bob")
    assert await _table_counts(store_url) == {"users": 2, "messages": 4, "results": 4}
    await store.forget_user(1)
    assert await _table_counts(store_url) == {"users": 1, "messages": 1, "results": 1}


async def test_a_forgotten_user_starts_afresh(store: Store) -> None:
    await store.set_engine(1, "gemini")
    await analysed(store, 1, "fever", source_key="a:1")
    await store.forget_user(1)
    user = await store.ensure_user(1)
    assert (user.engine, user.epoch) == (None, 0)
    # A redelivered update after /forget is stored again instead of resurrecting the old row.
    again = await store.add_message(1, 1, "fever", 0, source_key="a:1")
    assert again.text == "fever" and await store.get_analysis(again.message_id) is None


def _database_bytes(path: str) -> bytes:
    """The main file and every side file (-wal, -shm, -journal) SQLite keeps next to it."""
    main = Path(path)
    return b"".join(p.read_bytes() for p in sorted(main.parent.glob(main.name + "*")))


def _wal_size(path: str) -> int:
    return Path(path + "-wal").stat().st_size


async def test_sqlite_forget_leaves_no_trace_of_the_text_on_disk(tmp_path: Path) -> None:
    """Deleted pages are zeroed (secure_delete) and the WAL is truncated, not just unlinked."""
    path = str(tmp_path / "medner.sqlite3")
    store = SQLiteStore(path)
    await store.open()
    try:
        secret = f"secret-diagnosis-{uuid.uuid4().hex}"
        long_secret = secret * 400  # spills into overflow pages
        await analysed(store, 1, secret)
        await analysed(store, 1, long_secret)
        bystander = f"bystander-{uuid.uuid4().hex}"
        await analysed(store, 2, bystander)
        assert secret.encode() in _database_bytes(path)  # the check can see text at all

        await store.forget_user(1)
        assert await store.scrub() is True

        on_disk = _database_bytes(path)
        assert secret.encode() not in on_disk
        assert bystander.encode() in on_disk
        assert _wal_size(path) == 0
    finally:
        await store.close()
    assert secret.encode() not in _database_bytes(path)


async def test_sqlite_purge_leaves_no_trace_of_the_text_on_disk(tmp_path: Path) -> None:
    path = str(tmp_path / "medner.sqlite3")
    store = SQLiteStore(path)
    await store.open()
    try:
        secret = f"old-secret-{uuid.uuid4().hex}"
        await analysed(store, 1, secret)
        assert await store.purge_before(datetime.now(UTC) + timedelta(seconds=1)) == 1
        assert await store.scrub() is True
        assert secret.encode() not in _database_bytes(path)
    finally:
        await store.close()


async def _tick() -> datetime:
    """A moment strictly between what was stored before and what is stored after."""
    await asyncio.sleep(0.01)
    moment = datetime.now(UTC)
    await asyncio.sleep(0.01)
    return moment


async def test_purge_before_deletes_only_older_messages(store: Store) -> None:
    old_alice = await analysed(store, 1, "old alice")
    old_bob = await store.add_message(2, 2, "old bob, unanalysed", 0)
    cutoff = await _tick()
    new_alice = await analysed(store, 1, "new alice")

    assert await store.purge_before(cutoff) == 2

    assert await store.get_analysis(old_alice) is None
    assert await store.history(2, 10) == []
    assert old_bob.message_id not in {a.message_id for a in await store.history(1, 10)}
    assert [a.message_id for a in await store.history(1, 10)] == [new_alice]
    assert await store.get_user(1) is not None  # users and their choices outlive retention
    assert await store.purge_before(cutoff) == 0


async def test_purge_before_accepts_any_timezone(store: Store) -> None:
    await analysed(store, 1, "fever")
    cutoff = await _tick()
    elsewhere = cutoff.astimezone(_KOLKATA)
    assert await store.purge_before(elsewhere - timedelta(seconds=5)) == 0
    assert await store.purge_before(elsewhere) == 1
