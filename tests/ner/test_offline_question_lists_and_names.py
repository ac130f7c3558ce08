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
        # discomfort on its own, after a determiner or a verb, or opening a clause
        ("is there anything for this discomfort?", "discomfort"),
        ("I have some discomfort in my side", "discomfort"),
        ("Discomfort in my chest after meals.", "Discomfort"),
        # tinnitus misspelled, and wanting to end one's life
        ("I have had tennitis for years", "tennitis"),
        ("some days I want to commit suicide", "want to commit suicide"),
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
        ("I fell last month, tailbone trauma", Label.DISEASE, "tailbone trauma"),
        ("my son has a wrist injury from football", Label.DISEASE, "wrist injury"),
        ("I have nerve damage in my foot", Label.DISEASE, "nerve damage"),
        ("does removal of the ovaries help PCOS?", Label.PROCEDURE, "removal of the ovaries"),
        ("pain in my left hip joint", Label.BODY_PART, "left hip joint"),
        ("I was on ms contin for years", Label.DRUG, "ms contin"),
        ("we are thinking of trying in vitro", Label.PROCEDURE, "in vitro"),
        ("we need treatment for my father's balance disorder", Label.DISEASE, "balance disorder"),
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
        # an apology for discomfort is no complaint
        "we apologise for any discomfort this may cause",
        "sorry for the discomfort this causes you",
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


def test_an_oral_surgeon_names_no_body_part(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "I saw an oral surgeon today", Label.BODY_PART) == []


def test_a_joint_that_is_smoked_is_no_body_part(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "he smoked a joint at the party", Label.BODY_PART) == []


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
    ],
)
def test_complaints_lived_through_stay_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


def test_nodules_in_an_abstracts_phrase_stay_as_they_were(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "hyperplastic nodules appeared", Label.SYMPTOM) == []


@pytest.mark.parametrize(
    "text",
    [
        "the drug was tested in vitro and in mice",
        "we did in vitro assays on the cells",
    ],
)
def test_in_vitro_of_the_laboratory_stays_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.PROCEDURE) == []
