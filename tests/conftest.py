"""Fixtures shared by every test directory.

- ``settings``: hermetic Settings (no environment, no .env) with a temporary SQLite file.
  Override single values with ``@pytest.mark.parametrize("settings_overrides", [{...}])``,
  using the environment variable names (``MEDNER_RATE_LIMIT``, ``MEDNER_ALLOWED_IDS``...).
- ``telegram``: a started fake Bot API server (tests/fakes/telegram_server.py).
- ``service``: the real ConversationService from the production wiring (real SQLite store,
  real offline engine).
- ``app``: the real PTB Application from ``bot._app.build_application``, long-polling the fake
  through ``bot._app.run_polling`` exactly as ``medner run`` does. On teardown it checks that
  the fake refused nothing and that no handler error was logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot import (
    BotApplication,
    Settings,
    build_application,
    build_service,
    close_service,
    run_polling,
)
from service import ConversationService
from tests.fakes.telegram_server import FakeTelegram

_ENV_PREFIXES = ("MEDNER_", "TELEGRAM_", "GEMINI_", "GOOGLE_")


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """Values for ``settings`` by environment-variable name; parametrize to change."""
    return {}


@pytest.fixture
def settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings_overrides: dict[str, Any]
) -> Settings:
    """Settings built from nothing but the test's own values (a stray .env or key can't leak)."""
    for name in list(os.environ):
        if name.startswith(_ENV_PREFIXES):
            monkeypatch.delenv(name)
    values: dict[str, Any] = {
        "TELEGRAM_BOT_TOKEN": "123456:TEST-token_abcdefghijklmnopqrstuvwxyz",
        "MEDNER_DB_PATH": tmp_path / "medner.sqlite3",
        "MEDNER_RATE_LIMIT": 0,
        **settings_overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.fixture
async def telegram(settings: Settings) -> AsyncIterator[FakeTelegram]:
    """The fake Bot API, accepting the token of ``settings``."""
    token = settings.telegram_bot_token
    assert token is not None
    async with FakeTelegram(token=token.get_secret_value()) as fake:
        yield fake


@pytest.fixture
def bot_settings(settings: Settings, telegram: FakeTelegram) -> Settings:
    """``settings`` pointed at the fake Bot API."""
    return settings.model_copy(update={"telegram_api_base_url": telegram.base_url})


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[ConversationService]:
    """The production ConversationService for ``settings``; closed after the test."""
    svc = await build_service(settings)
    try:
        yield svc
    finally:
        await close_service(svc)


class HandlerErrors(logging.Handler):
    """Collects ERROR records from the bot's own loggers."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def handler_errors() -> Iterator[HandlerErrors]:
    """ERROR records logged by handlers; a test expecting errors clears ``.records``."""
    collector = HandlerErrors()
    logger = logging.getLogger("handlers")
    logger.addHandler(collector)
    try:
        yield collector
    finally:
        logger.removeHandler(collector)


@pytest.fixture
async def app(
    bot_settings: Settings,
    service: ConversationService,
    telegram: FakeTelegram,
    handler_errors: HandlerErrors,
) -> AsyncIterator[BotApplication]:
    """The running bot, polling the fake with production code; stopped after the test."""
    application = build_application(bot_settings, service)
    stop = asyncio.Event()
    runner = asyncio.create_task(run_polling(application, stop))
    started = asyncio.create_task(telegram.polling_started())
    done, _ = await asyncio.wait({runner, started}, return_when=asyncio.FIRST_COMPLETED)
    if runner in done:
        started.cancel()
        runner.result()  # raises why it could not start
    try:
        yield application
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait_for(runner, 10)
    assert not telegram.rejections, [
        (c.method, c.description, c.params) for c in telegram.rejections
    ]
    assert not handler_errors.records, [r.getMessage() for r in handler_errors.records]
