"""Concepts, relations, assertion marks and look-up cards in Telegram HTML."""

from __future__ import annotations

from handlers import (
    MESSAGE_LIMIT,
    format_details,
    format_entities,
    format_look_up,
    split_html,
    summarize_entities,
    utf16_length,
)
from ner import (
    Certainty,
    Concept,
    ConceptCard,
    Entity,
    Label,
    Link,
    LookUp,
    Relation,
    RelationType,
    Subject,
)
from tests.fakes.telegram_server import parse_html


def entity(text: str, label: Label, start: int, **extra: object) -> Entity:
    return Entity.model_validate(
        {"text": text, "label": label, "start": start, "end": start + len(text), **extra}
    )


def test_a_concept_name_that_differs_is_shown_with_an_arrow() -> None:
    seizure = Concept(name="Seizure", code="HP:0001250", system="HPO")
    malaria = Concept(name="Malaria", code="ICD10CM:B54", system="ICD-10-CM")
    shown = parse_html(
        format_entities(
            [
                entity("fits", Label.SYMPTOM, 0, concept=seizure),
                entity("Malaria", Label.DISEASE, 9, concept=malaria),
                entity("seizures", Label.SYMPTOM, 20, concept=seizure),
            ]
        )
    ).text
    assert "fits → seizure" in shown
    assert "Malaria →" not in shown and "seizures →" not in shown


def test_doses_go_with_their_drug_and_sites_with_their_complaint() -> None:
    entities = [
        entity("metformin", Label.DRUG, 0),
        entity("500 mg", Label.DOSAGE, 10),
        entity("twice daily", Label.DOSAGE, 17),
        entity("pain", Label.SYMPTOM, 30),
        entity("hip", Label.BODY_PART, 38),
        entity("knee", Label.BODY_PART, 50),
    ]
    relations = [
        Relation(type=RelationType.DOSAGE_OF, source=1, target=0),
        Relation(type=RelationType.DOSAGE_OF, source=2, target=0),
        Relation(type=RelationType.SITE_OF, source=4, target=3),
    ]
    shown = parse_html(format_entities(entities, relations)).text
    assert "• metformin — 500 mg, twice daily" in shown
    assert "• pain (hip)" in shown
    assert "Dosage" not in shown
    assert "Body parts\n• knee" in shown  # a body part nothing points at keeps its group
    assert "pain (hip)" in summarize_entities(entities, relations)


def test_a_relation_that_does_not_fit_is_ignored() -> None:
    entities = [entity("pain", Label.SYMPTOM, 0), entity("5 mg", Label.DOSAGE, 5)]
    broken = [Relation(type=RelationType.DOSAGE_OF, source=1, target=0)]
    shown = parse_html(format_entities(entities, broken)).text
    assert "Dosage\n• 5 mg" in shown


def test_assertion_marks() -> None:
    entities = [
        entity("diabetes", Label.DISEASE, 0, subject=Subject.FAMILY, subject_word="mum"),
        entity("rash", Label.SYMPTOM, 10, subject=Subject.OTHER, subject_word="son"),
        entity("dengue", Label.DISEASE, 20, certainty=Certainty.POSSIBLE),
        entity("fever", Label.SYMPTOM, 30, certainty=Certainty.HYPOTHETICAL),
        entity("chickenpox", Label.DISEASE, 40, historical=True),
        entity("cough", Label.SYMPTOM, 60, subject=Subject.OTHER),
    ]
    shown = parse_html(format_entities(entities)).text
    assert "diabetes · 👪 mum" in shown
    assert "rash · 👤 son" in shown
    assert "dengue · ❓ possible" in shown
    assert "fever · 💭 hypothetical" in shown
    assert "chickenpox · 🕘 past" in shown
    assert "cough · 👤 someone else" in shown


def test_the_same_word_for_different_people_stays_apart() -> None:
    entities = [
        entity("fever", Label.SYMPTOM, 0),
        entity("fever", Label.SYMPTOM, 10, subject=Subject.OTHER, subject_word="son"),
    ]
    shown = parse_html(format_entities(entities)).text
    assert shown.count("• fever") == 2


def test_user_text_in_relations_is_escaped() -> None:
    entities = [entity("<b>x</b>", Label.DRUG, 0), entity("5 <mg>", Label.DOSAGE, 9)]
    relations = [Relation(type=RelationType.DOSAGE_OF, source=1, target=0)]
    html_text = format_entities(entities, relations)
    assert parse_html(html_text).text.startswith("💊 Drugs\n• <b>x</b> — 5 <mg>")


def test_a_huge_answer_still_splits_under_the_limit() -> None:
    entities = []
    relations = []
    for i in range(400):
        entities.append(entity(f"drug{i}", Label.DRUG, i * 40))
        entities.append(entity(f"{i} mg twice daily", Label.DOSAGE, i * 40 + 10))
        relations.append(Relation(type=RelationType.DOSAGE_OF, source=2 * i + 1, target=2 * i))
    chunks = split_html(format_entities(entities, relations))
    assert len(chunks) > 1
    assert all(utf16_length(chunk) <= MESSAGE_LIMIT for chunk in chunks)
    for chunk in chunks:
        parse_html(chunk)  # well-formed


CARD = ConceptCard(
    code="ICD10CM:B54",
    system="ICD-10-CM",
    name="Malaria",
    definition="Unspecified malaria",
    synonyms=("Paludism <old>",),
    chapter="Certain infectious and parasitic diseases (A00-B99)",
)
LINK = Link("MedlinePlus", "https://connect.medlineplus.gov/application?a=1&b=B54")


def test_a_card_has_name_code_title_chapter_synonyms_and_link() -> None:
    html_text = format_look_up(LookUp("malaria", Label.DISEASE, CARD, (LINK,)))
    parsed = parse_html(html_text)
    assert parsed.text.splitlines()[:2] == ["🔎 Malaria", "disease · ICD-10-CM B54"]
    assert "ICD-10-CM title: Unspecified malaria" in parsed.text
    assert "📚 Certain infectious" in parsed.text
    assert "Paludism <old>" in parsed.text
    assert [e["url"] for e in parsed.entities if e["type"] == "text_link"] == [LINK.url]


def test_not_found_suggests_the_closest_names() -> None:
    shown = parse_html(format_look_up(LookUp("<amodiakine>", suggestions=("amodiaquine",)))).text
    assert "“<amodiakine>”" in shown
    assert "/what amodiaquine" in shown


def test_details_lists_only_cards() -> None:
    shown = parse_html(
        format_details([LookUp("x"), LookUp("malaria", Label.DISEASE, CARD, (LINK,))])
    ).text
    assert shown.startswith("🔎 Malaria")
