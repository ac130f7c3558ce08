"""Logging set-up: plain or JSON lines, and quiet third-party loggers.

Message texts never go to INFO or above anywhere in the project; the HTTP client loggers are
held at WARNING because their INFO lines carry request URLs, and the Bot API puts the token in
every URL.
"""

from __future__ import annotations

import json
import logging
import sys
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


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for log collectors."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            payload["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(payload, ensure_ascii=False)


def configure_logging(level: str = "INFO", fmt: str = "text") -> None:
    """Route all logging to stderr in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)-7s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in _NOISY:
        logging.getLogger(name).setLevel(max(logging.WARNING, root.level))
