"""``serve`` as deployed: the webhook's secret token, and the retention purge while running.

Both start the production entry point (``bot._app.serve``) against the fake Bot API.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

import bot._app
from bot import SECRET_HEADER, Settings, serve
from storage import open_store
from tests.e2e.test_e2e_webhook import _free_port
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening._harness import poll

SECRET = "hardening-s3cret_token"


@contextlib.asynccontextmanager
async def serving(settings: Settings, ready: asyncio.Task[Any]) -> AsyncIterator[None]:
    """``serve(settings)`` until the block ends; ``ready`` says it is up (or serve's error)."""
    stop = asyncio.Event()
    server = asyncio.create_task(serve(settings, stop))
    await asyncio.wait({server, ready}, return_when=asyncio.FIRST_COMPLETED)
    if server.done():
        ready.cancel()
        server.result()
    try:
        yield
    finally:
        stop.set()
        assert await asyncio.wait_for(server, 10) == 0


def webhook_settings(bot_settings: Settings) -> tuple[Settings, str]:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = bot_settings.model_copy(
        update={
            "webhook_url": url,
            "webhook_secret": SecretStr(SECRET),
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
        }
    )
    return settings, url


def update_from(telegram: FakeTelegram, user_id: int, text: str, update_id: int) -> str:
    """A raw private-message update as Telegram would POST it."""
    user = telegram.user(user_id)
    message = {
        "message_id": 1,
        "date": int(datetime.now(UTC).timestamp()),
        "chat": telegram.private_chat(user),
        "from": user,
        "text": text,
    }
    return json.dumps({"update_id": update_id, "message": message})


async def test_webhook_accepts_only_posts_with_the_secret_token(
    bot_settings: Settings, telegram: FakeTelegram
) -> None:
    settings, url = webhook_settings(bot_settings)
    ready = asyncio.create_task(telegram.wait_for("setWebhook", within=10))
    async with serving(settings, ready), httpx.AsyncClient() as client:
        statuses = {
            name: (await client.post(url, content=update_from(telegram, uid, "fever", uid),
                                     headers=headers)).status_code
            for name, uid, headers in [
                ("none", 71, {}),
                ("empty", 72, {SECRET_HEADER: ""}),
                ("wrong", 73, {SECRET_HEADER: SECRET + "x"}),
                ("prefix", 74, {SECRET_HEADER: SECRET[:-1]}),
                ("right", 75, {SECRET_HEADER: SECRET}),
            ]
        }  # fmt: skip
        garbage = await client.post(url, content=b"{not json", headers={SECRET_HEADER: SECRET})
        get = await client.get(url, headers={SECRET_HEADER: SECRET})
        reply = await telegram.reply(75, within=10)
        await telegram.settle()

    assert statuses == {"none": 403, "empty": 403, "wrong": 403, "prefix": 403, "right": 200}
    assert garbage.status_code == 400 and get.status_code == 405
    assert "fever" in reply.text
    for refused in (71, 72, 73, 74):
        assert not telegram.calls_to("sendMessage", chat_id=refused)


async def seed_message(db_path: Path, *, days_old: float) -> int:
    """One analysed message ``days_old`` days old; returns its id."""
    store = await open_store(f"sqlite:///{db_path}")
    try:
        message = await store.add_message(42, 42, f"seeded {days_old}", 0)
        await store.add_result(message.message_id, "[]", "local", 0.1)
    finally:
        await store.close()
    age(db_path, message.message_id, days_old)
    return message.message_id


def age(db_path: Path, message_id: int, days_old: float) -> None:
    when = (datetime.now(UTC) - timedelta(days=days_old)).isoformat()
    with contextlib.closing(sqlite3.connect(db_path)) as db, db:
        db.execute("UPDATE messages SET created_at = ? WHERE id = ?", (when, message_id))


def stored_ids(db_path: Path) -> set[int]:
    with contextlib.closing(sqlite3.connect(db_path)) as db:
        return {row[0] for row in db.execute("SELECT id FROM messages")}


@pytest.mark.parametrize("settings_overrides", [{"MEDNER_RETENTION_DAYS": 2}])
async def test_serve_purges_expired_history_at_start_up_and_then_periodically(
    bot_settings: Settings, telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot._app, "PURGE_INTERVAL_S", 0.05)
    db_path = bot_settings.db_path
    expired = await seed_message(db_path, days_old=3)
    recent = await seed_message(db_path, days_old=1)

    async with serving(bot_settings, asyncio.create_task(telegram.polling_started())):
        purged_at_start = await poll(lambda: expired not in stored_ids(db_path), within=5)
        later = await seed_message(db_path, days_old=0)
        age(db_path, later, 5)  # expires while the bot runs
        purged_later = await poll(lambda: later not in stored_ids(db_path), within=5)

    assert purged_at_start and purged_later
    assert recent in stored_ids(db_path)


async def test_without_a_retention_period_nothing_is_purged(
    bot_settings: Settings, telegram: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bot._app, "PURGE_INTERVAL_S", 0.05)
    ancient = await seed_message(bot_settings.db_path, days_old=3650)

    async with serving(bot_settings, asyncio.create_task(telegram.polling_started())):
        await asyncio.sleep(0.2)

    assert ancient in stored_ids(bot_settings.db_path)
