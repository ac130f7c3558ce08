"""The entity contract grows by addition only: old JSON stays valid, new fields round-trip."""

from __future__ import annotations

import json

from ner import Certainty, Concept, Entity, Label, Relation, RelationType, Subject


def test_json_from_before_the_new_fields_still_loads() -> None:
    old = '{"text": "fever", "label": "SYMPTOM", "start": 0, "end": 5, "negated": true}'
    entity = Entity.model_validate_json(old)
    assert entity.negated
    assert entity.concept is None
    assert entity.subject is Subject.PATIENT
    assert entity.subject_word is None
    assert entity.certainty is Certainty.CERTAIN
    assert entity.historical is False


def test_new_fields_round_trip() -> None:
    entity = Entity(
        text="fits",
        label=Label.SYMPTOM,
        start=0,
        end=4,
        code="HP:0001250",
        concept=Concept(name="Seizure", code="HP:0001250", system="HPO"),
        subject=Subject.FAMILY,
        subject_word="mum",
        certainty=Certainty.POSSIBLE,
        historical=True,
    )
    dumped = json.loads(entity.model_dump_json())
    assert dumped["concept"] == {"name": "Seizure", "code": "HP:0001250", "system": "HPO"}
    assert (dumped["subject"], dumped["subject_word"]) == ("family", "mum")
    assert (dumped["certainty"], dumped["historical"]) == ("possible", True)
    assert Entity.model_validate(dumped) == entity


def test_relations_serialize_with_from_and_to() -> None:
    relation = Relation(type=RelationType.DOSAGE_OF, source=1, target=0)
    assert json.loads(relation.model_dump_json()) == {"type": "dosage_of", "from": 1, "to": 0}
    assert Relation.model_validate({"type": "dosage_of", "from": 1, "to": 0}) == relation


def test_a_relation_fits_only_the_labels_it_joins() -> None:
    drug = Entity(text="metformin", label=Label.DRUG, start=0, end=9)
    dose = Entity(text="500 mg", label=Label.DOSAGE, start=10, end=16)
    assert Relation(type=RelationType.DOSAGE_OF, source=1, target=0).fits([drug, dose])
    assert not Relation(type=RelationType.DOSAGE_OF, source=0, target=1).fits([drug, dose])
    assert not Relation(type=RelationType.SITE_OF, source=1, target=0).fits([drug, dose])
    assert not Relation(type=RelationType.DOSAGE_OF, source=5, target=0).fits([drug, dose])
