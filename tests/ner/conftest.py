"""Shared fixtures for the offline engine tests: one recognizer per session (loading the
compiled lexicon takes a few hundred milliseconds, recognizing takes microseconds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ner import Entity, Label
from ner.offline import OfflineEngine, Recognizer

REPO_ROOT = Path(__file__).resolve().parents[2]
LAY_DATA = REPO_ROOT / "tests" / "data"
SHARED_DATA = REPO_ROOT / ".." / "shared" / "data"


@pytest.fixture(scope="session")
def offline_recognizer(tmp_path_factory: pytest.TempPathFactory) -> Recognizer:
    return Recognizer(cache_dir=tmp_path_factory.mktemp("medner-cache"))


def spans(entities: list[Entity]) -> list[tuple[str, str]]:
    """(text, label) pairs: the readable form the assertions compare."""
    return [(e.text, e.label.value) for e in entities]


def texts_of(recognizer: Recognizer, text: str, label: Label) -> list[str]:
    """The texts of the entities of one label that ``recognizer`` finds in ``text``."""
    return [e.text for e in recognizer.recognize(text) if e.label is label]


@pytest.fixture(scope="session")
def offline_engine(offline_recognizer: Recognizer) -> OfflineEngine:
    return OfflineEngine(recognizer=offline_recognizer)
