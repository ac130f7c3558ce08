"""The CLI's views: plain text, no markup, no emoji, for terminals and pipes."""

from __future__ import annotations

from collections.abc import Sequence

from ner import Entity, EvalReport, Label, group_mentions

NO_ENTITIES = "No medical entities found."

HEADINGS: dict[Label, str] = {
    Label.DISEASE: "Diseases",
    Label.SYMPTOM: "Symptoms",
    Label.DRUG: "Drugs",
    Label.DOSAGE: "Dosage",
    Label.BODY_PART: "Body parts",
    Label.PROCEDURE: "Procedures",
}
"""The plural heading of each label, as the bot's replies name them."""


def _one_line(text: str) -> str:
    return " ".join(text.split())


def format_text(entities: Sequence[Entity]) -> str:
    """Entities grouped under a heading per label, one line per distinct mention."""
    groups = group_mentions(entities)
    if not groups:
        return NO_ENTITIES
    lines: list[str] = []
    for label, mentions in groups.items():
        lines.append(f"{HEADINGS[label]}:")
        for mention in mentions:
            line = f"  - {_one_line(mention.text)}"
            if mention.negated:
                line += " (negated)"
            if mention.count > 1:
                line += f" x{mention.count}"
            if mention.code:
                line += f" [{mention.code}]"
            lines.append(line)
    return "\n".join(lines)


def format_report(report: EvalReport) -> str:
    """``medner eval``'s table: one block for exact match, one for overlap."""
    lines = [f"examples: {report.examples}"]
    if report.unanswered:
        lines[0] += f" ({report.unanswered} unanswered by the engine, scored as empty)"
    for title, scores in (("exact span", report.exact), ("overlap", report.overlap)):
        lines.append("")
        lines.append(f"{title:<12} {'P':>7} {'R':>7} {'F1':>7} {'TP':>6} {'FP':>6} {'FN':>6}")
        for name, score in scores.items():
            lines.append(
                f"{name:<12} {score.precision:>7.3f} {score.recall:>7.3f} {score.f1:>7.3f} "
                f"{score.tp:>6} {score.fp:>6} {score.fn:>6}"
            )
    return "\n".join(lines)
