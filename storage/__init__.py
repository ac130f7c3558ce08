"""Persistence of users, messages and results; knows nothing of Telegram or engines."""

from storage._base import WRITE_PROBLEMS, StorageError, StorageProblem, Store
from storage._health import WriteFailures
from storage._models import StoredAnalysis, StoredMessage, TurnStart, UserRecord
from storage._sqlite import SQLiteStore


def store_for_url(url: str) -> Store:
    """The backend a database URL names: ``sqlite:///path`` (default) or ``postgresql://...``."""
    if url.startswith("sqlite:///"):
        return SQLiteStore(url.removeprefix("sqlite:///"))
    if url.startswith(("postgresql://", "postgres://")):
        from storage._postgres import PostgresStore

        return PostgresStore(url)
    raise StorageError(f"unsupported database URL scheme in {url.split(':', 1)[0]!r}")


async def open_store(url: str) -> Store:
    """Open the backend for ``url`` with its schema migrated to the latest version."""
    store = store_for_url(url)
    await store.open()
    return store


__all__ = [
    "WRITE_PROBLEMS",
    "SQLiteStore",
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
