"""Turning a Gemini answer into entities with exact offsets, or refusing it.

Gemini reports entity *texts*; offsets it might give are not trusted. Each text is aligned
to the message (every occurrence, case-insensitive, on word boundaries), so every entity that
leaves here satisfies ``text == message[start:end]``.

An answer is the model's to shape, so its size is bounded here: a model that repeats itself
(the same entity thousands of times) must not cost more than a sensible answer. Mentions that
name the same text with the same label are one mention; at most ``MAX_MENTIONS`` of them are
placed, each searched for once; an answer longer than ``MAX_ANSWER_CHARS`` is refused; and
placing is linear in the spans found (an occupancy map of the message, not a comparison of
every span with every span taken).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from ner._models import Certainty, Concept, Entity, Label, Subject, sort_entities

_FENCE = re.compile(r"^\s*```(?:json)?\s*(?P<body>.*?)\s*```\s*$", re.DOTALL | re.IGNORECASE)
_LINE = re.compile(
    r"^\s*(?:[-*•]\s*|\d+[.)]\s*)?entity\s*:\s*(?P<text>.+?)\s*[,;|]\s*label\s*:\s*"
    r"(?P<label>[A-Za-z_ ]+?)\s*(?:[,;|]\s*negated\s*:\s*(?P<negated>\w+))?\s*\.?\s*$",
    re.IGNORECASE,
)
_NEGATIONS = {"true", "yes", "1"}

MAX_ANSWER_CHARS = 262_144
"""Longer answers are refused: a whole message (at most 4,096 characters on Telegram) with an
entity in every word fits in a fraction of this, and decoding this much JSON is quick."""

MAX_MENTIONS = 512
"""Distinct mentions placed from one answer; a message has far fewer entities than this."""

MAX_LINE_CHARS = 1_000
"""Longer lines of the line format are skipped unread: no entity line is that long."""


class UnparseableAnswer(ValueError):
    """The answer is neither the JSON schema nor the ``Entity: X, Label: Y`` line format."""


@dataclass(frozen=True)
class Mention:
    """An entity as the model named it, before it is found in the message."""

    text: str
    label: Label
    negated: bool = False
    concept: str = ""
    subject: Subject = Subject.PATIENT
    subject_word: str = ""
    certainty: Certainty = Certainty.CERTAIN
    historical: bool = False


def parse_answer(answer: str, message: str) -> list[Entity]:
    """Entities of ``message`` named by ``answer``; raises UnparseableAnswer for anything else."""
    return align(read_mentions(answer), message)


def read_mentions(answer: str) -> list[Mention]:
    """Mentions from the JSON answer, or from the line format older tuned models produce."""
    if len(answer) > MAX_ANSWER_CHARS:
        raise UnparseableAnswer("answer too long")
    body = answer.strip()
    fenced = _FENCE.match(body)
    if fenced:
        body = fenced["body"]
    if not body:
        raise UnparseableAnswer("empty answer")
    if body[0] in "{[":
        return _json_mentions(body)
    return _line_mentions(body)


def _json_mentions(body: str) -> list[Mention]:
    try:
        data = json.loads(body)
    except json.JSONDecodeError:
        raise UnparseableAnswer("invalid JSON") from None
    items = data.get("entities") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise UnparseableAnswer('no "entities" list')
    return [m for m in (_json_mention(item) for item in items) if m is not None]


def _json_mention(item: object) -> Mention | None:
    if not isinstance(item, dict):
        return None
    text, label = item.get("text"), _label(item.get("label"))
    if not isinstance(text, str) or label is None:
        return None
    return Mention(
        text=text,
        label=label,
        negated=_flag(item.get("negated", False)),
        concept=_text(item.get("concept")),
        subject=_choice(Subject, item.get("subject"), Subject.PATIENT),
        subject_word=_text(item.get("subject_word")),
        certainty=_choice(Certainty, item.get("certainty"), Certainty.CERTAIN),
        historical=_flag(item.get("historical", False)),
    )


def _flag(value: object) -> bool:
    return value is True or str(value).lower() in _NEGATIONS


def _text(value: object, limit: int = 200) -> str:
    """A short one-line string from the answer, "" for anything else."""
    return " ".join(value.split())[:limit] if isinstance(value, str) else ""


_E = TypeVar("_E", Subject, Certainty)


def _choice(kind: type[_E], value: object, default: _E) -> _E:
    """The enum member ``value`` names; ``default`` for a missing or unknown value."""
    try:
        return kind(str(value).strip().lower()) if value is not None else default
    except ValueError:
        return default


def _line_mentions(body: str) -> list[Mention]:
    mentions: list[Mention] = []
    matched = False
    for line in body.splitlines():
        if len(line) > MAX_LINE_CHARS:
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        matched = True
        label = _label(match["label"])
        if label is not None:
            negated = (match["negated"] or "").lower() in _NEGATIONS
            mentions.append(
                Mention(text=match["text"].strip("\"'` "), label=label, negated=negated)
            )
    if not matched:
        raise UnparseableAnswer("neither JSON nor 'Entity: X, Label: Y' lines")
    return mentions


def _label(value: object) -> Label | None:
    """The contract label for ``value``; None for anything outside the six (dropped, not fatal)."""
    if not isinstance(value, str):
        return None
    key = value.strip().upper().replace(" ", "_").replace("-", "_")
    return Label.__members__.get(key)


def align(mentions: Iterable[Mention], message: str) -> list[Entity]:
    """Place each mention at every occurrence in ``message``; longer spans win overlaps."""
    candidates = [
        (start, end, mention)
        for mention in distinct(mentions, len(message))
        for start, end in occurrences(mention.text, message)
    ]
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken = bytearray(len(message))
    entities: list[Entity] = []
    for start, end, mention in candidates:
        if taken.find(1, start, end) != -1:
            continue
        taken[start:end] = b"\x01" * (end - start)
        entities.append(
            Entity(
                text=message[start:end],
                label=mention.label,
                start=start,
                end=end,
                negated=mention.negated,
                concept=Concept(name=mention.concept) if mention.concept else None,
                subject=mention.subject,
                subject_word=_subject_word(mention),
                certainty=mention.certainty,
                historical=mention.historical,
            )
        )
    return sort_entities(entities)


def _subject_word(mention: Mention) -> str | None:
    if mention.subject is Subject.PATIENT:
        return None
    return mention.subject_word or None


def distinct(mentions: Iterable[Mention], longest: int) -> list[Mention]:
    """The first ``MAX_MENTIONS`` different mentions (same words in any case and spacing, same
    label and negation are one), without those longer than the message (``longest``)."""
    seen: dict[tuple[str, Label, bool], Mention] = {}
    for mention in mentions:
        words = " ".join(mention.text.casefold().split())
        if not words or len(words) > longest:
            continue
        seen.setdefault((words, mention.label, mention.negated), mention)
        if len(seen) >= MAX_MENTIONS:
            break
    return list(seen.values())


def occurrences(needle: str, message: str) -> Iterator[tuple[int, int]]:
    """Every case-insensitive occurrence of ``needle`` that does not cut a word in two."""
    needle = needle.strip()
    if not needle:
        return
    pattern = r"\s+".join(re.escape(word) for word in needle.split())
    if needle[0].isalnum():
        pattern = r"(?<!\w)" + pattern
    if needle[-1].isalnum():
        pattern += r"(?!\w)"
    for match in re.finditer(pattern, message, flags=re.IGNORECASE):
        yield match.start(), match.end()
