"""The bot as it is deployed: ``python -m bot run`` processes, and Telegram's side of the wire.

- ``BotProcess``: one real process, configured only through its environment (as a container
  is), its stderr kept in a file for the test to read; stopped with SIGTERM like ``docker stop``
  and killed if it does not go.
- ``Updates``: builds the JSON Telegram would POST, for tests that play Telegram themselves.
- ``Router``: a round-robin load balancer in front of several replicas, which is what Telegram
  talks to in a scaled-out deployment; it records which replica got each update and when the
  replica answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import tornado.web
from tornado.httpserver import HTTPServer

from tests.fakes.bot_process import bot_environment
from tests.fakes.telegram_server import FakeTelegram

REPO = Path(__file__).resolve().parents[2]
SECRET = "deploy-test-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz"

_START_TIMEOUT_S = 30.0
_STOP_TIMEOUT_S = 15.0

JSON = dict[str, Any]


def free_port() -> int:
    """A port nobody listens on now (the OS picks it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class BotProcess:
    """``python -m bot run`` with ``env``, run in ``workdir`` (so no stray .env is read)."""

    name: str
    env: dict[str, str]
    workdir: Path
    process: asyncio.subprocess.Process | None = None

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.stderr"

    async def start(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("wb") as stderr:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                env=self.env,
                cwd=self.workdir,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=stderr,
                stderr=stderr,
            )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def stop(self) -> int | None:
        """SIGTERM, as ``docker stop`` sends; SIGKILL if it has not ended in time."""
        process = self.process
        if process is None:
            return None
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), _STOP_TIMEOUT_S)
            except TimeoutError:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        return process.returncode

    def kill(self) -> None:
        """Last resort for teardown: nothing may outlive the test."""
        if self.process is not None and self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def log_lines(self) -> list[str]:
        return [line for line in self.output().splitlines() if line.strip()]

    def json_logs(self) -> list[JSON]:
        """Every stderr line as the JSON object it must be (fails on any other line)."""
        records = []
        for line in self.log_lines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                raise AssertionError(f"{self.name}: not a JSON log line: {line!r}") from None
            assert isinstance(record, dict), line
            records.append(record)
        return records

    async def wait_healthy(self, port: int, within: float = _START_TIMEOUT_S) -> None:
        """Until /healthz on ``port`` answers 200; fails early, with the log, if it died."""
        url = f"http://127.0.0.1:{port}/healthz"
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as client:
            while True:
                if self.process is not None and self.process.returncode is not None:
                    raise AssertionError(
                        f"{self.name} exited with {self.process.returncode}:\n{self.output()}"
                    )
                with contextlib.suppress(httpx.HTTPError):
                    if (await client.get(url)).status_code == 200:
                        return
                if time.monotonic() > deadline:
                    raise AssertionError(f"{self.name} not healthy in {within}s:\n{self.output()}")
                await asyncio.sleep(0.1)


@dataclass
class Launcher:
    """Starts bot processes for one test and always stops them afterwards."""

    workdir: Path
    processes: list[BotProcess] = field(default_factory=list)

    async def start(self, name: str, **env: object) -> BotProcess:
        bot = BotProcess(name, bot_environment(**env), self.workdir / name)
        self.processes.append(bot)
        await bot.start()
        return bot

    async def stop_all(self) -> None:
        try:
            await asyncio.gather(*(bot.stop() for bot in self.processes))
        finally:
            for bot in self.processes:
                bot.kill()


def webhook_env(port: int, public_url: str, telegram: FakeTelegram, **extra: object) -> JSON:
    """The settings of one webhook replica talking to the fake Telegram."""
    return {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_API_BASE_URL": telegram.base_url,
        "MEDNER_WEBHOOK_URL": public_url,
        "MEDNER_WEBHOOK_SECRET": SECRET,
        "MEDNER_WEBHOOK_LISTEN": "127.0.0.1",
        "MEDNER_WEBHOOK_PORT": port,
        "MEDNER_RATE_LIMIT": 0,
        "MEDNER_LOG_FORMAT": "json",
        **extra,
    }


class Updates:
    """The updates Telegram would POST for a user's private chat with the bot."""

    def __init__(self, telegram: FakeTelegram) -> None:
        self._telegram = telegram
        self._update_ids = itertools.count(500_000)
        # Far above the ids the fake gives the bot's own messages, so the two never collide.
        self._message_ids = itertools.count(900_000)

    def text(self, user: JSON, text: str) -> JSON:
        chat = self._telegram.private_chat(user)
        message: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}


async def post_update(
    client: httpx.AsyncClient, url: str, update: JSON, *, secret: str = SECRET
) -> httpx.Response:
    """One webhook delivery, as Telegram makes it."""
    return await client.post(
        url,
        content=json.dumps(update),
        headers={"Content-Type": "application/json", SECRET_HEADER: secret},
    )


@dataclass(frozen=True)
class Routed:
    """One update the router passed on: to which replica, and when the replica answered."""

    update_id: int
    replica: int
    status: int
    answered_at: float


class _Forward(tornado.web.RequestHandler):
    def initialize(self, router: Router) -> None:
        self._router = router

    async def post(self) -> None:
        status = await self._router.forward(self.request.body, self.request.headers)
        self.set_status(status)


class Router:
    """Round robin over ``targets`` (the replicas' webhook URLs), like a load balancer."""

    def __init__(self, targets: list[str], path: str) -> None:
        self.targets = targets
        self.path = path
        self.routed: list[Routed] = []
        self._next = itertools.cycle(range(len(targets)))
        self._client = httpx.AsyncClient(timeout=30)
        self._server: HTTPServer | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    async def forward(self, body: bytes, headers: Any) -> int:
        replica = next(self._next)
        response = await self._client.post(
            self.targets[replica],
            content=body,
            headers={
                "Content-Type": "application/json",
                SECRET_HEADER: headers.get(SECRET_HEADER, ""),
            },
        )
        update_id = json.loads(body).get("update_id", -1)
        self.routed.append(Routed(update_id, replica, response.status_code, time.monotonic()))
        return response.status_code

    async def wait_routed(self, count: int, within: float = 10.0) -> list[Routed]:
        """Until ``count`` updates went through and were answered."""
        deadline = time.monotonic() + within
        while len(self.routed) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{len(self.routed)} of {count} updates routed in {within}s")
            await asyncio.sleep(0.02)
        return list(self.routed)

    @contextlib.asynccontextmanager
    async def serving(self) -> AsyncIterator[Router]:
        self.port = free_port()
        app = tornado.web.Application([(self.path, _Forward, {"router": self})])
        self._server = HTTPServer(app)
        self._server.listen(self.port, address="127.0.0.1")
        try:
            yield self
        finally:
            self._server.stop()
            await self._client.aclose()
