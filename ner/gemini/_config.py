"""What the Gemini engines need to know, given by the caller: ner/ never reads the environment."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ner.gemini._thinking import DEFAULT_THINKING, THINKING_LEVELS

DEFAULT_MODEL = "gemini-3.8-flash"
DEFAULT_DEMONSTRATION_TURNS = 4
"""Few-shot examples that head every chat as genuine user/model turns (the card's seeded
history); the others stay in the system instruction."""
BASE_ENGINE = "gemini"
TUNED_ENGINE = "gemini-tuned"

_ENDPOINT = re.compile(
    r"^projects/(?P<project>[^/]+)/locations/(?P<location>[^/]+)/endpoints/[^/]+$"
)


class GeminiConfigError(ValueError):
    """A Gemini setting cannot work; the message is one line that says what to change."""


class TunedModelsMoved(GeminiConfigError):
    """A ``tunedModels/...`` name: Gemini API tuning is gone, tuned models now live on Vertex AI."""


@dataclass(frozen=True)
class GeminiConfig:
    """Everything the Gemini engines are built from.

    ``timeout_s`` bounds a whole answer (history load, retries and all), so a fallback to the
    offline engine happens within a few seconds rather than after the SDK's long defaults.
    The tuned endpoint names its own project and location; Vertex credentials come from the
    SDK's standard mechanisms (Application Default Credentials). The sampling parameters
    (``temperature``, ``top_p``, ``top_k``) stay unset unless the operator sets them: Gemini 3
    models are tuned for their default sampling and the parameters are deprecated there.
    ``thinking`` is a level (minimal, low, medium, high), sent the way each model takes it
    (see ner.gemini._thinking); None sends no thinking configuration.

    ``demonstration_turns`` of the few-shot examples head every chat as user/model turns; the
    others are shown in the system instruction. The turns are built once per process and sent
    in the form the SDK converts cheapest (see benchmarks/README.md, "Gemini").
    """

    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    model: str = DEFAULT_MODEL
    extra_models: tuple[str, ...] = ()
    timeout_s: float = 8.0
    media_timeout_s: float = 30.0
    retry_attempts: int = 2
    retry_initial_delay_s: float = 0.2
    history_window: int = 20
    max_sessions: int = 1024
    session_idle_s: float = 30 * 60
    vertex_base_url: str | None = None
    tuned_endpoint: str | None = None
    temperature: float | None = None
    top_p: float | None = None
    top_k: int | None = None
    thinking: str | None = DEFAULT_THINKING
    demonstration_turns: int = DEFAULT_DEMONSTRATION_TURNS

    def __post_init__(self) -> None:
        for name in (self.model, *self.extra_models):
            check_base_model(name, variable="MEDNER_GEMINI_MODEL")
        if self.tuned_endpoint is not None:
            endpoint_location(self.tuned_endpoint)
        if self.timeout_s <= 0:
            raise GeminiConfigError("MEDNER_GEMINI_TIMEOUT must be positive")
        if self.thinking is not None and self.thinking not in THINKING_LEVELS:
            raise GeminiConfigError(
                f"MEDNER_GEMINI_THINKING={self.thinking}: expected one of "
                + ", ".join(THINKING_LEVELS)
            )
        if self.demonstration_turns < 0:
            raise GeminiConfigError("MEDNER_GEMINI_DEMONSTRATION_TURNS must not be negative")


def check_base_model(name: str, *, variable: str) -> None:
    """Reject names that can never answer, at start-up instead of on the first message."""
    if name.startswith("tunedModels/"):
        raise TunedModelsMoved(
            f"{variable}={name}: Gemini API tuned models (tunedModels/...) were retired; "
            "tuning moved to Vertex AI. Run `medner tune` and set MEDNER_TUNED_ENDPOINT="
            "projects/P/locations/L/endpoints/E instead."
        )
    if name.startswith("projects/"):
        raise GeminiConfigError(
            f"{variable}={name}: a Vertex AI resource is not a base model name; "
            "put a tuned endpoint in MEDNER_TUNED_ENDPOINT."
        )
    if not name.strip():
        raise GeminiConfigError(f"{variable} is empty")


def endpoint_location(endpoint: str) -> tuple[str, str]:
    """(project, location) of a tuned endpoint, which the Vertex client must be created for."""
    if endpoint.startswith("tunedModels/"):
        check_base_model(endpoint, variable="MEDNER_TUNED_ENDPOINT")
    match = _ENDPOINT.match(endpoint)
    if match is None:
        raise GeminiConfigError(
            f"MEDNER_TUNED_ENDPOINT={endpoint}: expected projects/P/locations/L/endpoints/E"
        )
    return match["project"], match["location"]


def model_title(model: str) -> str:
    """'gemini-3.8-flash' -> 'Gemini 3.8 Flash': what /model shows."""
    words = model.removeprefix("models/").replace("_", "-").split("-")
    return " ".join(w if any(c.isdigit() for c in w) else w.capitalize() for w in words if w)


def engine_name(model: str, *, default_model: str) -> str:
    """'gemini' for the default model, the model id itself for the others."""
    if model == default_model:
        return BASE_ENGINE
    bare = model.removeprefix("models/")
    return bare if bare.startswith("gemini") else f"gemini-{bare}"
