"""Eleventh round, helper e: consumer health questions (the MeQSum register of ``lay_real``).

Classes found on annotated train lines 2373-2612: a body part and a state people write in
questions ("his liver is damaged", "my hand is not moving freely"), a modal before a hurt ("my
tummy can hurt"), "enlarged" + a body part, clumsy acts told with a progressive ("I have been
dropping things"), slowness getting up ("takes a few minutes to get out of a chair"), an organ's
transplant, and words the vocabularies miss in chat (foot drop, ear lobe crease, CBT, BCG,
diuretic, radiation as a treatment, kidney injury). The sentences are short
paraphrases written for the tests.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("his liver is damaged, can he get a new one?", "damaged"),
        ("my left hand is not moving freely since the fall", "not moving freely"),
        ("her knee is not moving properly after the op", "not moving properly"),
        ("my tummy can hurt after fatty food", "hurt"),
        ("his knees can swell up after a long walk", "swell up"),
        ("I am a man and I have enlarged breast", "enlarged breast"),
        ("she has enlarged tonsils again", "enlarged tonsils"),
        ("lately I have been dropping things", "dropping things"),
        ("my mum is always bumping into things", "bumping into things"),
        (
            "takes me a few minutes to get out of bed in the morning",
            "takes me a few minutes to get out of bed",
        ),
        ("I have foot drop on the left", "foot drop"),
        ("are ear lobe creases a sign of heart trouble?", "ear lobe creases"),
        ("after meals I get a bloating tummy", "bloating tummy"),
        ("what causes rib cage pain when I breathe?", "rib cage pain"),
    ],
)
def test_consumer_question_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "label", "entity"),
    [
        ("she went through chemo and radiation last year", Label.PROCEDURE, "radiation"),
        ("I think the radiation caused my numbness", Label.PROCEDURE, "radiation"),
        ("my psychologist suggested CBT for my anxiety", Label.PROCEDURE, "CBT"),
        (
            "is cognitive behavioural therapy any use for insomnia?",
            Label.PROCEDURE,
            "cognitive behavioural therapy",
        ),
        (
            "my father is waiting for a kidney transplantation",
            Label.PROCEDURE,
            "kidney transplantation",
        ),
        ("stem cell therapy for muscular dystrophy", Label.PROCEDURE, "stem cell therapy"),
        ("my dad starts BCG for bladder cancer next month", Label.DRUG, "BCG"),
        ("what are the side effects of a diuretic?", Label.DRUG, "diuretic"),
        ("which herbs are linked to kidney injury?", Label.DISEASE, "kidney injury"),
        ("my son has a tongue problem, he cannot say r", Label.DISEASE, "tongue problem"),
        ("my sister had HELLP in her first pregnancy", Label.DISEASE, "HELLP"),
        ("I have hcv genotype 3", Label.DISEASE, "hcv"),
        ("my doctor says I have fibromalgia", Label.DISEASE, "fibromalgia"),
    ],
)
def test_consumer_question_terms(
    offline_recognizer: Recognizer, text: str, label: Label, entity: str
) -> None:
    assert entity in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("my car is damaged after the crash", Label.SYMPTOM),
        ("the cost is killing me", Label.SYMPTOM),
        ("the photo was enlarged for the poster", Label.SYMPTOM),
        ("I drop things off at school on Mondays", Label.SYMPTOM),
        ("the queue is not moving freely today", Label.SYMPTOM),
        ("it takes me a few minutes to get out of the car park", Label.SYMPTOM),
        ("solar radiation levels are high in summer", Label.PROCEDURE),
        ("radiation exposure from phones worries me", Label.PROCEDURE),
        ("my words can hurt people", Label.SYMPTOM),
        ("the heart of the problem is money", Label.DISEASE),
        ("BCG-induced responses were lower than with other strains", Label.DRUG),
    ],
)
def test_consumer_question_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []
