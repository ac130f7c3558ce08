"""The entity contract shared by every engine, dataset, output format and test."""

from __future__ import annotations

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


class Entity(BaseModel):
    """One mention: ``text == message[start:end]``, so offsets are always checkable."""

    model_config = ConfigDict(frozen=True)

    text: str
    label: Label
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    negated: bool = False
    code: str | None = None

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


def sort_entities(entities: list[Entity]) -> list[Entity]:
    """Document order, longest first on ties: the one order every output uses."""
    return sorted(entities, key=lambda e: (e.start, -(e.end - e.start), e.label.value))
