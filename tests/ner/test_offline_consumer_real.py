"""Eleventh round, helper a: classes missed on real consumer questions (lay_real candidates
1171-1472, MeQSum): inabilities told as a problem with a function or a lost ability, irritation
and states of a body part named with "the", fluid coming out of a body part, hair growing where
it should not, a number before a sugar reading, and chat-only procedures, routes and urinary
anatomy that the corpora's training text also holds.

The sentences are short paraphrases written for the tests, not the questions themselves.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import spans, texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("she has problems with swallowing since the stroke", "problems with swallowing"),
        ("my dad has a problem in hearing on the left side", "problem in hearing"),
        ("my son has trouble in listening at school", "trouble in listening"),
        ("after the fall he lost the ability to walk", "lost the ability to walk"),
        ("I am slowly losing the ability to think clearly", "losing the ability to think clearly"),
        ("she has lost her ability to speak", "lost her ability to speak"),
        ("I have a bad irritation on my scalp", "irritation"),
        ("Irritation on the eyelid since Monday", "Irritation"),
        ("constant throat irritation from the inhaler", "throat irritation"),
        ("the knee is swollen and hot", "swollen"),
        ("the skin is irritated and peeling", "irritated"),
        ("the skin is irritated and peeling", "peeling"),
        ("the veins are prominent on my calves", "prominent"),
        ("the veins are prominent in this area", "prominent"),
        ("the skin is irritated by the new cream", "irritated"),
        ("milky fluid is coming out of my nipples", "milky fluid is coming out"),
        ("yellow pus oozing from my ear", "yellow pus oozing"),
        ("there is blood coming out of his nose", "blood coming out"),
        ("I have foot drop after the back surgery", "foot drop"),
        ("my left leg has phantom feelings", "phantom feelings"),
        ("excess hair on my chin and upper lip", "excess hair"),
        ("hair growth on my legs since the pill", "hair growth"),
        ("I keep seeing black things in my left eye", "seeing black things"),
        ("was diagnosed with a 410 blood sugar last month", "410 blood sugar"),
        ("he has head and neck tics", "head and neck tics"),
        ("my baby is in hospital due to less platelet count", "less platelet count"),
    ],
)
def test_consumer_question_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "I have no issue with walking the dog every day",
        "she lost the ability to vote when she moved",
        "I had some irritation with my boss today",
        "much to my irritation the bus was late",
        "the heart is a muscle",
        "the skin is great after the cream",
        "is the liver bad at processing alcohol?",
        "we lost the ability to see the doctor on weekends",
        "water is coming out of the tap",
        "let the fluid drain from the pan",
        "I do 3 blood sugar checks a day",
        "I should eat less sodium and less iron",
        "the fridge is kept at 5 Celsius temperature",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("i have a stone in my ureter", ("a stone", "DISEASE")),
        ("i have a stone in my ureter", ("ureter", "BODY_PART")),
        ("he had a hole in his eardrum as a child", ("a hole in his eardrum", "DISEASE")),
        ("I got surgery for a perforated ear drum", ("perforated ear drum", "DISEASE")),
        ("I am working with a Hep C patient", ("Hep C", "DISEASE")),
        ("Or is it a hormonal disorder?", ("hormonal disorder", "DISEASE")),
        ("my daughter has ostiogenesis imperfecta", ("ostiogenesis imperfecta", "DISEASE")),
        ("the hospice offered us counseling", ("counseling", "PROCEDURE")),
        ("I've been told acupuncture can help", ("acupuncture", "PROCEDURE")),
        ("also wondering about ECT?", ("ECT", "PROCEDURE")),
        ("can a pacemaker help me?", ("pacemaker", "PROCEDURE")),
        ("I had a total thyroid removal last year", ("total thyroid removal", "PROCEDURE")),
        ("I had radiation for my breast cancer", ("radiation", "PROCEDURE")),
        ("she cannot tolerate oral antibiotics", ("oral", "DOSAGE")),
        ("can you give antibiotics by IV at home?", ("by IV", "DOSAGE")),
        ("is 1% hydrocortisone cream safe for a baby?", ("1%", "DOSAGE")),
        ("I put hydrocortisone cream 1% on it", ("1%", "DOSAGE")),
        ("Bleach on bed sores?", ("bed sores", "DISEASE")),
    ],
)
def test_consumer_question_other_labels(
    offline_recognizer: Recognizer, text: str, entity: tuple[str, str]
) -> None:
    assert entity in spans(offline_recognizer.recognize(text))


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("there is a stone in my shoe", ("a stone", "DISEASE")),
        ("this shampoo promotes hair growth on the scalp", ("hair growth", "SYMPTOM")),
        ("fish, shrimp, crab ect.", ("ect", "PROCEDURE")),
        ("radiation exposure from my phone worries me", ("radiation", "PROCEDURE")),
        ("is UV radiation bad for moles?", ("radiation", "PROCEDURE")),
        ("I have an oral contraceptive pill", ("oral", "DOSAGE")),
        ("good oral hygiene matters", ("oral", "DOSAGE")),
        ("I feel 90% better on sertraline", ("90%", "DOSAGE")),
    ],
)
def test_other_labels_stay_quiet(
    offline_recognizer: Recognizer, text: str, absent: tuple[str, str]
) -> None:
    assert absent not in spans(offline_recognizer.recognize(text))
