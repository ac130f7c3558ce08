"""ConText-style assertions beyond negation: whose condition it is, how certain, and whether past.

The same scope machinery as negation (``_negation``: trigger phrases, PRE/POST/BOTH
directions, a window, terminators), run once per group of categories from
``ner/data/assertion_triggers.json``:

* subject: FAMILY and OTHER triggers ("mum", "my friend", "my son") claim what follows;
  PATIENT triggers ("I", "me") hand it back; SAME triggers ("she", "her") point at the
  person last named, so in "my mum ... she takes metformin" the drug is the mother's too;
* certainty: POSSIBLE ("maybe", "could be") and HYPOTHETICAL ("if", "in case");
* history: HISTORICAL ("as a kid", "years ago", "history of").

Within a group the nearest trigger wins, and any trigger of the group ends another's scope,
exactly as in ConText.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ner._models import Certainty, Label, Subject
from ner.offline import _resources
from ner.offline._negation import (
    Trigger,
    TriggerKind,
    TriggerTable,
    reach,
    token_owners,
    trigger_boundary,
)
from ner.offline._text import Token, normalize_phrase

_Phrase = tuple[str, ...]

#: Each category and the group it belongs to.
CATEGORY_GROUPS: dict[str, str] = {
    "FAMILY": "subject",
    "OTHER": "subject",
    "PATIENT": "subject",
    "SAME": "subject",
    "POSSIBLE": "certainty",
    "HYPOTHETICAL": "certainty",
    "HISTORICAL": "history",
    "TERM": "*",
}
_GROUP_KEYS = frozenset({"window", "post_window", "clause_ends_scope", "labels", "terminators"})
_FILE_KEYS = frozenset({"_why", "groups", "rules", "possessives"})
_DECIDING = frozenset({"FAMILY", "OTHER", "POSSIBLE", "HYPOTHETICAL", "HISTORICAL"})
_NOT_WORDS = frozenset({"'", "s", "my", "our", "the", "a", "his", "her", "their", "of"})


@dataclass(frozen=True, slots=True)
class Assertion:
    """What the assertion rules say about one entity (the defaults: the writer's, certain)."""

    subject: Subject = Subject.PATIENT
    subject_word: str | None = None
    certainty: Certainty = Certainty.CERTAIN
    historical: bool = False


@dataclass(frozen=True, slots=True)
class _Rule:
    kind: TriggerKind
    category: str
    word: str | None


@dataclass(frozen=True, slots=True)
class _Group:
    name: str
    window: int
    post_window: int
    clause_ends_scope: bool
    labels: frozenset[Label]
    rules: dict[_Phrase, _Rule]
    table: TriggerTable
    #: One word of each trigger that can change an assertion (an uncommon one: "past" of "in
    #: the past"): a trigger matches only where all its words occur, so a message with none of
    #: these keeps the defaults and the group is skipped (most messages, for every group).
    deciding_words: frozenset[str]
    #: One-word triggers that mean "my" right before an entity ("ma tummy") and keep their own
    #: category elsewhere ("ma has a fever"): only in the subject group.
    possessives: frozenset[str] = frozenset()


_MY = _Rule(TriggerKind.PRE, "PATIENT", None)


def _check_keys(raw: dict[str, Any], allowed: frozenset[str], where: str) -> None:
    unknown = set(raw) - allowed
    if unknown:
        raise ValueError(f"assertion_triggers.json: unknown keys {sorted(unknown)} in {where}")


def _telling_word(phrase: _Phrase, common: frozenset[str]) -> str:
    """The word of ``phrase`` least likely in any message: an uncommon one, else the longest."""
    return min(phrase, key=lambda word: (not word.isalpha(), word in common, -len(word)))


def _word_of(literal: str, explicit: str | None) -> str | None:
    """The word shown for a relative: given, or the trigger's last real word ("my friend's")."""
    if explicit:
        return explicit
    words = [w for w in literal.lower().replace("'", " ' ").split() if w not in _NOT_WORDS]
    return words[-1] if words else None


def _load_groups(corrections: dict[str, str], common: frozenset[str]) -> list[_Group]:
    raw = _resources.read_json("assertion_triggers.json")
    _check_keys(raw, _FILE_KEYS, "the file")
    rules: dict[str, dict[_Phrase, _Rule]] = {name: {} for name in raw["groups"]}
    for entry in raw["rules"]:
        literal, kind, category, *rest = entry
        group = CATEGORY_GROUPS[category]  # KeyError names an unknown category
        word = _word_of(literal, rest[0] if rest else None) if group == "subject" else None
        rule = _Rule(TriggerKind(kind), category, word)
        phrase = tuple(normalize_phrase(literal, corrections).split(" "))
        for name in rules if group == "*" else (group,):
            rules[name][phrase] = rule
    possessives = frozenset(normalize_phrase(w, corrections) for w in raw.get("possessives", ()))
    groups: list[_Group] = []
    for name, spec in raw["groups"].items():
        _check_keys(spec, _GROUP_KEYS, f"group {name}")
        for literal in spec.get("terminators", ()):
            phrase = tuple(normalize_phrase(literal, corrections).split(" "))
            rules[name].setdefault(phrase, _Rule(TriggerKind.TERM, "TERM", None))
        table = TriggerTable({phrase: rule.kind for phrase, rule in rules[name].items()})
        groups.append(
            _Group(
                name=name,
                window=int(spec["window"]),
                post_window=int(spec.get("post_window", spec["window"])),
                clause_ends_scope=bool(spec.get("clause_ends_scope", True)),
                labels=frozenset(Label(label) for label in spec["labels"]),
                rules=rules[name],
                table=table,
                deciding_words=frozenset(
                    _telling_word(phrase, common)
                    for phrase, rule in rules[name].items()
                    if rule.category in _DECIDING
                ),
                possessives=possessives if name == "subject" else frozenset(),
            )
        )
    return groups


class AssertionDetector:
    """Subject, certainty and history of each entity, by ConText trigger scopes."""

    def __init__(self, corrections: dict[str, str], common_words: Iterable[str] = ()) -> None:
        self._groups = _load_groups(corrections, frozenset(common_words))

    def assess(
        self, tokens: Sequence[Token], spans: Sequence[tuple[int, int]], labels: Sequence[Label]
    ) -> list[Assertion]:
        """One ``Assertion`` per span (token ranges, in the order given)."""
        found = [Assertion() for _ in spans]
        if not spans:
            return found
        norms = [token.norm for token in tokens]
        owner = token_owners(tokens, spans)
        covered = [o >= 0 for o in owner]
        for group in self._groups:
            if group.deciding_words.isdisjoint(norms):
                continue
            triggers = group.table.find(norms, covered)
            rules = [_rule_at(group, trigger, norms, owner) for trigger in triggers]
            nearest = self._nearest(group, triggers, owner, norms)
            for index, trigger_index in nearest.items():
                if labels[index] not in group.labels:
                    continue
                found[index] = _apply(rules, trigger_index, found[index])
        return found

    def _nearest(
        self, group: _Group, triggers: Sequence[Trigger], owner: Sequence[int], norms: list[str]
    ) -> dict[int, int]:
        """Per entity reached by some trigger of ``group``, the index of the nearest one."""
        boundary = trigger_boundary(len(owner), triggers)
        scope_norms = norms if group.clause_ends_scope else None
        best: dict[int, tuple[int, int]] = {}
        for trigger_index, trigger in enumerate(triggers):
            reached: dict[int, int] = {}
            if trigger.kind in (TriggerKind.PRE, TriggerKind.BOTH):
                reached |= reach(trigger.end, 1, group.window, owner, boundary, scope_norms)
            if trigger.kind in (TriggerKind.POST, TriggerKind.BOTH):
                backward = reach(
                    trigger.start - 1, -1, group.post_window, owner, boundary, scope_norms
                )
                for index, distance in backward.items():
                    reached[index] = min(distance, reached.get(index, distance))
            for index, distance in reached.items():
                if index not in best or distance < best[index][0]:
                    best[index] = (distance, trigger_index)
        return {index: trigger_index for index, (_, trigger_index) in best.items()}


def _rule_at(group: _Group, trigger: Trigger, norms: Sequence[str], owner: Sequence[int]) -> _Rule:
    """The rule of the trigger found at ``trigger``: a possessive right before an entity is
    "my", whatever else the word can mean ("ma tummy" is the writer's, "ma has a fever" the
    mother's)."""
    phrase = tuple(norms[trigger.start : trigger.end])
    if (
        len(phrase) == 1
        and phrase[0] in group.possessives
        and trigger.end < len(owner)
        and owner[trigger.end] >= 0
    ):
        return _MY
    return group.rules[phrase]


def _apply(rules: Sequence[_Rule], trigger_index: int, current: Assertion) -> Assertion:
    rule = rules[trigger_index]
    if rule.category == "SAME":
        rule = _antecedent(rules, trigger_index) or rule
    category = rule.category
    if category in ("FAMILY", "OTHER"):
        subject = Subject.FAMILY if category == "FAMILY" else Subject.OTHER
        return replace(current, subject=subject, subject_word=rule.word)
    if category == "POSSIBLE":
        return replace(current, certainty=Certainty.POSSIBLE)
    if category == "HYPOTHETICAL":
        return replace(current, certainty=Certainty.HYPOTHETICAL)
    if category == "HISTORICAL":
        return replace(current, historical=True)
    return current


def _antecedent(rules: Sequence[_Rule], trigger_index: int) -> _Rule | None:
    """The person a pronoun points at: the last FAMILY or OTHER trigger before it, if any."""
    for earlier in reversed(rules[:trigger_index]):
        if earlier.category in ("FAMILY", "OTHER"):
            return earlier
    return None
