"""Migrations, column ranges and failure modes, on every backend."""

from __future__ import annotations

import asyncio
from datetime import UTC
from pathlib import Path

import pytest

from storage import SQLiteStore, StorageError, Store, open_store, store_for_url
from storage._migrations import LATEST_VERSION, POSTGRES_MIGRATIONS, SQLITE_MIGRATIONS
from storage._postgres import PostgresStore


def test_dialects_share_the_migration_numbers() -> None:
    """A version number must mean the same schema whichever backend reports it."""
    sqlite_versions = [version for version, _ in SQLITE_MIGRATIONS]
    postgres_versions = [version for version, _ in POSTGRES_MIGRATIONS]
    assert sqlite_versions == postgres_versions
    assert sqlite_versions == list(range(1, len(sqlite_versions) + 1))
    assert sqlite_versions[-1] == LATEST_VERSION


def test_url_chooses_the_backend(tmp_path: Path) -> None:
    assert isinstance(store_for_url(f"sqlite:///{tmp_path}/x.sqlite3"), SQLiteStore)
    assert isinstance(store_for_url("postgresql://u@localhost/db"), PostgresStore)
    assert isinstance(store_for_url("postgres://u@localhost/db"), PostgresStore)
    with pytest.raises(StorageError):
        store_for_url("mysql://u@localhost/db")


async def test_a_fresh_database_is_at_the_latest_version(store: Store) -> None:
    assert await store.schema_version() == LATEST_VERSION


async def test_reopening_keeps_the_schema_and_the_data(store_url: str) -> None:
    first = await open_store(store_url)
    message = await first.add_message(1, 1, "fever since monday", 0)
    await first.close()

    second = await open_store(store_url)
    try:
        assert await second.schema_version() == LATEST_VERSION
        assert (await second.ensure_user(1)).user_id == 1
        again = await second.add_message(1, 1, "and a cough", 0)
        assert again.message_id > message.message_id
    finally:
        await second.close()


async def test_replicas_starting_together_migrate_once(store_url: str) -> None:
    """Two processes opening an empty database at once must not both create the tables."""
    outcomes = await asyncio.gather(
        *(open_store(store_url) for _ in range(4)), return_exceptions=True
    )
    stores = [o for o in outcomes if not isinstance(o, BaseException)]
    try:
        assert [o for o in outcomes if isinstance(o, BaseException)] == []
        assert [await s.schema_version() for s in stores] == [LATEST_VERSION] * 4
    finally:
        for opened in stores:
            await opened.close()


async def test_integrity_check_reports_ok(store: Store) -> None:
    assert isinstance(store, SQLiteStore | PostgresStore)
    assert await store.integrity_check() == "ok"


async def test_telegram_sized_ids_round_trip(store: Store) -> None:
    """User ids pass 2**32 and supergroup chat ids are large negatives."""
    user_id, chat_id = 8_123_456_789, -1_001_234_567_890
    message = await store.add_message(user_id, chat_id, "hip pain", 0)
    await store.add_result(message.message_id, "[]", "offline", 1.0)
    (row,) = await store.history(user_id, 10)
    assert (row.user_id, row.chat_id) == (user_id, chat_id)
    assert (await store.ensure_user(user_id)).user_id == user_id


async def test_text_round_trips_exactly(store: Store) -> None:
    """Entity offsets index into the text, so not one code point may change on the way."""
    text = "Ибупрофен 200 мг 💊, e\u0301 combining, عربى, tab\tand\r\nnewline, 'quotes' \"double\""
    message = await store.add_message(1, 1, text, 0)
    await store.add_result(message.message_id, '[{"text": "Ибупрофен"}]', "offline", 0.5)
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None
    assert analysis.text == text
    assert analysis.entities_json == '[{"text": "Ибупрофен"}]'


async def test_timestamps_are_aware_utc(store: Store) -> None:
    user = await store.ensure_user(1)
    message = await store.add_message(1, 1, "fever", 0)
    await store.add_result(message.message_id, "[]", "offline", 1.0)
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None
    for moment in (user.created_at, message.created_at, analysis.created_at):
        assert moment.tzinfo is not None
        assert moment.utcoffset() == UTC.utcoffset(None)


async def test_a_closed_store_raises_storage_error(store_url: str) -> None:
    opened = await open_store(store_url)
    await opened.close()
    with pytest.raises(StorageError):
        await opened.get_user(1)
    with pytest.raises(StorageError):
        await opened.add_message(1, 1, "fever", 0)
    await opened.close()  # closing twice is harmless


async def test_a_store_never_opened_raises_storage_error(store_url: str) -> None:
    with pytest.raises(StorageError):
        await store_for_url(store_url).history(1, 10)


async def test_result_for_a_missing_message_raises_storage_error(store: Store) -> None:
    with pytest.raises(StorageError):
        await store.add_result(424242, "[]", "offline", 1.0)


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    """A plain file where a database folder would have to be."""
    path = tmp_path / "a-file"
    path.write_text("not a directory")
    return path


async def test_sqlite_unwritable_path_raises_storage_error(a_file: Path, tmp_path: Path) -> None:
    blocker = str(a_file)
    with pytest.raises(StorageError):
        await open_store(f"sqlite:///{blocker}/db.sqlite3")
    with pytest.raises(StorageError):
        await open_store(f"sqlite:///{tmp_path}")  # a directory, not a database file


async def test_postgres_unreachable_server_raises_storage_error() -> None:
    """Port 1 refuses at once; the password must not leak into the message."""
    url = "postgresql://medner:s3cret-pw@127.0.0.1:1/medner"
    with pytest.raises(StorageError) as caught:
        await open_store(url)
    assert "s3cret-pw" not in str(caught.value)


async def test_postgres_invalid_url_raises_storage_error() -> None:
    with pytest.raises(StorageError) as caught:
        await open_store("postgresql://medner:s3cret-pw@127.0.0.1:notaport/medner")
    assert "s3cret-pw" not in str(caught.value)


async def test_a_nul_character_is_kept_or_refused_never_altered(store: Store) -> None:
    """PostgreSQL TEXT cannot hold U+0000; SQLite can. Either way the text is never changed."""
    try:
        message = await store.add_message(1, 1, "fever\x00cough", 0)
    except StorageError:
        assert await store.history(1, 10) == []
        return
    assert message.text == "fever\x00cough"


async def test_opening_twice_is_harmless(store: Store) -> None:
    await store.open()
    assert await store.schema_version() == LATEST_VERSION
