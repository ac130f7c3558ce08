"""The PostgreSQL backend (asyncpg): one database shared by several bot replicas.

Same schema and behaviour as the SQLite backend, with the differences PostgreSQL needs: a
connection pool instead of one connection, migrations serialised across replicas by an advisory
lock, and upserts that stay correct when two replicas write the same row at once.

Connections are a shared budget: PostgreSQL refuses clients beyond ``max_connections`` (100 by
default), and every replica draws on it. A store never opens more than ``max_connections``
given here (MEDNER_DB_POOL_SIZE): one in five (at least one) holds users' advisory locks, the
rest are the pool the statements share. Nothing holds a connection while it waits, or while an
engine works, so the budget does not grow with the number of users.

Tables live in the connection's ``search_path``; a URL query such as ``?search_path=medner``
(asyncpg passes unknown query parameters on as server settings) puts them in a schema of their own.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias

import asyncpg

from storage._base import StorageError, StorageProblem
from storage._health import WriteFailures, describe
from storage._migrations import LATEST_VERSION, POSTGRES_MIGRATIONS
from storage._models import (
    RateDecision,
    StoredAnalysis,
    StoredMessage,
    TurnStart,
    UserRecord,
)
from storage._rows import (
    ANALYSIS_SELECT,
    TURN_START_SELECT,
    analysis_from_row,
    message_from_row,
    turn_start_from_row,
    user_from_row,
)

log = logging.getLogger(__name__)

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


_RECENT = "ARRAY(SELECT h FROM unnest(r.hits) AS h WHERE h > now() - $3::interval ORDER BY h)"
_ROOM = f"cardinality({_RECENT}) < $2::int"
_QUIET = "(r.quiet_until IS NOT NULL AND r.quiet_until > now())"
_TAKE_RATE = f"""
    INSERT INTO rate_limits AS r (user_id, hits, allowed, notify, quiet_until)
    VALUES ($1, ARRAY[now()], TRUE, FALSE, NULL)
    ON CONFLICT (user_id) DO UPDATE SET
        hits = CASE WHEN {_ROOM} THEN {_RECENT} || now() ELSE {_RECENT} END,
        allowed = {_ROOM},
        notify = NOT {_ROOM} AND NOT {_QUIET},
        quiet_until = CASE
            WHEN {_ROOM} THEN NULL
            WHEN {_QUIET} THEN r.quiet_until
            ELSE ({_RECENT})[1] + $3::interval
        END
    RETURNING allowed, notify, EXTRACT(EPOCH FROM quiet_until - now()) AS retry_after_s
"""
"""One statement, so replicas counting the same user at once serialise on the row: the hits in
the window (pruned as they age), whether this one was allowed, and whether a refusal is the
first since the user was last allowed (``quiet_until``: when the window has room again).
Every expression reads the row as it was before this statement."""


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

LOCK_POLL_FIRST_S = 0.01
LOCK_POLL_MAX_S = 0.2
"""A user's lock held by another replica is tried again after these waits (doubling): turns are
short, and a user is on two replicas at once only when they write in two chats at once."""

MIN_POOL_SIZE = 2
"""The lock connection and at least one for statements."""

CONNECTIONS_PER_LOCK_SESSION = 5
"""One lock connection per this many of the budget (at least one): each takes or releases a
lock per statement, one statement at a time, so a second one halves the wait for it when the
database is a network hop away."""


_HISTORY_SCOPE = "m.user_id = $1 AND ($2::bigint IS NULL OR m.chat_id = $2)"
"""A user's history, in one chat ($2) or in all of them ($2 NULL)."""


def _lock_key(user_id: int) -> int:
    """Fold a 64-bit Telegram id into the 32-bit key of the two-key advisory lock form."""
    return (user_id ^ (user_id >> 32)) & 0x7FFFFFFF


