"""The CLI's plain-text views: a result grouped as the bot's replies are, and the eval table."""

from __future__ import annotations

from bot.cli import format_report, format_text
from ner import Entity, ErrorSample, EvalExample, Label, Scorer, evaluate


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


def test_the_eval_report_is_a_table_per_matching_mode() -> None:
    examples = [
        EvalExample.model_validate(
            {"text": "no fever", "entities": [{"start": 3, "end": 8, "label": "SYMPTOM"}]}
        ),
        EvalExample.model_validate({"text": "aspirin", "entities": []}),
    ]
    predictions = [[entity("fever", Label.SYMPTOM, 3)], [entity("aspirin", Label.DRUG)]]

    table = format_report(evaluate(examples, predictions)).splitlines()

    assert table[0] == "examples: 2"
    assert [line.split()[0] for line in table if line.split()[:1] == ["micro"]] == ["micro"] * 2
    assert "exact span" in table[2] and any(line.startswith("overlap") for line in table)
    assert any(line.split()[:4] == ["SYMPTOM", "1.000", "1.000", "1.000"] for line in table)


def test_the_eval_report_lists_errors_when_asked() -> None:
    text = "no fever, took aspirin"
    example = EvalExample.model_validate(
        {"text": text, "entities": [{"start": 3, "end": 8, "label": "SYMPTOM"}]}
    )
    scorer = Scorer(errors=ErrorSample(limit=5))
    scorer.add(example, [entity("fever", Label.DISEASE, 3), entity("aspirin", Label.DRUG, 15)])

    table = format_report(scorer.report())

    assert "missed (1 shown, overlap rule):" in table
    assert "  SYMPTOM    'fever' (as DISEASE)  no [fever], took aspirin" in table
    assert "spurious (2 shown, overlap rule):" in table
    assert "no fever, took [aspirin]" in table


def test_the_eval_report_has_no_error_sections_by_default() -> None:
    assert "missed" not in format_report(Scorer().report())
