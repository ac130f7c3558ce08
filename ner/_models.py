"""The entity contract shared by every engine, dataset, output format and test.

The contract grows by addition only: every field added after ``code`` has a default, so JSON
written by an older build (stored history, gold files, cached sessions) still validates.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator


class Label(StrEnum):
    """The six labels of ARCHITECTURE.md; nothing else ever leaves an engine."""

    DISEASE = "DISEASE"
    SYMPTOM = "SYMPTOM"
    DRUG = "DRUG"
    DOSAGE = "DOSAGE"
    BODY_PART = "BODY_PART"
    PROCEDURE = "PROCEDURE"


LABELS: tuple[Label, ...] = tuple(Label)


class Subject(StrEnum):
    """Whose condition a mention is: the person the message is about, a relative, or another."""

    PATIENT = "patient"
    FAMILY = "family"
    OTHER = "other"


class Certainty(StrEnum):
    """How sure the writer is that the mention holds."""

    CERTAIN = "certain"
    POSSIBLE = "possible"
    HYPOTHETICAL = "hypothetical"


class Concept(BaseModel):
    """The normalized concept behind a mention: its preferred plain-English name and code.

    ``system`` names the vocabulary ("ICD-10-CM", "HPO", "DrugBank", "MeSH"); ``code`` is the
    identifier as the vocabulary writes it, with the project's prefix ("HP:0001250",
    "ICD10CM:B54", "DRUGBANK:DB00613").
    """

    model_config = ConfigDict(frozen=True)

    name: str = Field(min_length=1)
    code: str | None = None
    system: str | None = None


class Entity(BaseModel):
    """One mention: ``text == message[start:end]``, so offsets are always checkable."""

    model_config = ConfigDict(frozen=True)

    text: str
    label: Label
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    negated: bool = False
    code: str | None = None
    concept: Concept | None = None
    subject: Subject = Subject.PATIENT
    #: The word naming the person when ``subject`` is not the patient ("mum", "son", "friend").
    subject_word: str | None = None
    certainty: Certainty = Certainty.CERTAIN
    historical: bool = False

    @model_validator(mode="after")
    def _span_is_ordered(self) -> Entity:
        if self.end < self.start:
            raise ValueError("end must not precede start")
        return self

    def matches(self, message: str) -> bool:
        """True when the offsets slice ``message`` to exactly this entity's text."""
        return (
            0 <= self.start <= self.end <= len(message)
            and message[self.start : self.end] == self.text
        )


class RelationType(StrEnum):
    """How two entities of one message belong together."""

    DOSAGE_OF = "dosage_of"
    """A DOSAGE (from) qualifies a DRUG (to): "metformin 500 mg"."""
    SITE_OF = "site_of"
    """A BODY_PART (from) locates a SYMPTOM or DISEASE (to): "pain on hip"."""


#: The labels each relation type joins, as (from, to).
RELATION_LABELS: dict[RelationType, tuple[Label, frozenset[Label]]] = {
    RelationType.DOSAGE_OF: (Label.DOSAGE, frozenset({Label.DRUG})),
    RelationType.SITE_OF: (Label.BODY_PART, frozenset({Label.SYMPTOM, Label.DISEASE})),
}


class Relation(BaseModel):
    """A link between two entities, by their indices in the result's flat ``entities`` list.

    Serialized as ``{"type": ..., "from": i, "to": j}``; ``from`` is a Python keyword, so the
    attribute is ``source`` and ``from`` its alias.
    """

    model_config = ConfigDict(frozen=True, populate_by_name=True, serialize_by_alias=True)

    type: RelationType
    source: int = Field(validation_alias="from", serialization_alias="from", ge=0)
    target: int = Field(validation_alias="to", serialization_alias="to", ge=0)

    def fits(self, entities: Sequence[Entity]) -> bool:
        """True when both indices exist and join the labels this relation type joins."""
        if self.source >= len(entities) or self.target >= len(entities):
            return False
        source_label, target_labels = RELATION_LABELS[self.type]
        return (
            entities[self.source].label is source_label
            and entities[self.target].label in target_labels
        )


def sort_entities(entities: list[Entity]) -> list[Entity]:
    """Document order, longest first on ties: the one order every output uses."""
    return sorted(entities, key=lambda e: (e.start, -(e.end - e.start), e.label.value))
