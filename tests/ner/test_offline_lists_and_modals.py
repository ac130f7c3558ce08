"""Lists and shared modals in consumer health questions (the MeQSum register of ``lay_real``):
one "can't" shared by a list of acts ("can hardly walk, move, sit or sleep"; "have not been able
to" counts as "can't"), a modal before a hurt ("my tummy can hurt"), body parts coordinated
before a shared complaint ("head and neck tics"), and how a list decides a label: every item of
a list a diagnosis word opens is a diagnosis, while the same complaints lived through, qualified
or treated stay symptoms, and a word such as "discharge" is a symptom only inside a list of
symptoms.

Each rule has its everyday counterpart that must stay quiet ("I can't find the tablets or the
box", "my words can hurt people", "after my discharge from hospital"). The sentences are short
paraphrases written for the tests, not the questions themselves.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        # one "can't" shared by a list, and "have not been able to" as a "can't"
        (
            "since the flare I can hardly walk, move, sit or sleep",
            "can hardly walk, move, sit or sleep",
        ),
        ("my mum can not eat or drink since Monday", "can not eat or drink"),
        ("I can't sleep or concentrate at work", "can't sleep or concentrate"),
        ("I have not been able to lift my arm since the fall", "have not been able to lift my arm"),
        # a modal before a hurt
        ("my tummy can hurt after fatty food", "hurt"),
        ("his knees can swell up after a long walk", "swell up"),
        # body parts coordinated before a shared complaint
        ("he has head and neck tics", "head and neck tics"),
        # a word that is a symptom only in a list of symptoms
        ("side effects: discharge, cramps and headaches", "discharge"),
        ("itching and discharge for a week", "discharge"),
    ],
)
def test_lists_and_modals_share_a_complaint(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "disease"),
    [
        # every item of a list a diagnosis word opens is a diagnosis
        ("I was diagnosed with fibromyalgia, anxiety and depression.", "depression"),
        ("I was diagnosed with fibromyalgia, anxiety and depression.", "anxiety"),
        ("I have a history of migraines, anxiety and insomnia.", "insomnia"),
        ("diagnosed with lupus and chronic depression", "depression"),
    ],
)
def test_a_list_after_a_diagnosis_word_is_diagnoses(
    offline_recognizer: Recognizer, text: str, disease: str
) -> None:
    assert disease in texts_of(offline_recognizer, text, Label.DISEASE)


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        # the same complaints lived through stay symptoms
        ("this pill gives me insomnia and anxiety", "anxiety"),
        ("I was diagnosed with diabetes last year. The metformin gives me anxiety", "anxiety"),
        # a qualified complaint the vocabularies file as a disease
        ("I have chronic constipation.", "chronic constipation"),
        # chat spelling of night
        ("I end up sitting up all nite with it", "up all nite"),
        # a complaint that is the reason for a medicine
        ("I use minoxidil for my hair loss", "hair loss"),
    ],
)
def test_complaints_lived_through_stay_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "I can't find the tablets or the box",
        "my words can hurt people",
    ],
)
def test_a_shared_modal_outside_a_complaint_stays_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


@pytest.mark.parametrize(
    "text",
    [
        "after my discharge from hospital I started physio",
        "fever, discharge papers were late",
    ],
)
def test_discharge_outside_a_list_of_symptoms_stays_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert "discharge" not in texts_of(offline_recognizer, text, Label.SYMPTOM)
