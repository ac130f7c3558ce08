"""The CLI's views: plain text, no markup, no emoji, for terminals and pipes."""

from __future__ import annotations

from collections.abc import Sequence

from ner import (
    Certainty,
    Entity,
    EvalReport,
    Label,
    LookUp,
    Mention,
    Relation,
    SpanError,
    Subject,
    group_mentions,
)

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


def plain_markers(mention: Mention) -> list[str]:
    """The assertion marks in words: "mum", "someone else", "possible", "past"..."""
    marks: list[str] = []
    if mention.subject is Subject.FAMILY:
        marks.append(mention.subject_word or "family")
    elif mention.subject is Subject.OTHER:
        marks.append(mention.subject_word or "someone else")
    if mention.certainty is not Certainty.CERTAIN:
        marks.append(mention.certainty.value)
    if mention.historical:
        marks.append("past")
    return marks


def plain_mention(mention: Mention) -> str:
    """ "fits -> seizure", "metformin - 500 mg twice daily", "pain (hip)"."""
    text = _one_line(mention.text)
    if mention.concept:
        text += f" -> {mention.concept_in_prose}"
    if mention.dosages:
        text += " - " + ", ".join(mention.dosages)
    if mention.sites:
        text += f" ({', '.join(mention.sites)})"
    return text


def format_text(entities: Sequence[Entity], relations: Sequence[Relation] = ()) -> str:
    """Entities grouped under a heading per label, one line per distinct mention, doses with
    their drugs and body parts with what they locate."""
    groups = group_mentions(entities, relations)
    if not groups:
        return NO_ENTITIES
    lines: list[str] = []
    for label, mentions in groups.items():
        lines.append(f"{HEADINGS[label]}:")
        for mention in mentions:
            line = f"  - {plain_mention(mention)}"
            if mention.negated:
                line += " (negated)"
            if mention.count > 1:
                line += f" x{mention.count}"
            marks = plain_markers(mention)
            if marks:
                line += f" [{', '.join(marks)}]"
            if mention.code:
                line += f" [{mention.code}]"
            lines.append(line)
    return "\n".join(lines)


_KINDS: dict[Label, str] = {
    Label.DISEASE: "disease",
    Label.SYMPTOM: "symptom or sign",
    Label.DRUG: "drug",
    Label.DOSAGE: "dosage",
    Label.BODY_PART: "body part",
    Label.PROCEDURE: "procedure",
}
CARD_SYNONYMS = 6


def format_look_up(found: LookUp) -> str:
    """The terminal's /what card: the same facts as the bot's card, as plain lines."""
    card = found.card
    if card is not None:
        kind = f"{_KINDS[found.label]}, " if found.label is not None else ""
        lines = [f"{card.name} ({kind}{card.system} {card.bare_code})"]
        if card.definition:
            lead = "ICD-10-CM title: " if card.system == "ICD-10-CM" else ""
            lines.append(lead + _one_line(card.definition))
        if card.chapter:
            lines.append(f"Chapter: {card.chapter}")
        if card.synonyms:
            lines.append("Also called: " + ", ".join(card.synonyms[:CARD_SYNONYMS]))
        lines.extend(f"{link.title}: {link.url}" for link in found.links)
        return "\n".join(lines)
    query = _one_line(found.query)
    if found.label is not None:
        return (
            f"{query} ({_KINDS[found.label]}): a term I recognise, but the installed "
            "vocabularies give it no code or definition."
        )
    lines = [f"I found nothing called {query!r} in the vocabularies."]
    if found.suggestions:
        lines.append("Closest: " + ", ".join(f"/what {s}" for s in found.suggestions))
    lines.append("Try a drug, disease or symptom name, or a code such as B54 or HP:0001250.")
    return "\n".join(lines)


def format_report(report: EvalReport) -> str:
    """``medner eval``'s table: one block for exact match, one for overlap, and blocks for the
    assertions and relations when the dataset annotates them."""
    lines = [f"examples: {report.examples}"]
    if report.unanswered:
        lines[0] += f" ({report.unanswered} unanswered by the engine, scored as empty)"
    blocks = [("exact span", report.exact), ("overlap", report.overlap)]
    if report.assertions:
        lines.append(f"assertions compared on {report.assertion_pairs} matched entities")
        blocks.append(("assertion", report.assertions))
    if report.relations:
        blocks.append(("relation", report.relations))
    width = max(12, *(len(name) for _, scores in blocks for name in scores))
    for title, scores in blocks:
        lines.append("")
        lines.append(f"{title:<{width}} {'P':>7} {'R':>7} {'F1':>7} {'TP':>6} {'FP':>6} {'FN':>6}")
        for name, score in scores.items():
            lines.append(
                f"{name:<{width}} {score.precision:>7.3f} {score.recall:>7.3f} "
                f"{score.f1:>7.3f} {score.tp:>6} {score.fp:>6} {score.fn:>6}"
            )
    for title, errors in (("missed", report.missed), ("spurious", report.spurious)):
        if errors is not None:
            lines.append("")
            lines.append(f"{title} ({len(errors)} shown, overlap rule):")
            lines.extend(_error_line(error) for error in errors)
    return "\n".join(lines)


def _error_line(error: SpanError) -> str:
    other = f" (as {error.other_label.value})" if error.other_label is not None else ""
    return f"  {error.label.value:<10} {error.text!r}{other}  {error.context}"
