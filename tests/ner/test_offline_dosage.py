"""DOSAGE patterns: strengths, counts, frequencies, schedules, durations, merging.

Also routes and strengths as consumer health questions write them beside a medicine ("oral
antibiotics", "by IV", "1% hydrocortisone cream", "60 mgm", "low dose aspirin"), and the same
words where no medicine is dosed ("oral hygiene", "90% better", "is a low dose better?").
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ner.offline import Recognizer
from ner.offline._dosage import MAX_DOSAGE_CHARS, DosageFinder


def dosages(recognizer: Recognizer, text: str) -> list[str]:
    return [e.text for e in recognizer.recognize(text) if e.label.value == "DOSAGE"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("take 10 mg of it", ["10 mg"]),
        ("calpol 5ml", ["5ml"]),
        ("paracetamol 500mg twice a day", ["500mg twice a day"]),
        ("amoxicillin 500mg tds for 7 days", ["500mg tds for 7 days"]),
        ("ibuprofen 1-0-1", ["1-0-1"]),
        ("morphine 5 mg q8h PRN", ["5 mg q8h PRN"]),
        ("took 2 tablets of ibuprofen", ["2 tablets"]),
        ("insulin 10 units at night", ["10 units at night"]),
        ("salbutamol 2 puffs every 4 hours", ["2 puffs every 4 hours"]),
        ("ceftriaxone 1g IV daily", ["1g IV daily"]),
        ("amlodipine 2.5 mg once daily", ["2.5 mg once daily"]),
        ("paracetamol 15 mg/kg", ["15 mg/kg"]),
        ("metformin three times a day", ["three times a day"]),
    ],
)
def test_dosage_spans(offline_recognizer: Recognizer, text: str, expected: list[str]) -> None:
    assert dosages(offline_recognizer, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "fever since 2 days",
        "I have had a cough for 5 days",
        "the pain is worse at night",
        "i walk daily",
        "im so tired",
        "we had 2 days off",
        "is a low dose better for me?",
    ],
)
def test_no_dosage_without_drug_context(offline_recognizer: Recognizer, text: str) -> None:
    assert dosages(offline_recognizer, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a route before a medicine or its form
        ("she cannot tolerate oral antibiotics", "oral"),
        ("can you give antibiotics by IV at home?", "by IV"),
        # a percentage beside a drug, a misspelt unit, a strength word
        ("is 1% hydrocortisone cream safe for a baby?", "1%"),
        ("I put hydrocortisone cream 1% on it", "1%"),
        ("I was on 60 mgm of morphine a day", "60 mgm"),
        ("I take low dose aspirin every morning", "low dose"),
    ],
)
def test_routes_and_strengths_beside_a_medicine(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in dosages(offline_recognizer, text)


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        ("I have an oral contraceptive pill", "oral"),
        ("good oral hygiene matters", "oral"),
        ("I feel 90% better on sertraline", "90%"),
    ],
)
def test_route_and_percent_words_elsewhere_are_no_dose(
    offline_recognizer: Recognizer, text: str, quiet: str
) -> None:
    assert quiet not in dosages(offline_recognizer, text)


def test_weak_duration_after_drug_counts(offline_recognizer: Recognizer) -> None:
    assert dosages(offline_recognizer, "took paracetamol for 3 days") == ["for 3 days"]


ADVERSARIAL_UNIT = "500mg 500 mg twice a day for 5 days "


def test_repeated_doses_are_many_short_spans_not_one_huge_one(
    offline_recognizer: Recognizer,
) -> None:
    """A message repeating a dose phrase (issue 13, item 18): every span stays a dose phrase."""
    text = "paracetamol " + ADVERSARIAL_UNIT * 120
    spans = dosages(offline_recognizer, text)
    assert spans, "the doses are still found"
    assert max(len(span) for span in spans) <= MAX_DOSAGE_CHARS
    assert spans[:2] == ["500mg", "500 mg twice a day for 5 days"]
    assert len(spans) >= 2 * 120


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ibuprofen 400mg 400mg", ["400mg", "400mg"]),
        ("take it twice a day twice a day", ["twice a day", "twice a day"]),
        ("metformin " + "1" * 500 + " mg", []),
    ],
)
def test_a_part_named_twice_starts_a_new_span(
    offline_recognizer: Recognizer, text: str, expected: list[str]
) -> None:
    assert dosages(offline_recognizer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an everyday frequency is a dose where the sentence is about taking something
        ("take it 3 times a day", ["3 times a day"]),
        ("I'm using my blue inhaler 4 times a day", ["4 times a day"]),
        ("the doctor said twice daily with food", ["twice daily with food"]),
        ("3 times a day?", ["3 times a day"]),
        # and how often something happens elsewhere
        ("I have to get up 3 or 4 times a night to pee.", []),
        ("running to the loo 10 times a day", []),
        ("diarrhea 6 times a day. I took imodium.", []),
    ],
)
def test_an_everyday_frequency_needs_a_dosing_sentence(
    offline_recognizer: Recognizer, text: str, expected: list[str]
) -> None:
    assert dosages(offline_recognizer, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I put 2 spoons of sugar in my tea", []),
        ("1 scoop of protein after the gym", []),
        ("2 spoons of calpol twice a day", ["2 spoons", "twice a day"]),
    ],
)
def test_a_measure_of_food_is_no_dose(
    offline_recognizer: Recognizer, text: str, expected: list[str]
) -> None:
    assert dosages(offline_recognizer, text) == expected


def _skipped_matches(finder: DosageFinder, text: str) -> list[tuple[str, str]]:
    """Matches of the expressions that the prefilter spares in ``text`` (should be none)."""
    possible = finder._possible(text)
    return [
        (expression.pattern.pattern, m.group())
        for expression, _ in finder._expressions
        if not possible(expression.trigger)
        for m in expression.pattern.finditer(text)
    ]


def _texts() -> list[str]:
    data = Path(__file__).resolve().parents[1] / "data"
    texts = [
        "Take 2 tabs bid x5 days",
        "q4h prn, every 6 hrs",
        "One tablet three times a day on an empty stomach",
        "for a couple of weeks, sublingually, an injection",
        "Twice-daily for ten days; 1-0-1",
        "prendre 2 comprimés × 3 jours",
    ]
    for name in ("lay_messages.jsonl", "lay_dev.jsonl", "assertions.jsonl"):
        texts += [json.loads(line)["text"] for line in (data / name).read_text().splitlines()]
    return texts


def test_the_trigger_words_never_hide_a_match() -> None:
    """The prefilter (a digit, or a word a pattern can open with) only spares expressions
    that cannot match: every pattern it skips finds nothing in the text."""
    finder = DosageFinder()
    for text in _texts():
        assert _skipped_matches(finder, text) == [], text
