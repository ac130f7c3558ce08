"""Callback data for inline buttons: one small typed record per button family.

Every button carries the identity it was made for (a user id, or the negative id of the chat
an anonymous admin or a channel acted as), so in a group only that identity can press it.
Telegram allows 64 bytes of callback data; engine names can be long (a tuned Vertex endpoint),
so /model buttons carry a short digest of the name instead of the name.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

PAGE_MAX = 20
"""The largest /history page: a full page of items still fits one message."""

HISTORY_PATTERN = r"^h:"
MODEL_PATTERN = r"^m:"
FORGET_YES_PATTERN = r"^f:-?\d+:y$"
FORGET_NO_PATTERN = r"^f:-?\d+:n$"

_HISTORY = re.compile(r"^h:(-?\d+):(\d+):(\d+)$")
_MODEL = re.compile(r"^m:(-?\d+):([0-9a-f]{10})$")
_FORGET = re.compile(r"^f:(-?\d+):([yn])$")


def engine_digest(name: str) -> str:
    """A stable, short stand-in for an engine name inside callback data."""
    return hashlib.sha256(name.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class HistoryButton:
    """◀ / ▶ under a /history page: show ``size`` items starting at ``offset``."""

    owner: int
    offset: int
    size: int

    def encode(self) -> str:
        return f"h:{self.owner}:{self.offset}:{self.size}"

    @classmethod
    def parse(cls, data: str | None) -> HistoryButton | None:
        match = _HISTORY.match(data or "")
        if match is None:
            return None
        owner, offset, size = (int(group) for group in match.groups())
        if not 1 <= size <= PAGE_MAX:
            return None  # a rewritten button: no page of ours is that size
        return cls(owner, offset, size)


@dataclass(frozen=True)
class ModelButton:
    """One engine under /model."""

    owner: int
    digest: str

    def encode(self) -> str:
        return f"m:{self.owner}:{self.digest}"

    @classmethod
    def parse(cls, data: str | None) -> ModelButton | None:
        match = _MODEL.match(data or "")
        return None if match is None else cls(int(match.group(1)), match.group(2))


@dataclass(frozen=True)
class ForgetButton:
    """The /forget buttons: "Delete everything" (``confirm``) or "Cancel"."""

    owner: int
    confirm: bool

    def encode(self) -> str:
        return f"f:{self.owner}:{'y' if self.confirm else 'n'}"

    @classmethod
    def parse(cls, data: str | None) -> ForgetButton | None:
        match = _FORGET.match(data or "")
        return None if match is None else cls(int(match.group(1)), match.group(2) == "y")
