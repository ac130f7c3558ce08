"""Plain records the store hands out; entities travel as JSON text so storage knows no engine."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class UserRecord:
    """A user's persistent state: their engine choice and current conversation epoch."""

    user_id: int
    engine: str | None
    epoch: int
    created_at: datetime


@dataclass(frozen=True)
class TurnStart:
    """What a new message's turn needs to know before its analysis, read in one statement."""

    user: UserRecord | None
    """None for a user the database does not know yet."""
    last_turn_id: int | None
    """The user's latest analysed message of their current epoch."""
    analysed_id: int | None
    """The analysed message with the same source key: the update was delivered before."""


@dataclass(frozen=True)
class StoredMessage:
    """A message as stored, before or after it was analysed."""

    message_id: int
    user_id: int
    chat_id: int
    text: str
    epoch: int
    created_at: datetime
    source_key: str | None


@dataclass(frozen=True)
class StoredAnalysis:
    """A message with its result: what /history shows and what sessions are rebuilt from."""

    message_id: int
    user_id: int
    chat_id: int
    text: str
    epoch: int
    created_at: datetime
    entities_json: str
    engine: str
    latency_ms: float
    note: str | None
    replied: bool
    relations_json: str = "[]"
    """Links between the entities (indices into ``entities_json``); "[]" for older rows."""


@dataclass(frozen=True)
class RateDecision:
    """One request counted against a user's budget of ``limit`` per window."""

    allowed: bool
    notify: bool
    """Refused, and the first refusal since the user was last allowed: tell them, once."""
    retry_after_s: float
    """Refused: seconds until the oldest request in the window leaves it."""
