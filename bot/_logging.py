"""Logging set-up: plain or JSON lines that never carry a secret or what a person wrote.

Two kinds of text must stay out of every log line, at every level: secrets (the bot token,
which the Bot API puts in every URL; the Gemini key; the webhook secret; the database password)
and people's messages. The libraries write both: PTB logs the token in its DEBUG "Set Bot API
URL" line, every request's parameters and every update at DEBUG, and the raw body of an answer
it cannot decode at ERROR; aiosqlite logs statements with their arguments. A level does not
keep them out (DEBUG is a documented setting, and an ERROR line must be written), so
``Redactor``, a filter on the handler, rewrites every record before it is written:

* secrets are replaced wherever they appear, in the message and in a traceback;
* a library's record keeps its wording, but an argument is shown only when it is plainly not
  something a person wrote (a number, a method name, a URL, a type), else ``<withheld>``;
* an exception is shown as its type and stack frames (code, not data): its message can quote
  a request or an answer.

The HTTP client loggers are also held at WARNING: their INFO lines are one per request.
"""

from __future__ import annotations

import enum
import json
import logging
import re
import sys
import traceback
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

_NOISY = (
    "httpx",
    "httpcore",
    "aiohttp",
    "telegram.ext.Updater",
    "google_genai",
    "aiosqlite",
    "asyncio",
)

OWN_PACKAGES = frozenset({"bot", "handlers", "ner", "storage", "service", "__main__"})
"""Loggers whose arguments are written with care (ids, counts, types): shown as they are."""

WITHHELD = "<withheld>"

MIN_SECRET_LENGTH = 6
"""Shorter configured secrets are not replaced literally: every short word would match."""

_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    # A bot token in a Bot API URL (``/bot<token>/method``), then one standing alone.
    (re.compile(r"/bot\d+:[^/\s'\"<>]+"), "/bot<token>"),
    (re.compile(r"\b\d{3,}:[A-Za-z0-9_-]{20,}"), "<token>"),
    # A Google API key.
    (re.compile(r"AIza[0-9A-Za-z_-]{30,}"), "<key>"),
    # The password of a URL (``postgresql://user:password@host``).
    (re.compile(r"(://[^:/@\s]*:)[^@/\s]+@"), r"\1***@"),
)

_PLAIN_WORD = re.compile(r"[\w.:/@\-]{1,200}")
_TECHNICAL = re.compile(r"[./:_\d]|[a-z][A-Z]")
"""A word with a dot, slash, colon, underscore, digit or camelCase hump: a method name, a
module, a URL, an address. Plain words are withheld: they could be a message."""


class Redactor(logging.Filter):
    """Rewrites each record so that it carries no secret and no payload (see the module)."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = sorted(
            {s for s in secrets if len(s) >= MIN_SECRET_LENGTH}, key=len, reverse=True
        )

    def redact(self, text: str) -> str:
        """``text`` without any configured secret or anything shaped like a token or key."""
        for secret in self._secrets:
            text = text.replace(secret, "***")
        for pattern, replacement in _PATTERNS:
            text = pattern.sub(replacement, text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.partition(".")[0] not in OWN_PACKAGES and record.args:
            record.args = _withheld_args(record.args)
        elif isinstance(record.args, tuple):
            record.args = tuple(
                short_error(a) if isinstance(a, BaseException) else a for a in record.args
            )
        record.msg = self.redact(_message(record))
        record.args = None
        if record.exc_info:
            record.exc_text = self.redact(safe_traceback(record.exc_info[1]))
            record.exc_info = None
        elif record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def _message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except (TypeError, ValueError):  # a withheld argument where a number was expected
        return f"{record.msg} ({WITHHELD} arguments)"


def _withheld_args(
    args: tuple[object, ...] | Mapping[str, object],
) -> tuple[object, ...] | Mapping[str, object]:
    if isinstance(args, Mapping):
        return {key: _shown(value) for key, value in args.items()}
    return tuple(_shown(value) for value in args)


def _shown(value: object) -> object:
    """``value`` when it cannot be a person's words, else WITHHELD."""
    if value is None or isinstance(value, bool | int | float | enum.Enum):
        return value
    if isinstance(value, type):
        return value.__qualname__
    if isinstance(value, BaseException):
        return type(value).__name__
    if isinstance(value, str) and _PLAIN_WORD.fullmatch(value) and _TECHNICAL.search(value):
        return value
    return WITHHELD


ERROR_CHARS = 200
"""An exception's text in one of the bot's own lines is cut here: an error page can be long."""


def short_error(exc: BaseException) -> str:
    """An exception's text for a log or error line: one line, short, and without the body of an
    answer PTB could not decode (it appends ``Parsing the server response b'...' failed``)."""
    text = getattr(exc, "message", None)
    text = text if isinstance(text, str) else str(exc) or type(exc).__name__
    text = " ".join(text.split(". Parsing the server response", 1)[0].split())
    return text if len(text) <= ERROR_CHARS else text[: ERROR_CHARS - 1] + "…"


def safe_traceback(exc: BaseException | None) -> str:
    """The traceback of ``exc`` and its causes, each exception named by its type only."""
    blocks: list[str] = []
    seen: set[int] = set()
    current = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = "".join(traceback.format_tb(current.__traceback__))
        name = f"{type(current).__module__}.{type(current).__qualname__}"
        line = f"{name} (message withheld)"
        blocks.append(f"Traceback (most recent call last):\n{frames}{line}" if frames else line)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return "\n\nwhich happened while handling:\n\n".join(reversed(blocks))


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            payload["exc_info"] = record.exc_text
        return json.dumps(payload, ensure_ascii=False)


def configure_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> None:
    """Route all logging to stderr in the chosen format, through a ``Redactor`` of ``secrets``."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    handler.addFilter(Redactor(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
