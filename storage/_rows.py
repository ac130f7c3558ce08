"""Row → record mapping shared by the backends, so both hand out identical records.

Both backends select the same column names; only the timestamp type differs (SQLite keeps ISO
text, PostgreSQL returns ``datetime``), and that difference ends here.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol

from storage._models import StoredAnalysis, StoredMessage, TurnStart, UserRecord

ANALYSIS_SELECT = """
    SELECT m.id, m.user_id, m.chat_id, m.text, m.epoch, m.created_at,
           r.entities, r.engine, r.latency_ms, r.note, r.replied_at, r.relations
    FROM messages m JOIN results r ON r.message_id = m.id
"""
"""Messages with their results; a message without a result is not an analysis yet."""

TURN_START_SELECT = """
    SELECT u.user_id, u.engine, u.epoch, u.created_at,
           (SELECT m.id FROM messages m JOIN results r ON r.message_id = m.id
            WHERE m.user_id = u.user_id AND m.epoch = u.epoch
            ORDER BY m.id DESC LIMIT 1) AS last_turn_id,
           (SELECT m.id FROM messages m JOIN results r ON r.message_id = m.id
            WHERE m.source_key = {source}) AS analysed_id
    FROM users u WHERE u.user_id = {user}
"""
"""Store.turn_start's three reads in one statement; ``{user}`` and ``{source}`` are the
placeholders. No row means a user not created yet, who has no messages either."""


class Row(Protocol):
    """What both ``sqlite3.Row`` and ``asyncpg.Record`` offer: lookup by column name."""

    def __getitem__(self, key: str, /) -> Any: ...


def aware_time(value: datetime | str) -> datetime:
    """A timezone-aware UTC datetime, whichever way the backend stored it."""
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def user_from_row(row: Row) -> UserRecord:
    return UserRecord(
        user_id=int(row["user_id"]),
        engine=row["engine"],
        epoch=int(row["epoch"]),
        created_at=aware_time(row["created_at"]),
    )


def turn_start_from_row(row: Row | None) -> TurnStart:
    if row is None:
        return TurnStart(user=None, last_turn_id=None, analysed_id=None)
    last_turn, analysed = row["last_turn_id"], row["analysed_id"]
    return TurnStart(
        user=user_from_row(row),
        last_turn_id=int(last_turn) if last_turn is not None else None,
        analysed_id=int(analysed) if analysed is not None else None,
    )


def message_from_row(row: Row) -> StoredMessage:
    return StoredMessage(
        message_id=int(row["id"]),
        user_id=int(row["user_id"]),
        chat_id=int(row["chat_id"]),
        text=row["text"],
        epoch=int(row["epoch"]),
        created_at=aware_time(row["created_at"]),
        source_key=row["source_key"],
    )


def analysis_from_row(row: Row) -> StoredAnalysis:
    """A row of ``ANALYSIS_SELECT``."""
    return StoredAnalysis(
        message_id=int(row["id"]),
        user_id=int(row["user_id"]),
        chat_id=int(row["chat_id"]),
        text=row["text"],
        epoch=int(row["epoch"]),
        created_at=aware_time(row["created_at"]),
        entities_json=row["entities"],
        engine=row["engine"],
        latency_ms=float(row["latency_ms"]),
        note=row["note"],
        replied=row["replied_at"] is not None,
        relations_json=row["relations"],
    )
