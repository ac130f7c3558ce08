"""Relations are stored beside the entities, and rows written before they existed still load."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import asyncpg

from storage import Store, open_store
from storage._migrations import LATEST_VERSION, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS

RELATIONS = '[{"type":"dosage_of","from":1,"to":0}]'
#: The schema version before results had a relations column.
BEFORE_RELATIONS = 3


async def test_relations_round_trip(store: Store) -> None:
    message = await store.add_message(1, 1, "metformin 500 mg", 0)
    await store.add_result(message.message_id, "[]", "offline", 1.0, relations_json=RELATIONS)
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None
    assert analysis.relations_json == RELATIONS
    (row,) = await store.history(1, 10)
    assert row.relations_json == RELATIONS


async def test_a_result_without_relations_reads_as_none(store: Store) -> None:
    message = await store.add_message(1, 1, "fever", 0)
    await store.add_result(message.message_id, "[]", "offline", 1.0)
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None
    assert analysis.relations_json == "[]"


def _sqlite_before_relations(path: Path) -> None:
    with sqlite3.connect(path) as db:
        for version, script in SQLITE_MIGRATIONS[:BEFORE_RELATIONS]:
            db.executescript(script)
            db.execute(f"PRAGMA user_version={version:d}")
        db.execute(
            "INSERT INTO users (user_id, engine, epoch, created_at, updated_at) "
            "VALUES (1, NULL, 0, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00')"
        )
        db.execute(
            "INSERT INTO messages (id, user_id, chat_id, text, epoch, created_at) "
            "VALUES (7, 1, 1, 'fever', 0, '2026-01-01T00:00:00+00:00')"
        )
        db.execute(
            "INSERT INTO results (message_id, entities, engine, latency_ms, created_at) "
            "VALUES (7, '[]', 'local', 1.0, '2026-01-01T00:00:00+00:00')"
        )


async def _postgres_before_relations(url: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY)")
        for version, script in POSTGRES_MIGRATIONS[:BEFORE_RELATIONS]:
            await conn.execute(script)
            await conn.execute("INSERT INTO schema_migrations (version) VALUES ($1)", version)
        await conn.execute(
            "INSERT INTO users (user_id, engine, epoch, created_at, updated_at) "
            "VALUES (1, NULL, 0, now(), now())"
        )
        message_id = await conn.fetchval(
            "INSERT INTO messages (user_id, chat_id, text, epoch, created_at) "
            "VALUES (1, 1, 'fever', 0, now()) RETURNING id"
        )
        await conn.execute(
            "INSERT INTO results (message_id, entities, engine, latency_ms, created_at) "
            "VALUES ($1, '[]', 'local', 1.0, now())",
            message_id,
        )
    finally:
        await conn.close()


async def test_an_older_database_migrates_and_its_rows_still_load(
    backend: str, store_url: str
) -> None:
    if backend == "sqlite":
        _sqlite_before_relations(Path(store_url.removeprefix("sqlite:///")))
    else:
        await _postgres_before_relations(store_url)
    store = await open_store(store_url)
    try:
        assert await store.schema_version() == LATEST_VERSION
        (row,) = await store.history(1, 10)
        assert (row.text, row.relations_json) == ("fever", "[]")
    finally:
        await store.close()
