"""Which dose goes with which drug, and which body part locates which complaint.

The rules read only the final entities and the words between them, so the same links come out
whatever engine found the entities: a DOSAGE attaches to the nearest DRUG it can reach without
crossing a sentence, another drug or a condition; a BODY_PART to the nearest SYMPTOM or DISEASE
it can reach through a few linking words ("pain on hip", "ankles are swollen", "swollen ankles").
The word lists live in ``ner/data/relations.json``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ner._models import RELATION_LABELS, Entity, Label, Relation, RelationType

_GAP_TOKEN = re.compile(r"[\w']+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class _Rule:
    """How far one relation type reaches and which words it may reach through."""

    type: RelationType
    max_gap_words: int
    linking_words: frozenset[str]
    #: Entities of these labels may lie between the two ends (another dose of the same drug).
    transparent: frozenset[Label]
    #: Words a transparent entity may be joined by ("rash on arms and legs").
    list_words: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Config:
    stops: frozenset[str]
    rules: tuple[_Rule, ...]


_KNOWN_KEYS = frozenset({"max_gap_words", "linking_words", "transparent", "list_words", "_why"})


@cache
def _config() -> _Config:
    raw = json.loads(resources.files("ner.data").joinpath("relations.json").read_text("utf-8"))
    rules: list[_Rule] = []
    for name, spec in raw["relations"].items():
        unknown = set(spec) - _KNOWN_KEYS
        if unknown:
            raise ValueError(f"relations.json: unknown keys {sorted(unknown)} for {name}")
        rules.append(
            _Rule(
                type=RelationType(name),
                max_gap_words=int(spec["max_gap_words"]),
                linking_words=frozenset(spec.get("linking_words", ())),
                transparent=frozenset(Label(label) for label in spec.get("transparent", ())),
                list_words=frozenset(spec.get("list_words", ())),
            )
        )
    return _Config(stops=frozenset(raw["stops"]), rules=tuple(rules))


def find_relations(text: str, entities: Sequence[Entity]) -> list[Relation]:
    """``dosage_of`` and ``site_of`` links among ``entities`` (indices into that sequence).

    ``entities`` must be in document order (``sort_entities``), as every engine returns them.
    """
    config = _config()
    relations: list[Relation] = []
    for rule in config.rules:
        source_label, _ = RELATION_LABELS[rule.type]
        for index, entity in enumerate(entities):
            if entity.label is not source_label:
                continue
            target = _nearest_target(text, entities, index, rule, config.stops)
            if target is not None:
                relations.append(Relation(type=rule.type, source=index, target=target))
    return sorted(relations, key=lambda r: (r.source, r.target, r.type.value))


def _nearest_target(
    text: str, entities: Sequence[Entity], index: int, rule: _Rule, stops: frozenset[str]
) -> int | None:
    """The closest reachable target on either side; the earlier one wins a tie."""
    best: tuple[int, int, int] | None = None  # (gap words, 0 before / 1 after, index)
    for step, side in ((-1, 0), (1, 1)):
        found = _reach(text, entities, index, step, rule, stops)
        if found is not None and (best is None or (found[0], side) < best[:2]):
            best = (found[0], side, found[1])
    return None if best is None else best[2]


def _reach(
    text: str,
    entities: Sequence[Entity],
    index: int,
    step: int,
    rule: _Rule,
    stops: frozenset[str],
) -> tuple[int, int] | None:
    """Walk from entity ``index`` in direction ``step``: (gap words, target index) or None."""
    _, targets = RELATION_LABELS[rule.type]
    words = 0
    current = entities[index]
    position = index + step
    passed_transparent = False
    while 0 <= position < len(entities):
        other = entities[position]
        if other.start < current.end and current.start < other.end:
            position += step  # overlapping spans (a careless engine): ignore the other
            continue
        left, right = (other, current) if step < 0 else (current, other)
        gap = _GAP_TOKEN.findall(text[left.end : right.start].casefold())
        allowed = rule.linking_words | (rule.list_words if passed_transparent else frozenset())
        blocked = any(token in stops for token in gap) or any(t not in allowed for t in gap)
        if blocked and not (other.label in rule.transparent and _is_list_gap(gap, rule)):
            return None
        words += len(gap)
        if words > rule.max_gap_words:
            return None
        if other.label in targets:
            return words, position
        if other.label not in rule.transparent:
            return None
        passed_transparent = True
        current = other
        position += step
    return None


def _is_list_gap(gap: Sequence[str], rule: _Rule) -> bool:
    return all(token in rule.list_words or token in rule.linking_words for token in gap)
