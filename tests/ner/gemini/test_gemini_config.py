"""Configuration: names, titles, the retired tunedModels/ form, and wiring from Settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot import Settings, SettingsError
from bot._wiring import _gemini_engines
from ner import Conversation
from ner.gemini import (
    DEFAULT_MODEL,
    GeminiConfig,
    GeminiConfigError,
    TunedModelsMoved,
    build_gemini_engines,
    endpoint_location,
    engine_name,
    load_fewshot,
    model_title,
)
from tests.fakes.gemini_server import (
    FakeGemini,
    Recorded,
    Reply,
    entities_reply,
    error_reply,
)

ENDPOINT = "projects/p1/locations/europe-west4/endpoints/123"


def settings() -> Settings:
    """Settings from the (cleaned) environment only, never from a developer's .env file."""
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_titles_and_names() -> None:
    assert model_title("gemini-3.8-flash") == "Gemini 3.8 Flash"
    assert model_title("gemini-3.1-flash-lite") == "Gemini 3.1 Flash Lite"
    assert engine_name(DEFAULT_MODEL, default_model=DEFAULT_MODEL) == "gemini"
    assert (
        engine_name("gemini-3.1-flash-lite", default_model=DEFAULT_MODEL) == "gemini-3.1-flash-lite"
    )


def test_tuned_models_name_is_refused_with_the_way_forward() -> None:
    with pytest.raises(TunedModelsMoved, match=r"Vertex AI.*MEDNER_TUNED_ENDPOINT"):
        GeminiConfig(api_key="k", model="tunedModels/my-ner-abc123")
    with pytest.raises(TunedModelsMoved):
        GeminiConfig(tuned_endpoint="tunedModels/my-ner-abc123")


def test_endpoint_must_be_a_vertex_endpoint() -> None:
    assert endpoint_location(ENDPOINT) == ("p1", "europe-west4")
    with pytest.raises(GeminiConfigError, match="projects/P/locations/L/endpoints/E"):
        GeminiConfig(tuned_endpoint="projects/p1/endpoints/123")


async def test_engines_offered_follow_the_configuration() -> None:
    engines = build_gemini_engines(
        GeminiConfig(api_key="k", extra_models=("gemini-3.1-flash-lite",), tuned_endpoint=ENDPOINT)
    )
    assert [(e.name, e.title) for e in engines] == [
        ("gemini", "Gemini 3.8 Flash"),
        ("gemini-3.1-flash-lite", "Gemini 3.1 Flash Lite"),
        ("gemini-tuned", "Gemini (tuned)"),
    ]
    assert build_gemini_engines(GeminiConfig()) == []
    for engine in engines:
        await engine.aclose()


async def test_wiring_builds_from_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "secret-key")
    monkeypatch.setenv("MEDNER_GEMINI_EXTRA_MODELS", "gemini-3.1-flash-lite, gemini-3.7-flash")
    engines = _gemini_engines(settings())
    assert [e.name for e in engines] == ["gemini", "gemini-3.1-flash-lite", "gemini-3.7-flash"]
    for engine in engines:
        await engine.aclose()


def test_wiring_offers_nothing_without_a_key() -> None:
    assert _gemini_engines(settings()) == []


def test_wiring_turns_a_retired_model_name_into_one_settings_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GOOGLE_API_KEY", "secret-key")
    monkeypatch.setenv("MEDNER_GEMINI_MODEL", "tunedModels/old-ner")
    with pytest.raises(SettingsError, match="tunedModels") as caught:
        _gemini_engines(settings())
    assert "\n" not in str(caught.value)
    assert "secret-key" not in str(caught.value)


