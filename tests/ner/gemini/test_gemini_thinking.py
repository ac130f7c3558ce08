"""Gemini 3.x settings: the thinking level each model takes, and sampling only when set.

Checked twice: what thinking_config builds, and what the fake API (which refuses what the real
one refuses, and what the bot promises not to send) receives from the real SDK.
"""

from __future__ import annotations

import pytest
from google import genai
from google.genai import errors, types

from bot._config import SettingsError, load_settings
from ner import Conversation, EngineUnavailable
from ner.gemini import GeminiConfig, GeminiConfigError, build_gemini_engines, thinking_config
from tests.fakes.gemini_server import GEMINI_ENVIRONMENT, FakeGemini, entities_reply

KEY = "thinking-key"


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (*GEMINI_ENVIRONMENT, "MEDNER_GEMINI_THINKING", "MEDNER_GEMINI_TEMPERATURE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("model", "level", "expected"),
    [
        ("gemini-3.8-flash", "low", types.ThinkingLevel.LOW),
        ("gemini-3.8-flash", "high", types.ThinkingLevel.HIGH),
        # 3.7+ Flash has no MINIMAL: the nearest level it takes.
        ("gemini-3.8-flash", "minimal", types.ThinkingLevel.LOW),
        ("gemini-3.6-flash", "minimal", types.ThinkingLevel.MINIMAL),
        ("gemini-3.1-flash-lite", "minimal", types.ThinkingLevel.MINIMAL),
        ("models/gemini-3.8-flash", "medium", types.ThinkingLevel.MEDIUM),
        ("gemini-3-pro", "medium", types.ThinkingLevel.HIGH),
        ("gemini-3.1-pro", "minimal", types.ThinkingLevel.LOW),
    ],
)
def test_gemini_3_models_get_a_level_they_accept(
    model: str, level: str, expected: types.ThinkingLevel
) -> None:
    assert thinking_config(model, level) == types.ThinkingConfig(thinking_level=expected)


@pytest.mark.parametrize(
    ("model", "level", "budget"),
    [
        ("gemini-2.5-flash", "minimal", 0),
        ("gemini-2.5-flash", "low", 1024),
        ("gemini-2.5-flash-lite", "high", 24576),
        ("gemini-2.5-pro", "minimal", 128),
    ],
)
def test_gemini_2_5_models_get_a_budget(model: str, level: str, budget: int) -> None:
    assert thinking_config(model, level) == types.ThinkingConfig(thinking_budget=budget)


@pytest.mark.parametrize(
    "model",
    ["gemini-2.0-flash", "gemini-1.5-pro", "projects/p/locations/l/endpoints/1", "gemma-3"],
)
def test_models_without_thinking_controls_get_none(model: str) -> None:
    assert thinking_config(model, "low") is None


def test_an_unknown_level_is_refused_at_start_up() -> None:
    with pytest.raises(GeminiConfigError, match="MEDNER_GEMINI_THINKING"):
        GeminiConfig(api_key="k", thinking="extreme")
    with pytest.raises(SettingsError, match="MEDNER_GEMINI_THINKING"):
        load_settings(MEDNER_GEMINI_THINKING="extreme")


def test_settings_read_the_level_and_sampling(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = load_settings()
    assert defaults.gemini_thinking == "low"
    assert (defaults.gemini_temperature, defaults.gemini_top_p, defaults.gemini_top_k) == (
        None,
        None,
        None,
    )
    monkeypatch.setenv("MEDNER_GEMINI_THINKING", "High")
    monkeypatch.setenv("MEDNER_GEMINI_TEMPERATURE", "0.2")
    monkeypatch.setenv("MEDNER_GEMINI_TOP_K", "20")
    settings = load_settings()
    assert settings.gemini_thinking == "high"
    assert (settings.gemini_temperature, settings.gemini_top_k) == (0.2, 20)


async def ask(fake: FakeGemini, model: str, **overrides: object) -> None:
    values: dict[str, object] = {
        "api_key": KEY,
        "base_url": fake.base_url,
        "model": model,
        "timeout_s": 2.0,
        "retry_attempts": 1,
    }
    values.update(overrides)
    [engine] = build_gemini_engines(GeminiConfig(**values))  # type: ignore[arg-type]
    fake.script(entities_reply(("fever", "SYMPTOM")))
    try:
        entities = await engine.extract("a fever", Conversation(user_id=1, message_id=1))
    finally:
        await engine.aclose()
    assert [e.text for e in entities] == ["fever"]


@pytest.mark.parametrize(
    ("model", "level", "sent"),
    [
        ("gemini-3.8-flash", "minimal", {"thinkingLevel": "LOW"}),
        ("gemini-3.8-flash", "medium", {"thinkingLevel": "MEDIUM"}),
        ("gemini-3.6-flash", "minimal", {"thinkingLevel": "MINIMAL"}),
        ("gemini-2.5-flash", "low", {"thinkingBudget": 1024}),
    ],
)
async def test_the_api_accepts_what_each_model_is_sent(
    fake: FakeGemini, model: str, level: str, sent: dict[str, object]
) -> None:
    await ask(fake, model, thinking=level)
    [request] = fake.generate_requests()
    assert request.thinking == sent
    assert fake.violations == []


@pytest.mark.parametrize(
    ("model", "thinking", "refusal"),
    [
        (
            "gemini-3.8-flash",
            types.ThinkingConfig(thinking_level=types.ThinkingLevel.MINIMAL),
            "Thinking level MINIMAL is not supported for this model.",
        ),
        (
            "gemini-2.5-flash",
            types.ThinkingConfig(thinking_level=types.ThinkingLevel.LOW),
            "Thinking level is not supported for this model.",
        ),
        (
            "gemini-3.8-flash",
            types.ThinkingConfig(thinking_level=types.ThinkingLevel.LOW, thinking_budget=10),
            "thinking_level and thinking_budget cannot be used together",
        ),
        ("gemini-3.8-flash", None, "bot promise: a Gemini 3+ request without a thinking level"),
    ],
)
async def test_the_fake_refuses_what_the_api_would(
    fake: FakeGemini, model: str, thinking: types.ThinkingConfig | None, refusal: str
) -> None:
    """The checks have teeth: the SDK itself, sent a configuration the bot must never send."""
    fake.seed_pairs = 0
    client = genai.Client(api_key=KEY, http_options=types.HttpOptions(base_url=fake.base_url))
    config = types.GenerateContentConfig(thinking_config=thinking)
    try:
        with pytest.raises(errors.ClientError, match="400"):
            await client.aio.models.generate_content(model=model, contents="x", config=config)
    finally:
        await client.aio.aclose()
    assert fake.violations == [refusal]


async def test_sampling_is_sent_only_when_set(fake: FakeGemini) -> None:
    await ask(fake, "gemini-3.8-flash")
    fake.sampling = {"temperature": 0.3, "topP": 0.9, "topK": 40}
    await ask(fake, "gemini-3.8-flash", temperature=0.3, top_p=0.9, top_k=40)
    unset, chosen = fake.generate_requests()
    assert unset.sampling == {}
    assert chosen.sampling == {"temperature": 0.3, "topP": 0.9, "topK": 40}
    assert fake.violations == []


async def test_a_chat_without_seeded_history_is_refused(fake: FakeGemini) -> None:
    """The fake's seeded-history check: zero demonstration turns break the card's promise."""
    with pytest.raises(EngineUnavailable, match="rejected"):
        await ask(fake, "gemini-3.8-flash", demonstration_turns=0)
    assert fake.violations == ["bot promise: fewer than 4 few-shot pairs before the message"]
