"""Operating one bot process: webhook answers, metrics, health checks, JSON logs (issue 6).

These run ``python -m bot run`` on SQLite, so they need no PostgreSQL and always run.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot import store_probe
from storage import open_store
from tests.deploy._harness import (
    REPO,
    SECRET,
    BotProcess,
    Launcher,
    Updates,
    free_port,
    post_update,
    webhook_env,
)
from tests.fakes.gemini_server import FakeGemini, error_reply
from tests.fakes.telegram_server import FakeTelegram

pytestmark = pytest.mark.slow

SOMETHING_WRONG = "Sorry, something went wrong on my side."


def _healthcheck_command() -> list[str]:
    """The Dockerfile's HEALTHCHECK CMD, run with this interpreter instead of the image's."""
    lines = (REPO / "Dockerfile").read_text().replace("\\\n", " ").splitlines()
    instruction = next(line for line in lines if line.startswith("HEALTHCHECK"))
    command: list[str] = json.loads(instruction[instruction.index("CMD") + 3 :].strip())
    assert command[0] == "python"
    return [sys.executable, *command[1:]]


def _run_healthcheck(**env: int) -> int:
    environment = {"PATH": "/usr/bin:/bin", **{k: str(v) for k, v in env.items()}}
    return subprocess.run(
        _healthcheck_command(), env=environment, capture_output=True, timeout=10, check=False
    ).returncode


def _samples(exposition: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
    }


def _value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@dataclass
class WebhookBot:
    process: BotProcess
    port: int
    health_port: int
    url: str

    def at(self, path: str, *, health: bool = False) -> str:
        return f"http://127.0.0.1:{self.health_port if health else self.port}{path}"


@pytest.fixture
async def webhook_bot(
    telegram: FakeTelegram, gemini: FakeGemini, launcher: Launcher, tmp_path: Path
) -> AsyncIterator[WebhookBot]:
    """One webhook process on SQLite whose chosen engine (Gemini) always fails."""
    gemini.responder = lambda _: error_reply(500, "the fake is down")
    port, health_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}/hook"
    process = await launcher.start(
        "bot",
        **webhook_env(
            port,
            url,
            telegram,
            MEDNER_DB_PATH=tmp_path / "medner.sqlite3",
            MEDNER_HEALTH_PORT=health_port,
            MEDNER_DEFAULT_ENGINE="gemini",
            GEMINI_API_KEY="fake-key",
            GOOGLE_GEMINI_BASE_URL=gemini.base_url,
        ),
    )
    await process.wait_healthy(port)
    await process.wait_healthy(health_port)
    await telegram.wait_for("setWebhook", within=10)
    yield WebhookBot(process, port, health_port, url)


async def test_webhook_answers_after_handling_and_counts_what_happened(
    webhook_bot: WebhookBot, telegram: FakeTelegram
) -> None:
    updates = Updates(telegram)
    user = telegram.user(8001)
    async with httpx.AsyncClient(timeout=30) as client:
        # Answered 200 only once the reply was sent (the fallback engine's, Gemini being down).
        first = await post_update(client, webhook_bot.url, updates.text(user, "she has fever"))
        assert first.status_code == 200
        [reply] = telegram.calls_to("sendMessage", chat_id=8001)
        assert "fever" in reply.text

        # A failing reply reaches the error handler (the user gets an apology); still 200, or
        # Telegram would deliver the same update forever.
        telegram.fail("sendMessage", 500)
        second = await post_update(client, webhook_bot.url, updates.text(user, "pain in my hip"))
        assert second.status_code == 200
        assert SOMETHING_WRONG in telegram.calls_to("sendMessage", chat_id=8001)[-1].text

        forged = await post_update(
            client, webhook_bot.url, updates.text(user, "fever"), secret="wrong"
        )
        assert forged.status_code == 403
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for body in (b"not json", b"[1, 2]", b"null"):
            garbled = await client.post(webhook_bot.url, content=body, headers=headers)
            assert garbled.status_code == 400, body

        exposition = (await client.get(webhook_bot.at("/metrics"))).text
        on_health_port = await client.get(webhook_bot.at("/metrics", health=True))
        assert on_health_port.status_code == 200
        health = await client.get(webhook_bot.at("/healthz"))
    assert health.status_code == 200
    assert health.json() == {"status": "ok"}

    samples = _samples(exposition)
    assert _value(samples, "medner_updates_total", kind="message") == 2
    assert _value(samples, "medner_replies_total") == 1
    assert _value(samples, "medner_engine_latency_seconds_count", engine="gemini") == 2
    assert _value(samples, "medner_engine_fallbacks_total", engine="gemini") == 2
    assert _value(samples, "medner_errors_total") == 1


async def test_webhook_process_logs_json_lines_and_stops_cleanly(
    webhook_bot: WebhookBot, telegram: FakeTelegram
) -> None:
    updates = Updates(telegram)
    async with httpx.AsyncClient(timeout=30) as client:
        await post_update(client, webhook_bot.url, updates.text(telegram.user(8002), "fever"))
    assert await webhook_bot.process.stop() == 0

    records = webhook_bot.process.json_logs()
    assert records, "no log lines at all"
    assert all({"time", "level", "logger", "message"} <= set(r) for r in records)
    analysed = [r for r in records if r["logger"] == "service._conversation"]
    assert any("analysed" in r["message"] for r in analysed)
    assert any(r["level"] == "WARNING" and r["logger"].startswith("ner.gemini") for r in records)


async def test_the_image_healthcheck_works_in_webhook_mode(webhook_bot: WebhookBot) -> None:
    # The image sets both ports; an operator who unsets MEDNER_HEALTH_PORT still gets a check.
    both = {"MEDNER_HEALTH_PORT": webhook_bot.health_port, "MEDNER_WEBHOOK_PORT": 1}
    assert await asyncio.to_thread(_run_healthcheck, **both) == 0
    webhook_only = {"MEDNER_WEBHOOK_PORT": webhook_bot.port}
    assert await asyncio.to_thread(_run_healthcheck, **webhook_only) == 0
    nobody = {"MEDNER_HEALTH_PORT": free_port()}
    assert await asyncio.to_thread(_run_healthcheck, **nobody) != 0


async def test_polling_mode_serves_health_and_metrics_on_the_health_port(
    telegram: FakeTelegram, launcher: Launcher, tmp_path: Path
) -> None:
    health_port = free_port()
    bot = await launcher.start(
        "polling",
        TELEGRAM_BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE_URL=telegram.base_url,
        MEDNER_DB_PATH=tmp_path / "medner.sqlite3",
        MEDNER_HEALTH_PORT=health_port,
        MEDNER_LOG_FORMAT="json",
        MEDNER_RATE_LIMIT=0,
    )
    await bot.wait_healthy(health_port)
    await telegram.polling_started()
    telegram.send(telegram.user(8003), "she has fever")
    assert "fever" in (await telegram.reply(8003, within=15)).text

    async with httpx.AsyncClient() as client:
        metrics = await client.get(f"http://127.0.0.1:{health_port}/metrics")
    assert _value(_samples(metrics.text), "medner_updates_total", kind="message") == 1
    assert await asyncio.to_thread(_run_healthcheck, MEDNER_HEALTH_PORT=health_port) == 0

    assert await bot.stop() == 0
    assert await asyncio.to_thread(_run_healthcheck, MEDNER_HEALTH_PORT=health_port) != 0
    bot.json_logs()  # every line is JSON in polling mode too


async def test_store_probe_fails_when_the_database_is_gone(tmp_path: Path) -> None:
    store = await open_store(f"sqlite:///{tmp_path / 'medner.sqlite3'}")
    probe = store_probe(store)
    assert await probe() is None
    await store.close()
    assert await probe() is not None


class _HangingStore:
    async def health_problem(self) -> str | None:
        await asyncio.sleep(60)
        return None


async def test_store_probe_fails_when_the_database_hangs() -> None:
    probe = store_probe(_HangingStore(), timeout_s=0.05)  # type: ignore[arg-type]
    assert await probe() == "the database does not answer"
