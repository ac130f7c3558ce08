"""The webhook server in-process: concurrency between users, errors, and shutdown.

The application is a stand-in whose ``process_update`` the test controls, so each property is
pinned down exactly; the real application is exercised by the process tests beside this one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Coroutine
from typing import Any

import httpx
from telegram import Update

from bot import InFlight, Settings, make_web_app, start_web_server, webhook_address
from service import Metrics
from tests.deploy._harness import SECRET, free_port, post_update

Process = Callable[[Update], Coroutine[Any, Any, None]]


class _Application:
    """Just what the webhook handler uses of a PTB Application."""

    bot = None

    def __init__(self, process: Process) -> None:
        self.process_update = process


def _update(update_id: int, user_id: int) -> dict[str, Any]:
    user = {"id": user_id, "is_bot": False, "first_name": "T"}
    chat = {"id": user_id, "type": "private"}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": user, "text": "hi"}
    return {"update_id": update_id, "message": message}


class _Server:
    def __init__(self, process: Process) -> None:
        self.metrics = Metrics()
        self.inflight = InFlight()
        self.web_app = make_web_app(
            _Application(process),  # type: ignore[arg-type]
            webhook_path="hook",
            secret=SECRET,
            metrics=self.metrics,
            probe=self._healthy,
            inflight=self.inflight,
        )
        self.url = ""

    @staticmethod
    async def _healthy() -> str | None:
        return None


@contextlib.asynccontextmanager
async def serving(process: Process) -> AsyncIterator[_Server]:
    """The webhook server on a free port, its updates handled by ``process``."""
    server = _Server(process)
    port = free_port()
    http = await start_web_server(server.web_app, "127.0.0.1", port)
    server.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield server
    finally:
        http.stop()


async def test_one_users_slow_update_does_not_hold_up_another_user() -> None:
    release = asyncio.Event()
    handled: list[int] = []

    async def process(update: Update) -> None:
        if update.effective_user is not None and update.effective_user.id == 1:
            await release.wait()
        handled.append(update.update_id)

    async with serving(process) as server:
        async with httpx.AsyncClient(timeout=10) as client:
            slow = asyncio.create_task(post_update(client, server.url, _update(10, 1)))
            quick = await post_update(client, server.url, _update(20, 2))
            assert quick.status_code == 200
            assert handled == [20]
            assert not slow.done()  # not answered before its update was handled
            release.set()
            assert (await slow).status_code == 200
        assert handled == [20, 10]


async def test_a_failure_outside_the_handlers_is_counted_and_answered_200() -> None:
    async def process(update: Update) -> None:
        raise RuntimeError("PTB itself broke")

    async with serving(process) as server:
        async with httpx.AsyncClient(timeout=10) as client:
            response = await post_update(client, server.url, _update(1, 1))
        assert response.status_code == 200
        assert server.metrics.registry.get_sample_value("medner_errors_total") == 1


async def test_shutdown_lets_updates_in_hand_finish_and_refuses_new_ones() -> None:
    started, release = asyncio.Event(), asyncio.Event()

    async def process(update: Update) -> None:
        started.set()
        await release.wait()

    async with serving(process) as server, httpx.AsyncClient(timeout=10) as client:
        in_hand = asyncio.create_task(post_update(client, server.url, _update(1, 1)))
        await started.wait()
        draining = asyncio.create_task(server.inflight.drain(5))
        await asyncio.sleep(0.05)
        late = await post_update(client, server.url, _update(2, 2))
        assert late.status_code == 503  # Telegram delivers it again, elsewhere or later
        assert not draining.done()
        release.set()
        assert await draining is True
        assert (await in_hand).status_code == 200


async def test_drain_gives_up_after_its_timeout() -> None:
    inflight = InFlight()
    with inflight.track():
        assert await inflight.drain(0.05) is False
    assert await inflight.drain(0.05) is True


def test_a_webhook_url_without_a_path_gets_the_configured_one() -> None:
    def address(url: str) -> tuple[str, str]:
        settings = Settings(  # type: ignore[call-arg]
            _env_file=None, MEDNER_WEBHOOK_URL=url, MEDNER_WEBHOOK_PATH="tg"
        )
        return webhook_address(settings)

    assert address("https://bot.example.org") == ("https://bot.example.org/tg", "/tg")
    assert address("https://bot.example.org/") == ("https://bot.example.org/tg", "/tg")
    assert address("https://bot.example.org/hook/a") == (
        "https://bot.example.org/hook/a",
        "/hook/a",
    )


async def test_a_refused_request_tells_the_client_its_connection_is_closed() -> None:
    """A request refused on its headers leaves its body unread, so the server closes the
    connection: the response must say so, or a keep-alive client sends its next request down a
    connection that is going away and gets a read error instead of an answer."""
    handled: list[int] = []

    async def process(update: Update) -> None:
        handled.append(update.update_id)

    async with serving(process) as server, httpx.AsyncClient(timeout=10) as client:
        forged = await post_update(client, server.url, _update(1, 1), secret="wrong")
        assert forged.status_code == 403
        assert forged.headers.get("connection") == "close"
        oversized = await client.post(
            server.url,
            content=b"{" + b" " * (2 * 1024 * 1024) + b"}",
            headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
        )
        assert oversized.status_code == 413
        assert oversized.headers.get("connection") == "close"
        assert (await post_update(client, server.url, _update(2, 1))).status_code == 200
    assert handled == [2]
