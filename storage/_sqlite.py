"""The embedded SQLite backend (aiosqlite): WAL, foreign keys, secure delete."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage._base import StorageError
from storage._migrations import SQLITE_MIGRATIONS
from storage._models import StoredAnalysis, StoredMessage, TurnStart, UserRecord
from storage._rows import (
    ANALYSIS_SELECT,
    TURN_START_SELECT,
    analysis_from_row,
    message_from_row,
    turn_start_from_row,
    user_from_row,
)

_WAL_ATTEMPTS = 100
_INSERT_USER = (
    "INSERT OR IGNORE INTO users (user_id, engine, epoch, created_at, updated_at) "
    "VALUES (?, NULL, 0, ?, ?)"
)
_PRUNE_INBOX = "DELETE FROM inbox WHERE done = 1 AND update_id < (SELECT MAX(update_id) FROM inbox)"
_SQLITE_MAX_INT = 2**63 - 1
_INBOX_ROWS_PER_INSERT = 300
"""Rows per INSERT: 900 parameters, well under SQLite's oldest limit of 999."""
_IDS_PER_STATEMENT = 900
"""Parameters per statement, under SQLite's oldest limit of 999."""
_PRUNE_INBOX_EVERY = 50
"""Handled updates are deleted from the inbox every this many batches: housekeeping only."""


def _now() -> str:
    return datetime.now(UTC).isoformat()


