"""``/what``: cards from the installed vocabularies, codes, typos and "did you mean"."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from ner import Label
from ner.offline import Recognizer


def test_a_drug_card_has_its_name_synonyms_and_drugbank_page(
    offline_recognizer: Recognizer,
) -> None:
    found = offline_recognizer.look_up("amodiaquine")
    assert found.label is Label.DRUG
    assert found.card is not None
    assert (found.card.name, found.card.code, found.card.system) == (
        "Amodiaquine",
        "DRUGBANK:DB00613",
        "DrugBank",
    )
    assert "camoquin" in found.card.synonyms
    assert [link.url for link in found.links] == ["https://go.drugbank.com/drugs/DB00613"]


def test_a_lay_word_leads_to_the_concept_with_its_definition(
    offline_recognizer: Recognizer,
) -> None:
    found = offline_recognizer.look_up("fits")
    assert found.card is not None
    assert found.card.name == "Seizure"
    assert found.card.definition.startswith("A seizure is")
    assert [link.url for link in found.links] == ["https://hpo.jax.org/browse/term/HP:0001250"]


def test_an_icd_card_has_its_chapter_and_medlineplus_link(offline_recognizer: Recognizer) -> None:
    found = offline_recognizer.look_up("Malaria")
    assert found.card is not None
    assert found.card.bare_code == "B54"
    assert found.card.chapter.startswith("Certain infectious and parasitic diseases")
    (link,) = found.links
    query = parse_qs(urlparse(link.url).query)
    assert urlparse(link.url).netloc == "connect.medlineplus.gov"
    assert query["mainSearchCriteria.v.c"] == ["B54"]
    assert query["mainSearchCriteria.v.cs"] == ["2.16.840.1.113883.6.90"]


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("HP:0001250", "Seizure"),
        ("hp_0001250", "Seizure"),
        ("b54", "Malaria"),
        ("DB00316", "Paracetamol"),
        ("calpol", "Paracetamol"),
        ("  High BP?  ", "Hypertension"),
        ("paracetemol", "Paracetamol"),
    ],
)
def test_codes_typos_and_lay_words(offline_recognizer: Recognizer, query: str, name: str) -> None:
    card = offline_recognizer.look_up(query).card
    assert card is not None
    assert card.name == name


def test_a_known_term_without_a_code_is_still_found(offline_recognizer: Recognizer) -> None:
    found = offline_recognizer.look_up("hip")
    assert found.found
    assert (found.label, found.card) == (Label.BODY_PART, None)


def test_an_unknown_term_gets_the_closest_names(offline_recognizer: Recognizer) -> None:
    found = offline_recognizer.look_up("amodiakine")
    assert not found.found
    assert found.suggestions[0] == "amodiaquine"


@pytest.mark.parametrize("query", ["", "   ", "qwzx", "?" * 500, "a" * 5000])
def test_nonsense_is_not_found_and_never_raises(offline_recognizer: Recognizer, query: str) -> None:
    found = offline_recognizer.look_up(query)
    assert not found.found
    assert len(found.query) <= 100
