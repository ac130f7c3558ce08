"""The storage interface every backend implements (SQLite by default, PostgreSQL to scale)."""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from enum import StrEnum
from typing import Protocol, runtime_checkable

from storage._models import RateDecision, StoredAnalysis, StoredMessage, TurnStart, UserRecord


class StorageProblem(StrEnum):
    """Why the database failed, in terms a user and an operator can act on."""

    FULL = "full"
    """The disk, or the database's quota, is full: nothing more can be written."""
    READ_ONLY = "read-only"
    """The database or its file system only allows reading."""
    FAILING = "failing"
    """Input/output errors or corruption: the storage itself is failing."""
    GONE = "gone"
    """The database file was deleted or replaced and could not be reopened."""
    BUSY = "busy"
    """Locked by someone else, or out of connections; usually passes on its own."""
    UNAVAILABLE = "unavailable"
    """The database cannot be reached or is not open."""
    OTHER = "other"


WRITE_PROBLEMS = frozenset(
    {StorageProblem.FULL, StorageProblem.READ_ONLY, StorageProblem.FAILING, StorageProblem.GONE}
)
"""Problems that fail every write until an operator acts: /healthz reports them."""


class StorageError(Exception):
    """The database could not do what was asked (locked, disk full, gone); safe to retry later.

    ``problem`` says why, so a reply can name the cause ("the bot's storage is full") and the
    health check can report failing writes.
    """

    def __init__(self, message: str, problem: StorageProblem = StorageProblem.OTHER) -> None:
        super().__init__(message)
        self.problem = problem


class Store(Protocol):
    """Users, messages and results. Every query is scoped to one user id."""

    async def open(self) -> None:
        """Connect and bring the schema up to the latest migration."""
        ...

    async def close(self) -> None: ...

    async def schema_version(self) -> int: ...

    async def integrity_check(self) -> str:
        """ "ok" when the database is sound (SQLite: PRAGMA integrity_check)."""
        ...

    async def health_problem(self) -> str | None:
        """Why the store cannot serve now, or None when it can: the database does not answer,
        has lost its tables, its file was deleted or replaced, or writes have been failing
        (a full disk) recently. What /healthz reports."""
        ...

    def user_lock(self, user_id: int) -> AbstractAsyncContextManager[None]:
        """Exclusive turn for one user across every process sharing this database."""
        ...

    async def get_user(self, user_id: int) -> UserRecord | None: ...

    async def ensure_user(self, user_id: int) -> UserRecord:
        """The user's record, created on first contact."""
        ...

    async def set_engine(self, user_id: int, engine: str) -> UserRecord:
        """Store the user's engine choice and start a new conversation epoch."""
        ...

    async def new_epoch(self, user_id: int) -> UserRecord:
        """Start a fresh conversation session; history is kept."""
        ...

    async def add_message(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        epoch: int | None,
        source_key: str | None = None,
        author_id: int | None = None,
    ) -> StoredMessage:
        """Store a user's message, creating the user if new. A repeated ``source_key`` returns
        the existing row. ``epoch`` None is the user's current epoch, read by the statement
        itself: the caller need not wait for a read of the user first. ``author_id`` names
        whose words ``text`` is when they are not the user's (``/ner`` in reply to someone
        else's message): the author's ``forget_user`` deletes the row too."""
        ...

    async def add_result(
        self,
        message_id: int,
        entities_json: str,
        engine: str,
        latency_ms: float,
        note: str | None = None,
        relations_json: str = "[]",
    ) -> None: ...

    async def mark_replied(self, message_id: int) -> None: ...

    async def get_analysis(self, message_id: int) -> StoredAnalysis | None: ...

    async def find_by_source(self, source_key: str) -> StoredAnalysis | None:
        """The analysis of an already-delivered update, so a redelivery is not analysed twice."""
        ...

    async def recent_turns(self, user_id: int, epoch: int, limit: int) -> Sequence[StoredAnalysis]:
        """The user's last ``limit`` analysed messages of ``epoch``, oldest first."""
        ...

    async def turn_start(self, user_id: int, source_key: str | None) -> TurnStart:
        """The user, their latest analysed message of the current epoch, and whether an
        analysed message has ``source_key``: what a new message's turn reads first, in one
        statement (each statement is a trip to the database)."""
        ...

    async def history(
        self, user_id: int, limit: int, offset: int = 0, chat_id: int | None = None
    ) -> Sequence[StoredAnalysis]:
        """The user's analyses, newest first; with ``chat_id``, only those made in that chat."""
        ...

    async def count_history(self, user_id: int, chat_id: int | None = None) -> int: ...

    async def forget_user(self, user_id: int) -> int:
        """Delete every row of the user's, and every message whose author they are; returns
        how many messages went. Users whose history held such a message start a new
        conversation epoch in the same transaction: an engine session built before (a Gemini
        chat, on any replica) would otherwise keep sending the forgotten words along."""
        ...

    async def scrub(self) -> bool:
        """Clear side copies of deleted rows; True once none is left that the bot can clear.

        SQLite keeps recent pages, deleted text included, in its write-ahead log until a
        checkpoint resets it, and a checkpoint cannot while another connection (a backup)
        holds a read: then this is False, and the caller tries again later.
        """
        ...

    async def inbox_add(self, updates: Sequence[tuple[int, str]]) -> None:
        """Keep received updates (id, raw JSON) until handled; a known id is ignored.

        Long polling confirms a batch to Telegram with the next request, before the batch is
        handled; what is kept here is replayed after a crash instead of being lost.
        """
        ...

    async def inbox_done(self, update_ids: Sequence[int]) -> None:
        """These updates were handled: their payloads are dropped, their ids kept as the
        high-water mark. Many at once, so a poller can mark a run of updates in one write."""
        ...

    async def inbox_pending(self) -> Sequence[tuple[int, str]]:
        """Updates received but not handled, oldest first."""
        ...

    async def inbox_last_id(self) -> int | None:
        """The highest update id ever received, so a redelivered update is recognised."""
        ...

    async def purge_before(self, cutoff: datetime) -> int:
        """Delete messages older than ``cutoff`` (retention); returns how many went."""
        ...


@runtime_checkable
class SharedRateLimits(Protocol):
    """A store several processes share can also count each user's requests for all of them,
    so a per-user limit means the same with one replica or ten."""

    async def take_rate(self, user_id: int, limit: int, window_s: float) -> RateDecision:
        """Count one request of ``user_id``: allowed while fewer than ``limit`` were allowed in
        the last ``window_s`` seconds (a refused request does not count)."""
        ...
