"""The PostgreSQL backend (asyncpg): one database shared by several bot replicas.

Same schema and behaviour as the SQLite backend, with the differences PostgreSQL needs: a
connection pool instead of one connection, migrations serialised across replicas by an advisory
lock, and upserts that stay correct when two replicas write the same row at once.

Tables live in the connection's ``search_path``; a URL query such as ``?search_path=medner``
(asyncpg passes unknown query parameters on as server settings) puts them in a schema of their own.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

from storage._base import StorageError, StorageProblem
from storage._health import WriteFailures, describe
from storage._migrations import LATEST_VERSION, POSTGRES_MIGRATIONS
from storage._models import StoredAnalysis, StoredMessage, TurnStart, UserRecord
from storage._rows import (
    ANALYSIS_SELECT,
    TURN_START_SELECT,
    analysis_from_row,
    message_from_row,
    turn_start_from_row,
    user_from_row,
)

if TYPE_CHECKING:
    from asyncpg.pool import PoolConnectionProxy

_Connection: TypeAlias = "PoolConnectionProxy[asyncpg.Record]"

_MIGRATION_LOCK_KEY = 0x6D65646E6572
"""``pg_advisory_xact_lock`` key ("medner"): replicas starting together migrate one at a time."""

_DRIVER_ERRORS = (asyncpg.PostgresError, asyncpg.InterfaceError, OSError, TimeoutError)
"""What asyncpg raises for a failing server, network or pool; callers only see StorageError."""

_CLOSE_TIMEOUT_S = 10.0

_CREATE_MIGRATIONS_TABLE = """
    CREATE TABLE schema_migrations (
        version     INTEGER PRIMARY KEY,
        applied_at  TIMESTAMPTZ NOT NULL DEFAULT now()
    )
"""

_INSERT_USER = (
    "INSERT INTO users (user_id, engine, epoch, created_at, updated_at) "
    "VALUES ($1, NULL, 0, $2, $2) ON CONFLICT (user_id) DO NOTHING"
)


def _now() -> datetime:
    return datetime.now(UTC)


_SQLSTATE_PROBLEMS = {
    "53100": StorageProblem.FULL,  # disk_full
    "25006": StorageProblem.READ_ONLY,  # read_only_sql_transaction
    "58030": StorageProblem.FAILING,  # io_error
    "XX001": StorageProblem.FAILING,  # data_corrupted
    "XX002": StorageProblem.FAILING,  # index_corrupted
    "53300": StorageProblem.BUSY,  # too_many_connections
    "55P03": StorageProblem.BUSY,  # lock_not_available
    "57P03": StorageProblem.UNAVAILABLE,  # cannot_connect_now
}


def _problem_of(exc: BaseException) -> StorageProblem:
    """What a driver failure means for the bot: the server's SQLSTATE, or the network."""
    if isinstance(exc, asyncpg.PostgresError):
        state = str(getattr(exc, "sqlstate", "") or "")
        if state in _SQLSTATE_PROBLEMS:
            return _SQLSTATE_PROBLEMS[state]
        if state.startswith("08"):
            return StorageProblem.UNAVAILABLE  # connection_exception
        return StorageProblem.OTHER
    if isinstance(exc, TimeoutError):
        return StorageProblem.BUSY
    return StorageProblem.UNAVAILABLE  # OSError, InterfaceError: the server is out of reach


@contextmanager
def _storage_errors(doing: str, failures: WriteFailures | None = None) -> Iterator[None]:
    """Turn driver and network failures into StorageError, naming what failed but no data;
    ``failures`` remembers those that fail writes until an operator acts (a full disk)."""
    try:
        yield
    except _DRIVER_ERRORS as exc:
        problem = _problem_of(exc)
        if failures is not None:
            failures.record(problem)
        raise StorageError(f"{doing}: {type(exc).__name__}: {exc}", problem) from exc


_LOCK_SPACE = 0x6D6E  # "mn": keeps our advisory locks apart from any other application's
_LOCK_CONNECTIONS = 64


_HISTORY_SCOPE = "m.user_id = $1 AND ($2::bigint IS NULL OR m.chat_id = $2)"
"""A user's history, in one chat ($2) or in all of them ($2 NULL)."""


def _lock_key(user_id: int) -> int:
    """Fold a 64-bit Telegram id into the 32-bit key of the two-key advisory lock form."""
    return (user_id ^ (user_id >> 32)) & 0x7FFFFFFF


