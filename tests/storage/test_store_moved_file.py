"""The SQLite file deleted or replaced under a running bot (issue 13, item 4).

An open connection keeps writing into its file even after the path stops naming it: deleted,
the rows go to an unlinked inode that vanishes at the next restart; replaced by a restored copy,
they go to the old file instead of the copy. The store compares the path's device and inode
with the file it opened, and reopens the path when they differ.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot import store_probe
from storage import SQLiteStore, StorageError, StorageProblem


async def analysed(store: SQLiteStore, user_id: int, text: str) -> None:
    message = await store.add_message(user_id, user_id, text, None)
    await store.add_result(message.message_id, "[]", "offline", 1.0)


def texts_in(path: Path) -> list[str]:
    """The message texts the file at ``path`` holds, read behind the store's back."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT text FROM messages ORDER BY id").fetchall()
    db.close()
    return [str(row[0]) for row in rows]


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SQLiteStore]:
    opened = SQLiteStore(tmp_path / "medner.sqlite3")
    await opened.open()
    yield opened
    await opened.close()


async def test_a_deleted_file_is_recreated_and_later_messages_land_in_it(
    store: SQLiteStore,
) -> None:
    path = Path(store.path)
    await analysed(store, 1, "before the deletion")
    os.remove(path)

    await analysed(store, 1, "after the deletion")

    assert texts_in(path) == ["after the deletion"]
    assert await store_probe(store)() is None
    await store.close()
    assert texts_in(path) == ["after the deletion"]  # nothing was only in a vanished file


async def test_a_restored_copy_put_in_place_is_used_from_then_on(
    store: SQLiteStore, tmp_path: Path
) -> None:
    path = Path(store.path)
    await analysed(store, 1, "kept in the backup")
    backup = tmp_path / "backup.sqlite3"
    with sqlite3.connect(path) as live, sqlite3.connect(backup) as copy:
        live.backup(copy)
    live.close()
    copy.close()
    await analysed(store, 1, "after the backup, before the restore")
    os.replace(backup, path)

    await analysed(store, 2, "after the restore")

    assert [a.text for a in await store.history(1, 10)] == ["kept in the backup"]
    assert texts_in(path) == ["kept in the backup", "after the restore"]


async def test_a_path_that_cannot_be_reopened_makes_the_store_unhealthy(
    store: SQLiteStore,
) -> None:
    path = Path(store.path)
    await analysed(store, 1, "fever")
    os.remove(path)
    os.mkdir(path)  # something that is no database now holds the name

    with pytest.raises(StorageError) as raised:
        await analysed(store, 1, "hip pain")

    assert raised.value.problem == StorageProblem.GONE
    problem = await store_probe(store)()
    assert problem == "the database file was deleted or replaced and cannot be reopened"

    os.rmdir(path)  # the operator clears it up: the next call reopens
    await analysed(store, 1, "hip pain")
    assert await store_probe(store)() is not None  # the failure is remembered for a while
    assert texts_in(path) == ["hip pain"]
