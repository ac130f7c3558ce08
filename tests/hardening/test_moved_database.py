"""The running bot's SQLite file deleted or replaced by something else (issue 13, item 4).

Before, the bot wrote on into the unlinked file: every later message was answered, yet lost at
the next restart, and /healthz stayed 200. Now the store reopens the path, or, when nothing
usable is there, says so to users and to /healthz.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bot import BotApplication, Settings, store_probe
from handlers import texts
from service import ConversationService
from storage import StorageProblem
from tests.conftest import HandlerErrors
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening._harness import tg_source_key, wait_replied

ANN = 42


def texts_in(path: Path) -> list[str]:
    """The message texts the file at ``path`` holds, read behind the bot's back."""
    db = sqlite3.connect(path)
    try:
        return [str(row[0]) for row in db.execute("SELECT text FROM messages ORDER BY id")]
    finally:
        db.close()


async def test_messages_after_the_file_was_deleted_are_kept_in_a_new_file(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService, settings: Settings
) -> None:
    first = telegram.send(telegram.user(ANN), "fever")
    await wait_replied(service, tg_source_key(first))
    os.remove(settings.db_path)

    later = telegram.send(telegram.user(ANN), "malaria and hip pain")
    await wait_replied(service, tg_source_key(later))

    assert texts_in(settings.db_path) == ["malaria and hip pain"]
    assert await store_probe(service.store)() is None


async def test_a_path_nothing_can_be_opened_at_is_reported_to_users_and_healthz(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    settings: Settings,
    handler_errors: HandlerErrors,
) -> None:
    first = telegram.send(telegram.user(ANN), "fever")
    await wait_replied(service, tg_source_key(first))
    os.remove(settings.db_path)
    os.mkdir(settings.db_path)

    telegram.send(telegram.user(ANN), "malaria")
    apology = await telegram.reply(ANN, after=1)
    problem = await store_probe(service.store)()
    os.rmdir(settings.db_path)

    assert apology.text == texts.not_saved(StorageProblem.GONE)
    assert "the bot's database file went missing" in apology.text
    assert problem == "the database file was deleted or replaced and cannot be reopened"
    handler_errors.records.clear()
