"""Concepts, assertions and relations from the offline engine, on the messages of issue 15."""

from __future__ import annotations

from pathlib import Path

import pytest

from ner import Certainty, Entity, RelationType, Subject, extract_with_fallback
from ner.offline import OfflineEngine, Recognizer
from ner.offline import _concepts as concepts

MOTHER = (
    "my mum has diabetes and high BP, she takes metformin 500 mg twice daily and amlodipine "
    "5mg. no chest pain but her ankles are swollen"
)
SEED = (
    "she was suffering from Malaria and fits so to cure she used amodiaquine and she has "
    "slightly fever and pain on hip"
)


def by_text(entities: list[Entity]) -> dict[str, Entity]:
    return {e.text: e for e in entities}


async def test_the_mothers_medicines(offline_engine: OfflineEngine) -> None:
    outcome = await extract_with_fallback(offline_engine, offline_engine, MOTHER)
    entities = outcome.entities
    found = by_text(entities)
    links = {(r.type, entities[r.source].text, entities[r.target].text) for r in outcome.relations}
    assert links == {
        (RelationType.DOSAGE_OF, "500 mg twice daily", "metformin"),
        (RelationType.DOSAGE_OF, "5mg", "amlodipine"),
        (RelationType.SITE_OF, "ankles", "swollen"),
    }
    for condition in ("diabetes", "high BP"):
        assert found[condition].subject is Subject.FAMILY
        assert found[condition].subject_word == "mum"
    assert found["high BP"].concept is not None
    assert found["high BP"].concept.name == "Hypertension"
    assert found["high BP"].code == found["high BP"].concept.code == "ICD10CM:I10"
    assert found["chest pain"].negated
    assert not found["swollen"].negated


def test_the_seed_sentence_keeps_its_six_entities(offline_recognizer: Recognizer) -> None:
    entities = offline_recognizer.recognize(SEED)
    assert [e.text for e in entities] == ["Malaria", "fits", "amodiaquine", "fever", "pain", "hip"]
    fits = by_text(entities)["fits"]
    assert fits.concept is not None
    assert (fits.concept.name, fits.concept.system) == ("Seizure", "HPO")
    malaria = by_text(entities)["Malaria"]
    assert malaria.code == "ICD10CM:B54"
    assert all(e.subject is Subject.PATIENT for e in entities)


@pytest.mark.parametrize(
    ("text", "word", "name", "system"),
    [
        ("I had fits", "fits", "Seizure", "HPO"),
        ("gave him calpol", "calpol", "Paracetamol", "DrugBank"),
        ("my high BP is back", "high BP", "Hypertension", "ICD-10-CM"),
        ("she has HTN", "HTN", "Hypertension", "ICD-10-CM"),
        ("dad has type 2 diabetes", "type 2 diabetes", "Type 2 diabetes mellitus", "ICD-10-CM"),
        ("she threw up twice", "threw up", "Vomiting", "HPO"),
        ("tested for malaria", "malaria", "Malaria", "ICD-10-CM"),
    ],
)
def test_lay_words_get_their_plain_english_concept(
    offline_recognizer: Recognizer, text: str, word: str, name: str, system: str
) -> None:
    concept = by_text(offline_recognizer.recognize(text))[word].concept
    assert concept is not None
    assert (concept.name, concept.system) == (name, system)


def test_another_engines_entities_get_concepts_from_their_text(
    offline_engine: OfflineEngine,
) -> None:
    text = "Fits and tylenol"
    given = [
        Entity(text="Fits", label="SYMPTOM", start=0, end=4),
        Entity(text="tylenol", label="DRUG", start=9, end=16),
        Entity(text="and", label="SYMPTOM", start=5, end=8),
    ]
    linked = offline_engine.link_concepts(text, given)
    names = [e.concept.name if e.concept else None for e in linked]
    assert names == ["Seizure", "Paracetamol", None]
    assert [e.model_dump(exclude={"concept"}) for e in linked] == [
        e.model_dump(exclude={"concept"}) for e in given
    ]


