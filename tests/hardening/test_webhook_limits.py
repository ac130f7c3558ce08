"""The webhook under hostile or failing conditions (issue 13, items 2, 10 and 15).

* A POST is judged by its headers first: a wrong secret is refused before any of the body is
  read, and a body over the 1 MiB cap gets 413, announced or streamed.
* An authenticated body that is not an update (a string where a message belongs, JSON nested
  far too deep) is a 400, never a 500.
* A message the database refused is answered with a status that makes Telegram deliver it
  again; the user hears about it once and gets the analysis when the database is back.

Everything runs the production webhook (``run_webhook``) against the fake Bot API.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from pydantic import SecretStr

from bot._app import build_application, run_webhook
from bot._config import Settings
from bot._web import MAX_UPDATE_BYTES, SECRET_HEADER
from bot._wiring import build_engines
from handlers import _texts as texts
from service import ConversationService
from storage import SQLiteStore, StorageError, StorageProblem, StoredMessage
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening.test_webhook_and_retention import update_from

SECRET = "limits-s3cret_token"


class RefusingStore(SQLiteStore):
    """SQLiteStore that refuses the next ``refusals`` messages, as a full or locked database
    would."""

    refusals = 0

    async def add_message(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        epoch: int | None,
        source_key: str | None = None,
        author_id: int | None = None,
    ) -> StoredMessage:
        if self.refusals > 0:
            self.refusals -= 1
            raise StorageError("database is locked", StorageProblem.BUSY)
        return await super().add_message(user_id, chat_id, text, epoch, source_key, author_id)


@dataclass
class Webhook:
    url: str
    port: int
    store: RefusingStore


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
async def webhook(
    bot_settings: Settings, telegram: FakeTelegram, tmp_path: Path
) -> AsyncIterator[Webhook]:
    """The production webhook server for a bot whose store can be told to refuse messages."""
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
    store = RefusingStore(tmp_path / "refusing.sqlite3")
    await store.open()
    service = ConversationService(store, build_engines(settings))
    app = build_application(settings, service)
    stop = asyncio.Event()
    runner = asyncio.create_task(run_webhook(app, settings, stop))
    registered = asyncio.create_task(telegram.wait_for("setWebhook", within=10))
    await asyncio.wait({runner, registered}, return_when=asyncio.FIRST_COMPLETED)
    if runner.done():
        registered.cancel()
        runner.result()
    try:
        yield Webhook(url, port, store)
    finally:
        stop.set()
        await asyncio.wait_for(runner, 10)
        await store.close()
        await service.engines_registry.aclose()


@contextlib.contextmanager
def raw_connection(port: int) -> Iterator[socket.socket]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        yield sock


def _head(path: str, secret: str, length: int | None) -> bytes:
    lines = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines.append(f"{SECRET_HEADER}: {secret}")
    if length is not None:
        lines.append(f"Content-Length: {length}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _status_before_body(webhook: Webhook, secret: str, length: int) -> int:
    """Send only the headers of a POST announcing ``length`` bytes; the status the server
    answers without waiting for the body (0 if it waits for it)."""

    def exchange() -> int:
        with raw_connection(webhook.port) as sock:
            sock.sendall(_head("/telegram/hook", secret, length))
            sock.settimeout(3)
            try:
                answer = sock.recv(256)
            except TimeoutError:
                return 0
            return int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/1.1") else 0

    return await asyncio.to_thread(exchange)


async def test_a_wrong_secret_is_refused_before_the_body_is_read(webhook: Webhook) -> None:
    assert await _status_before_body(webhook, "wrong", 90 * 1024 * 1024) == 403


async def test_an_announced_body_over_the_cap_is_refused_with_413(webhook: Webhook) -> None:
    assert await _status_before_body(webhook, SECRET, MAX_UPDATE_BYTES + 1) == 413


async def test_a_streamed_body_over_the_cap_is_refused_with_413(
    webhook: Webhook, telegram: FakeTelegram
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"update_id": 1, "padding": "'
        for _ in range(MAX_UPDATE_BYTES // 65536 + 2):
            yield b"x" * 65536
        yield b'"}'

    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(webhook.url, content=chunks(), headers={SECRET_HEADER: SECRET})
        ordinary = await client.post(
            webhook.url,
            content=update_from(telegram, 81, "fever", 81),
            headers={SECRET_HEADER: SECRET},
        )
    assert response.status_code == 413
    assert ordinary.status_code == 200  # an update under the cap goes through as before


@pytest.mark.parametrize(
    "body",
    [
        pytest.param('{"update_id": 5, "message": "hi"}', id="message-is-a-string"),
        pytest.param('{"update_id": 5, "message": {}}', id="message-without-fields"),
        pytest.param('{"update_id": "x"}', id="update-id-not-a-number"),
        pytest.param(
            '{"update_id": 5, "message": ' + "[" * 100_000 + "]" * 100_000 + "}",
            id="nested-100000-deep",
        ),
        pytest.param("[" * 100_000 + "]" * 100_000, id="bare-nesting"),
    ],
)
async def test_an_authenticated_body_that_is_not_an_update_gets_400(
    webhook: Webhook, telegram: FakeTelegram, body: str
) -> None:
    async with httpx.AsyncClient(timeout=10) as client:
        response = await client.post(webhook.url, content=body, headers={SECRET_HEADER: SECRET})
    assert response.status_code == 400
    assert not telegram.calls_to("sendMessage")


async def test_a_message_the_database_refused_is_delivered_again_not_lost(
    webhook: Webhook, telegram: FakeTelegram
) -> None:
    """Telegram (the fake retries a failed POST like the real one) delivers the message until
    it is stored: one apology, then the analysis."""
    webhook.store.refusals = 3
    telegram.send(telegram.user(42), "she has fever")

    calls = await telegram.wait_for("sendMessage", chat_id=42, count=2, within=15)
    await telegram.settle(0.3)

    texts_sent = [call.text for call in telegram.calls_to("sendMessage", chat_id=42)]
    assert texts_sent[0] == texts.not_saved_retrying(StorageProblem.BUSY)
    assert "fever" in calls[1].text
    assert len(texts_sent) == 2, texts_sent
    assert webhook.store.refusals == 0


async def test_a_refused_message_answers_the_post_with_503(
    webhook: Webhook, telegram: FakeTelegram
) -> None:
    webhook.store.refusals = 1
    body = update_from(telegram, 43, "fever", 430)
    async with httpx.AsyncClient(timeout=10) as client:
        first = await client.post(webhook.url, content=body, headers={SECRET_HEADER: SECRET})
        again = await client.post(webhook.url, content=body, headers={SECRET_HEADER: SECRET})
    assert first.status_code == 503
    assert again.status_code == 200
    replies = [call.text for call in telegram.calls_to("sendMessage", chat_id=43)]
    assert replies[0] == texts.not_saved_retrying(StorageProblem.BUSY) and "fever" in replies[1]
    assert json.loads(body)["update_id"] == 430
