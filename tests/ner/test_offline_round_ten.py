"""Tenth round, the integrator's part: posts about stimulants, sleep, smoking-cessation,
migraine, asthma, antibiotic, bone and joint, and psychiatric medicines.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("nosebleeds every morning, back hurts when I run", "hurts"),
        ("back aches so bad after the shot", "back aches"),
        ("Ritalin made my son a zombie", "a zombie"),
        ("Concerta has turned him a zombie", "a zombie"),
        ("my daughter keeps talking about dying", "talking about dying"),
        ("on Singulair he started talking about killing himself", "talking about killing himself"),
        ("Trazodone leaves me with a pounding head in the morning", "pounding"),
        ("oxybutynin works but my mouth is a desert", "a desert"),
        ("cyclobenzaprine, mouth like cotton all day", "like cotton"),
        ("buspirone makes the floor tilt, like the floor tilts under me", "floor tilts"),
        ("on mirtazapine I raid the fridge at midnight", "raid the fridge at midnight"),
        ("Flagyl, taste of metal in my mouth all day", "taste of metal"),
        ("on lisinopril I'm peeing less than usual", "peeing less"),
        ("flu jab yesterday, covid arm today", "covid arm"),
        ("on tamsulosin the world goes grey when I stand", "world goes grey"),
        ("everything went black for a second and I hit the floor", "everything went black"),
        ("Paxil withdrawal, the room feels like it's swaying", "room feels like it's swaying"),
        ("Synthroid went up and I felt like I'd had ten coffees", "like I'd had ten coffees"),
        ("on the pill I cried at a commercial", "cried at a commercial"),
        ("Fosamax tore up my throat", "tore up my throat"),
    ],
)
def test_medicine_post_phrasings_are_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "came back hurts to say it",
        "I'll be back and it hurts to leave",
        "we were talking about death in class",
        "he joked about dying on stage last night",
        "made him a zombie costume for the party",
        "I was a zombie for halloween",
        "like a pounding head of hair",
        "the garden is a desert this summer",
        "everything went dark when the power cut",
        "the screen went black",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


def test_bare_back_before_a_pain_verb_is_anatomy(offline_recognizer: Recognizer) -> None:
    """A terse post drops "my": "back hurts" is still the back."""
    text = "nosebleeds every morning, back hurts when I run"
    assert "back" in texts_of(offline_recognizer, text, Label.BODY_PART)


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("Ritalin made my son a zombie, he stopped laughing", "a zombie"),
        ("headaches all week, then I stopped taking it", "headaches"),
    ],
)
def test_a_person_who_stopped_doing_something_negates_nothing(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    """ "stopped" after a person is what they did, not a symptom that went away."""
    found = [e for e in offline_recognizer.recognize(text) if e.text == symptom]
    assert found and not found[0].negated


def test_a_symptom_that_stopped_is_still_negated(offline_recognizer: Recognizer) -> None:
    found = offline_recognizer.recognize("the nausea stopped")
    assert [(e.text, e.negated) for e in found] == [("nausea", True)]


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Taxol gave me neuropathy in my fingertips", "neuropathy"),
        ("Lipitor caused hepatitis", "hepatitis"),
        ("got colitis from Keytruda", "colitis"),
        ("the steroids brought on diabetes", "diabetes"),
        ("I developed neuropathy after chemo", "neuropathy"),
        ("it gave me a bad case of gastritis", "gastritis"),
    ],
)
def test_a_condition_a_medicine_brought_on_is_its_adverse_effect(
    offline_recognizer: Recognizer, text: str, condition: str
) -> None:
    assert condition in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "condition"),
    [
        ("Can Lipitor cause hepatitis?", "hepatitis"),
        ("I take metformin for diabetes", "diabetes"),
        ("I got pneumonia after that", "pneumonia"),
        ("I have neuropathy and take gabapentin", "neuropathy"),
        ("the antibiotics gave me a yeast infection", "yeast infection"),
    ],
)
def test_a_condition_asked_about_or_treated_stays_a_diagnosis(
    offline_recognizer: Recognizer, text: str, condition: str
) -> None:
    assert condition in texts_of(offline_recognizer, text, Label.DISEASE)
