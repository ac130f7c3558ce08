"""The Gemini engines (google-genai): configuration, prompts, answer parsing and tuning data."""

from ner.gemini._build import build_gemini_engines, fewshot_turns
from ner.gemini._config import (
    BASE_ENGINE,
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
from ner.gemini._prompt import SYSTEM_INSTRUCTION, EntityAnswer, EntityMention

__all__ = [
    "BASE_ENGINE",
    "DEFAULT_MODEL",
    "SYSTEM_INSTRUCTION",
    "TUNED_ENGINE",
    "DatasetError",
    "EntityAnswer",
    "EntityMention",
    "GeminiConfig",
    "GeminiConfigError",
    "GeminiEngine",
    "LabeledExample",
    "TunedModelsMoved",
    "UnparseableAnswer",
    "build_gemini_engines",
    "fewshot_turns",
    "load_fewshot",
    "parse_answer",
    "read_dataset",
]
