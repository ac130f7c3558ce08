"""Entities grouped by label, equal mentions collapsed: the data every view of a result shows.

With the relations of the result, a dose is shown with its drug ("metformin — 500 mg twice
daily") and a body part with the complaint it locates ("pain (hip)"); they then leave their own
groups, so nothing is said twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ner._models import (
    LABELS,
    Certainty,
    Entity,
    Label,
    Relation,
    RelationType,
    Subject,
)


@dataclass(frozen=True)
class Mention:
    """Equal mentions of one label collapsed: the first spelling seen, and how often it occurred.

    ``concept`` is the preferred name only where it says something the text does not ("fits"
    -> "Seizure"; "Malaria" -> None). ``dosages`` and ``sites`` are the texts of the doses and
    body parts attached to this mention.
    """

    text: str
    negated: bool
    code: str | None
    count: int
    concept: str | None = None
    subject: Subject = Subject.PATIENT
    subject_word: str | None = None
    certainty: Certainty = Certainty.CERTAIN
    historical: bool = False
    dosages: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()

    @property
    def concept_in_prose(self) -> str | None:
        """The concept as it reads after an arrow in a sentence: "Seizure" -> "seizure";
        names with inner capitals ("HIV", "Parkinson disease") keep them."""
        name = self.concept
        if not name:
            return None
        return name[:1].lower() + name[1:] if name[1:2].islower() else name


def _one_line(text: str) -> str:
    return " ".join(text.split())


def shown_concept(entity: Entity) -> str | None:
    """The concept's name when it differs from what was written (plural and case aside)."""
    if entity.concept is None:
        return None
    name = entity.concept.name
    written, preferred = _one_line(entity.text).casefold(), name.casefold()
    if written == preferred or written in (preferred + "s", preferred + "es"):
        return None
    if preferred in (written + "s", written + "es"):
        return None
    return name


def _attachments(
    entities: Sequence[Entity], relations: Iterable[Relation]
) -> tuple[dict[int, list[str]], dict[int, list[str]], set[int]]:
    """Per target index, its doses and its sites; and the indices shown with their target."""
    dosages: dict[int, list[str]] = {}
    sites: dict[int, list[str]] = {}
    attached: set[int] = set()
    for relation in relations:
        if not relation.fits(entities):
            continue
        into = dosages if relation.type is RelationType.DOSAGE_OF else sites
        words = into.setdefault(relation.target, [])
        text = _one_line(entities[relation.source].text)
        if text.casefold() not in (w.casefold() for w in words):
            words.append(text)
        attached.add(relation.source)
    return dosages, sites, attached


def group_mentions(
    entities: Sequence[Entity], relations: Iterable[Relation] = ()
) -> dict[Label, list[Mention]]:
    """Entities grouped by label (fixed label order) with case-insensitive duplicates collapsed.

    Negated and affirmed mentions of the same word stay separate rows: "fever" and "no fever"
    in one message are two different facts, as are "my fever" and "my son's fever". Labels
    without a mention are left out. ``relations`` index ``entities`` as given.
    """
    items = list(entities)
    dosages, sites, attached = _attachments(items, relations)
    order = sorted(
        range(len(items)),
        key=lambda i: (items[i].start, -(items[i].end - items[i].start), items[i].label.value),
    )
    grouped: dict[Label, dict[tuple[object, ...], Mention]] = {label: {} for label in LABELS}
    for index in order:
        if index in attached:
            continue
        entity = items[index]
        key = (
            _one_line(entity.text).casefold(),
            entity.negated,
            entity.subject,
            entity.subject_word,
            entity.certainty,
            entity.historical,
        )
        rows = grouped[entity.label]
        seen = rows.get(key)
        extra_dosages = tuple(dosages.get(index, ()))
        extra_sites = tuple(sites.get(index, ()))
        if seen is None:
            rows[key] = Mention(
                text=entity.text,
                negated=entity.negated,
                code=entity.code,
                count=1,
                concept=shown_concept(entity),
                subject=entity.subject,
                subject_word=entity.subject_word,
                certainty=entity.certainty,
                historical=entity.historical,
                dosages=extra_dosages,
                sites=extra_sites,
            )
        else:
            rows[key] = Mention(
                text=seen.text,
                negated=seen.negated,
                code=seen.code or entity.code,
                count=seen.count + 1,
                concept=seen.concept or shown_concept(entity),
                subject=seen.subject,
                subject_word=seen.subject_word,
                certainty=seen.certainty,
                historical=seen.historical,
                dosages=_merged(seen.dosages, extra_dosages),
                sites=_merged(seen.sites, extra_sites),
            )
    return {label: list(rows.values()) for label, rows in grouped.items() if rows}


def _merged(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    seen = {w.casefold() for w in first}
    return first + tuple(w for w in second if w.casefold() not in seen)
