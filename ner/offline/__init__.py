"""The offline engine: dictionary + rules + trained sequence taggers, local, in milliseconds.

``recognize(text)`` uses a process-wide recognizer built on first use; ``OfflineEngine`` wraps a
recognizer in the async ``Engine`` protocol.
"""

from __future__ import annotations

import threading

from ner._models import Entity
from ner.offline._engine import OfflineEngine
from ner.offline._lexicon import Lexicon, build_lexicon, default_cache_dir, load_lexicon
from ner.offline._model import ModelCard, ModelSelectionError, SequenceModels, read_manifest
from ner.offline._recognizer import Recognizer

__all__ = [
    "Lexicon",
    "ModelCard",
    "ModelSelectionError",
    "OfflineEngine",
    "Recognizer",
    "SequenceModels",
    "build_lexicon",
    "default_cache_dir",
    "default_recognizer",
    "load_lexicon",
    "read_manifest",
    "recognize",
]

_default: Recognizer | None = None
_default_lock = threading.Lock()


def default_recognizer() -> Recognizer:
    """The shared recognizer (default cache directory), created once per process."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Recognizer()
        return _default


def recognize(text: str) -> list[Entity]:
    """Entities in ``text`` with the shared offline recognizer (synchronous)."""
    return default_recognizer().recognize(text)