def _assertions(recognizer: Recognizer, text: str) -> dict[str, tuple[object, ...]]:
    return {
        e.text: (e.subject.value, e.subject_word, e.certainty.value, e.historical)
        for e in recognizer.recognize(text)
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my mum has diabetes", {"diabetes": ("family", "mum", "certain", False)}),
        ("my friend's rash", {"rash": ("other", "friend", "certain", False)}),
        ("my son has fever", {"fever": ("other", "son", "certain", False)}),
        ("maybe it's malaria", {"malaria": ("patient", None, "possible", False)}),
        ("could be dengue", {"dengue": ("patient", None, "possible", False)}),
        ("if I get a fever", {"fever": ("patient", None, "hypothetical", False)}),
        ("had chickenpox as a kid", {"chickenpox": ("patient", None, "certain", True)}),
        ("diabetes runs in the family", {"diabetes": ("family", "family", "certain", False)}),
        (
            "I have asthma and my dad has diabetes",
            {
                "asthma": ("patient", None, "certain", False),
                "diabetes": ("family", "dad", "certain", False),
            },
        ),
        (
            "my dad has asthma. I have a cough",
            {
                "asthma": ("family", "dad", "certain", False),
                "cough": ("patient", None, "certain", False),
            },
        ),
        (
            "she has a fever",  # a pronoun with nobody named before: the person written about
            {"fever": ("patient", None, "certain", False)},
        ),
        # A clinical note's "Patient" is the person the text is about; "my patient" is not.
        ("Patient reports nausea", {"nausea": ("patient", None, "certain", False)}),
        ("Pt c/o headache", {"headache": ("patient", None, "certain", False)}),
        ("my patient has a rash", {"rash": ("other", "patient", "certain", False)}),
        # "ma" before a body part or complaint is "my"; before anything else, a mother.
        (
            "ma tummy hurts",
            {
                "tummy": ("patient", None, "certain", False),
                "hurts": ("patient", None, "certain", False),
            },
        ),
        ("ma has a fever", {"fever": ("family", "ma", "certain", False)}),
    ],
)
def test_assertions(
    offline_recognizer: Recognizer, text: str, expected: dict[str, tuple[object, ...]]
) -> None:
    assert _assertions(offline_recognizer, text) == expected


def test_a_pronoun_points_at_the_relative_named_before(offline_recognizer: Recognizer) -> None:
    found = by_text(offline_recognizer.recognize(MOTHER))
    assert found["metformin"].subject is Subject.FAMILY
    assert found["swollen"].subject_word == "mum"
    assert found["chest pain"].certainty is Certainty.CERTAIN


def test_the_shipped_concept_tables_match_the_installed_vocabularies(tmp_path: Path) -> None:
    """Fails when the vocabulary packages were upgraded but the tables were not recompiled
    (``python -m ner.offline.compile``); the engine would rebuild them at start-up."""
    for filename in (concepts.SHIPPED_NAMES, concepts.SHIPPED_CARDS):
        assert concepts._read_table(filename, tmp_path, concepts.cache_key()) is not None


def test_cards_load_on_first_use_only(tmp_path: Path) -> None:
    calls: list[int] = []

    def cards() -> dict[str, tuple[str, tuple[str, ...], str]]:
        calls.append(1)
        return {"HP:0001250": ("A seizure is ...", ("Epileptic seizure",), "")}

    table = concepts.Concepts({"HP:0001250": "Seizure"}, cards)
    assert table.concept("HP:0001250") is not None
    assert calls == []
    card = table.card("HP:0001250")
    assert card is not None
    assert (card.name, card.bare_code, card.synonyms) == (
        "Seizure",
        "HP:0001250",
        ("Epileptic seizure",),
    )
    assert table.card("HP:0000001") is None
    table.card("HP:0001250")
    assert calls == [1]