class _LockSession:
    """One connection holding every advisory lock of this replica's users.

    Session-level advisory locks belong to a connection, and one connection can hold any
    number of them, so taking or releasing a user's lock is one short statement here instead of
    a connection per user. Statements on a connection run one at a time; the guard queues them.
    A waiting user holds nothing: ``pg_try_advisory_lock`` answers at once and the wait is a
    sleep. If the connection breaks, PostgreSQL releases its locks, and the next statement
    opens a new one.
    """

    def __init__(self, url: str) -> None:
        self._url = url
        self._conn: asyncpg.Connection[asyncpg.Record] | None = None
        self._guard = asyncio.Lock()

    async def open(self) -> None:
        async with self._guard:
            await self._connection()

    async def _connection(self) -> asyncpg.Connection[asyncpg.Record]:
        if self._conn is None or self._conn.is_closed():
            with _storage_errors("cannot open the lock connection"):
                self._conn = await asyncpg.connect(self._url, timeout=10.0)
        return self._conn

    async def _ask(self, sql: str, key: int, doing: str) -> bool:
        async with self._guard:
            conn = await self._connection()
            try:
                with _storage_errors(doing):
                    return bool(await conn.fetchval(sql, _LOCK_SPACE, key, timeout=10.0))
            except StorageError:
                conn.terminate()  # its locks go with it; the next call reconnects
                raise

    async def try_lock(self, key: int) -> bool:
        return await self._ask("SELECT pg_try_advisory_lock($1, $2)", key, "taking a user's lock")

    async def unlock(self, key: int) -> None:
        """Release a lock; never raises. A failure means the connection is gone, and PostgreSQL
        released its locks with it; raising would turn a finished turn into an error."""
        try:
            await self._ask("SELECT pg_advisory_unlock($1, $2)", key, "releasing a user's lock")
        except StorageError as exc:
            log.warning("a user's lock was released with its connection: %s", exc)

    async def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.terminate()


class PostgresStore:
    """A bounded asyncpg pool; every public call is one short statement or transaction."""

    def __init__(self, url: str, *, min_connections: int = 1, max_connections: int = 10) -> None:
        if max_connections < MIN_POOL_SIZE:
            raise StorageError(f"a PostgreSQL store needs at least {MIN_POOL_SIZE} connections")
        sessions = max(1, max_connections // CONNECTIONS_PER_LOCK_SESSION)
        self._url = url
        self._max = max_connections - sessions  # the rest of the budget is the lock sessions'
        self._min = max(1, min(min_connections, self._max))
        self._pool: asyncpg.Pool[asyncpg.Record] | None = None
        self._lock_sessions = [_LockSession(url) for _ in range(sessions)]
        self._failures = WriteFailures()

    async def open(self) -> None:
        if self._pool is not None:
            return
        pool = await self._create_pool()
        try:
            async with self._acquire(pool) as conn:
                await _migrate(conn)
            for session in self._lock_sessions:
                await session.open()
        except BaseException:
            pool.terminate()
            for session in self._lock_sessions:
                await session.close()
            raise
        self._pool = pool

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
        """Hold the user's advisory lock: one replica at a time per user.

        The service queues a user's turns in arrival order within a replica; this lock keeps
        two replicas from running turns of the same user at once (a user writing in two chats
        whose updates went to different replicas). Taking it never waits on the database: a
        lock another replica holds is tried again shortly, so waiting costs no connection.
        """
        key = _lock_key(user_id)
        session = self._lock_sessions[key % len(self._lock_sessions)]
        delay = LOCK_POLL_FIRST_S
        while not await session.try_lock(key):
            await asyncio.sleep(delay)
            delay = min(delay * 2, LOCK_POLL_MAX_S)
        try:
            yield
        finally:
            await session.unlock(key)

    async def close(self) -> None:
        """Let running queries finish, but do not let a stuck one hold up shutdown."""
        for session in self._lock_sessions:
            await session.close()
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
            await conn.execute("DELETE FROM rate_limits WHERE user_id = $1", user_id)
        return int(removed)

    async def take_rate(self, user_id: int, limit: int, window_s: float) -> RateDecision:
        row = await self._fetchrow(_TAKE_RATE, user_id, limit, timedelta(seconds=window_s))
        if row is None:
            raise StorageError("the rate limit could not be counted")
        retry = row["retry_after_s"]
        return RateDecision(
            allowed=bool(row["allowed"]),
            notify=bool(row["notify"]),
            retry_after_s=max(0.0, float(retry)) if retry is not None else 0.0,
        )

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
            # Request counts of users quiet since the cutoff: nothing left to limit.
            await conn.execute(
                "DELETE FROM rate_limits WHERE hits[cardinality(hits)] < $1",
                cutoff.astimezone(UTC),
            )
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
