"""Entities grouped by label, equal mentions collapsed: the data every view of a result shows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ner._models import LABELS, Entity, Label, sort_entities


@dataclass(frozen=True)
class Mention:
    """Equal mentions of one label collapsed: the first spelling seen, and how often it occurred."""

    text: str
    negated: bool
    code: str | None
    count: int


def group_mentions(entities: Iterable[Entity]) -> dict[Label, list[Mention]]:
    """Entities grouped by label (fixed label order) with case-insensitive duplicates collapsed.

    Negated and affirmed mentions of the same word stay separate rows: "fever" and "no fever"
    in one message are two different facts. Labels without a mention are left out.
    """
    grouped: dict[Label, dict[tuple[str, bool], Mention]] = {label: {} for label in LABELS}
    for entity in sort_entities(list(entities)):
        key = (" ".join(entity.text.split()).casefold(), entity.negated)
        rows = grouped[entity.label]
        seen = rows.get(key)
        if seen is None:
            rows[key] = Mention(entity.text, entity.negated, entity.code, 1)
        else:
            rows[key] = Mention(seen.text, seen.negated, seen.code or entity.code, seen.count + 1)
    return {label: list(rows.values()) for label, rows in grouped.items() if rows}
