"""Fixtures for the deployment tests: real bot processes, the fakes they talk to, PostgreSQL.

PostgreSQL comes from tests/storage's fixtures (same rule: skipped without
MEDNER_TEST_POSTGRES_URL or a reachable server, an error under CI=true with the URL set); each
test gets a schema of its own.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from tests.deploy._harness import TOKEN, Launcher
from tests.fakes.gemini_server import FakeGemini
from tests.fakes.telegram_server import FakeTelegram
from tests.storage.conftest import postgres_server, postgres_url

__all__ = ["postgres_server", "postgres_url"]


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """The fake Bot API every process of the test talks to."""
    async with FakeTelegram(token=TOKEN) as fake:
        yield fake


@pytest.fixture
def gemini() -> Iterator[FakeGemini]:
    """The fake Gemini REST API (answers ``{"entities": []}`` unless the test says otherwise)."""
    with FakeGemini() as fake:
        yield fake


@pytest.fixture
async def launcher(tmp_path: Path) -> AsyncIterator[Launcher]:
    """Starts ``python -m bot run`` processes; every one is stopped (or killed) afterwards."""
    launcher = Launcher(tmp_path)
    try:
        yield launcher
    finally:
        await launcher.stop_all()