class PostgresStore:
    """A small asyncpg pool; every public call is one short statement or transaction."""

    def __init__(self, url: str, *, min_connections: int = 1, max_connections: int = 10) -> None:
        self._url = url
        self._min = min_connections
        self._max = max_connections
        self._pool: asyncpg.Pool[asyncpg.Record] | None = None
        self._lock_pool: asyncpg.Pool[asyncpg.Record] | None = None
        self._lock_pool_ready = asyncio.Lock()
        self._failures = WriteFailures()

    async def open(self) -> None:
        if self._pool is not None:
            return
        pool = await self._create_pool()
        try:
            async with self._acquire(pool) as conn:
                await _migrate(conn)
        except BaseException:
            pool.terminate()
            raise
        self._pool = pool
        await self._locks_pool()  # warm: a user's first turn should not wait for a connection

    async def _create_pool(self) -> asyncpg.Pool[asyncpg.Record]:
        with _storage_errors("cannot open the database"):
            try:
                return await asyncpg.create_pool(
                    self._url,
                    min_size=self._min,
                    max_size=self._max,
                    timeout=10.0,
                    command_timeout=30.0,
                )
            except ValueError as exc:
                # The message can quote the URL, and the URL can hold a password.
                raise StorageError("the PostgreSQL database URL is invalid") from exc

    @asynccontextmanager
    async def user_lock(self, user_id: int) -> AsyncIterator[None]:
        """Hold the user's session-level advisory lock: one replica at a time per user.

        PostgreSQL queues advisory-lock waiters in arrival order, so a user's messages are
        handled in order even when a load balancer spreads them over replicas. The locks live
        on a pool of their own, so a slow engine call holding one never starves the queries.
        """
        pool = await self._locks_pool()
        with _storage_errors("taking the user's lock"):
            conn = await pool.acquire()
        try:
            with _storage_errors("taking the user's lock"):
                await conn.execute(
                    "SELECT pg_advisory_lock($1, $2)", _LOCK_SPACE, _lock_key(user_id)
                )
            try:
                yield
            finally:
                with _storage_errors("releasing the user's lock"):
                    await conn.execute(
                        "SELECT pg_advisory_unlock($1, $2)", _LOCK_SPACE, _lock_key(user_id)
                    )
        finally:
            await pool.release(conn)

    async def _locks_pool(self) -> asyncpg.Pool[asyncpg.Record]:
        async with self._lock_pool_ready:
            if self._lock_pool is None:
                with _storage_errors("cannot open the lock pool"):
                    self._lock_pool = await asyncpg.create_pool(
                        self._url, min_size=2, max_size=_LOCK_CONNECTIONS, timeout=10.0
                    )
            return self._lock_pool

    async def close(self) -> None:
        """Let running queries finish, but do not let a stuck one hold up shutdown."""
        lock_pool, self._lock_pool = self._lock_pool, None
        if lock_pool is not None:
            lock_pool.terminate()
        pool, self._pool = self._pool, None
        if pool is None:
            return
        try:
            await asyncio.wait_for(pool.close(), _CLOSE_TIMEOUT_S)
        except TimeoutError:
            pool.terminate()
        except _DRIVER_ERRORS as exc:
            pool.terminate()
            raise StorageError(f"closing the database: {type(exc).__name__}: {exc}") from exc

    @asynccontextmanager
    async def _acquire(
        self, pool: asyncpg.Pool[asyncpg.Record] | None = None
    ) -> AsyncIterator[_Connection]:
        if pool is None:
            pool = self._pool
        if pool is None:
            raise StorageError("the store is not open", StorageProblem.UNAVAILABLE)
        with _storage_errors("database error", self._failures):
            async with pool.acquire(timeout=10.0) as conn:
                yield conn

    @asynccontextmanager
    async def _transaction(self) -> AsyncIterator[_Connection]:
        async with self._acquire() as conn, conn.transaction():
            yield conn

    async def _fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        async with self._acquire() as conn:
            return await conn.fetchrow(sql, *args)

    async def _fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self._acquire() as conn:
            return await conn.fetch(sql, *args)

    async def _fetchval(self, sql: str, *args: Any) -> Any:
        async with self._acquire() as conn:
            return await conn.fetchval(sql, *args)

    async def schema_version(self) -> int:
        async with self._acquire() as conn:
            return await _schema_version(conn)

    async def integrity_check(self) -> str:
        """``"ok"`` when the server answers and the schema is the one this code expects."""
        version = await self.schema_version()
        if version != LATEST_VERSION:
            return f"schema version {version}, expected {LATEST_VERSION}"
        return "ok"

    async def health_problem(self) -> str | None:
        try:
            version = await self.schema_version()
        except StorageError as exc:
            return describe(exc.problem)
        if version <= 0:
            return "the database has no tables"
        return self._failures.problem()

    async def scrub(self) -> bool:
        """Nothing a client can do: deleted rows stay in the server's files until vacuum
        reuses their space, and in its WAL until recycled (see docs/privacy.md)."""
        return True

    async def get_user(self, user_id: int) -> UserRecord | None:
        row = await self._fetchrow("SELECT * FROM users WHERE user_id = $1", user_id)
        return user_from_row(row) if row is not None else None

    async def ensure_user(self, user_id: int) -> UserRecord:
        existing = await self.get_user(user_id)
        if existing is not None:
            return existing
        async with self._acquire() as conn:
            await conn.execute(_INSERT_USER, user_id, _now())
            # A separate statement: its snapshot sees a row a concurrent replica just inserted.
            row = await conn.fetchrow("SELECT * FROM users WHERE user_id = $1", user_id)
        return _required_user(row, user_id)

    async def set_engine(self, user_id: int, engine: str) -> UserRecord:
        row = await self._fetchrow(
            "INSERT INTO users (user_id, engine, epoch, created_at, updated_at) "
            "VALUES ($1, $2, 1, $3, $3) ON CONFLICT (user_id) DO UPDATE SET "
            "engine = excluded.engine, epoch = users.epoch + 1, updated_at = excluded.updated_at "
            "RETURNING *",
            user_id,
            engine,
            _now(),
        )
        return _required_user(row, user_id)

    async def new_epoch(self, user_id: int) -> UserRecord:
        row = await self._fetchrow(
            "INSERT INTO users (user_id, engine, epoch, created_at, updated_at) "
            "VALUES ($1, NULL, 1, $2, $2) ON CONFLICT (user_id) DO UPDATE SET "
            "epoch = users.epoch + 1, updated_at = excluded.updated_at "
            "RETURNING *",
            user_id,
            _now(),
        )
        return _required_user(row, user_id)

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
        async with self._acquire() as conn:
            await conn.execute(_INSERT_USER, user_id, now)
            row = await conn.fetchrow(
                "INSERT INTO messages "
                "(user_id, chat_id, text, epoch, created_at, source_key, author_id) "
                "VALUES ($1, $2, $3, "
                "COALESCE($4::bigint, (SELECT epoch FROM users WHERE user_id = $1)), $5, $6, $7) "
                "ON CONFLICT (source_key) DO NOTHING RETURNING *",
                user_id,
                chat_id,
                text,
                epoch,
                now,
                source_key,
                author_id,
            )
            if row is None:
                row = await conn.fetchrow(
                    "SELECT * FROM messages WHERE source_key = $1", source_key
                )
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
        async with self._acquire() as conn:
            await conn.execute(
                "INSERT INTO results "
                "(message_id, entities, engine, latency_ms, note, created_at, relations) "
                "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (message_id) DO UPDATE SET "
                "entities = excluded.entities, engine = excluded.engine, "
                "latency_ms = excluded.latency_ms, note = excluded.note, "
                "relations = excluded.relations",
                message_id,
                entities_json,
                engine,
                latency_ms,
                note,
                _now(),
                relations_json,
            )

    async def mark_replied(self, message_id: int) -> None:
        async with self._acquire() as conn:
            await conn.execute(
                "UPDATE results SET replied_at = $1 WHERE message_id = $2 AND replied_at IS NULL",
                _now(),
                message_id,
            )

    async def get_analysis(self, message_id: int) -> StoredAnalysis | None:
        row = await self._fetchrow(f"{ANALYSIS_SELECT} WHERE m.id = $1", message_id)
        return analysis_from_row(row) if row is not None else None

    async def find_by_source(self, source_key: str) -> StoredAnalysis | None:
        row = await self._fetchrow(f"{ANALYSIS_SELECT} WHERE m.source_key = $1", source_key)
        return analysis_from_row(row) if row is not None else None

    async def recent_turns(self, user_id: int, epoch: int, limit: int) -> Sequence[StoredAnalysis]:
        if limit <= 0:
            return []
        rows = await self._fetch(
            f"{ANALYSIS_SELECT} WHERE m.user_id = $1 AND m.epoch = $2 ORDER BY m.id DESC LIMIT $3",
            user_id,
            epoch,
            limit,
        )
        return [analysis_from_row(row) for row in reversed(rows)]

    async def turn_start(self, user_id: int, source_key: str | None) -> TurnStart:
        sql = TURN_START_SELECT.format(source="$2", user="$1")
        return turn_start_from_row(await self._fetchrow(sql, user_id, source_key))

    async def history(
        self, user_id: int, limit: int, offset: int = 0, chat_id: int | None = None
    ) -> Sequence[StoredAnalysis]:
        rows = await self._fetch(
            f"{ANALYSIS_SELECT} WHERE {_HISTORY_SCOPE} ORDER BY m.id DESC LIMIT $3 OFFSET $4",
            user_id,
            chat_id,
            max(limit, 0),
            max(offset, 0),
        )
        return [analysis_from_row(row) for row in rows]

    async def count_history(self, user_id: int, chat_id: int | None = None) -> int:
        count = await self._fetchval(
            "SELECT count(*) FROM messages m JOIN results r ON r.message_id = m.id "
            f"WHERE {_HISTORY_SCOPE}",
            user_id,
            chat_id,
        )
        return int(count)

    async def forget_user(self, user_id: int) -> int:
        """Delete the user's messages (results cascade), then the user row itself.

        PostgreSQL keeps deleted tuples until (auto)vacuum reclaims them; that is the server's
        retention, outside what a client can force inside a transaction.
        """
        async with self._transaction() as conn:
            await conn.execute(
                "UPDATE users SET epoch = epoch + 1, updated_at = $2 WHERE user_id IN "
                "(SELECT user_id FROM messages WHERE author_id = $1 AND user_id <> $1)",
                user_id,
                _now(),
            )
            removed = await conn.fetchval(
                "WITH gone AS (DELETE FROM messages WHERE user_id = $1 OR author_id = $1 "
                "RETURNING 1) SELECT count(*) FROM gone",
                user_id,
            )
            await conn.execute("DELETE FROM users WHERE user_id = $1", user_id)
        return int(removed)

    async def inbox_add(self, updates: Sequence[tuple[int, str]]) -> None:
        if not updates:
            return
        now = _now()
        async with self._transaction() as conn:
            await conn.executemany(
                "INSERT INTO inbox (update_id, payload, received_at) VALUES ($1, $2, $3) "
                "ON CONFLICT (update_id) DO NOTHING",
                [(update_id, payload, now) for update_id, payload in updates],
            )
            await conn.execute(
                "DELETE FROM inbox WHERE done AND update_id < (SELECT max(update_id) FROM inbox)"
            )

    async def inbox_done(self, update_ids: Sequence[int]) -> None:
        if update_ids:
            await self._fetchval(
                "UPDATE inbox SET payload = '', done = TRUE WHERE update_id = ANY($1::bigint[])",
                list(update_ids),
            )

    async def inbox_pending(self) -> Sequence[tuple[int, str]]:
        rows = await self._fetch(
            "SELECT update_id, payload FROM inbox WHERE NOT done ORDER BY update_id"
        )
        return [(int(row["update_id"]), str(row["payload"])) for row in rows]

    async def inbox_last_id(self) -> int | None:
        value = await self._fetchval("SELECT max(update_id) FROM inbox")
        return None if value is None else int(value)

    async def purge_before(self, cutoff: datetime) -> int:
        async with self._transaction() as conn:
            removed = await conn.fetchval(
                "WITH gone AS (DELETE FROM messages WHERE created_at < $1 RETURNING 1) "
                "SELECT count(*) FROM gone",
                cutoff.astimezone(UTC),
            )
            await conn.execute("DELETE FROM inbox WHERE received_at < $1", cutoff.astimezone(UTC))
        return int(removed)


