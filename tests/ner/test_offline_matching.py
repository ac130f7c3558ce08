"""Dictionary matching: case, plurals, misspellings, lay terms, longest match, modifiers."""

from __future__ import annotations

import pytest

from ner.offline import Recognizer
from ner.offline._text import fold_plural, tokenize
from tests.ner.conftest import spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MALARIA", [("MALARIA", "DISEASE")]),
        ("Tylenol", [("Tylenol", "DRUG")]),
        ("knees", [("knees", "BODY_PART")]),
        ("her knee", [("knee", "BODY_PART")]),
        ("headaches", [("headaches", "SYMPTOM")]),
        ("rashes", [("rashes", "SYMPTOM")]),
        ("allergies", [("allergies", "DISEASE")]),
    ],
)
def test_case_and_plural_insensitive(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("high temprature", ("high temprature", "SYMPTOM")),
        ("diarhea", ("diarhea", "SYMPTOM")),
        ("pnemonia", ("pnemonia", "DISEASE")),
        ("paracetamole", ("paracetamole", "DRUG")),
        ("diarrhoea", ("diarrhoea", "SYMPTOM")),
        ("anaemia", ("anaemia", "DISEASE")),
        ("food poisening", ("food poisening", "DISEASE")),
        ("I hemmorhage after every cut", ("hemmorhage", "SYMPTOM")),
        ("halucinations at night", ("halucinations", "SYMPTOM")),
        ("inflamation", ("inflamation", "SYMPTOM")),
        ("chest pian", ("chest pian", "SYMPTOM")),
        ("brain fogg", ("brain fogg", "SYMPTOM")),
        ("nitemares", ("nitemares", "SYMPTOM")),
    ],
)
def test_misspellings_and_regional_spellings(
    offline_recognizer: Recognizer, text: str, expected: tuple[str, str]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fits", ("fits", "SYMPTOM")),
        ("tummy", ("tummy", "BODY_PART")),
        ("BP", ("BP", "DISEASE")),
        ("calpol", ("calpol", "DRUG")),
        ("painkillers", ("painkillers", "DRUG")),
        ("statins", ("statins", "DRUG")),
        ("amodiaquine", ("amodiaquine", "DRUG")),
        ("MRI", ("MRI", "PROCEDURE")),
        ("appendectomy", ("appendectomy", "PROCEDURE")),
    ],
)
def test_lay_and_brand_terms(
    offline_recognizer: Recognizer, text: str, expected: tuple[str, str]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("shortness of breath", [("shortness of breath", "SYMPTOM")]),
        ("type 2 diabetes", [("type 2 diabetes", "DISEASE")]),
        ("high blood pressure", [("high blood pressure", "DISEASE")]),
        ("pain in my left knee", [("pain", "SYMPTOM"), ("left knee", "BODY_PART")]),
        ("right upper arm", [("right upper arm", "BODY_PART")]),
        ("chest pain", [("chest pain", "SYMPTOM")]),
    ],
)
def test_longest_match_wins(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


def test_space_tokenized_hyphens_match_like_written_ones(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("an x - ray and an x-ray")) == [
        ("x - ray", "PROCEDURE"),
        ("x-ray", "PROCEDURE"),
    ]


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("knees", "knee"),
        ("rashes", "rash"),
        ("allergies", "allergy"),
        ("headaches", "headache"),
        ("abscesses", "abscess"),
        ("diabetes", "diabete"),
        ("virus", "virus"),
        ("its", "its"),
    ],
)
def test_fold_plural(word: str, folded: str) -> None:
    assert fold_plural(word) == folded


