"""Disambiguation beyond the dictionary: everyday words in and out of medical context, and
unseen terms found by word shape or drug-taking frames."""

from __future__ import annotations

import pytest

from ner.offline import Recognizer
from ner.offline._resources import DataFileError, parse_context_rules, read_context_rules
from tests.ner.conftest import spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I caught a cold last week", [("cold", "DISEASE")]),
        ("the weather is so cold today", []),
        ("drink cold water", []),
        ("my sugar is high", [("sugar", "DISEASE")]),
        ("she has sugar and BP", [("sugar", "DISEASE"), ("BP", "DISEASE")]),
        ("put some sugar in my tea", []),
        ("sugar in tea", []),
        ("the head of department called", []),
        ("I hit my head on the door", [("head", "BODY_PART")]),
        ("we came back home late", []),
        ("my back is sore", [("back", "BODY_PART"), ("sore", "SYMPTOM")]),
        ("lower back pain", [("lower back pain", "SYMPTOM")]),
        ("that dress fits her well", []),
        ("he had fits last night", [("fits", "SYMPTOM")]),
        ("the pain is terrible since Monday", [("pain", "SYMPTOM")]),
        ("what can I do to stop the pain?", [("pain", "SYMPTOM")]),
        ("my boss is a pain in the neck", []),
        ("what a pain", []),
    ],
)
def test_everyday_words_need_medical_context(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("started on zorbalimab for the arthritis", ("zorbalimab", "DRUG")),
        ("he took Zentoquil tablets", ("Zentoquil", "DRUG")),
        ("diagnosed with frobnitis", ("frobnitis", "DISEASE")),
        ("a case of gribulosis", ("gribulosis", "DISEASE")),
        ("scheduled for a splenoplasty", ("splenoplasty", "PROCEDURE")),
    ],
)
def test_unseen_terms_from_cues(
    offline_recognizer: Recognizer, text: str, expected: tuple[str, str]
) -> None:
    assert expected in spans(offline_recognizer.recognize(text))


@pytest.mark.parametrize(
    "text", ["the diagnosis was clear", "see the diagram", "a good prognosis", "I took notes"]
)
def test_cue_exceptions(offline_recognizer: Recognizer, text: str) -> None:
    assert offline_recognizer.recognize(text) == []


def test_disease_test_is_a_procedure(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("malaria test negative, got my flu jab")) == [
        ("malaria test", "PROCEDURE"),
        ("flu jab", "PROCEDURE"),
    ]


def test_abbreviation_inherits_label(offline_recognizer: Recognizer) -> None:
    text = "Duchenne muscular dystrophy ( DMD ) is severe ; DMD patients"
    found = spans(offline_recognizer.recognize(text))
    assert found.count(("DMD", "DISEASE")) == 2


def test_the_shipped_context_rules_load_and_repeat_no_phrase() -> None:
    rules = read_context_rules()

    assert {"cold", "sugar", "back"} <= {rule.term for rule in rules}
    for rule in rules:
        for phrases in (rule.require_before, rule.require_after, rule.forbid_before):
            assert len(set(phrases)) == len(phrases), rule.term
        assert len(set(rule.forbid_after)) == len(rule.forbid_after), rule.term


@pytest.mark.parametrize(
    ("rule", "problem"),
    [
        (
            {"term": "cold", "forbid_afer": ["weather"]},
            r"rule 2 \('cold'\): unknown key 'forbid_afer'",
        ),
        ({"term": "cold", "window": "3"}, r"rule 2 \('cold'\): window"),
        ({"term": "cold", "window": 0}, r"rule 2 \('cold'\): window"),
        ({"term": "cold", "forbid_after": ["day", "day"]}, r"'cold'.*repeated phrases \['day'\]"),
        ({"term": "cold", "require_before": [""]}, r"'cold'.*a phrase is empty"),
        ({"window": 2}, r"rule 2: term: Field required"),
    ],
)
def test_a_malformed_context_rule_is_an_error_naming_it(
    rule: dict[str, object], problem: str
) -> None:
    document = {"rules": [{"term": "sugar", "window": 1}, rule]}

    with pytest.raises(DataFileError, match=problem):
        parse_context_rules(document, source="rules.json")


def test_an_unknown_top_level_key_is_an_error() -> None:
    with pytest.raises(DataFileError, match=r"rules\.json: unknown key 'rule'"):
        parse_context_rules({"rules": [], "rule": []}, source="rules.json")
