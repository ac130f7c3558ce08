"""Callback data for inline buttons: one typed definition packs, unpacks and matches each.

After aiogram's ``CallbackData``: a button family is a frozen dataclass with a prefix, and its
fields (``int``, ``bool`` or ``str``) travel as ``prefix:field:field``. ``pack`` writes that,
``unpack`` reads it back (``None`` for anything malformed or rewritten), ``pattern`` is what
the CallbackQueryHandler matches, so no button needs a hand-written regex.

Every button carries the identity it was made for (a user id, or the negative id of the chat
an anonymous admin or a channel acted as), so in a group only that identity can press it.
Telegram allows 64 bytes of callback data; engine names can be long (a tuned Vertex endpoint),
so /model buttons carry a short digest of the name instead of the name.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import typing
from dataclasses import dataclass
from typing import ClassVar, Self

SEPARATOR = ":"
MAX_BYTES = 64
"""Telegram's limit on a button's callback data."""

PAGE_MAX = 20
"""The largest /history page: a full page of items still fits one message."""

_DIGEST = re.compile(r"[0-9a-f]{10}")
_FIELD_PATTERNS: dict[type, str] = {int: r"-?\d+", bool: "[yn]", str: "[^:]+"}


_Kinds = tuple[tuple[str, type], ...]
_KINDS: dict[type, _Kinds] = {}


def _field_kinds(family: type[CallbackData]) -> _Kinds:
    """Each field's name and type, in order: what packing and matching go by (read once)."""
    kinds = _KINDS.get(family)
    if kinds is None:
        hints = typing.get_type_hints(family)
        kinds = tuple((field.name, hints[field.name]) for field in dataclasses.fields(family))
        unsupported = [name for name, kind in kinds if kind not in _FIELD_PATTERNS]
        if unsupported:
            raise TypeError(f"{family.__name__}: fields {unsupported} are not int, bool or str")
        _KINDS[family] = kinds
    return kinds


def _pack_value(value: object) -> str:
    if isinstance(value, bool):
        return "y" if value else "n"
    return str(value)


def _unpack_value(kind: type, raw: str) -> object:
    """``raw`` as ``kind``; ValueError when it is not one."""
    if kind is bool and raw in ("y", "n"):
        return raw == "y"
    digits = raw.removeprefix("-")
    if kind is int and digits.isascii() and digits.isdecimal():
        return int(raw)  # negative: a chat's id (see handlers._common.acting_id)
    if kind is str and raw and SEPARATOR not in raw:
        return raw
    raise ValueError(f"not a {kind.__name__}: {raw!r}")


@dataclass(frozen=True)
class CallbackData:
    """Base of every button family; subclasses are frozen dataclasses naming a ``prefix``.

    A subclass may check its fields in ``__post_init__`` (raise ValueError): data that fails
    the check never unpacks, so a rewritten button reads as a stale one.
    """

    prefix: ClassVar[str]

    def __init_subclass__(cls, *, prefix: str, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not prefix or SEPARATOR in prefix:
            raise ValueError(f"a callback data prefix must be non-empty without {SEPARATOR!r}")
        cls.prefix = prefix

    def pack(self) -> str:
        """The button's callback data; ValueError when Telegram would refuse it as too long."""
        values = [_pack_value(getattr(self, name)) for name, _ in _field_kinds(type(self))]
        data = SEPARATOR.join([self.prefix, *values])
        if len(data.encode()) > MAX_BYTES:
            raise ValueError(f"callback data over {MAX_BYTES} bytes: {data!r}")
        return data

    @classmethod
    def unpack(cls, data: str | None) -> Self | None:
        """The button ``data`` stands for, or None when it is not one of this family's."""
        if data is None:
            return None
        prefix, *raw = data.split(SEPARATOR)
        kinds = _field_kinds(cls)
        if prefix != cls.prefix or len(raw) != len(kinds):
            return None
        try:
            values = {
                name: _unpack_value(kind, value)
                for (name, kind), value in zip(kinds, raw, strict=True)
            }
            return cls(**values)
        except (ValueError, TypeError):
            return None

    @classmethod
    def pattern(cls, **fixed: object) -> re.Pattern[str]:
        """What a CallbackQueryHandler matches: this family's data, with ``fixed`` fields."""
        kinds = _field_kinds(cls)
        unknown = set(fixed) - {name for name, _ in kinds}
        if unknown:
            raise TypeError(f"{cls.__name__} has no fields {sorted(unknown)}")
        parts = [re.escape(cls.prefix)]
        for name, kind in kinds:
            value = fixed.get(name)
            parts.append(_FIELD_PATTERNS[kind] if value is None else re.escape(_pack_value(value)))
        return re.compile("^" + SEPARATOR.join(parts) + "$")


def engine_digest(name: str) -> str:
    """A stable, short stand-in for an engine name inside callback data."""
    return hashlib.sha256(name.encode()).hexdigest()[:10]


@dataclass(frozen=True)
class HistoryButton(CallbackData, prefix="h"):
    """◀ / ▶ under a /history page: show ``size`` items starting at ``offset``."""

    owner: int
    offset: int
    size: int

    def __post_init__(self) -> None:
        if not 1 <= self.size <= PAGE_MAX:
            raise ValueError("no page of ours is that size")
        if self.offset < 0:
            raise ValueError("no page of ours starts before the first")


@dataclass(frozen=True)
class ModelButton(CallbackData, prefix="m"):
    """One engine under /model, named by its digest."""

    owner: int
    digest: str

    def __post_init__(self) -> None:
        if not _DIGEST.fullmatch(self.digest):
            raise ValueError("not an engine digest")


@dataclass(frozen=True)
class ForgetButton(CallbackData, prefix="f"):
    """The /forget buttons: "Delete everything" (``confirm``) or "Cancel"."""

    owner: int
    confirm: bool


@dataclass(frozen=True)
class DetailsButton(CallbackData, prefix="d"):
    """🔎 Details under an answer: the look-up cards of the concepts in analysis ``message``."""

    owner: int
    message: int
