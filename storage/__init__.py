"""Persistence of users, messages and results; knows nothing of Telegram or engines."""

from storage._base import WRITE_PROBLEMS, SharedRateLimits, StorageError, StorageProblem, Store
from storage._health import WriteFailures
from storage._models import (
    RateDecision,
    StoredAnalysis,
    StoredMessage,
    TurnStart,
    UserRecord,
)
from storage._sqlite import SQLiteStore

DEFAULT_POOL_SIZE = 10
"""Connections one process opens to PostgreSQL at most (MEDNER_DB_POOL_SIZE)."""


def store_for_url(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> Store:
    """The backend a database URL names: ``sqlite:///path`` (default) or ``postgresql://...``.

    ``pool_size`` bounds the connections a PostgreSQL store opens (SQLite has one).
    """
    if url.startswith("sqlite:///"):
        return SQLiteStore(url.removeprefix("sqlite:///"))
    if url.startswith(("postgresql://", "postgres://")):
        from storage._postgres import PostgresStore

        return PostgresStore(url, max_connections=pool_size)
    raise StorageError(f"unsupported database URL scheme in {url.split(':', 1)[0]!r}")


async def open_store(url: str, *, pool_size: int = DEFAULT_POOL_SIZE) -> Store:
    """Open the backend for ``url`` with its schema migrated to the latest version."""
    store = store_for_url(url, pool_size=pool_size)
    await store.open()
    return store


__all__ = [
    "DEFAULT_POOL_SIZE",
    "WRITE_PROBLEMS",
    "RateDecision",
    "SQLiteStore",
    "SharedRateLimits",
    "StorageError",
    "StorageProblem",
    "Store",
    "StoredAnalysis",
    "StoredMessage",
    "TurnStart",
    "UserRecord",
    "WriteFailures",
    "open_store",
    "store_for_url",
]
