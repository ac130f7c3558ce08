"""AiohttpRequest, the bot's Bot API client: PTB's behaviour over aiohttp, against real servers.

The Bot API side is the fake Telegram server (tests/fakes/telegram_server.py); uploads go to a
small aiohttp server that echoes what it received, since the fake keeps only form fields.
"""

from __future__ import annotations

import json
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import BodyPartReader, web
from telegram import Bot, InputFile, Update
from telegram.error import NetworkError, TimedOut
from telegram.request import RequestData
from telegram.request._requestparameter import RequestParameter

from bot._transport import AiohttpRequest, UpdatesRequest, _environment_proxy, _redacted
from tests.fakes.telegram_server import FakeTelegram


def _bot(fake: FakeTelegram, request: AiohttpRequest) -> Bot:
    fake.send(fake.user(42), "hello")  # Telegram knows a chat once its user wrote
    return Bot(fake.token, base_url=fake.base_url, request=request, get_updates_request=request)


async def test_bot_api_calls_go_through_and_come_back_parsed() -> None:
    async with FakeTelegram() as fake:
        bot = _bot(fake, AiohttpRequest(connection_pool_size=4))
        async with bot:
            me = await bot.get_me()
            sent = await bot.send_message(42, "<b>fever</b> &amp; rash", parse_mode="HTML")
    assert me.username == fake.username
    assert sent.text == "fever & rash"
    [call] = fake.calls_to("sendMessage", chat_id=42)
    assert call.params["text"] == "<b>fever</b> &amp; rash"  # sent faithfully


async def test_the_updates_connection_keeps_each_update_as_telegram_sent_it() -> None:
    async with FakeTelegram() as fake:
        request = UpdatesRequest()
        bot = Bot(fake.token, base_url=fake.base_url, get_updates_request=request)
        fake.send(fake.user(42, username="ada"), "fièvre & toux 🤒")
        odd_id = fake.inject("message", {**_message(42), "future_field": {"kept": True}})
        async with bot:
            updates = await bot.get_updates(timeout=0)
            text_id = updates[0].update_id
            assert [u.update_id for u in updates] == [text_id, odd_id]
            sent = request.received(text_id)
            assert sent is not None and sent["message"]["from"]["username"] == "ada"
            assert Update.de_json(sent, bot) == updates[0]  # PTB parsed a copy: intact
            assert request.received(odd_id)["message"]["future_field"] == {"kept": True}  # type: ignore[index]
            await bot.get_me()  # another connection: the updates' answer stays
            assert request.received(text_id) is not None
            await bot.get_updates(offset=odd_id + 1, timeout=0)
    assert request.received(text_id) is None  # only the latest answer is kept


def _message(chat_id: int) -> dict[str, Any]:
    return {
        "message_id": 7,
        "date": 1764000000,
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
        "text": "hip pain",
    }


async def test_a_slow_answer_is_timed_out_as_ptb_reports_it() -> None:
    async with FakeTelegram() as fake:
        bot = _bot(fake, AiohttpRequest(read_timeout=0.3))
        async with bot:
            fake.slow("sendMessage", 2.0)
            with pytest.raises(TimedOut):
                await bot.send_message(42, "fever")
            # The pool recovers: the next request works.
            assert (await bot.send_message(42, "rash")).text == "rash"


async def test_an_unreachable_api_is_a_network_error_without_the_token() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "123456:SECRET-token_abcdefghijklmnopqrstuvwxyz"
    request = AiohttpRequest(connect_timeout=2.0)
    await request.initialize()
    try:
        with pytest.raises(NetworkError) as caught:
            await request.post(f"http://127.0.0.1:{port}/bot{token}/getMe")
    finally:
        await request.shutdown()
    assert "aiohttp." in str(caught.value)
    assert "SECRET" not in str(caught.value)


def test_error_texts_lose_the_token() -> None:
    error = ValueError("400, message='Bad', url='https://api.telegram.org/bot123:ABC-def/getMe'")
    assert _redacted(error) == (
        "400, message='Bad', url='https://api.telegram.org/bot<token>/getMe'"
    )


@pytest.fixture
async def echo_server() -> AsyncIterator[str]:
    """Answers like the Bot API with what a multipart request carried."""

    async def echo(request: web.Request) -> web.Response:
        fields: dict[str, Any] = {}
        async for part in await request.multipart():
            assert isinstance(part, BodyPartReader)
            data = await part.read()
            fields[str(part.name)] = {
                "filename": part.filename,
                "content_type": part.headers.get("Content-Type"),
                "data": data.decode(),
            }
        return web.json_response({"ok": True, "result": fields})

    async def echo_json(request: web.Request) -> web.Response:
        return web.json_response(
            {"ok": True, "result": {"type": request.content_type, "body": await request.json()}}
        )

    app = web.Application()
    app.router.add_post("/upload", echo)
    app.router.add_post("/json", echo_json)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/upload"
    await runner.cleanup()


async def test_files_go_as_multipart_with_the_other_fields(echo_server: str) -> None:
    upload = InputFile(b"fever, rash\n", filename="notes.csv", attach=True)
    data = RequestData(
        [
            RequestParameter("chat_id", 42, None),
            RequestParameter("document", upload.attach_uri, [upload]),
        ]
    )
    request = AiohttpRequest()
    await request.initialize()
    try:
        received = await request.post(echo_server, request_data=data)
    finally:
        await request.shutdown()
    assert isinstance(received, dict)
    assert received["chat_id"]["data"] == "42"
    assert received["document"]["data"] == upload.attach_uri
    [attached] = [v for k, v in received.items() if k not in {"chat_id", "document"}]
    assert attached["filename"] == "notes.csv"
    assert attached["data"] == "fever, rash\n"


async def test_fields_without_files_go_as_one_json_object(echo_server: str) -> None:
    keyboard = {"inline_keyboard": [[{"text": "Older ›", "callback_data": "h:10"}]]}
    data = RequestData(
        [
            RequestParameter("chat_id", 42, None),
            RequestParameter("text", "fièvre — 38 °C & <b>toux</b> 🤒", None),
            RequestParameter("reply_markup", keyboard, None),
        ]
    )
    request = AiohttpRequest()
    await request.initialize()
    try:
        received = await request.post(echo_server.replace("/upload", "/json"), request_data=data)
    finally:
        await request.shutdown()
    assert isinstance(received, dict)
    assert received["type"] == "application/json"
    body = received["body"]
    assert body["chat_id"] == "42"  # PTB's JSON-encoded values, as in a form
    assert body["text"] == "fièvre — 38 °C & <b>toux</b> 🤒"
    assert json.loads(body["reply_markup"]) == keyboard


def test_the_proxy_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    assert _environment_proxy("https", "api.telegram.org") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.internal:3128")
    monkeypatch.setenv("NO_PROXY", "localhost,.cluster.local")
    assert _environment_proxy("https", "api.telegram.org") == "http://proxy.internal:3128"
    assert _environment_proxy("https", "bot-api.cluster.local") is None
    assert _environment_proxy("http", "api.telegram.org") is None