def _required_user(row: asyncpg.Record | None, user_id: int) -> UserRecord:
    if row is None:
        raise StorageError(f"user {user_id} vanished")
    return user_from_row(row)


async def _schema_version(conn: _Connection) -> int:
    """0 for a database this code never migrated, else the last migration applied."""
    if await conn.fetchval("SELECT to_regclass('schema_migrations') IS NULL"):
        return 0
    version = await conn.fetchval("SELECT COALESCE(max(version), 0) FROM schema_migrations")
    return int(version)


async def _migrate(conn: _Connection) -> None:
    """Apply the pending migrations in one transaction, holding the database's migration lock.

    The transaction-scoped advisory lock makes a second replica wait, then see the schema the
    first one committed, instead of racing it to create the same tables.
    """
    async with conn.transaction():
        await conn.execute("SELECT pg_advisory_xact_lock($1)", _MIGRATION_LOCK_KEY)
        if await conn.fetchval("SELECT to_regclass('schema_migrations') IS NULL"):
            await conn.execute(_CREATE_MIGRATIONS_TABLE)
        current = await _schema_version(conn)
        for version, script in POSTGRES_MIGRATIONS:
            if version > current:
                await conn.execute(script)
                await conn.execute("INSERT INTO schema_migrations (version) VALUES ($1)", version)
