"""The embedded SQLite backend (aiosqlite): WAL, foreign keys, secure delete.

The file is watched: when the path no longer names the file the connection has open (deleted,
or replaced by a restored copy), the store reopens the path instead of writing on into an
unlinked file that a restart would lose.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, nullcontext, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage._base import StorageError, StorageProblem
from storage._health import WriteFailures, describe
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

log = logging.getLogger(__name__)

_WAL_ATTEMPTS = 100
_BUSY_TIMEOUT_MS = 5000
_INSERT_USER = (
    "INSERT OR IGNORE INTO users (user_id, engine, epoch, created_at, updated_at) "
    "VALUES (?, NULL, 0, ?, ?)"
)
_PRUNE_INBOX = "DELETE FROM inbox WHERE done = 1 AND update_id < (SELECT MAX(update_id) FROM inbox)"
_SQLITE_MAX_INT = 2**63 - 1
_RESTART_HOLDERS = (
    "UPDATE users SET epoch = epoch + 1, updated_at = ? WHERE user_id IN "
    "(SELECT user_id FROM messages WHERE author_id = ? AND user_id <> ?)"
)
"""See Store.forget_user: whoever holds the forgotten author's words starts a new session."""
_INBOX_ROWS_PER_INSERT = 300
"""Rows per INSERT: 900 parameters, well under SQLite's oldest limit of 999."""
_IDS_PER_STATEMENT = 900
"""Parameters per statement, under SQLite's oldest limit of 999."""
_PRUNE_INBOX_EVERY = 50
"""Handled updates are deleted from the inbox every this many batches: housekeeping only."""


_PROBLEMS = {
    sqlite3.SQLITE_FULL: StorageProblem.FULL,
    sqlite3.SQLITE_READONLY: StorageProblem.READ_ONLY,
    sqlite3.SQLITE_IOERR: StorageProblem.FAILING,
    sqlite3.SQLITE_CORRUPT: StorageProblem.FAILING,
    sqlite3.SQLITE_NOTADB: StorageProblem.FAILING,
    sqlite3.SQLITE_CANTOPEN: StorageProblem.FAILING,
    sqlite3.SQLITE_BUSY: StorageProblem.BUSY,
    sqlite3.SQLITE_LOCKED: StorageProblem.BUSY,
}
"""Primary result codes (an extended code's low byte) and what they mean for the bot."""

FileIdentity = tuple[int, int]


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _problem_of(exc: sqlite3.Error) -> StorageProblem:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return StorageProblem.OTHER
    return _PROBLEMS.get(code & 0xFF, StorageProblem.OTHER)


def _file_identity(path: str) -> FileIdentity | None:
    """The device and inode the path names now; None when nothing is there."""
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_dev, status.st_ino


def _remove_side_files(path: str) -> None:
    """Delete the write-ahead log and its index left beside ``path`` by a closed connection."""
    for suffix in ("-wal", "-shm"):
        with suppress(FileNotFoundError):
            os.remove(path + suffix)


