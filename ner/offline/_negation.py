"""NegEx/ConText-style negation scope over tokens.

Triggers come from ``ner/data/negation_triggers.tsv``: PRE triggers negate entities that follow
within a window, POST triggers negate entities just before them, PSEUDO triggers look like
triggers but are not ("no increase"), and TERM ends a scope ("no fever but cough": cough is
asserted). NEXT triggers negate only an entity that begins right after them: a negated
auxiliary before a verb that is itself the symptom ("it doesn't hurt", "my knees don't ache"),
which must not reach further ("it doesn't help my headache"). Commas and "or"/"and" do not
end a scope, so "no fever or cough" negates both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from ner._models import Label
from ner.offline import _resources
from ner.offline._text import Token, normalize_phrase

#: What a POST trigger can negate.
_CONDITIONS = frozenset({Label.DISEASE, Label.SYMPTOM, Label.BODY_PART})
_CLAUSE_MARKS = frozenset({",", ";"})
_LIST_WORDS = frozenset({"or", "and", "nor"})
#: How many tokens (an entity counts as one) a PRE trigger reaches forward.
PRE_WINDOW = 6
#: How many tokens a POST trigger reaches back.
POST_WINDOW = 5


class TriggerKind(StrEnum):
    PRE = "PRE"
    POST = "POST"
    PSEUDO = "PSEUDO"
    BOTH = "BOTH"
    NEXT = "NEXT"
    TERM = "TERM"


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int  # token index
    end: int  # token index, exclusive
    kind: TriggerKind


class TriggerTable:
    """Trigger phrases (normalized token tuples) and the kind of each, matched longest first."""

    def __init__(self, phrases: dict[tuple[str, ...], TriggerKind]) -> None:
        self._phrases = phrases
        self._max_len = max((len(k) for k in phrases), default=1)
        self._first_tokens = {key[0] for key in phrases}

    def find(self, norms: Sequence[str], covered: Sequence[bool]) -> list[Trigger]:
        """Non-overlapping triggers outside entities, left to right, longest first."""
        first = self._first_tokens
        triggers: list[Trigger] = []
        resume = 0
        for i in [i for i, word in enumerate(norms) if word in first and not covered[i]]:
            if i < resume:
                continue
            for length in range(min(self._max_len, len(norms) - i), 0, -1):
                kind = self._phrases.get(tuple(norms[i : i + length]))
                if kind is not None and not any(covered[i : i + length]):
                    triggers.append(Trigger(i, i + length, kind))
                    resume = i + length
                    break
        return triggers


def token_owners(tokens: Sequence[Token], spans: Sequence[tuple[int, int]]) -> list[int]:
    """Per token, the index of the span covering it, or -1."""
    owner = [-1] * len(tokens)
    for index, (start, end) in enumerate(spans):
        for position in range(start, end):
            owner[position] = index
    return owner


def trigger_boundary(size: int, triggers: Sequence[Trigger]) -> list[bool]:
    """Per token, whether a trigger sits there (a scope never crosses another trigger)."""
    boundary = [False] * size
    for trigger in triggers:
        for position in range(trigger.start, trigger.end):
            boundary[position] = True
    return boundary


class NegationDetector:
    """Decides which entity token-spans are negated."""

    def __init__(self, corrections: dict[str, str]) -> None:
        phrases: dict[tuple[str, ...], TriggerKind] = {}
        for phrase, kind in _resources.read_pairs("negation_triggers.tsv").items():
            key = tuple(normalize_phrase(phrase, corrections).split(" "))
            phrases[key] = TriggerKind(kind)
        self._table = TriggerTable(phrases)

    def negated(
        self,
        tokens: Sequence[Token],
        spans: Sequence[tuple[int, int]],
        labels: Sequence[Label] | None = None,
    ) -> set[int]:
        """Indices of ``spans`` (token ranges) that fall in a negation scope.

        POST triggers ("ruled out", "went away", "negative") speak about conditions, so with
        ``labels`` given they leave drugs, dosages and procedures alone: in "took ibuprofen and
        the headache went away" only the headache is gone, and a test that "came back
        negative" still happened.
        """
        if not spans:
            return set()
        norms = [token.norm for token in tokens]
        owner = token_owners(tokens, spans)
        triggers = self._table.find(norms, [o >= 0 for o in owner])
        boundary = trigger_boundary(len(tokens), triggers)
        result: set[int] = set()
        for trigger in triggers:
            if trigger.kind is TriggerKind.PRE:
                result |= walk(trigger.end, 1, PRE_WINDOW, owner, boundary, norms)
            elif trigger.kind is TriggerKind.NEXT:
                if trigger.end < len(owner) and owner[trigger.end] >= 0:
                    result.add(owner[trigger.end])
            elif trigger.kind is TriggerKind.POST:
                reached = walk(trigger.start - 1, -1, POST_WINDOW, owner, boundary)
                if labels is not None:
                    reached = {i for i in reached if labels[i] in _CONDITIONS}
                result |= reached
        return result


def _clause_break(position: int, owner: Sequence[int], norms: Sequence[str]) -> bool:
    """A comma or semicolon that starts a new clause rather than continuing a list.

    "no fever, cough or rash" lists what is absent, so the scope goes on; in "denies chest
    pain, took ibuprofen" the comma opens a new statement, which the negation must not reach.
    """
    if norms[position] not in _CLAUSE_MARKS:
        return False
    following = position + 1
    if following < len(norms) and norms[following] in _LIST_WORDS:
        following += 1
    return not (following < len(owner) and owner[following] >= 0)


def walk(
    position: int,
    step: int,
    window: int,
    owner: Sequence[int],
    boundary: Sequence[bool],
    norms: Sequence[str] | None = None,
) -> set[int]:
    """Entities reached from ``position`` in direction ``step`` before a boundary or the window.

    With ``norms`` (forward scopes), a clause break ends the scope as well.
    """
    return set(reach(position, step, window, owner, boundary, norms))


def reach(
    position: int,
    step: int,
    window: int,
    owner: Sequence[int],
    boundary: Sequence[bool],
    norms: Sequence[str] | None = None,
) -> dict[int, int]:
    """Like ``walk``, with how many tokens away (an entity counts as one) each entity was."""
    reached: dict[int, int] = {}
    budget = window
    last_owner = -2
    while 0 <= position < len(owner) and budget > 0 and not boundary[position]:
        if norms is not None and _clause_break(position, owner, norms):
            break
        current = owner[position]
        if current >= 0:
            reached.setdefault(current, window - budget)
            if current != last_owner:
                budget -= 1
        else:
            budget -= 1
        last_owner = current
        position += step
    return reached
