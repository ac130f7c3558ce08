"""Fixtures every Gemini test shares: no Gemini setting leaks in from the environment, and a
fake Gemini server that wants the test module's ``KEY``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakes.gemini_server import GEMINI_ENVIRONMENT, FakeGemini


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in GEMINI_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def fake(request: pytest.FixtureRequest) -> Iterator[FakeGemini]:
    with FakeGemini(require_api_key=request.module.KEY) as server:
        yield server