def _wal_is_empty(path: str) -> bool:
    try:
        return os.path.getsize(f"{path}-wal") == 0
    except FileNotFoundError:
        return True


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
        self._identity: FileIdentity | None = None
        """The file the connection has open; None for ``:memory:`` or before ``open``."""
        self._lost = False
        """The file was deleted or replaced and the path could not be opened again (yet)."""
        self._failures = WriteFailures()

    @property
    def path(self) -> str:
        return self._path

    async def open(self) -> None:
        if self._db is not None:
            return  # a second connection would leak a worker thread that blocks interpreter exit
        await self._connect()
        # Deleted rows a previous run could not clear from the write-ahead log go now, if
        # the reader that held them has let go.
        with suppress(StorageError):
            await self.scrub()

    async def _connect(self) -> None:
        """Open the path, migrated; the caller holds ``_lock`` or nothing else runs yet."""
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
                f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}",
            ):
                await self._db.execute(pragma)
            await _migrate(self._db)
            if self._path != ":memory:":
                self._identity = _file_identity(self._path)
            self._lost = False
        except (sqlite3.Error, OSError) as exc:
            await self._disconnect()
            problem = _problem_of(exc) if isinstance(exc, sqlite3.Error) else StorageProblem.FAILING
            raise StorageError(f"cannot open the database {self._path}: {exc}", problem) from exc

    async def close(self) -> None:
        await self._disconnect()
        self._identity, self._lost = None, False

    async def _disconnect(self) -> None:
        if self._db is not None:
            db, self._db = self._db, None
            await db.close()

    def _moved(self) -> bool:
        """True when the path no longer names the file the connection has open."""
        return self._identity is not None and _file_identity(self._path) != self._identity

    async def _follow_the_file(self) -> None:
        """Reopen the path when its file was deleted or replaced since it was opened.

        Otherwise every later write would land in the unlinked file and be lost at the next
        restart. The ``-wal`` and ``-shm`` beside the path belong to the old file (SQLite leaves
        them when the file it checkpoints into has moved) and must not be replayed into the new
        one, so they go once the old connection is closed. A deleted file is replaced by a new,
        empty database, as a restart would do; a file put in its place (a restored backup, which
        ``.backup`` and ``VACUUM INTO`` make self-contained) is used as it is.
        """
        if not self._moved():
            return
        async with self._lock:
            if not self._moved():
                return  # another task reopened it meanwhile
            log.warning("the database file %s was deleted or replaced; reopening it", self._path)
            await self._disconnect()
            _remove_side_files(self._path)
            try:
                await self._connect()
            except StorageError as exc:
                self._lost = True
                self._failures.record(StorageProblem.GONE)
                raise StorageError(
                    f"the database file was deleted or replaced and cannot be reopened: {exc}",
                    StorageProblem.GONE,
                ) from exc

    def _error(self, exc: sqlite3.Error) -> StorageError:
        """The StorageError for a failed statement, remembered when writes are failing."""
        problem = _problem_of(exc)
        self._failures.record(problem)
        return StorageError(str(exc), problem)

    @property
    def _conn(self) -> aiosqlite.Connection:
        if self._db is None:
            if self._lost:
                raise StorageError("the database file cannot be reopened", StorageProblem.GONE)
            raise StorageError("the store is not open", StorageProblem.UNAVAILABLE)
        return self._db

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        await self._follow_the_file()
        async with self._lock:
            try:
                async with _immediate(self._conn) as db:
                    yield db
            except sqlite3.Error as exc:
                raise self._error(exc) from exc

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
            raise self._error(exc) from exc

    async def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[sqlite3.Row]:
        """``_all`` with sqlite3's own errors, for callers that handle one of them."""
        await self._follow_the_file()
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
        author_id: int | None = None,
    ) -> StoredMessage:
        now = _now()
        insert = (
            "INSERT INTO messages "
            "(user_id, chat_id, text, epoch, created_at, source_key, author_id) "
            "VALUES (?, ?, ?, COALESCE(?, (SELECT epoch FROM users WHERE user_id = ?), 0), "
            "?, ?, ?) ON CONFLICT(source_key) DO NOTHING RETURNING *"
        )
        params = (user_id, chat_id, text, epoch, user_id, now, source_key, author_id)
        try:
            rows = await self._rows(insert, params)
        except sqlite3.IntegrityError as exc:
            # The user is new: create them and store again. Trying first saves a statement
            # on every message of a known user, which is nearly every message.
            if "FOREIGN KEY" not in str(exc):
                raise self._error(exc) from exc
            await self._write(_INSERT_USER, (user_id, now, now))
            rows = await self._write(insert, params)
        except sqlite3.Error as exc:
            raise self._error(exc) from exc
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

    async def history(
        self, user_id: int, limit: int, offset: int = 0, chat_id: int | None = None
    ) -> Sequence[StoredAnalysis]:
        where, params = _history_scope(user_id, chat_id)
        rows = await self._all(
            f"{ANALYSIS_SELECT} WHERE {where} ORDER BY m.id DESC LIMIT ? OFFSET ?",
            (*params, _sql_count(limit), _sql_count(offset)),
        )
        return [analysis_from_row(row) for row in rows]

    async def count_history(self, user_id: int, chat_id: int | None = None) -> int:
        where, params = _history_scope(user_id, chat_id)
        row = await self._one(
            f"SELECT COUNT(*) FROM messages m JOIN results r ON r.message_id = m.id WHERE {where}",
            params,
        )
        return int(row[0]) if row is not None else 0

    async def forget_user(self, user_id: int) -> int:
        async with self._transaction() as db:
            await db.execute(_RESTART_HOLDERS, (_now(), user_id, user_id))
            cursor = await db.execute(
                "DELETE FROM messages WHERE user_id = ? OR author_id = ?", (user_id, user_id)
            )
            removed = cursor.rowcount
            await db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        return removed

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
        return removed

    async def scrub(self) -> bool:
        """Checkpoint the WAL into the file and truncate it, and say whether that held.

        ``wal_checkpoint(TRUNCATE)`` cannot finish while another connection (``sqlite3
        .backup``, a reader left open) still reads an older snapshot: it then reports "busy"
        and the old pages, deleted text included, stay in ``-wal`` (and the file keeps the old
        pages too). The answer is only trusted when SQLite reports no busy reader and an empty
        log, and the ``-wal`` file is empty on disk. The busy handler is off meanwhile, so an
        attempt never holds the database thread (everyone's statements) for the busy timeout.
        """
        if self._identity is None:
            return True  # ":memory:" has no side file
        await self._follow_the_file()
        async with self._lock:
            db = self._conn
            try:
                await db.execute("PRAGMA busy_timeout=0")
                try:
                    rows = list(await db.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)"))
                finally:
                    await db.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
            except sqlite3.Error as exc:
                raise self._error(exc) from exc
            busy, frames = (int(rows[0][0]), int(rows[0][1])) if rows else (1, -1)
            return busy == 0 and frames == 0 and _wal_is_empty(self._path)

    def user_lock(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """Nothing to do: one process owns a SQLite file, and the service orders its users."""
        return nullcontext()

    async def integrity_check(self) -> str:
        row = await self._one("PRAGMA integrity_check")
        return str(row[0]) if row is not None else "no answer"

    async def health_problem(self) -> str | None:
        try:
            version = await self.schema_version()  # follows a deleted or replaced file first
        except StorageError as exc:
            return describe(exc.problem)
        if version <= 0:
            return "the database has no tables"
        return self._failures.problem()


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


def _history_scope(user_id: int, chat_id: int | None) -> tuple[str, tuple[int, ...]]:
    """The WHERE clause of a user's history, in one chat or all of them."""
    if chat_id is None:
        return "m.user_id = ?", (user_id,)
    return "m.user_id = ? AND m.chat_id = ?", (user_id, chat_id)


@asynccontextmanager
async def _immediate(db: aiosqlite.Connection) -> AsyncIterator[aiosqlite.Connection]:
    """A write transaction: BEGIN IMMEDIATE, COMMIT, or ROLLBACK on any exception."""
    await db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        await db.execute("ROLLBACK")
        raise
    await db.execute("COMMIT")


async def _migrate(db: aiosqlite.Connection) -> None:
    for version, script in SQLITE_MIGRATIONS:
        async with _immediate(db):
            # Read under the write lock: another process may have migrated meanwhile.
            if await _user_version(db) >= version:
                continue
            for statement in _statements(script):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version={version:d}")


async def _user_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row is not None else 0


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
