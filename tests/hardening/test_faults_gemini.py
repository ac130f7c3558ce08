"""Gemini misbehaves: errors, quota, slowness, blocked or malformed answers.

The engine comes from the production wiring (bot._wiring via the conftest ``service``) with
GEMINI settings pointing at the fake Gemini server. Whatever Gemini does, the user gets exactly
one answer, from the offline engine with a note saying so, and the next message goes to Gemini
again once it is healthy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot import BotApplication
from service import ConversationService
from tests.fakes.gemini_server import (
    FakeGemini,
    Recorded,
    Reply,
    entities_reply,
    error_reply,
    no_candidates_reply,
    prompt_blocked_reply,
    safety_stopped_reply,
    text_reply,
)
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening._harness import tg_source_key, wait_replied

KEY = "hardening-gemini-key"
TIMEOUT_S = 2.0


class SwitchableGemini:
    """Answers every request with ``fault`` while set, else like a healthy model."""

    def __init__(self) -> None:
        self.fault: Reply | None = None

    def __call__(self, request: Recorded) -> Reply:
        if self.fault is not None:
            return self.fault
        found = [w for w in ("fever", "malaria") if w in request.last_user_text.lower()]
        return entities_reply(*((w, "SYMPTOM" if w == "fever" else "DISEASE") for w in found))


@pytest.fixture
def behaviour() -> SwitchableGemini:
    return SwitchableGemini()


@pytest.fixture
def gemini(behaviour: SwitchableGemini) -> Iterator[FakeGemini]:
    with FakeGemini(responder=behaviour, require_api_key=KEY) as fake:
        yield fake


@pytest.fixture
def settings_overrides(gemini: FakeGemini) -> dict[str, Any]:
    return {
        "GEMINI_API_KEY": KEY,
        "GOOGLE_GEMINI_BASE_URL": gemini.base_url,
        "MEDNER_DEFAULT_ENGINE": "gemini",
        "MEDNER_GEMINI_TIMEOUT": TIMEOUT_S,
    }


FAULTS: dict[str, Callable[[], Reply]] = {
    "quota-429": lambda: error_reply(429, "Resource has been exhausted"),
    "internal-500": lambda: error_reply(500),
    "unavailable-503": lambda: error_reply(503, "The model is overloaded"),
    "forbidden-403": lambda: error_reply(403, "API key not valid"),
    "slower-than-timeout": lambda: entities_reply(("fever", "SYMPTOM"), delay_s=TIMEOUT_S * 2),
    "not-json": lambda: text_reply("Sure! fever is a symptom."),
    "truncated-json": lambda: text_reply('{"entities": [{"text": "fev'),
    "prompt-blocked": prompt_blocked_reply,
    "safety-stopped": safety_stopped_reply,
    "no-candidates": no_candidates_reply,
}


@pytest.mark.parametrize("fault", list(FAULTS))
async def test_a_failing_gemini_falls_back_once_with_a_note_then_recovers(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    behaviour: SwitchableGemini,
    fault: str,
) -> None:
    behaviour.fault = FAULTS[fault]()
    failed = telegram.send(telegram.user(42), "she has fever")
    await wait_replied(service, tg_source_key(failed), within=10)
    behaviour.fault = None
    healthy = telegram.send(telegram.user(42), "and malaria")
    await wait_replied(service, tg_source_key(healthy), within=10)
    await telegram.settle()

    first, second = telegram.calls_to("sendMessage", chat_id=42)
    assert "fever" in first.text and "ℹ️" in first.text  # offline result, with the note
    assert "malaria" in second.text.lower() and "ℹ️" not in second.text
    stored = await service.store.find_by_source(tg_source_key(failed))
    assert stored is not None and stored.engine == "local" and stored.note
    recovered = await service.store.find_by_source(tg_source_key(healthy))
    assert recovered is not None and recovered.engine != "local"


async def test_concurrent_users_all_fall_back_within_the_timeout(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    behaviour: SwitchableGemini,
) -> None:
    """20 users while Gemini hangs: all answered once, in about one timeout, not twenty."""
    behaviour.fault = entities_reply(delay_s=TIMEOUT_S * 2)
    messages = [telegram.send(telegram.user(u), "fever") for u in range(1, 21)]

    for message in messages:
        await wait_replied(service, tg_source_key(message), within=TIMEOUT_S * 6)
    await telegram.settle()

    for user_id in range(1, 21):
        [reply] = telegram.calls_to("sendMessage", chat_id=user_id)
        assert "fever" in reply.text and "ℹ️" in reply.text
