"""From a GeminiConfig to the engines /model offers."""

from __future__ import annotations

import functools

from google.genai import types

from ner._engine import Engine, Turn
from ner.gemini._client import SharedClient, gemini_api_client, tuned_endpoint_client
from ner.gemini._config import TUNED_ENGINE, GeminiConfig, engine_name, model_title
from ner.gemini._engine import GeminiEngine
from ner.gemini._examples import load_fewshot
from ner.gemini._prompt import Sampling, turn_contents


@functools.cache
def fewshot_turns() -> tuple[Turn, ...]:
    """The shipped few-shot examples as turns: what every chat is seeded with (read once)."""
    return tuple(Turn(text=example.text, entities=example.entities) for example in load_fewshot())


@functools.cache
def demonstration_contents(turns: int) -> tuple[types.ContentDict, ...]:
    """The first ``turns`` few-shot examples as user/model contents, built once per process
    and shared, unchanged, by every chat of every engine."""
    return tuple(turn_contents(fewshot_turns()[: max(0, turns)]))


def build_gemini_engines(config: GeminiConfig) -> list[Engine]:
    """The base model(s) when an API key is set, and the tuned endpoint when one is set.

    Configuration errors (a retired ``tunedModels/`` name, a malformed endpoint) were already
    raised by GeminiConfig itself, before any client exists.
    """
    seed = fewshot_turns()
    engines: list[Engine] = []
    if config.api_key:
        engines.extend(_base_engines(config, seed))
    if config.tuned_endpoint:
        # Vertex authenticates through google-auth, with a session google-genai makes itself.
        shared = SharedClient(lambda _: tuned_endpoint_client(config), users=1)
        engines.append(
            _engine(config, seed, shared, TUNED_ENGINE, "Gemini (tuned)", config.tuned_endpoint)
        )
    return engines


def _base_engines(config: GeminiConfig, seed: tuple[Turn, ...]) -> list[Engine]:
    models = list(dict.fromkeys((config.model, *config.extra_models)))
    shared = SharedClient(
        lambda session: gemini_api_client(config, session), users=len(models), lean=True
    )
    return [
        _engine(
            config,
            seed,
            shared,
            engine_name(model, default_model=config.model),
            model_title(model),
            model,
        )
        for model in models
    ]


def _engine(
    config: GeminiConfig,
    seed: tuple[Turn, ...],
    shared: SharedClient,
    name: str,
    title: str,
    model: str,
) -> GeminiEngine:
    return GeminiEngine(
        name=name,
        title=title,
        model=model,
        shared=shared,
        seed=seed,
        demonstrations=demonstration_contents(config.demonstration_turns),
        timeout_s=config.timeout_s,
        media_timeout_s=config.media_timeout_s,
        history_window=config.history_window,
        max_sessions=config.max_sessions,
        session_idle_s=config.session_idle_s,
        sampling=Sampling(config.temperature, config.top_p, config.top_k),
        thinking=config.thinking,
    )
