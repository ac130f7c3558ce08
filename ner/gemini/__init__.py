"""The Gemini engines (google-genai): configuration, prompts, answer parsing and tuning data."""

from ner.gemini._build import build_gemini_engines, demonstration_contents, fewshot_turns
from ner.gemini._config import (
    BASE_ENGINE,
    DEFAULT_DEMONSTRATION_TURNS,
    DEFAULT_MODEL,
    TUNED_ENGINE,
    GeminiConfig,
    GeminiConfigError,
    TunedModelsMoved,
)
from ner.gemini._engine import GeminiEngine
from ner.gemini._examples import (
    DatasetError,
    LabeledExample,
    load_fewshot,
    read_dataset,
)
from ner.gemini._parse import UnparseableAnswer, parse_answer
from ner.gemini._prompt import SYSTEM_INSTRUCTION, EntityAnswer, EntityMention, Sampling
from ner.gemini._thinking import DEFAULT_THINKING, THINKING_LEVELS, thinking_config

__all__ = [
    "BASE_ENGINE",
    "DEFAULT_DEMONSTRATION_TURNS",
    "DEFAULT_MODEL",
    "DEFAULT_THINKING",
    "SYSTEM_INSTRUCTION",
    "THINKING_LEVELS",
    "TUNED_ENGINE",
    "DatasetError",
    "EntityAnswer",
    "EntityMention",
    "GeminiConfig",
    "GeminiConfigError",
    "GeminiEngine",
    "LabeledExample",
    "Sampling",
    "TunedModelsMoved",
    "UnparseableAnswer",
    "build_gemini_engines",
    "demonstration_contents",
    "fewshot_turns",
    "load_fewshot",
    "parse_answer",
    "read_dataset",
    "thinking_config",
]
