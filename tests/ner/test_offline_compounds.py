"""Compound rules and case-sensitive abbreviations: how matched words combine into spans."""

from __future__ import annotations

import pytest

from ner.offline import Recognizer
from tests.ner.conftest import spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("itchy eyes", [("itchy", "SYMPTOM"), ("eyes", "BODY_PART")]),
        ("swelling of the lips", [("swelling", "SYMPTOM"), ("lips", "BODY_PART")]),
        ("sore throat", [("sore throat", "SYMPTOM")]),  # curated compounds stay whole
        ("knee pain", [("knee pain", "SYMPTOM")]),
    ],
)
def test_vocabulary_symptom_phrases_split_along_curated_terms(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prostate carcinoma", [("prostate carcinoma", "DISEASE")]),
        ("renal failure", [("renal failure", "DISEASE")]),
        ("HT - 29 cells", [("HT - 29 cells", "BODY_PART")]),
        ("the sciatic nerve", [("sciatic nerve", "BODY_PART")]),
        ("breast cancer cells", [("breast cancer cells", "BODY_PART")]),
        ("knee replacement surgery", [("knee replacement surgery", "PROCEDURE")]),
        ("I got the flu shot", [("flu shot", "PROCEDURE")]),
        # a procedure head followed by a verb particle is a verb
        ("My BP shot up to 170.", [("BP shot up", "SYMPTOM")]),
    ],
)
def test_compounds(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


def test_drug_induced_disease_comes_apart(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("heparin - induced thrombocytopenia")) == [
        ("heparin", "DRUG"),
        ("thrombocytopenia", "DISEASE"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("history of MI and CHF", [("MI", "DISEASE"), ("CHF", "DISEASE")]),
        ("mi casa", []),
        ("treated with AZT", [("AZT", "DRUG")]),
        ("I THINK IT WAS ALL FINE", []),  # capitals in shouting are not abbreviations
        ("DM me the details", []),
    ],
)
def test_case_sensitive_abbreviations(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


def test_number_slot_rule_keeps_base_pairs_apart_from_blood_pressure(
    offline_recognizer: Recognizer,
) -> None:
    assert spans(offline_recognizer.recognize("a 4 bp deletion")) == []
    assert spans(offline_recognizer.recognize("his BP is high")) == [("BP", "DISEASE")]


def test_curated_chemicals(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("too much caffeine and nicotine")) == [
        ("caffeine", "DRUG"),
        ("nicotine", "DRUG"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "My back garden needs mowing",
        "The cold war ended in 1991",
        "My heart goes out to you",
        "Add a spoon of salt and some sugar",
        "I got a new cell phone",
    ],
)
def test_everyday_chat_has_no_entities(offline_recognizer: Recognizer, text: str) -> None:
    assert offline_recognizer.recognize(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Back and neck pain was unbearable.", [("Back and neck pain", "SYMPTOM")]),
        ("I had muscle and joint pain for weeks", [("muscle and joint pain", "SYMPTOM")]),
        ("my hip, knee and back pain", [("hip, knee and back pain", "SYMPTOM")]),
        ("lower back and leg pain for months", [("lower back and leg pain", "SYMPTOM")]),
        ("neck/shoulder pain all day", [("neck/shoulder pain", "SYMPTOM")]),
        ("arm or leg weakness", [("arm or leg weakness", "SYMPTOM")]),
        # after a verb's preposition, and with a side in front
        ("I'm complaining of back and neck pain", [("back and neck pain", "SYMPTOM")]),
        ("my left knee and hip pain", [("left knee and hip pain", "SYMPTOM")]),
    ],
)
def test_body_parts_coordinated_before_a_symptom_share_it(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the body part ends another phrase
        (
            "Pain in my arm and back pain.",
            [("Pain", "SYMPTOM"), ("arm", "BODY_PART"), ("back pain", "SYMPTOM")],
        ),
        (
            "swelling of my ankles and knee pain",
            [("swelling", "SYMPTOM"), ("ankles", "BODY_PART"), ("knee pain", "SYMPTOM")],
        ),
        # no body part before the join, or none opening the symptom
        ("fatigue and neck pain", [("fatigue", "SYMPTOM"), ("neck pain", "SYMPTOM")]),
        ("neck and chronic pain", [("neck", "BODY_PART"), ("chronic pain", "SYMPTOM")]),
        # the first body part has its own symptom, or is the symptom's own part
        (
            "itchy eyes and eye pain",
            [("itchy", "SYMPTOM"), ("eyes", "BODY_PART"), ("eye pain", "SYMPTOM")],
        ),
        ("eyes and eye pain", [("eyes", "BODY_PART"), ("eye pain", "SYMPTOM")]),
        # only symptoms are shared this way
        ("head and neck cancer", [("head and neck cancer", "DISEASE")]),
    ],
)
def test_coordination_needs_body_parts_sharing_a_body_part_symptom(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have waist pain since morning", [("waist pain", "SYMPTOM")]),
        ("my waist pain is worse", [("waist pain", "SYMPTOM")]),
        ("thigh pain and calf pain", [("thigh pain", "SYMPTOM"), ("calf pain", "SYMPTOM")]),
        ("I have waist ache", [("waist ache", "SYMPTOM")]),
        ("armpit pain for a week", [("armpit pain", "SYMPTOM")]),
        # the compound is shared by coordinated parts like a curated one
        ("shin and calf pain", [("shin and calf pain", "SYMPTOM")]),
    ],
)
def test_a_body_part_before_a_symptom_noun_is_one_symptom(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb, not a compound
        ("my jaw aches at night", [("jaw", "BODY_PART"), ("aches", "SYMPTOM")]),
        # the body part locates the complaint before it
        (
            "numbness in my shin, pain at night",
            [("numbness", "SYMPTOM"), ("shin", "BODY_PART"), ("pain", "SYMPTOM")],
        ),
        # tissue words of the abstracts stay apart ("bone pain" is pain in the literature)
        (
            "the bone pain was severe in patients receiving the drug",
            [("bone", "BODY_PART"), ("pain", "SYMPTOM")],
        ),
    ],
)
def test_a_body_part_stays_apart_from_a_verb_or_a_located_complaint(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected
