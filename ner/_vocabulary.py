"""What the vocabularies say about a concept: the data of a look-up card and the protocol of
the engine that can answer look-ups and link concepts (the offline engine)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ner._models import Entity, Label


@dataclass(frozen=True, slots=True)
class ConceptCard:
    """Everything the vocabularies say about one concept, for a look-up card."""

    code: str
    system: str
    name: str
    definition: str
    synonyms: tuple[str, ...]
    chapter: str

    @property
    def bare_code(self) -> str:
        """The code as the vocabulary writes it: "B54", "HP:0001250", "DB00613"."""
        prefix, _, rest = self.code.partition(":")
        return self.code if prefix == "HP" else rest


@dataclass(frozen=True, slots=True)
class Link:
    """An official public page about a concept."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class LookUp:
    """The answer to one look-up: a card, or what a known term lacks, or suggestions."""

    query: str
    label: Label | None = None
    card: ConceptCard | None = None
    links: tuple[Link, ...] = ()
    suggestions: tuple[str, ...] = ()

    @property
    def found(self) -> bool:
        return self.label is not None or self.card is not None


@runtime_checkable
class Vocabulary(Protocol):
    """An engine that knows the vocabularies: it fills other engines' concepts and answers
    look-ups (the offline engine)."""

    def link_concepts(self, text: str, entities: Sequence[Entity]) -> list[Entity]:
        """``entities`` with ``concept`` filled where it was missing and a concept is known."""
        ...

    def look_up(self, query: str) -> LookUp:
        """The card of a term or code, or suggestions; may load data on first use (seconds),
        so async callers run it in a worker thread."""
        ...