class SQLiteStore:
    """One aiosqlite connection; aiosqlite runs every statement on its own thread in order.

    A transaction spans several statements, and another task's statement queued in between
    would run inside it (a second BEGIN, a read of uncommitted rows, a write rolled back with
    someone else's). So a transaction holds ``_lock``, and a single statement waits while one
    is open. Single statements do not take the lock themselves: they go straight into
    aiosqlite's queue, so the database thread works through many tasks' statements while the
    event loop does other work. Holding the lock per statement would allow one statement per
    turn of a busy event loop, the bot's bottleneck under load.
    """

    def __init__(self, path: Path | str) -> None:
        self._path = str(path)
        self._db: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()
        self._inbox_batches = 0

    @property
    def path(self) -> str:
        return self._path

    async def open(self) -> None:
        if self._db is not None:
            return  # a second connection would leak a worker thread that blocks interpreter exit
        try:
            if self._path != ":memory:":
                _prepare_location(Path(self._path))
            self._db = await aiosqlite.connect(self._path, timeout=5.0, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            await _use_wal(self._db)
            for pragma in (
                "PRAGMA synchronous=NORMAL",
                "PRAGMA foreign_keys=ON",
                "PRAGMA secure_delete=ON",
                "PRAGMA busy_timeout=5000",
            ):
                await self._db.execute(pragma)
            await self._migrate()
        except (sqlite3.Error, OSError) as exc:
            await self.close()
            raise StorageError(f"cannot open the database {self._path}: {exc}") from exc

    async def close(self) -> None:
        if self._db is not None:
            await self._db.close()
            self._db = None

    @property
    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            raise StorageError("the store is not open")
        return self._db

    async def _migrate(self) -> None:
        for version, script in SQLITE_MIGRATIONS:
            async with self._transaction() as db:
                # Read under the write lock: another process may have migrated meanwhile.
                if await _user_version(db) >= version:
                    continue
                for statement in _statements(script):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version={version:d}")

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            db = self._conn
            try:
                await db.execute("BEGIN IMMEDIATE")
                try:
                    yield db
                except BaseException:
                    await db.execute("ROLLBACK")
                    raise
                await db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise StorageError(str(exc)) from exc

    async def _write(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """One statement, committed on its own (autocommit): one trip to the database thread
        instead of three for BEGIN, the statement and COMMIT. Rows of a RETURNING clause."""
        return await self._all(sql, params)

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Row | None:
        rows = await self._all(sql, params)
        return rows[0] if rows else None

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """Every row of one statement in a single trip to the database thread.

        Each trip is a thread handoff and a wake-up of the event loop; ``execute`` plus
        ``fetchall`` plus closing the cursor would be three of them for every statement.
        """
        try:
            return await self._rows(sql, params)
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc

    async def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """``_all`` with sqlite3's own errors, for callers that handle one of them."""
        await self._no_transaction_open()
        # Awaiting runs aiosqlite's coroutine up to queueing the statement without suspending,
        # so nothing can open a transaction between the check and the queue.
        return list(await self._conn.execute_fetchall(sql, tuple(params)))

    async def _no_transaction_open(self) -> None:
        """Wait until no transaction holds the connection (see the class docstring)."""
        while self._lock.locked():
            async with self._lock:
                pass

    async def schema_version(self) -> int:
        row = await self._one("PRAGMA user_version")
        return int(row[0]) if row is not None else 0

    async def get_user(self, user_id: int) -> UserRecord | None:
        row = await self._one("SELECT * FROM users WHERE user_id = ?", (user_id,))
        return user_from_row(row) if row is not None else None

    async def ensure_user(self, user_id: int) -> UserRecord:
        existing = await self.get_user(user_id)
        if existing is not None:
            return existing
        now = _now()
        await self._write(_INSERT_USER, (user_id, now, now))
        return await self._require_user(user_id)

    async def _require_user(self, user_id: int) -> UserRecord:
        user = await self.get_user(user_id)
        if user is None:
            raise StorageError(f"user {user_id} vanished")
        return user

    async def set_engine(self, user_id: int, engine: str) -> UserRecord:
        await self.ensure_user(user_id)
        async with self._transaction() as db:
            await db.execute(
                "UPDATE users SET engine = ?, epoch = epoch + 1, updated_at = ? WHERE user_id = ?",
                (engine, _now(), user_id),
            )
        return await self._require_user(user_id)

    async def new_epoch(self, user_id: int) -> UserRecord:
        await self.ensure_user(user_id)
        async with self._transaction() as db:
            await db.execute(
                "UPDATE users SET epoch = epoch + 1, updated_at = ? WHERE user_id = ?",
                (_now(), user_id),
            )
        return await self._require_user(user_id)

    async def add_message(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        epoch: int | None,
        source_key: str | None = None,
    ) -> StoredMessage:
        now = _now()
        insert = (
            "INSERT INTO messages (user_id, chat_id, text, epoch, created_at, source_key) "
            "VALUES (?, ?, ?, COALESCE(?, (SELECT epoch FROM users WHERE user_id = ?), 0), ?, ?) "
            "ON CONFLICT(source_key) DO NOTHING RETURNING *"
        )
        params = (user_id, chat_id, text, epoch, user_id, now, source_key)
        try:
            rows = await self._rows(insert, params)
        except sqlite3.IntegrityError as exc:
            # The user is new: create them and store again. Trying first saves a statement
            # on every message of a known user, which is nearly every message.
            if "FOREIGN KEY" not in str(exc):
                raise StorageError(str(exc)) from exc
            await self._write(_INSERT_USER, (user_id, now, now))
            rows = await self._write(insert, params)
        except sqlite3.Error as exc:
            raise StorageError(str(exc)) from exc
        row = rows[0] if rows else None
        if row is None and source_key is not None:
            row = await self._one("SELECT * FROM messages WHERE source_key = ?", (source_key,))
        if row is None:
            raise StorageError("the message could not be stored")
        return message_from_row(row)

    async def add_result(
        self,
        message_id: int,
        entities_json: str,
        engine: str,
        latency_ms: float,
        note: str | None = None,
        relations_json: str = "[]",
    ) -> None:
        await self._write(
            "INSERT INTO results "
            "(message_id, entities, engine, latency_ms, note, created_at, relations) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(message_id) DO UPDATE SET "
            "entities = excluded.entities, engine = excluded.engine, "
            "latency_ms = excluded.latency_ms, note = excluded.note, "
            "relations = excluded.relations",
            (message_id, entities_json, engine, latency_ms, note, _now(), relations_json),
        )

    async def mark_replied(self, message_id: int) -> None:
        await self._write(
            "UPDATE results SET replied_at = ? WHERE message_id = ? AND replied_at IS NULL",
            (_now(), message_id),
        )

    async def get_analysis(self, message_id: int) -> StoredAnalysis | None:
        row = await self._one(
            f"{ANALYSIS_SELECT} WHERE m.id = ?",
            (message_id,),
        )
        return analysis_from_row(row) if row is not None else None

    async def find_by_source(self, source_key: str) -> StoredAnalysis | None:
        row = await self._one(
            f"{ANALYSIS_SELECT} WHERE m.source_key = ?",
            (source_key,),
        )
        return analysis_from_row(row) if row is not None else None

    async def recent_turns(self, user_id: int, epoch: int, limit: int) -> Sequence[StoredAnalysis]:
        if limit <= 0:
            return []
        rows = await self._all(
            f"{ANALYSIS_SELECT} WHERE m.user_id = ? AND m.epoch = ? ORDER BY m.id DESC LIMIT ?",
            (user_id, epoch, limit),
        )
        return [analysis_from_row(row) for row in reversed(rows)]

    async def turn_start(self, user_id: int, source_key: str | None) -> TurnStart:
        sql = TURN_START_SELECT.format(source="?", user="?")
        return turn_start_from_row(await self._one(sql, (source_key, user_id)))

    async def history(self, user_id: int, limit: int, offset: int = 0) -> Sequence[StoredAnalysis]:
        rows = await self._all(
            f"{ANALYSIS_SELECT} WHERE m.user_id = ? ORDER BY m.id DESC LIMIT ? OFFSET ?",
            (user_id, _sql_count(limit), _sql_count(offset)),
        )
        return [analysis_from_row(row) for row in rows]

    async def count_history(self, user_id: int) -> int:
        row = await self._one(
            "SELECT COUNT(*) FROM messages m JOIN results r ON r.message_id = m.id "
            "WHERE m.user_id = ?",
            (user_id,),
        )
        return int(row[0]) if row is not None else 0

    async def forget_user(self, user_id: int) -> int:
        async with self._transaction() as db:
            cursor = await db.execute("SELECT COUNT(*) FROM messages WHERE user_id = ?", (user_id,))
            row = await cursor.fetchone()
            await db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        await self._checkpoint()
        return int(row[0]) if row is not None else 0

    async def inbox_add(self, updates: Sequence[tuple[int, str]]) -> None:
        """A multi-row INSERT, atomic on its own and one trip to the database thread (a batch
        from getUpdates holds at most 100 updates, under the 300 rows one INSERT takes)."""
        if not updates:
            return
        now = _now()
        for start in range(0, len(updates), _INBOX_ROWS_PER_INSERT):
            batch = updates[start : start + _INBOX_ROWS_PER_INSERT]
            rows = ", ".join("(?, ?, ?)" for _ in batch)
            params = [value for update_id, payload in batch for value in (update_id, payload, now)]
            await self._write(
                f"INSERT OR IGNORE INTO inbox (update_id, payload, received_at) VALUES {rows}",
                params,
            )
        self._inbox_batches += 1
        if self._inbox_batches % _PRUNE_INBOX_EVERY == 0:
            await self._write(_PRUNE_INBOX)

    async def inbox_done(self, update_ids: Sequence[int]) -> None:
        for start in range(0, len(update_ids), _IDS_PER_STATEMENT):
            batch = update_ids[start : start + _IDS_PER_STATEMENT]
            marks = ", ".join("?" for _ in batch)
            await self._write(
                f"UPDATE inbox SET payload = '', done = 1 WHERE update_id IN ({marks})", batch
            )

    async def inbox_pending(self) -> Sequence[tuple[int, str]]:
        rows = await self._all(
            "SELECT update_id, payload FROM inbox WHERE done = 0 ORDER BY update_id"
        )
        return [(int(row[0]), str(row[1])) for row in rows]

    async def inbox_last_id(self) -> int | None:
        row = await self._one("SELECT MAX(update_id) FROM inbox")
        return None if row is None or row[0] is None else int(row[0])

    async def purge_before(self, cutoff: datetime) -> int:
        stamp = cutoff.astimezone(UTC).isoformat()
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM messages WHERE created_at < ?", (stamp,))
            removed = cursor.rowcount
            await db.execute("DELETE FROM inbox WHERE received_at < ?", (stamp,))
        await self._checkpoint()
        return removed

    async def _checkpoint(self) -> None:
        """Move deleted pages out of the WAL so deleted text does not linger in a side file."""
        await self._all("PRAGMA wal_checkpoint(TRUNCATE)")

    def user_lock(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """Nothing to do: one process owns a SQLite file, and the service orders its users."""
        return nullcontext()

    async def integrity_check(self) -> str:
        row = await self._one("PRAGMA integrity_check")
        return str(row[0]) if row is not None else "no answer"


async def _use_wal(db: aiosqlite.Connection) -> None:
    """Switch to WAL, retrying briefly while another process is creating the same new file.

    The switch needs an exclusive lock and SQLite answers SQLITE_BUSY at once instead of calling
    the busy handler, so two replicas opening a brand-new database would otherwise collide.
    """
    for attempt in range(_WAL_ATTEMPTS):
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or attempt == _WAL_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.02)


def _sql_count(value: int) -> int:
    """A LIMIT or OFFSET SQLite can bind: negative means none, and beyond int64 means "all".

    Paging values can come from button data a modified client rewrote; a number past 2**63 makes
    the sqlite3 module raise OverflowError (not sqlite3.Error) before the query even runs.
    """
    return min(max(value, 0), _SQLITE_MAX_INT)


def _prepare_location(path: Path) -> None:
    """Create the parent folder; refuse a folder as the file before aiosqlite tries it.

    aiosqlite stops its worker thread asynchronously when connect fails, which can outlive the
    event loop, so failing here keeps that common mistake clean.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a directory")


async def _user_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row is not None else 0


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
