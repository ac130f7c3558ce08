"""What every subcommand shares: settings that fail in one line, and an async runner."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from bot._config import Settings, SettingsError, load_settings
from bot._logging import configure_logging


class CliError(Exception):
    """A user-facing error: printed as one line on stderr, exit status 2."""


def settings_or_exit(**overrides: object) -> Settings:
    """Settings from the environment; a bad variable ends the program with one clear line."""
    try:
        return load_settings(**overrides)
    except SettingsError as exc:
        raise CliError(str(exc)) from None


def setup(settings: Settings, *, quiet: bool = False) -> None:
    """Logging for a subcommand; interactive commands keep INFO lines off the screen. The
    configured secrets are redacted from every line, whatever the level."""
    level = "WARNING" if quiet and settings.log_level == "INFO" else settings.log_level
    configure_logging(level, settings.log_format, settings.secrets)


def _event_loop_runner() -> Callable[[Coroutine[Any, Any, int]], int]:
    """uvloop where it is installed (not on Windows), else asyncio's own loop.

    The bot spends most of its time in the event loop and HTTP client, which uvloop runs
    faster (benchmarks/bench_e2e.py measures it).
    """
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


def run_async(coro: Coroutine[Any, Any, int]) -> int:
    try:
        return _event_loop_runner()(coro)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return 130