def test_api_key_and_base_url_are_read_as_the_sdk_reads_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GEMINI_API_KEY", "gemini-key")
    assert settings().gemini_api_key is not None
    monkeypatch.setenv("GOOGLE_API_KEY", "google-key")
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", "http://127.0.0.1:9/")
    both = settings()
    key = both.gemini_api_key
    assert key is not None and key.get_secret_value() == "google-key"
    assert both.gemini_base_url == "http://127.0.0.1:9/"
    assert "google-key" not in repr(GeminiConfig(api_key="google-key"))


async def test_settings_reach_the_api_through_the_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    """GEMINI_API_KEY + GOOGLE_GEMINI_BASE_URL: what `medner extract --engine gemini` uses."""
    with FakeGemini(require_api_key="from-env") as fake:
        fake.script(entities_reply(("fever", "SYMPTOM")))
        monkeypatch.setenv("GEMINI_API_KEY", "from-env")
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake.base_url)
        [engine] = _gemini_engines(settings())
        try:
            entities = await engine.extract("a fever")
        finally:
            await engine.aclose()
    assert [e.text for e in entities] == ["fever"]
    [request] = fake.generate_requests()
    assert request.headers["x-goog-api-key"] == "from-env"


def test_medner_extract_uses_gemini_when_a_key_is_set(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.cli import main

    with FakeGemini(require_api_key="cli-key") as fake:
        fake.script(entities_reply(("chest pain", "SYMPTOM", True), ("aspirin", "DRUG")))
        monkeypatch.setenv("GEMINI_API_KEY", "cli-key")
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake.base_url)
        code = main(["extract", "--engine", "gemini", "--format", "json", "no chest pain, aspirin"])
    assert code == 0
    assert len(fake.generate_requests()) == 1
    entities = json.loads(capsys.readouterr().out)["entities"]
    assert [(e["text"], e["label"], e["negated"]) for e in entities] == [
        ("chest pain", "SYMPTOM", True),
        ("aspirin", "DRUG", False),
    ]


def test_medner_eval_scores_gemini_and_counts_what_it_could_not_answer(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from bot.cli import main

    dataset = tmp_path / "gold.jsonl"
    rows = [
        {"text": f"fever number {i}", "entities": [{"start": 0, "end": 5, "label": "SYMPTOM"}]}
        for i in range(10)
    ]
    dataset.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")

    def answer(request: Recorded) -> Reply:
        if request.last_user_text.endswith("7"):
            return error_reply(429, "quota")
        return entities_reply(("fever", "SYMPTOM"))

    with FakeGemini() as fake:
        fake.responder = answer
        monkeypatch.setenv("GEMINI_API_KEY", "k")
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake.base_url)
        monkeypatch.setenv("MEDNER_GEMINI_TIMEOUT", "2")
        code = main(["eval", str(dataset), "--engine", "gemini", "--json"])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 10 and report["unanswered"] == 1
    assert report["exact"]["micro"]["tp"] == 9 and report["exact"]["micro"]["fn"] == 1


async def test_demonstration_turns_are_read_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """MEDNER_GEMINI_DEMONSTRATION_TURNS examples head the chat as turns, the others are in
    the system instruction, and the user's message comes last."""
    examples = load_fewshot()
    with FakeGemini(require_api_key="k", seed_pairs=2) as fake:
        fake.script(entities_reply(("fever", "SYMPTOM")))
        monkeypatch.setenv("GEMINI_API_KEY", "k")
        monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake.base_url)
        monkeypatch.setenv("MEDNER_GEMINI_DEMONSTRATION_TURNS", "2")
        [engine] = _gemini_engines(settings())
        try:
            await engine.extract("a fever", Conversation(user_id=1, epoch=0, message_id=1))
        finally:
            await engine.aclose()
    [request] = fake.generate_requests()
    assert [role for role, _ in request.texts] == ["user", "model", "user", "model", "user"]
    assert [text for role, text in request.texts if role == "user"][:2] == [
        examples[0].text,
        examples[1].text,
    ]
    assert request.texts[-1] == ("user", "a fever")
    assert all(example.text in request.system_instruction for example in examples[2:])
