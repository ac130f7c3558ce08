"""What the end-to-end benchmarks share: the bot as a real process, a timed fake Bot API.

The bot runs as ``python -m bot run`` in its own process, as deployed, so the load generator
and the fake Telegram (this process) do not share its core or its event loop. Latency is
measured from injecting an update into the fake to the fake receiving the bot's sendMessage
for that chat: what a user would wait, minus the network.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import statistics
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fakes.bot_process import bot_environment  # noqa: E402
from tests.fakes.telegram_server import FakeTelegram  # noqa: E402

TOKEN = "123456:BENCH-token_abcdefghijklmnopqrstuvwxyz"


class TimedTelegram(FakeTelegram):
    """The fake Bot API, resolving a future when the bot's reply to a chat arrives."""

    def __init__(self) -> None:
        super().__init__(token=TOKEN)
        self._waiting: dict[int, collections.deque[asyncio.Future[float]]] = {}

    async def __aenter__(self) -> TimedTelegram:
        await self.start()
        return self

    def expect_reply(self, chat_id: int) -> asyncio.Future[float]:
        """A future set to perf_counter() when the reply to the next message to ``chat_id``
        arrives; a chat's replies come in the order of its messages, so they queue."""
        future = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(chat_id, collections.deque()).append(future)
        return future

    async def _api_sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        arrived = time.perf_counter()
        result = await super()._api_sendMessage(params)
        waiting = self._waiting.get(int(params["chat_id"]))
        if waiting:
            future = waiting.popleft()
            if not future.done():
                future.set_result(arrived)
        return result

    def forget_calls(self) -> None:
        """Drop the call log (the benchmark sends tens of thousands of requests)."""
        self.calls.clear()


async def ask(telegram: TimedTelegram, user_id: int, text: str) -> float:
    """One message from ``user_id``; seconds until the bot's reply reached Telegram."""
    reply = telegram.expect_reply(user_id)
    started = time.perf_counter()
    telegram.send(telegram.user(user_id), text)
    return await asyncio.wait_for(reply, 30) - started


def bot_env(telegram: FakeTelegram, db_path: Path, **extra: str) -> dict[str, str]:
    return bot_environment(
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=telegram.base_url,
        MEDNER_DB_PATH=str(db_path),
        MEDNER_RATE_LIMIT="0",
        MEDNER_LOG_LEVEL="INFO",
        **extra,
    )


@contextlib.asynccontextmanager
async def bot_process(
    telegram: FakeTelegram, db_path: Path, *, root: Path = ROOT, **extra: str
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``python -m bot run`` polling ``telegram``; SIGTERM and wait on exit.

    ``root`` is the source tree the bot is run from: another build's (an export of the previous
    commit) to compare against, with this interpreter and its installed dependencies.
    """
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=root, env=bot_env(telegram, db_path, **extra),
        stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await telegram.polling_started(within=60)
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)


def peak_rss_mb(pid: int) -> float:
    """The process's high-water resident set (VmHWM), in MB; read before it exits."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), inclusive method; the max for tiny samples."""
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def figure(name: str, value: float, unit: str, target: str = "") -> str:
    """One result line, ``name: value unit [target]``; run_all.py parses these."""
    suffix = f"  [target {target}]" if target else ""
    return f"FIGURE {name}: {value:.2f} {unit}{suffix}"
