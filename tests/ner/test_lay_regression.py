"""Regression guards on the project's own lay-language sets.

``lay_messages.jsonl`` is held out (never tuned on); ``lay_dev.jsonl`` is what rules are tuned
against. The floors are the scores reached when they were set, minus a small margin: a change
that loses more than that is a regression, not noise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ner import EvalExample, Scorer, read_examples
from ner.offline import Recognizer
from tests.ner.conftest import LAY_DATA

HELD_OUT_MICRO_F1_FLOOR = 0.95  # measured 0.956
DEV_MICRO_F1_FLOOR = 0.99  # measured 0.998
NEGATION_ACCURACY_FLOOR = 0.97  # measured 0.994 on exactly matched held-out entities


def load(name: str) -> list[EvalExample]:
    path: Path = LAY_DATA / name
    with path.open(encoding="utf-8") as handle:
        return list(read_examples(handle))


@pytest.mark.parametrize(
    ("name", "floor"),
    [("lay_messages.jsonl", HELD_OUT_MICRO_F1_FLOOR), ("lay_dev.jsonl", DEV_MICRO_F1_FLOOR)],
)
def test_micro_f1_floor(offline_recognizer: Recognizer, name: str, floor: float) -> None:
    scorer = Scorer()
    for example in load(name):
        scorer.add(example, offline_recognizer.recognize(example.text))
    assert scorer.report().exact["micro"].f1 >= floor


def test_held_out_set_is_big_and_well_formed() -> None:
    examples = load("lay_messages.jsonl")
    assert len(examples) >= 150
    assert {g.label for e in examples for g in e.entities} == {
        "DISEASE",
        "SYMPTOM",
        "DRUG",
        "DOSAGE",
        "BODY_PART",
        "PROCEDURE",
    }


def test_negation_agrees_with_annotation(offline_recognizer: Recognizer) -> None:
    raw = (LAY_DATA / "lay_messages.jsonl").read_text(encoding="utf-8").splitlines()
    agree = total = 0

    for line in raw:
        record = json.loads(line)
        entities = offline_recognizer.recognize(record["text"])
        predicted = {(e.start, e.end): e.negated for e in entities}
        for gold in record["entities"]:
            key = (gold["start"], gold["end"])
            if key in predicted:
                total += 1
                agree += predicted[key] == gold["negated"]
    assert total > 250
    assert agree / total >= NEGATION_ACCURACY_FLOOR