def test_tokenize_keeps_offsets_and_normalizes() -> None:
    tokens = tokenize("Dad’s BP—high", {})
    assert [(t.text, t.norm) for t in tokens] == [
        ("Dad", "dad"),
        ("’", "'"),
        ("s", "s"),
        ("BP", "bp"),
        ("—", "-"),
        ("high", "high"),
    ]
    assert all("Dad’s BP—high"[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("paracetemol", [("paracetemol", "DRUG")]),
        ("hedaches", [("hedaches", "SYMPTOM")]),  # a plural through its singular
        ("palpitatons", [("palpitatons", "SYMPTOM")]),
        ("constipatoin", [("constipatoin", "SYMPTOM")]),  # swapped letters
        ("pnuemonia", [("pnuemonia", "DISEASE")]),
        ("xray", [("xray", "PROCEDURE")]),  # a correction that expands into tokens
        ("sodium chloride", [("sodium chloride", "DRUG")]),  # real words are not typos
        ("the reporter wrote everything", []),
    ],
)
def test_one_typo_tolerance(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


def test_typo_index_needs_a_unique_candidate() -> None:
    from ner.offline._fuzzy import TypoIndex

    index = TypoIndex(["malaria", "malarie"], known_words=set())
    assert index.correct("malariu") is None  # "malaria" and "malarie" are both one edit away
    assert TypoIndex(["malaria"], known_words=set()).correct("malaroa") == "malaria"
    assert TypoIndex(["malaria"], known_words={"malaroa"}).correct("malaroa") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("cough and SOB since monday", [("cough", "SYMPTOM"), ("SOB", "SYMPTOM")]),
        ("SOB on exertion", [("SOB", "SYMPTOM")]),
        ("Pt denies SOB", [("SOB", "SYMPTOM")]),
        ("my boss is a real SOB", []),  # the abbreviation is also a word: it needs company
        ("I sob every night", []),
    ],
)
def test_an_abbreviation_that_is_also_a_word_keeps_its_context_rule(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


def test_thoughts_alone_are_no_disease(offline_recognizer: Recognizer) -> None:
    """A vocabulary lists "thoughts" as a disease; in people's words it is the start of a
    complaint ("thoughts of hurting myself") or nothing."""
    assert spans(offline_recognizer.recognize("I started having thoughts of hurting myself")) == [
        ("thoughts of hurting myself", "SYMPTOM")
    ]
    assert spans(offline_recognizer.recognize("my thoughts are with you")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dry mouth, constipation, since the new pills.", ("Dry mouth", "SYMPTOM")),
        ("Mood swings since the new pills.", ("Mood swings", "SYMPTOM")),
        ("Muscle spasms since the new pills.", ("Muscle spasms", "SYMPTOM")),
        ("Dry eyes since the new pills.", ("Dry eyes", "SYMPTOM")),
        ("Blood clots since the new pills.", ("Blood clots", "DISEASE")),
    ],
)
def test_a_complaint_opening_a_sentence_keeps_its_first_word(
    offline_recognizer: Recognizer, text: str, expected: tuple[str, str]
) -> None:
    assert expected in spans(offline_recognizer.recognize(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have restless legs at night", [("restless legs", "SYMPTOM")]),
        ("she is hemorrhaging", [("hemorrhaging", "SYMPTOM")]),
        ("I felt detached from reality", [("detached from reality", "SYMPTOM")]),
        ("I blacked out twice after the second dose", [("blacked out", "SYMPTOM")]),
        ("the screen blacked out", []),
        (
            "kept nodding off at work and seeing double",
            [("kept nodding off", "SYMPTOM"), ("seeing double", "SYMPTOM")],
        ),
    ],
)
def test_adverse_effects_in_patients_words(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    """The project's curated words for complaints; in chat no tagger vetoes them (the disease
    tagger, trained on abstracts, is all but sure there is nothing in "I have restless legs")."""
    assert spans(offline_recognizer.recognize(text)) == expected


def test_a_drug_named_with_its_form_takes_the_drugs_code(offline_recognizer: Recognizer) -> None:
    """The vocabularies list "salbutamol inhaler" without an identifier; the drug has one."""
    found = offline_recognizer.recognize("I use a salbutamol inhaler twice a day")
    inhaler = next(e for e in found if e.text == "salbutamol inhaler")
    assert inhaler.label.value == "DRUG"
    assert inhaler.code == "DRUGBANK:DB01001"
