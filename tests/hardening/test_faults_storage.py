"""The database misbehaves: another connection holds the write lock, or the disk is full.

A store subclass makes the faults cheap and deterministic: ``busy_timeout`` is cut from 5 s to
0.3 s (the behaviour once it expires is what matters, not its length) and ``max_page_count``
caps the file at its current size, which is how SQLite itself reports a full disk (SQLITE_FULL).
The handlers and service are production code, so what the user sees is what they would see.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from bot import BotApplication, Settings, build_engines, health_server, store_probe
from handlers import texts
from service import ConversationService
from storage import SQLiteStore, StorageProblem, WriteFailures
from tests.conftest import HandlerErrors
from tests.deploy._harness import free_port
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening._harness import tg_source_key, wait_replied

SHORT_BUSY_MS = 1000  # longer than the typing delay, which the first test waits for
LONG_TEXT = "fever and a long story about the hip " * 120  # needs fresh pages to store


class FaultyStore(SQLiteStore):
    """SQLiteStore whose disk can be "filled" and whose busy wait is short."""

    async def open(self) -> None:
        await super().open()
        await self._pragma(f"PRAGMA busy_timeout={SHORT_BUSY_MS}")

    async def fill_disk(self) -> None:
        """From now on the file cannot grow: the next write needing a page gets SQLITE_FULL."""
        row = await self._one("PRAGMA page_count")
        assert row is not None
        await self._pragma(f"PRAGMA max_page_count={int(row[0])}")

    async def free_disk(self) -> None:
        await self._pragma("PRAGMA max_page_count=1073741823")

    async def _pragma(self, sql: str) -> None:
        async with self._lock:
            await self._conn.execute(sql)


@pytest.fixture
async def service(settings: Settings) -> AsyncIterator[ConversationService]:
    """Overrides the conftest service: production wiring around a FaultyStore."""
    store = FaultyStore(settings.db_path)
    await store.open()
    svc = ConversationService(store, build_engines(settings))
    try:
        yield svc
    finally:
        await store.close()
        await svc.engines_registry.aclose()


def faulty(service: ConversationService) -> FaultyStore:
    store = service.store
    assert isinstance(store, FaultyStore)
    return store


class ExclusiveLock:
    """Another process's connection holding the database's write lock."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(path, isolation_level=None)

    def __enter__(self) -> ExclusiveLock:
        self._db.execute("BEGIN EXCLUSIVE")
        return self

    def __exit__(self, *exc: object) -> None:
        self._db.execute("COMMIT")
        self._db.close()


async def test_a_lock_released_within_the_busy_timeout_only_delays_the_answer(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService, settings: Settings
) -> None:
    with ExclusiveLock(settings.db_path):
        message = telegram.send(telegram.user(42), "fever")
        await telegram.wait_for("sendChatAction", chat_id=42)  # the handler is at work
        await asyncio.sleep(SHORT_BUSY_MS / 3000)

    await wait_replied(service, tg_source_key(message))
    assert len(telegram.calls_to("sendMessage", chat_id=42)) == 1


async def test_a_lock_held_too_long_tells_the_user_and_the_bot_recovers(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    settings: Settings,
    handler_errors: HandlerErrors,
) -> None:
    with ExclusiveLock(settings.db_path):
        lost = telegram.send(telegram.user(42), "fever")
        apology = await telegram.reply(42)
    retried = telegram.send(telegram.user(42), "fever")
    await wait_replied(service, tg_source_key(retried))
    await telegram.settle()

    assert apology.text == texts.not_saved(StorageProblem.BUSY)
    assert await service.store.find_by_source(tg_source_key(lost)) is None  # nothing half-stored
    assert len(telegram.calls_to("sendMessage", chat_id=42)) == 2
    handler_errors.records.clear()


async def test_a_full_disk_tells_the_user_and_writes_resume_when_space_returns(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    handler_errors: HandlerErrors,
) -> None:
    store = faulty(service)
    warm = telegram.send(telegram.user(42), "malaria")
    await wait_replied(service, tg_source_key(warm))
    await store.fill_disk()

    full = telegram.send(telegram.user(42), LONG_TEXT)
    apology = await telegram.reply(42, after=1)
    await store.free_disk()
    again = telegram.send(telegram.user(42), LONG_TEXT)
    await wait_replied(service, tg_source_key(again))
    await telegram.settle()

    assert apology.text == texts.not_saved(StorageProblem.FULL)
    assert "the bot's storage is full" in apology.text
    assert await service.store.find_by_source(tg_source_key(full)) is None
    assert (await service.history(42, 10)).total == 2
    assert await store.integrity_check() == "ok"
    assert len(telegram.calls_to("sendMessage", chat_id=42)) == 3
    handler_errors.records.clear()


async def test_other_users_are_served_while_one_write_fails(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    handler_errors: HandlerErrors,
) -> None:
    """A full disk fails the big write; small writes that fit in free pages still succeed."""
    store = faulty(service)
    for user_id in (1, 2, 3):
        warm = telegram.send(telegram.user(user_id), "asthma")
        await wait_replied(service, tg_source_key(warm))
    await store.fill_disk()

    telegram.send(telegram.user(42), LONG_TEXT * 4)
    await telegram.reply(42)
    await store.free_disk()
    later = [telegram.send(telegram.user(u), "hip pain") for u in (1, 2, 3)]
    for message in later:
        await wait_replied(service, tg_source_key(message))

    assert await store.integrity_check() == "ok"
    handler_errors.records.clear()


async def test_a_full_disk_makes_healthz_unhealthy_and_says_why(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    handler_errors: HandlerErrors,
) -> None:
    """A read-only probe would stay 200 while every message fails to save (issue 13, item 5)."""
    store = faulty(service)
    port = free_port()
    async with (
        health_server("127.0.0.1", port, service.metrics, store_probe(store)),
        httpx.AsyncClient() as client,
    ):
        warm = telegram.send(telegram.user(42), "malaria")
        await wait_replied(service, tg_source_key(warm))
        assert (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200

        await store.fill_disk()
        telegram.send(telegram.user(42), LONG_TEXT)
        apology = await telegram.reply(42, after=1)
        health = await client.get(f"http://127.0.0.1:{port}/healthz")
        await store.free_disk()

    assert "the bot's storage is full" in apology.text
    assert health.status_code == 503
    assert health.json() == {
        "status": "unhealthy",
        "reason": "writes are failing: the storage is full",
    }
    handler_errors.records.clear()


def test_write_failures_are_remembered_for_a_while_then_forgotten() -> None:
    now = [100.0]
    failures = WriteFailures(memory_s=60.0, clock=lambda: now[0])
    failures.record(StorageProblem.BUSY)  # passes on its own: not a health problem
    assert failures.problem() is None
    failures.record(StorageProblem.FULL)
    now[0] += 59.0
    assert failures.problem() == "writes are failing: the storage is full"
    now[0] += 1.0
    assert failures.problem() is None


async def test_a_command_that_cannot_write_says_nothing_changed_not_message_unsaved(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    settings: Settings,
    handler_errors: HandlerErrors,
) -> None:
    """/clear on a locked database: no message of the user's was lost, so none is mentioned."""
    warm = telegram.send(telegram.user(42), "malaria")
    await wait_replied(service, tg_source_key(warm))
    with ExclusiveLock(settings.db_path):
        telegram.send(telegram.user(42), "/clear")
        apology = await telegram.reply(42, after=1)

    assert apology.text == texts.storage_failed(StorageProblem.BUSY)
    assert "Nothing was changed" in apology.text and "message" not in apology.text
    handler_errors.records.clear()
