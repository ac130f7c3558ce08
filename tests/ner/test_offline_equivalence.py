"""A DISEASE prefers ICD-10-CM (issue 15): the shipped HPO -> ICD-10-CM table and its use."""

from __future__ import annotations

import simple_icd_10_cm as cm

from ner import Label
from ner.offline import Recognizer
from ner.offline import _equivalence as equivalence


def test_every_icd_code_in_the_table_exists() -> None:
    table = equivalence.equivalences()
    assert table, "the shipped table is empty"
    missing = [icd for icd in table.values() if not cm.is_valid_item(icd.removeprefix("ICD10CM:"))]
    assert missing == []


def test_the_curated_pairs_are_shipped_and_exist() -> None:
    table = equivalence.equivalences()
    for hpo, icd in equivalence.CURATED.items():
        assert table[hpo] == icd
        assert cm.is_valid_item(icd.removeprefix("ICD10CM:"))


def test_the_shipped_table_matches_the_installed_vocabularies() -> None:
    assert dict(equivalence.equivalences()) == equivalence.derive()


def test_only_a_disease_is_moved_to_icd() -> None:
    assert equivalence.preferred_code("HP:0000822", Label.DISEASE) == "ICD10CM:I10"
    assert equivalence.preferred_code("HP:0000822", Label.SYMPTOM) == "HP:0000822"
    assert equivalence.preferred_code("HP:0000819", Label.DISEASE) == "HP:0000819"
    assert equivalence.preferred_code(None, Label.DISEASE) is None


def test_lay_disease_words_carry_icd_codes(offline_recognizer: Recognizer) -> None:
    text = "high BP, HTN, T2DM and type 2 diabetes; also fits"
    found = {e.text: e for e in offline_recognizer.recognize(text)}
    for word, code in (
        ("high BP", "ICD10CM:I10"),
        ("HTN", "ICD10CM:I10"),
        ("T2DM", "ICD10CM:E11"),
        ("type 2 diabetes", "ICD10CM:E11"),
        ("fits", "HP:0001250"),
    ):
        entity = found[word]
        assert entity.code == code, word
        assert entity.concept is not None and entity.concept.code == code, word


def test_a_loose_lay_synonym_links_to_no_concept(offline_recognizer: Recognizer) -> None:
    """HPO lists "Blood in stool" as a BROAD synonym of "Bloody diarrhea": showing that concept
    would add a diarrhea the writer never mentioned."""
    text = "no blood in stool. but he has a bloody bowel movement"
    found = {e.text: e for e in offline_recognizer.recognize(text)}
    stool = found["blood in stool"]
    assert stool.label is Label.SYMPTOM and stool.negated
    assert stool.code is None and stool.concept is None
    diarrhea = found["bloody bowel movement"].concept
    assert diarrhea is not None and diarrhea.name == "Bloody diarrhea"


def test_an_exact_synonym_still_links() -> None:
    from ner.offline import _sources

    coded = {t.term: t.code for t in _sources.hpo_terms()}
    assert coded["Bloody bowel movement"] == "HP:0025085"  # EXACT layperson
    assert coded["Blood in stool"] is None  # BROAD layperson


def test_rash_keeps_its_concept_through_the_curated_code(offline_recognizer: Recognizer) -> None:
    """HPO lists "Rash" only as a BROAD synonym; the curated lay term names "Skin rash"."""
    rash = {e.text: e for e in offline_recognizer.recognize("my son has a rash on his arm")}["rash"]
    assert rash.concept is not None and rash.concept.code == "HP:0000988"
