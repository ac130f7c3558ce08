"""Health chat as people in South Asia and the Philippines write it in English (sixth round).

Complaints named the local way ("acidity", "loose motions", "giddy", "LBM"), conditions named
by their organ ("I have sinus"), local brands with their ingredient's code, strengths written
without a unit ("Glycomet 500"), and the everyday senses of the same words, which must stay
quiet ("work tension", "the motion was passed", "sugar prices"). The sentences are short
paraphrases written for the tests.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import spans, texts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("feeling giddy since the morning", "giddy"),
        ("giddy when I stand up", "giddy"),
        ("she is having giddiness and vomiting", "giddiness"),
        ("giddiness since the morning", "giddiness"),
        ("I get acidity after spicy food", "acidity"),
        ("too much acidity these days", "acidity"),
        ("bad hyperacidity at night", "hyperacidity"),
        ("gas problem after every meal", "gas problem"),
        ("old gastric problem again", "gastric problem"),
        ("my son is passing motions every hour", "motions"),
        ("watery motions since last night", "watery motions"),
        ("the baby has LBM since yesterday", "LBM"),
        ("motion is not clear in the morning", "motion is not clear"),
        ("he has not passed urine since noon", "has not passed urine"),
        ("burning in urine for two days", "burning in urine"),
        ("she has white discharge", "white discharge"),
        ("hair fall is too much", "hair fall"),
        ("nose block at night", "nose block"),
        ("he is getting froth from mouth", "froth from mouth"),
        ("vomiting sensation after food", "vomiting sensation"),
        ("periods not coming since two months", "periods not coming"),
        ("too much mental tension at home", "mental tension"),
        ("I am taking too much tension", "tension"),
        ("tension and headache before exams", "tension"),
        ("my head is reeling", "reeling"),
        ("heaviness in head since morning", "heaviness"),
        ("heat boils on his back", "heat boils"),
        ("still getting sour burps", "sour burps"),
        ("burning while urinating again", "burning while urinating"),
        ("pus cells in urine report", "pus cells in urine"),
        ("watering from eyes all day", "watering from eyes"),
        ("ear discharge since Monday", "ear discharge"),
        # a hypo is an event; "my sugar is high" stays the disease (test below)
        ("my sugar is low this morning", "sugar is low"),
        ("his sugar went low at night", "sugar went low"),
        ("my father's sugar is low", "sugar is low"),
        ("blood in motion since morning", "blood in motion"),
        ("black motion since 2 days", "black motion"),
    ],
)
def test_local_complaint_is_a_symptom(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have sinus since childhood", "sinus"),
        ("my daughter has tonsils again", "tonsils"),
        ("suffering from cervical for years", "cervical"),
        ("I have PCOD", "PCOD"),
        ("she has slip disc", "slip disc"),
        ("chikungunya joint pain is still there", "chikungunya"),
        ("viral fever is going around", "viral fever"),
        ("my mother has thyroid problem", "thyroid problem"),
        ("my father is a heart patient", "heart patient"),
        ("tonsils problem every winter", "tonsils problem"),
        ("numbness in feet, is it due to sugar?", "sugar"),
        ("he has high BP and sugar both", "sugar"),
        ("medicine for cold and cough", "cold"),
        ("Thyroid is there since my pregnancy", "Thyroid"),
        ("I have thyroid since five years", "thyroid"),
        ("is it kidney problem?", "kidney problem"),
        ("she has liver issues", "liver issues"),
        ("I have gastric since morning", "gastric"),
        ("allergic cold every winter", "allergic cold"),
    ],
)
def test_local_condition_is_a_disease(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.DISEASE)


@pytest.mark.parametrize(
    ("text", "brand", "concept"),
    [
        ("took Combiflam for the pain", "Combiflam", "Ibuprofen"),
        ("a Disprin for my headache", "Disprin", "Aspirin"),
        ("Pan 40 before breakfast", "Pan 40", "Pantoprazole"),
        ("doctor gave Azee for three days", "Azee", "Azithromycin"),
        ("she takes Thyronorm every morning", "Thyronorm", "Levothyroxine"),
        ("he takes Glycomet for sugar", "Glycomet", "Metformin"),
        ("Telma 40 for BP", "Telma", "Telmisartan"),
        # the context rule's number slot: a strength after the name is enough
        ("Telma 40 od", "Telma", "Telmisartan"),
        ("I gave her Biogesic", "Biogesic", "Paracetamol"),
        ("Solmux for the cough", "Solmux", None),
        ("Ponstan for period pain", "Ponstan", "Mefenamic Acid"),
        ("Napa for fever", "Napa", "Paracetamol"),
        ("Risek before breakfast", "Risek", "Omeprazole"),
        ("Diatabs for loose motion", "Diatabs", "Loperamide"),
        ("Neozep for my colds", "Neozep", None),
        ("drink Eno in water", "Eno", None),
        ("using Candid cream on the rash", "Candid", "Clotrimazole"),
        ("took Eldoper for loose motions", "Eldoper", "Loperamide"),
        ("Mefenamic for my toothache", "Mefenamic", "Mefenamic Acid"),
    ],
)
def test_local_brand_is_a_drug(
    offline_recognizer: Recognizer, text: str, brand: str, concept: str | None
) -> None:
    drugs = [e for e in offline_recognizer.recognize(text) if e.label is Label.DRUG]
    assert [e.text for e in drugs] == [brand]
    if concept is not None:
        assert drugs[0].concept is not None
        assert drugs[0].concept.name == concept


@pytest.mark.parametrize(
    ("text", "dosage"),
    [
        ("Glycomet 500 1-0-1", ["500 1-0-1"]),
        ("Metrogyl 400 thrice daily", ["400 thrice daily"]),
        ("Pantocid 40 before breakfast", ["40 before breakfast"]),
        ("metformin 500, atorvastatin 10", ["500", "10"]),
        ("Amlong 5 daily", ["5 daily"]),
        ("Thyronorm 50 empty stomach", ["50 empty stomach"]),
        ("paracetamol 500 mg twice daily", ["500 mg twice daily"]),
    ],
)
def test_strength_without_unit(
    offline_recognizer: Recognizer, text: str, dosage: list[str]
) -> None:
    assert texts_of(offline_recognizer, text, Label.DOSAGE) == dosage


@pytest.mark.parametrize(
    "text",
    [
        "took crocin 2 days ago",
        "gave calpol 3 times yesterday",
        "aspirin 100 patients were enrolled",
        "Serotonin 6 receptor gene",
        "MIBG 4 hr after injection",
        "nimesulide 62 ( 8 . 6 % ) had a reaction",
        "I feel pain on an empty stomach",
        "hunger on empty stomach",
    ],
)
def test_number_or_meal_without_a_dose(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.DOSAGE) == []


@pytest.mark.parametrize(
    "text",
    [
        "gas prices went up again",
        "the motion was passed in the meeting",
        "the motions of the planets",
        "I take two spoons of sugar in my tea",
        "sugar prices are high in the market",
        "the sugar level in this juice is too much",
        "there is so much work pressure",
        "the tension in the room was high",
        "surface tension of water",
        "the tension wire fell on the road",
        "my boss is a headache",
        "the children were giddy with excitement",
        "the acidity of the soil",
        "reeling from the news",
        "we stopped in Napa valley",
        "Telma called me yesterday",
        "kindly suggest a good hotel, doctor sir",
        "I am fighting with my brother over property",
        "good for cold weather",
        "a candid photo of the family",
        "the baby burps after feeding",
        "patients had gastric emptying studies",
    ],
)
def test_everyday_sense_stays_quiet(offline_recognizer: Recognizer, text: str) -> None:
    medical = {Label.SYMPTOM, Label.DISEASE, Label.DRUG}
    assert [e for e in offline_recognizer.recognize(text) if e.label in medical] == []


def test_sinus_as_anatomy_stays_anatomy(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("I had my tonsils removed")) == [
        ("tonsils", "BODY_PART")
    ]
    assert spans(offline_recognizer.recognize("the sinus node")) == [("sinus node", "BODY_PART")]


def test_organ_named_in_a_test_or_as_anatomy(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("I had thyroid test")) == [
        ("thyroid test", "PROCEDURE")
    ]
    assert texts_of(offline_recognizer, "my thyroid gland is swollen", Label.DISEASE) == []
    assert spans(offline_recognizer.recognize("itching in private part")) == [
        ("itching", "SYMPTOM"),
        ("private part", "BODY_PART"),
    ]
    assert spans(offline_recognizer.recognize("Widal positive")) == [("Widal", "PROCEDURE")]


def test_negated_organ_problem(offline_recognizer: Recognizer) -> None:
    (entity,) = offline_recognizer.recognize("no kidney problem")
    assert (entity.text, entity.label, entity.negated) == ("kidney problem", Label.DISEASE, True)


def test_giddiness_needs_a_frame(offline_recognizer: Recognizer) -> None:
    # a bare list item at the end of an abstract's sentence is left to the taggers
    assert texts_of(offline_recognizer, "moderate ataxia and giddiness .", Label.SYMPTOM) == [
        "ataxia"
    ]


def test_high_sugar_stays_the_disease(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("my sugar is high")) == [("sugar", "DISEASE")]
    assert ("sugar", "DISEASE") in spans(
        offline_recognizer.recognize("my grandmother's sugar is high and her legs are swollen")
    )


def test_sugar_patient_keeps_the_project_span(offline_recognizer: Recognizer) -> None:
    # lay_dev annotates "sugar patient" as the disease "sugar", the noun "patient" outside.
    assert spans(offline_recognizer.recognize("my father is sugar patient")) == [
        ("sugar", "DISEASE")
    ]
