"""Consumer health questions (eleventh round, helper d): classes of misses read on real questions
(lay_real train lines 2072-2312): lab readings said with "is showing" / "is decreased to", a
level word in front of "thyroid level", "swallow" written for "swollen" after a body part, a
lost ability to taste or walk, a weight loss by a vague amount, blood brought up by vomiting,
tiring easily, "low dose" in front of a medicine, hair loss as a symptom when it is the reason
for treatment, and a few spellings.

The sentences are short paraphrases written for the tests; none is taken from a data split.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import spans, texts_of


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # a lab reading with "is showing" / "is decreased to"
        ("my urea is showing 40, is that bad?", Label.SYMPTOM, "urea is showing 40"),
        ("His creatinine is also showing 2.1 now", Label.SYMPTOM, "creatinine is also showing 2.1"),
        (
            "his platelet count is decreased to 12",
            Label.SYMPTOM,
            "platelet count is decreased to 12",
        ),
        ("does a high thyroid level slow healing?", Label.SYMPTOM, "high thyroid level"),
        # "swallow" for "swollen" after a body part and a verb
        ("my ankle got swallow after the walk", Label.SYMPTOM, "swallow"),
        ("her knee is stiff and swallow since Monday", Label.SYMPTOM, "swallow"),
        # a lost ability
        (
            "he lost the ability to taste and smell",
            Label.SYMPTOM,
            "lost the ability to taste and smell",
        ),
        ("loss of ability to walk after the fall", Label.SYMPTOM, "loss of ability to walk"),
        # weight lost by a vague amount
        ("she has lost a huge amount of weight", Label.SYMPTOM, "lost a huge amount of weight"),
        # blood brought up
        ("my son threw up blood this morning", Label.SYMPTOM, "threw up blood"),
        ("he has been vomiting blood since noon", Label.SYMPTOM, "vomiting blood"),
        ("I am tiring easily these days", Label.SYMPTOM, "tiring easily"),
        ("she refuses to get out of bed most days", Label.SYMPTOM, "refuses to get out of bed"),
        ("he has a low IQ and learning problems", Label.SYMPTOM, "low IQ"),
        # the strength word in front of a medicine
        ("I take low dose aspirin every morning", Label.DOSAGE, "low dose"),
        # spellings and plain names
        ("the ultra sound showed a small cyst", Label.PROCEDURE, "ultra sound"),
        ("we both had scabie last month", Label.DISEASE, "scabie"),
        ("my son has insulin-dependent diabetes", Label.DISEASE, "insulin-dependent diabetes"),
        ("I have Graves and take methimazole", Label.DISEASE, "Graves"),
        ("levothyroxine for my thyroid condition", Label.DISEASE, "thyroid condition"),
        ("does glucosamine help knees?", Label.DRUG, "glucosamine"),
        ("is glucosamine sulfate safe for kidneys?", Label.DRUG, "glucosamine sulfate"),
        # a word that is a symptom only in a list of symptoms
        ("side effects: discharge, cramps and headaches", Label.SYMPTOM, "discharge"),
        ("itching and discharge for a week", Label.SYMPTOM, "discharge"),
        (
            "very low number of platelets on the last test",
            Label.SYMPTOM,
            "very low number of platelets",
        ),
        # a sense of impending doom
        (
            "I have a constant feeling that I am about to die",
            Label.SYMPTOM,
            "a constant feeling that I am about to die",
        ),
        ("I feel like I am going to die when it starts", Label.SYMPTOM, "like I am going to die"),
        # ADD as the disorder, B/P as blood pressure
        ("my son was diagnosed with ADD last year", Label.DISEASE, "ADD"),
        ("I have high B/P and take two pills", Label.DISEASE, "high B/P"),
    ],
)
def test_found(offline_recognizer: Recognizer, text: str, label: Label, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, label)


def test_hair_loss_for_treatment_is_a_symptom(offline_recognizer: Recognizer) -> None:
    found = spans(offline_recognizer.recognize("I use minoxidil for my hair loss"))
    assert ("hair loss", "SYMPTOM") in found


@pytest.mark.parametrize(
    ("text", "label", "quiet"),
    [
        # swallowing in its own sense
        ("it hurts my throat when I swallow", Label.SYMPTOM, "swallow"),
        ("can I swallow the tablet whole?", Label.SYMPTOM, "swallow"),
        ("my throat is sore and swallow hurts", Label.SYMPTOM, "swallow"),
        # an ability never had, a plan to lose weight
        ("I have no ability to sing", Label.SYMPTOM, "no ability to sing"),
        (
            "I need to lose a huge amount of weight for the film",
            Label.SYMPTOM,
            "lose a huge amount of weight",
        ),
        # everyday words
        ("the cost is killing me", Label.SYMPTOM, "killing me"),
        ("we visited the graves of our family", Label.DISEASE, "graves"),
        ("the bill is showing 40 dollars", Label.SYMPTOM, "bill is showing 40"),
        ("after my discharge from hospital I started physio", Label.SYMPTOM, "discharge"),
        ("fever, discharge papers were late", Label.SYMPTOM, "discharge"),
        ("please ADD the new form to my file", Label.DISEASE, "ADD"),
        ("click ADD to save the list", Label.DISEASE, "ADD"),
        ("I am going to die of boredom in this meeting", Label.SYMPTOM, "going to die"),
    ],
)
def test_stays_quiet(offline_recognizer: Recognizer, text: str, label: Label, quiet: str) -> None:
    assert quiet not in texts_of(offline_recognizer, text, label)


def test_low_dose_alone_is_no_dosage(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "is a low dose better for me?", Label.DOSAGE) == []
