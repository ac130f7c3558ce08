"""Scoring: exact and overlap matching, label filtering, merging, and the report."""

from __future__ import annotations

import json

import pytest

from ner import (
    Entity,
    ErrorSample,
    EvalError,
    EvalExample,
    Label,
    Scorer,
    evaluate,
    parse_example,
    read_examples,
)
from ner._eval import Counts, exact_counts, overlap_counts, overlap_errors, scored_spans

TEXT = "no fever but severe chest pain"


def entity(start: int, end: int, label: Label, text: str = TEXT) -> Entity:
    return Entity(text=text[start:end], label=label, start=start, end=end)


def test_counts_scores() -> None:
    counts = Counts(tp=3, fp=1, fn=2)
    assert counts.precision == 0.75
    assert counts.recall == 0.6
    assert counts.f1 == pytest.approx(2 * 0.75 * 0.6 / 1.35)
    assert Counts().f1 == 0.0


def test_exact_needs_same_span_and_label() -> None:
    gold = [(3, 8, Label.SYMPTOM), (20, 30, Label.SYMPTOM)]
    predicted = [(3, 8, Label.SYMPTOM), (26, 30, Label.SYMPTOM), (13, 19, Label.DISEASE)]
    counts = exact_counts(gold, predicted)
    assert counts[Label.SYMPTOM] == Counts(tp=1, fp=1, fn=1)
    assert counts[Label.DISEASE] == Counts(fp=1)


def test_overlap_is_one_to_one() -> None:
    gold = [(20, 30, Label.SYMPTOM)]
    predicted = [(20, 25, Label.SYMPTOM), (26, 30, Label.SYMPTOM)]
    assert overlap_counts(gold, predicted)[Label.SYMPTOM] == Counts(tp=1, fp=1)


def test_overlap_requires_same_label() -> None:
    counts = overlap_counts([(0, 5, Label.DRUG)], [(0, 5, Label.DISEASE)])
    assert counts[Label.DRUG] == Counts(fn=1)
    assert counts[Label.DISEASE] == Counts(fp=1)


def test_labels_filter_and_merge() -> None:
    example = EvalExample.model_validate(
        {
            "text": TEXT,
            "entities": [{"start": 20, "end": 30, "label": "DISEASE"}],
            "labels": ["DISEASE"],
            "merge": {"SYMPTOM": "DISEASE"},
        }
    )
    predicted = [entity(20, 30, Label.SYMPTOM), entity(20, 25, Label.BODY_PART)]
    gold, pred = scored_spans(example, predicted)
    assert gold == [(20, 30, Label.DISEASE)]
    assert pred == [(20, 30, Label.DISEASE)]  # BODY_PART is not annotated by this source


def test_scorer_micro_average() -> None:
    examples = [
        EvalExample.model_validate(
            {"text": TEXT, "entities": [{"start": 3, "end": 8, "label": "SYMPTOM"}]}
        ),
        EvalExample.model_validate({"text": "aspirin", "entities": []}),
    ]
    predictions = [[entity(3, 8, Label.SYMPTOM)], [entity(0, 7, Label.DRUG, "aspirin")]]
    report = evaluate(examples, predictions)
    assert report.examples == 2
    assert report.exact["micro"].tp == 1 and report.exact["micro"].fp == 1
    assert report.exact["micro"].precision == 0.5
    assert report.exact["SYMPTOM"].f1 == 1.0
    assert list(report.exact) == ["SYMPTOM", "DRUG", "micro"]


def test_parse_example_rejects_bad_lines() -> None:
    with pytest.raises(EvalError, match="line 3"):
        parse_example('{"text": "abc", "entities": [{"start": 0, "end": 9, "label": "DRUG"}]}', 3)
    with pytest.raises(EvalError, match="line 1"):
        parse_example('{"entities": []}', 1)
    with pytest.raises(EvalError):
        parse_example('{"text": "a", "entities": [{"start": 0, "end": 1, "label": "GENE"}]}', 1)


def test_read_examples_skips_blank_lines_and_limits() -> None:
    lines = [json.dumps({"text": f"t{i}"}) for i in range(5)]
    assert len(list(read_examples(["", *lines, "  "], limit=3))) == 3
    assert len(list(read_examples(lines))) == 5


def test_scorer_report_is_json_serializable() -> None:
    scorer = Scorer()
    scorer.add(EvalExample(text="x"), [])
    data = json.loads(scorer.report().model_dump_json())
    assert data["examples"] == 1 and data["exact"]["micro"]["f1"] == 0.0


ERRORS_TEXT = "my sex drive is way down and my knee hurts since I started sertraline"


def span(surface: str, label: Label) -> tuple[int, int, Label]:
    start = ERRORS_TEXT.index(surface)
    return start, start + len(surface), label


def test_overlap_errors_lists_missed_and_spurious_in_text_order() -> None:
    gold = [span("sex drive is way down", Label.SYMPTOM), span("knee", Label.BODY_PART)]
    gold.append(span("sertraline", Label.DRUG))
    predicted = [span("drive", Label.SYMPTOM), span("hurts", Label.SYMPTOM)]
    predicted.append(span("sertraline", Label.DISEASE))
    errors = overlap_errors(ERRORS_TEXT, gold, predicted)
    assert [(e.kind, e.label, e.text) for e in errors] == [
        ("missed", Label.BODY_PART, "knee"),
        ("spurious", Label.SYMPTOM, "hurts"),
        ("missed", Label.DRUG, "sertraline"),
        ("spurious", Label.DISEASE, "sertraline"),
    ]
    assert errors[2].other_label is Label.DISEASE
    assert errors[0].other_label is None


def test_overlap_errors_pairs_one_to_one_like_the_counts() -> None:
    gold = [span("sex drive is way down", Label.SYMPTOM)]
    predicted = [span("sex drive", Label.SYMPTOM), span("is way down", Label.SYMPTOM)]
    errors = overlap_errors(ERRORS_TEXT, gold, predicted)
    assert [(e.kind, e.text) for e in errors] == [("spurious", "is way down")]
    assert overlap_counts(gold, predicted)[Label.SYMPTOM].fp == len(errors)


def test_error_context_brackets_the_span_on_one_line() -> None:
    text = "first line\n" + "x" * 40 + " dizzy " + "y" * 40
    start = text.index("dizzy")
    (error,) = overlap_errors(text, [(start, start + 5, Label.SYMPTOM)], [])
    assert error.context == "…" + "x" * 29 + " [dizzy] " + "y" * 29 + "…"
    assert "\n" not in error.context


def test_scorer_keeps_at_most_n_errors_of_each_kind() -> None:
    scorer = Scorer(errors=ErrorSample(limit=1))
    example = EvalExample.model_validate(
        {
            "text": TEXT,
            "entities": [
                {"start": 3, "end": 8, "label": "SYMPTOM"},
                {"start": 20, "end": 30, "label": "SYMPTOM"},
            ],
        }
    )
    scorer.add(example, [entity(13, 19, Label.DRUG), entity(0, 2, Label.DRUG)])
    report = scorer.report()
    assert report.missed is not None and report.spurious is not None
    assert [e.text for e in report.missed] == ["fever"]
    assert [e.text for e in report.spurious] == ["no"]


def test_report_without_errors_has_none() -> None:
    report = Scorer().report()
    assert report.missed is None and report.spurious is None
