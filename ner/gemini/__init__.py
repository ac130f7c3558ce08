"""The Gemini engines (google-genai): configuration, prompts, answer parsing and tuning data."""

from ner.gemini._build import build_gemini_engines, demonstration_contents, fewshot_turns
from ner.gemini._client import vertex_client
from ner.gemini._config import (
    BASE_ENGINE,
    DEFAULT_DEMONSTRATION_TURNS,
    DEFAULT_MODEL,
    TUNED_ENGINE,
    GeminiConfig,
    GeminiConfigError,
    TunedModelsMoved,
    check_base_model,
    endpoint_location,
    engine_name,
    model_title,
)
from ner.gemini._engine import GeminiEngine
from ner.gemini._examples import (
    DatasetError,
    LabeledExample,
    load_fewshot,
    read_dataset,
)
from ner.gemini._parse import UnparseableAnswer, parse_answer
from ner.gemini._prompt import (
    SYSTEM_INSTRUCTION,
    EntityAnswer,
    EntityMention,
    Sampling,
    answer_json,
)
from ner.gemini._thinking import DEFAULT_THINKING, THINKING_LEVELS, thinking_config
from ner.gemini._tuning import (
    DatasetReport,
    start_tuning,
    validate_examples,
    wait_for_job,
    write_dataset,
)

__all__ = [
    "BASE_ENGINE",
    "DEFAULT_DEMONSTRATION_TURNS",
    "DEFAULT_MODEL",
    "DEFAULT_THINKING",
    "SYSTEM_INSTRUCTION",
    "THINKING_LEVELS",
    "TUNED_ENGINE",
    "DatasetError",
    "DatasetReport",
    "EntityAnswer",
    "EntityMention",
    "GeminiConfig",
    "GeminiConfigError",
    "GeminiEngine",
    "LabeledExample",
    "Sampling",
    "TunedModelsMoved",
    "UnparseableAnswer",
    "answer_json",
    "build_gemini_engines",
    "check_base_model",
    "demonstration_contents",
    "endpoint_location",
    "engine_name",
    "fewshot_turns",
    "load_fewshot",
    "model_title",
    "parse_answer",
    "read_dataset",
    "start_tuning",
    "thinking_config",
    "validate_examples",
    "vertex_client",
    "wait_for_job",
    "write_dataset",
]
