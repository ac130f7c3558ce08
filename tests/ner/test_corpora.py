"""Scores on the development splits in ../shared/data (skipped when that folder is absent).

Floors sit a little under the measured dev scores of the default engine (lexicon, rules and the
shipped sequence taggers; measured figures beside them); the issue's targets are BC5CDR >= 0.85
micro, NCBI-disease >= 0.80, AnatEM >= 0.70 (AnatEM also tags tumours and cancers as anatomy,
which every other source and the engine call DISEASE, so it has the least headroom; see
docs/engines.md). Texts are space-tokenized abstracts, so these guard the corpus-facing parts
(taggers, harvested forms, abbreviations, vocabulary filtering, the literature register's
combination), not the chat-facing ones. The
lexicon-only floors guard the rules on their own (MEDNER_OFFLINE_MODELS=none).
"""

from __future__ import annotations

from functools import cache

import pytest

from ner import Label
from ner._eval import EvalReport, Scorer, read_examples
from ner.offline import Recognizer, default_recognizer
from tests.ner.conftest import SHARED_DATA

MICRO = "micro"
FLOORS = [
    ("bc5cdr-dev.jsonl", MICRO, 0.845),  # measured 0.852
    ("bc5cdr-dev.jsonl", Label.DISEASE.value, 0.805),  # measured 0.812
    ("bc5cdr-dev.jsonl", Label.DRUG.value, 0.875),  # measured 0.884
    ("ncbi-disease-dev.jsonl", Label.DISEASE.value, 0.80),  # measured 0.809
    ("anatem-dev.jsonl", Label.BODY_PART.value, 0.655),  # measured 0.661 (tumours as diseases)
]
LEXICON_ONLY_FLOORS = [
    ("bc5cdr-dev.jsonl", Label.DISEASE.value, 0.785),  # measured 0.792
    ("bc5cdr-dev.jsonl", Label.DRUG.value, 0.82),  # measured 0.828
    ("ncbi-disease-dev.jsonl", Label.DISEASE.value, 0.735),  # measured 0.743
    ("anatem-dev.jsonl", Label.BODY_PART.value, 0.585),  # measured 0.593
]


@cache
def lexicon_only() -> Recognizer:
    return Recognizer(models=["none"])


@cache
def report(name: str, with_taggers: bool = True) -> EvalReport:
    """Each file is scored once per session and engine, however many labels are checked."""
    scorer = Scorer()
    recognizer = default_recognizer() if with_taggers else lexicon_only()
    with (SHARED_DATA / name).open(encoding="utf-8") as handle:
        for example in read_examples(handle):
            scorer.add(example, recognizer.recognize(example.text))
    return scorer.report()


@pytest.mark.slow
@pytest.mark.parametrize(("name", "label", "floor"), FLOORS)
def test_dev_split_floor(name: str, label: str, floor: float) -> None:
    if not (SHARED_DATA / name).is_file():
        pytest.skip(f"{SHARED_DATA / name} is not available")
    assert report(name).exact[label].f1 >= floor


@pytest.mark.slow
@pytest.mark.parametrize(("name", "label", "floor"), LEXICON_ONLY_FLOORS)
def test_dev_split_floor_lexicon_only(name: str, label: str, floor: float) -> None:
    if not (SHARED_DATA / name).is_file():
        pytest.skip(f"{SHARED_DATA / name} is not available")
    assert report(name, with_taggers=False).exact[label].f1 >= floor
