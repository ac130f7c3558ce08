"""The versioned few-shot file: exact offsets, every label, negation, and a faithful seed."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from ner import Label
from ner.gemini import (
    DatasetError,
    answer_json,
    fewshot_turns,
    load_fewshot,
    parse_answer,
    validate_examples,
)
from ner.gemini._examples import FEWSHOT_VERSION, parse_example


def test_header_names_the_version_and_the_labels() -> None:
    first = resources.files("ner").joinpath("data/fewshot.jsonl").read_text().splitlines()[0]
    header = json.loads(first)
    assert header["version"] == FEWSHOT_VERSION
    assert header["labels"] == [label.value for label in Label]


def test_examples_cover_every_label_negation_and_an_empty_message() -> None:
    examples = load_fewshot()
    assert 12 <= len(examples) <= 20
    labels = {e.label for example in examples for e in example.entities}
    assert labels == set(Label)
    assert any(e.negated for example in examples for e in example.entities)
    assert any(not example.entities for example in examples)


def test_every_offset_slices_its_text() -> None:
    for example in load_fewshot():
        for entity in example.entities:
            assert example.text[entity.start : entity.end] == entity.text


def test_the_seed_answers_reproduce_the_gold_entities() -> None:
    """What the model is shown as the right answer aligns back to exactly the gold spans."""
    assert validate_examples(load_fewshot()).warnings == ()
    for example in load_fewshot():
        assert parse_answer(answer_json(example.entities), example.text) == list(example.entities)


def test_seed_turns_follow_the_file() -> None:
    assert [t.text for t in fewshot_turns()] == [e.text for e in load_fewshot()]


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ({"text": ""}, "empty text"),
        ({"text": "fever", "entities": [{"start": 0, "end": 9, "label": "SYMPTOM"}]}, "outside"),
        ({"text": "fever", "entities": [{"start": 0, "end": 5, "label": "FEELING"}]}, "label"),
        (
            {
                "text": "fever",
                "entities": [{"start": 0, "end": 5, "label": "SYMPTOM", "text": "x"}],
            },
            "match",
        ),
        ({"entities": []}, "text"),
    ],
)
def test_bad_examples_are_refused_with_a_reason(row: object, problem: str) -> None:
    with pytest.raises(DatasetError, match=problem):
        parse_example(row)
