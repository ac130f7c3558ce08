"""Generic helpers for the hardening tests, built on the e2e harness (tests/conftest.py).

The e2e fixtures are function-scoped and async. Property tests through the whole stack need
hundreds of examples against *one* running bot (start-up costs ~1 s), and hypothesis drives
plain functions, so :class:`BotInThread` runs the same production pieces (``build_service``,
``build_application``, ``run_polling`` against :class:`FakeTelegram`) on an event loop in a
background thread and lets synchronous test code submit coroutines to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

from bot import (
    BotApplication,
    Settings,
    build_application,
    build_service,
    close_service,
    run_polling,
)
from ner import Entity
from service import Analysis, ConversationService
from tests.conftest import HandlerErrors
from tests.fakes.telegram_server import FakeTelegram

T = TypeVar("T")

TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz"
_ENV_PREFIXES = ("MEDNER_", "TELEGRAM_", "GEMINI_", "GOOGLE_")


def hermetic_settings(db_path: Path, **values: Any) -> Settings:
    """Settings from nothing but ``values`` (by variable name), like the conftest fixture.

    For module-scoped fixtures, which cannot use ``monkeypatch``: the host's variables are
    cleared only while Settings reads them.
    """
    saved = {k: v for k, v in os.environ.items() if k.startswith(_ENV_PREFIXES)}
    for name in saved:
        del os.environ[name]
    try:
        merged: dict[str, Any] = {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "MEDNER_DB_PATH": db_path,
            "MEDNER_RATE_LIMIT": 0,
            **values,
        }
        return Settings(_env_file=None, **merged)  # type: ignore[call-arg]
    finally:
        os.environ.update(saved)


def offsets_problems(analysis: Analysis) -> list[str]:
    """Why an analysis' entities do not point into its own text (empty when they all do)."""
    return [
        f"{entity!r} outside or unequal to its span"
        for entity in analysis.entities
        if not _span_matches(analysis.text, entity)
    ]


def _span_matches(text: str, entity: Entity) -> bool:
    inside = 0 <= entity.start <= entity.end <= len(text)
    return inside and text[entity.start : entity.end] == entity.text


async def wait_until(
    condition: Callable[[], Awaitable[bool]], *, within: float = 5.0, every: float = 0.01
) -> None:
    """Poll an async condition; AssertionError after ``within`` seconds."""
    deadline = time.monotonic() + within
    while not await condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {within}s")
        await asyncio.sleep(every)


async def poll(condition: Callable[[], bool], *, within: float = 5.0, every: float = 0.005) -> bool:
    """Poll a plain condition; False (not an error) when ``within`` seconds pass first."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(every)
    return True


async def wait_replied(service: ConversationService, source_key: str, within: float = 5.0) -> None:
    """Until the service recorded the reply to the Telegram message ``source_key`` as sent.

    The service marks a reply only after every chunk went out, so this is the precise "that
    message has been fully answered" signal (no sleeps, no guessing how many chunks).
    """

    async def replied() -> bool:
        stored = await service.store.find_by_source(source_key)
        return stored is not None and stored.replied

    await wait_until(replied, within=within)


def tg_source_key(message: dict[str, Any]) -> str:
    """The key handlers._common.source_key gives a plain (unedited) Telegram message."""
    return f"tg:{message['chat']['id']}:{message['message_id']}"


class RecordingHandler(logging.Handler):
    """Every record that reaches the root logger, formatted as an operator would read it."""

    def __init__(self, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))

    def text(self) -> str:
        return "\n".join(self.lines)


@contextlib.contextmanager
def recording_root_logs(level: int = logging.INFO) -> Iterator[RecordingHandler]:
    """Attach a RecordingHandler to the root logger; detach it afterwards."""
    handler = RecordingHandler(level)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


@contextlib.asynccontextmanager
async def polling_bot(
    settings: Settings, service: ConversationService, telegram: FakeTelegram
) -> Any:
    """The production Application long-polling ``telegram``; yields it, stops it cleanly.

    The same steps as the ``app`` fixture of tests/conftest.py, for tests that build their own
    service (a store subclass) or need several start/stop cycles in one test.
    """
    application = build_application(
        settings.model_copy(update={"telegram_api_base_url": telegram.base_url}), service
    )
    stop = asyncio.Event()
    runner = asyncio.create_task(run_polling(application, stop))
    started = asyncio.create_task(telegram.polling_started())
    done, _ = await asyncio.wait({runner, started}, return_when=asyncio.FIRST_COMPLETED)
    if runner in done:
        started.cancel()
        runner.result()
    try:
        yield application
    finally:
        stop.set()
        await asyncio.wait_for(runner, 10)


class BotInThread:
    """The whole bot (fake Telegram, service, Application) on a loop in a daemon thread.

    ``call(coro)`` runs a coroutine on that loop and returns its result, so synchronous tests
    (hypothesis) can drive a bot that stays up for a whole module.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.errors = HandlerErrors()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._stop: asyncio.Event | None = None
        self._runner: asyncio.Task[None] | None = None
        self.telegram: FakeTelegram
        self.service: ConversationService
        self.app: BotApplication

    def call(self, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
        future: Future[T] = asyncio.run_coroutine_threadsafe(coro, self._loop)
        return future.result(timeout)

    def start(self) -> BotInThread:
        logging.getLogger("handlers").addHandler(self.errors)
        self._thread.start()
        self.call(self._start())
        return self

    def close(self) -> None:
        try:
            self.call(self._close())
        finally:
            logging.getLogger("handlers").removeHandler(self.errors)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop.close()

    async def _start(self) -> None:
        token = self.settings.telegram_bot_token
        assert token is not None
        self.telegram = FakeTelegram(token=token.get_secret_value())
        await self.telegram.start()
        settings = self.settings.model_copy(
            update={"telegram_api_base_url": self.telegram.base_url}
        )
        self.service = await build_service(settings)
        self.app = build_application(settings, self.service)
        self._stop = asyncio.Event()
        self._runner = asyncio.create_task(run_polling(self.app, self._stop))
        await self.telegram.polling_started()

    async def _close(self) -> None:
        if self._stop is not None and self._runner is not None:
            self._stop.set()
            await asyncio.wait_for(self._runner, 10)
        await close_service(self.service)
        await self.telegram.stop()
