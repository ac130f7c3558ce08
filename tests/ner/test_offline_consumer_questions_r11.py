"""Eleventh round (helper b): classes of misses read in real consumer health questions
(lay_real candidates 1473-1714, annotated before the engine was run on them).

The sentences are short paraphrases written for the tests, not the questions themselves.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        # a nodule a person or a scan found is a lump (SYMPTOM), not anatomy
        ("the scan showed a nodule on my kidney", "nodule"),
        ("she has two small nodules on her neck", "nodules"),
        # a wound that does not heal, the wound named or only listed after a symptom
        ("my incision still hasn't healed", "incision still hasn't healed"),
        ("the sore on my lip will not heal", "will not heal"),
        ("the cut on my finger is not healing", "not healing"),
        ("had a tooth out last month, painful and not healing", "not healing"),
        # misspelled readings and a misspelled third person of "lose"
        ("my blood presur is 150/95", "blood presur is 150/95"),
        ("my dad losses his balance on the stairs", "losses his balance"),
    ],
)
def test_consumer_question_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "label", "entity"),
    [
        ("I was diagnosed with fibromalgia last year", Label.DISEASE, "fibromalgia"),
        ("can Kerataconus get worse with age?", Label.DISEASE, "Kerataconus"),
        ("I developed curvature of the spine", Label.DISEASE, "curvature of the spine"),
        ("is genetic testing covered by insurance?", Label.PROCEDURE, "genetic testing"),
        ("Genetic testing.", Label.PROCEDURE, "Genetic testing"),
        ("would a skin graft cover the scar?", Label.PROCEDURE, "skin graft"),
        ("can the foreskin grow back?", Label.BODY_PART, "foreskin"),
        ("I was on 60 mgm of morphine a day", Label.DOSAGE, "60 mgm"),
    ],
)
def test_consumer_question_names(
    offline_recognizer: Recognizer, text: str, label: Label, entity: str
) -> None:
    assert entity in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    "text",
    [
        # everyday senses of MeSH psychosocial and kinship words
        "Any suggestions would be welcome.",
        "my husbands doctor said it was fine",
        "other couples have tried this",
        "she speaks two languages",
        "both my grandmothers lived to 90",
        # the weather, not the infection
        "the fluid froze in the bitter cold",
        # healing that is not a wound's
        "my bank account is not healing",
        # "losses" as a noun
        "the company losses were huge this year",
    ],
)
def test_consumer_question_everyday_words_stay_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    found = [
        e.text
        for e in offline_recognizer.recognize(text)
        if e.label in (Label.DISEASE, Label.SYMPTOM)
    ]
    assert found == []


def test_a_bad_cold_is_still_a_cold(offline_recognizer: Recognizer) -> None:
    assert "cold" in texts_of(offline_recognizer, "I have had a bad cold all week", Label.DISEASE)
