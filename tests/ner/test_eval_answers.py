"""``medner eval`` scores assertions and relations when the gold file annotates them, and
guards the offline engine's figures on the held-out assertions set."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ner import (
    Certainty,
    EvalError,
    EvalExample,
    Scorer,
    Subject,
    parse_example,
    read_examples,
)
from ner.offline import Recognizer
from tests.ner.conftest import LAY_DATA, REPO_ROOT

#: Floors: the scores measured when they were set, minus a margin (see test_lay_regression).
RELATION_MICRO_F1_FLOOR = 0.80  # measured 0.839
SUBJECT_FAMILY_F1_FLOOR = 0.90  # measured 0.947
SUBJECT_OTHER_F1_FLOOR = 0.92  # measured 0.962
CERTAINTY_POSSIBLE_F1_FLOOR = 0.78  # measured 0.833
HISTORICAL_F1_FLOOR = 0.70  # measured 0.750

TEXT = "my mum takes metformin 500 mg. I have pain on hip"


def _span(word: str, label: str, **extra: str) -> dict[str, object]:
    start = TEXT.index(word)
    return {"start": start, "end": start + len(word), "label": label, **extra}


LINE = json.dumps(
    {
        "text": TEXT,
        "entities": [
            _span("metformin", "DRUG", subject="family"),
            _span("500 mg", "DOSAGE"),
            _span("pain", "SYMPTOM", subject="patient"),
            _span("hip", "BODY_PART"),
        ],
        "relations": [
            {"type": "dosage_of", "from": 1, "to": 0},
            {"type": "site_of", "from": 3, "to": 2},
        ],
    }
)


def test_gold_assertions_and_relations_are_read() -> None:
    example = parse_example(LINE)
    assert example.entities[0].subject is Subject.FAMILY
    assert example.entities[0].certainty is None  # not annotated: not scored
    assert example.relations is not None
    assert [(r.source, r.target) for r in example.relations] == [(1, 0), (3, 2)]


def test_a_relation_past_the_entities_is_an_error() -> None:
    row = json.loads(LINE)
    row["relations"].append({"type": "site_of", "from": 9, "to": 2})
    with pytest.raises(EvalError):
        parse_example(json.dumps(row))


def test_assertions_and_relations_are_scored(offline_recognizer: Recognizer) -> None:
    example = parse_example(LINE)
    scorer = Scorer()
    scorer.add(example, offline_recognizer.recognize(example.text))
    report = scorer.report()
    assert report.assertions["subject=family"].tp == 1
    assert report.assertions["subject=family"].fp == 0
    assert report.relations["micro"].f1 == 1.0
    assert report.assertion_pairs == 2  # the dose and the hip carry no gold assertion


def test_a_wrong_assertion_and_a_missed_relation_count_against(
    offline_recognizer: Recognizer,
) -> None:
    example = parse_example(LINE)
    predicted = [
        e.model_copy(update={"subject": Subject.PATIENT, "certainty": Certainty.POSSIBLE})
        for e in offline_recognizer.recognize(example.text)
        if e.label.value != "BODY_PART"
    ]
    scorer = Scorer()
    scorer.add(example, predicted)
    report = scorer.report()
    assert report.assertions["subject=family"].fn == 1
    assert "certainty=possible" not in report.assertions  # the gold never annotates certainty
    assert report.relations["site_of"].fn == 1
    assert report.relations["dosage_of"].tp == 1


def test_a_file_without_them_reports_none(offline_recognizer: Recognizer) -> None:
    example = EvalExample(text="fever", entities=())
    scorer = Scorer()
    scorer.add(example, offline_recognizer.recognize("fever"))
    report = scorer.report()
    assert (report.assertions, report.relations, report.assertion_pairs) == ({}, {}, 0)


def test_the_assertions_set_is_built_from_its_markup() -> None:
    script = REPO_ROOT / "tests" / "data" / "make_assertions.py"
    result = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout


def test_floors_on_the_held_out_assertions_set(offline_recognizer: Recognizer) -> None:
    with (LAY_DATA / "assertions.jsonl").open(encoding="utf-8") as handle:
        examples = list(read_examples(handle))
    assert len(examples) >= 200
    scorer = Scorer()
    for example in examples:
        scorer.add(example, offline_recognizer.recognize(example.text))
    report = scorer.report()
    assert report.relations["micro"].f1 >= RELATION_MICRO_F1_FLOOR
    assert report.assertions["subject=family"].f1 >= SUBJECT_FAMILY_F1_FLOOR
    assert report.assertions["subject=other"].f1 >= SUBJECT_OTHER_F1_FLOOR
    assert report.assertions["certainty=possible"].f1 >= CERTAINTY_POSSIBLE_F1_FLOOR
    assert report.assertions["historical"].f1 >= HISTORICAL_F1_FLOOR
