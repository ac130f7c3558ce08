"""``medner run`` in webhook mode: Telegram POSTs updates with the secret token."""

from __future__ import annotations

import asyncio
import socket

import httpx
from pydantic import SecretStr

from bot import Settings, serve
from tests.fakes.telegram_server import FakeTelegram


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode_answers_and_refuses_a_wrong_secret(
    bot_settings: Settings, telegram: FakeTelegram
) -> None:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = bot_settings.model_copy(
        update={
            "webhook_url": url,
            "webhook_secret": SecretStr("s3cret-token"),
            "webhook_listen": "127.0.0.1",
            "webhook_port": port,
        }
    )
    stop = asyncio.Event()
    server = asyncio.create_task(serve(settings, stop))
    try:
        registering = asyncio.create_task(telegram.wait_for("setWebhook", within=10))
        await asyncio.wait({server, registering}, return_when=asyncio.FIRST_COMPLETED)
        if server.done():
            registering.cancel()
            server.result()  # raises why serve() ended
        [registered] = registering.result()
        assert registered.params["url"] == url
        assert registered.params["secret_token"] == "s3cret-token"

        telegram.send(telegram.user(42), "she has fever")
        reply = await telegram.reply(42, within=10)
        assert "fever" in reply.text
        assert telegram.calls_to("setMyCommands")

        async with httpx.AsyncClient() as client:
            forged = await client.post(
                url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
            )
        assert forged.status_code == 403
    finally:
        stop.set()
        assert await asyncio.wait_for(server, 10) == 0
