"""What ``serve`` does to the process before it takes updates: the runtime settings that keep
reply latency low under load (benchmarks/README.md has the figures)."""

from __future__ import annotations

import asyncio
import gc
import sys
from collections.abc import Iterator

import pytest

from bot import GIL_SWITCH_INTERVAL_S, Settings
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening.test_webhook_and_retention import serving


@pytest.fixture
def process_runtime() -> Iterator[None]:
    """Start with nothing frozen and leave the test process as it was found."""
    interval = sys.getswitchinterval()
    gc.unfreeze()
    try:
        yield
    finally:
        gc.unfreeze()
        sys.setswitchinterval(interval)


@pytest.mark.usefixtures("process_runtime")
async def test_serve_freezes_start_up_objects_and_shortens_the_gil_switch_interval(
    bot_settings: Settings, telegram: FakeTelegram
) -> None:
    assert gc.get_freeze_count() == 0
    async with serving(bot_settings, asyncio.create_task(telegram.polling_started())):
        frozen = gc.get_freeze_count()
        interval = sys.getswitchinterval()
        telegram.send(telegram.user(7), "took ibuprofen for a headache")
        reply = await telegram.reply(7, within=10)

    assert frozen > 10_000  # the lexicon and the libraries, never walked by a collection
    assert interval == pytest.approx(GIL_SWITCH_INTERVAL_S)
    assert "ibuprofen" in reply.text
