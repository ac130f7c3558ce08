"""The CLI's plain-text view of a result: the same grouping as the bot's replies, no markup."""

from __future__ import annotations

from bot.cli import format_text
from ner import Entity, Label


def entity(
    text: str, label: Label, start: int = 0, *, negated: bool = False, code: str | None = None
) -> Entity:
    return Entity(
        text=text, label=label, start=start, end=start + len(text), negated=negated, code=code
    )


def test_plain_text_for_the_cli() -> None:
    entities = [
        entity("Malaria", Label.DISEASE, 23, code="ICD10CM:B54"),
        entity("fits", Label.SYMPTOM, 35),
        entity("fever", Label.SYMPTOM, 94),
        entity("fever", Label.SYMPTOM, 200, negated=True),
        entity("Fever", Label.SYMPTOM, 300),
    ]

    text = format_text(entities)

    assert text.splitlines()[:2] == ["Diseases:", "  - Malaria [ICD10CM:B54]"]
    assert "  - fever x2" in text
    assert "  - fever (negated)" in text
    assert "<" not in text and "🦠" not in text


def test_no_entities() -> None:
    assert format_text([]) == "No medical entities found."
