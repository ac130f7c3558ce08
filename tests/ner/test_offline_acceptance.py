"""The examples the product is judged by, exactly."""

from __future__ import annotations

from ner.offline import Recognizer
from tests.ner.conftest import spans

MALARIA = (
    "she was suffering from Malaria and fits so to cure  she used amodiaquine and she has "
    "slightly fever and pain on hip"
)
FITS = "my son has fits and high temprature since 2 days, gave him calpol 5ml"


def test_malaria_message_gives_exactly_the_six_entities(offline_recognizer: Recognizer) -> None:
    entities = offline_recognizer.recognize(MALARIA)
    assert spans(entities) == [
        ("Malaria", "DISEASE"),
        ("fits", "SYMPTOM"),
        ("amodiaquine", "DRUG"),
        ("fever", "SYMPTOM"),
        ("pain", "SYMPTOM"),
        ("hip", "BODY_PART"),
    ]
    assert all(e.matches(MALARIA) and not e.negated for e in entities)


def test_fits_message_with_misspelling_and_dosage(offline_recognizer: Recognizer) -> None:
    entities = offline_recognizer.recognize(FITS)
    # "since 2 days" is how long the symptoms have lasted, not a dosage: not an entity.
    assert spans(entities) == [
        ("fits", "SYMPTOM"),
        ("high temprature", "SYMPTOM"),
        ("calpol", "DRUG"),
        ("5ml", "DOSAGE"),
    ]


def test_vocabulary_codes_are_attached(offline_recognizer: Recognizer) -> None:
    codes = {e.text: e.code for e in offline_recognizer.recognize(MALARIA)}
    assert codes["Malaria"] is not None and codes["Malaria"].startswith("ICD10CM:B5")
    assert codes["fits"] == "HP:0001250"  # borrowed from "seizure"
    assert codes["amodiaquine"] == "DRUGBANK:DB00613"
    assert codes["fever"] == "HP:0001945"
