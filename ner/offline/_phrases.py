"""Descriptive symptom phrases: how people describe what is wrong without naming it.

A dictionary reaches "insomnia" but not "could hardly sleep", "my sex drive is way down" or
"wake up drenched in sweat". Those phrases are built from a few open word classes (inability +
bodily function, function + changed state, lack + faculty, weight change + amount, feel + state)
that ``ner/data/lay_phrases.json`` lists as data, with the patterns that combine them. This
module only loads, validates and matches them; the recognizer decides how their spans compete
with the dictionary's.

Pattern elements: ``@CLASS`` (any entry of a word class; entries may span several words),
``#NUMBER`` (a number, "20"), ``#WEIGHT`` (a number with its unit, "20lbs"),
``#BODYWEIGHT`` (a bare number that reads as pounds of body weight, not a dose step: 80 to 499
and no multiple of 25, "went from 130 to 160"), ``#BODY_PART`` (a body part the dictionary
found there, whatever its words: the lexicon knows thousands, a class
a few dozen), ``#SYMPTOM`` (a symptom the dictionary found there, so a list goes on from a
named symptom: "lightheaded and *weak*", "*burning* and tingling"), ``#DRUG`` (a medicine the
dictionary found there: "Adapalene *burns*", "prednisone *starving*"), or a literal word; a
suffix ``?`` makes an element optional and ``*`` lets it repeat up to ``MAX_REPEAT`` times.
``<`` and ``>`` mark where the entity starts and ends when the pattern needs context outside it
("feel" in "feel out of it"). A pattern with ``after`` is only tried right where a match of one
of the named patterns ended: that is how a list goes on ("felt exhausted, drained and foggy")
without a word such as "drained" being a symptom wherever it stands. ``after`` may also name
``#SYMPTOM``: the pattern is then tried wherever any symptom ended, one the dictionary found or
a symptom phrase, which is how a list of effects in a post goes on ("hungover, foggy",
"couldn't sleep, angry at everyone"). ``ends_before`` lists elements one of which must match
right after the pattern (or the text ends there): a run-on list's item is kept before a
separator, a symptom or another state ("cant sleep *starving* all day"), not before a noun it
describes ("metformin weak evidence"). A pattern with ``starts_clause`` is tried only where a
clause starts ("*Exhausted* all the time.").
``not_before`` / ``not_after`` veto a match where one of their words or phrases stands right
before / after it; an entry ``@CLASS`` stands for every entry of that class.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ner._models import Label
from ner.offline import _resources
from ner.offline._text import Token, is_dash, normalize_phrase, spaces_around

DATA_FILE = "lay_phrases.json"
MAX_REPEAT = 3
_NUMBER = re.compile(r"^\d+(?:[.,]\d+)?$")
_DIGITS = re.compile(r"^\d+$")
#: What joins the parts of a number the tokenizer splits ("2.3", "85,000").
_NUMBER_JOINERS = frozenset({".", ","})
#: A class entry written with "my" also stands for the other possessives ("can't lift my arm",
#: "can't find his words", "hold her urine"), and "myself" for the other reflexives.
_POSSESSIVES = {
    "my": ("his", "her", "their", "your", "our"),
    "myself": ("himself", "herself", "themselves", "yourself"),
}
_WEIGHT = re.compile(r"^\d+(?:lbs?|kgs?|kilos?|pounds?|st)$")
#: A bare number that reads as a body weight in pounds rather than a dose step: 80 to 499 and
#: not a multiple of 25 ("went from 130 to 160", not "went from 150 to 300").
_BODYWEIGHT = re.compile(r"^(?:[89]\d|[1-4](?!00$|25$|50$|75$)\d\d)$")
_SPECIAL = {"#NUMBER": _NUMBER, "#WEIGHT": _WEIGHT, "#BODYWEIGHT": _BODYWEIGHT}
_FOUND = {"#BODY_PART": Label.BODY_PART, "#SYMPTOM": Label.SYMPTOM, "#DRUG": Label.DRUG}
#: An empty index entry (one object, so its id is a stable cache key).
_NONE: list[_Pattern] = []
#: What a clause opens after, for ``starts_clause`` patterns.
_CLAUSE_STARTS = frozenset({".", "!", "?", ";", ":", "(", "*", "•"})
#: In ``after``: tried wherever a symptom ended (the dictionary's or a symptom phrase's).
AFTER_SYMPTOM = "#SYMPTOM"
_PATTERN_KEYS = frozenset(
    {
        "name",
        "label",
        "sequence",
        "not_before",
        "not_after",
        "after",
        "chat_only",
        "ends_before",
        "starts_clause",
    }
)
_FILE_KEYS = frozenset({"about", "classes", "patterns", "complaints", "drug_heads"})
_DRUG_HEAD_KEYS = frozenset({"about", "heads", "prefixes"})
_COMPLAINT_KEYS = frozenset(
    {
        "about",
        "window",
        "terms",
        "diagnosis_before",
        "diagnosis_after",
        "treatment_after",
        "treatment_window",
        "disease_endings",
        "symptom_heads",
        "reason_terms",
        "effect_links",
        "cause_verbs",
        "cause_subjects",
        "cause_fillers",
        "cause_exceptions",
        "list_diagnosis_before",
        "complaint_qualifiers",
    }
)
_START, _END = "<", ">"


class PhraseDataError(ValueError):
    """``lay_phrases.json`` is malformed; the message names the pattern or class at fault."""


class _Node:
    """A word of a class entry in the element's trie: whether an entry ends here, and the
    words that go on from it. Entries share their openings ("my back", "my head"...), so a
    step walks the words once instead of checking each entry that starts alike."""

    __slots__ = ("ends", "next")

    def __init__(self) -> None:
        self.ends = False
        self.next: dict[str, _Node] = {}


@dataclass(frozen=True, slots=True)
class _Element:
    """One position of a pattern: the word sequences it accepts and how often it may occur.

    ``first`` is the trie of the accepted sequences by their first word, so a step of the
    matcher costs one dictionary probe per word read, not a scan of the class.
    """

    entries: frozenset[tuple[str, ...]]
    shape: re.Pattern[str] | None
    low: int
    high: int
    #: The dictionary label this element reads ("#BODY_PART", "#SYMPTOM"), or None.
    found: Label | None = None
    #: Which step this is: elements that accept the same words share one number (most patterns
    #: read the same few classes), so a message works out each step once at each position.
    step: int = -1

    @classmethod
    def of(
        cls,
        entries: frozenset[tuple[str, ...]],
        shape: re.Pattern[str] | None,
        low: int,
        high: int,
        found: Label | None = None,
    ) -> _Element:
        return cls(entries, shape, low, high, found)

    @property
    def first(self) -> Mapping[str, _Node]:
        """The trie of the entries by their first word (built when a message first needs it,
        so loading the engine does not build the tries of classes no message reads)."""
        return _trie(self.entries)

    @property
    def openings(self) -> frozenset[str]:
        """The words an occurrence can start with."""
        return frozenset(word for word, *_ in self.entries)


@functools.cache
def _trie(entries: frozenset[tuple[str, ...]]) -> Mapping[str, _Node]:
    """The trie of a class's entries, built once per class: many patterns read the same
    class, and a trie of their own each would multiply the memory and the load time."""
    first: dict[str, _Node] = {}
    for entry in entries:
        level = first
        for word in entry:
            node = level.setdefault(word, _Node())
            level = node.next
        node.ends = True
    return first


@dataclass(frozen=True, slots=True)
class _Pattern:
    name: str
    label: Label
    elements: tuple[_Element, ...]
    span_from: int
    span_to: int
    not_before: frozenset[str]
    not_after: frozenset[str]
    after: frozenset[str] = frozenset()
    #: Vetoes of several words ("and tired of" after "sick"), checked word by word.
    not_after_phrases: tuple[tuple[str, ...], ...] = ()
    #: Vetoes of several words right before a match ("the flu" before "shot").
    not_before_phrases: tuple[tuple[str, ...], ...] = ()
    #: Tried in chat only: an abstract's "platelet counts were decreased" or "increased HDL
    #: levels" is a finding the corpora annotate otherwise (or not at all).
    chat_only: bool = False
    #: Where a match must end: at the end of the text or before one of these elements (a
    #: state in a run-on list, "prednisone *starving* all day", not "metformin weak evidence").
    ends_before: tuple[_Element, ...] = ()
    #: Tried only where a clause starts: at the start of the text or after a full stop, a
    #: colon or a dash ("Exhausted all the time.", "Week 2 - wiped out").
    starts_clause: bool = False
    #: Per required word element, the words one of which must be in a message for the pattern
    #: to match there: most patterns cannot, and this rules them out before any matching.
    required: tuple[frozenset[str], ...] = ()
    #: The same requirements as numbers shared by the matcher's patterns (``_Requirements``),
    #: so a message's met requirements are found once and each pattern asks a subset test.
    needs: frozenset[int] = frozenset()
    #: The words a match must start with, or None where a number or a dictionary find may
    #: open it: a continuation tried after every symptom mostly fails on its first word.
    openings: frozenset[str] | None = None

    def vetoed_after(self, words: Sequence[str], end: int) -> bool:
        """Whether the words from ``end`` on veto a match that ends there."""
        if end >= len(words):
            return False
        if words[end] in self.not_after:
            return True
        return any(tuple(words[end : end + len(p)]) == p for p in self.not_after_phrases)

    def vetoed_before(self, words: Sequence[str], start: int) -> bool:
        """Whether the words right before ``start`` veto a match that starts there."""
        if start == 0:
            return False
        if words[start - 1] in self.not_before:
            return True
        return any(
            len(p) <= start and tuple(words[start - len(p) : start]) == p
            for p in self.not_before_phrases
        )


@dataclass(frozen=True, slots=True)
class PhraseMatch:
    """A phrase over tokens ``[first, last)``, named after the pattern that found it."""

    first: int
    last: int
    label: Label
    pattern: str


class PhraseMatcher:
    """Finds descriptive phrases in a token sequence; build once, call ``find`` per message."""

    def __init__(
        self, corrections: Mapping[str, str], data: Mapping[str, Any] | None = None
    ) -> None:
        raw = data if data is not None else _resources.read_json(DATA_FILE)
        self._requirements = _Requirements()
        self._patterns = [self._requirements.number(p) for p in _compile(raw, corrections)]
        self._by_first: dict[str, list[_Pattern]] = {}
        self._any_first: list[_Pattern] = []
        #: Patterns that open with what the dictionary found (a body part, a symptom), by its
        #: label: tried only where the dictionary found one.
        self._found_first: dict[Label, list[_Pattern]] = {}
        #: Continuations, by the name of the pattern whose match they continue.
        self._after: dict[str, list[_Pattern]] = {}
        #: Patterns that read an item of a list (they go on from a symptom or a drug).
        self._list_items = frozenset(
            pattern.name
            for pattern in self._patterns
            if pattern.after
            or pattern.ends_before
            or pattern.elements[0].found in (Label.SYMPTOM, Label.DRUG)
        )
        for pattern in self._patterns:
            if pattern.after:
                for name in pattern.after:
                    self._after.setdefault(name, []).append(pattern)
                continue
            opening = pattern.elements[0]
            if opening.found is not None and opening.low > 0:
                self._found_first.setdefault(opening.found, []).append(pattern)
                continue
            firsts = pattern.openings
            if firsts is None:
                self._any_first.append(pattern)
            for word in firsts or ():
                self._by_first.setdefault(word, []).append(pattern)

    def is_list_item(self, name: str) -> bool:
        """Whether the pattern ``name`` reads one item of a list of effects ("lightheaded and
        *weak*", "prednisone *starving*"): such an item is a mention of its own."""
        return name in self._list_items

    @property
    def pattern_names(self) -> list[str]:
        return [pattern.name for pattern in self._patterns]

    def find(
        self,
        tokens: Sequence[Token],
        body_parts: Mapping[int, int] | None = None,
        symptoms: Mapping[int, int] | None = None,
        literature: bool = False,
        drugs: Mapping[int, int] | None = None,
    ) -> list[PhraseMatch]:
        """The longest phrase starting at each token, left to right, never overlapping.

        ``body_parts``, ``symptoms`` and ``drugs`` map the first token of each body part /
        symptom / drug the dictionary found to the token after it, for the ``#BODY_PART`` /
        ``#SYMPTOM`` / ``#DRUG`` elements (a review's "prednisone *starving*"); where a
        symptom ends, ``after: ["#SYMPTOM"]`` patterns are tried too. ``literature`` leaves
        out the patterns marked ``chat_only``.
        """
        found_spans = {
            Label.BODY_PART: body_parts if body_parts is not None else {},
            Label.SYMPTOM: symptoms if symptoms is not None else {},
            Label.DRUG: drugs if drugs is not None else {},
        }
        glued = [i > 0 and token.start == tokens[i - 1].end for i, token in enumerate(tokens)]
        words = [token.norm for token in tokens]
        folded = [token.folded for token in tokens]
        met = self._requirements.met(frozenset(words) | frozenset(folded))
        text = _Text(words, folded, found_spans, glued, met, {}, {})
        symptom_ends = _symptom_ends(found_spans[Label.SYMPTOM], found_spans[Label.BODY_PART])
        found: list[PhraseMatch] = []
        i = 0
        previous: PhraseMatch | None = None  # the match that ended at token i, if any
        while i < len(tokens):
            continuations = self._continuations(previous, i in symptom_ends)
            best = self._best_at(text, i, continuations, literature)
            if best is None:
                i += 1
                previous = None
                continue
            found.append(best)
            i = best.last
            previous = best
        return found

    def _continuations(
        self, previous: PhraseMatch | None, symptom_ended: bool
    ) -> tuple[list[_Pattern], ...]:
        """The ``after`` patterns to try where ``previous`` (or a dictionary symptom) ended, as
        the matcher's own lists (so each message rules out the impossible ones once)."""
        named = self._after.get(previous.pattern, _NONE) if previous is not None else _NONE
        if symptom_ended or (previous is not None and previous.label is Label.SYMPTOM):
            return (named, self._after.get(AFTER_SYMPTOM, _NONE))
        return (named,) if named else ()

    def _best_at(
        self,
        text: _Text,
        i: int,
        continuations: tuple[list[_Pattern], ...],
        literature: bool = False,
    ) -> PhraseMatch | None:
        words, folded = text.words, text.folded
        candidates = [
            *text.viable(self._by_first.get(words[i], _NONE), literature),
            *text.viable(self._any_first, literature),
            *(p for patterns in continuations for p in text.viable(patterns, literature)),
        ]
        if folded[i] != words[i]:
            candidates += text.viable(self._by_first.get(folded[i], _NONE), literature)
        for label, patterns in self._found_first.items():
            if i in text.found[label]:
                candidates += text.viable(patterns, literature)
        best: PhraseMatch | None = None
        best_key = (0, 0)
        for pattern in candidates:
            openings = pattern.openings
            if openings is not None and words[i] not in openings and folded[i] not in openings:
                continue
            if i > 0 and (
                words[i - 1] in pattern.not_before
                or (pattern.not_before_phrases and pattern.vetoed_before(words, i))
            ):
                continue
            if pattern.starts_clause and not _opens_clause(text, i):
                continue
            for end, marks in _match(pattern.elements, 0, text, i, ()):
                if pattern.vetoed_after(words, end):
                    continue
                if pattern.ends_before and not _ends_before(pattern.ends_before, text, end):
                    continue
                first, last = marks[pattern.span_from], marks[pattern.span_to]
                # Equally long spans: the match that read further wins, so a context-led
                # pattern ("stomach cramps and <gas>") is not cut off by a shorter one
                # ("stomach <cramps>") whose end would move the scan past it.
                key = (last - first, last)
                if first < last and key > best_key:
                    best, best_key = PhraseMatch(first, last, pattern.label, pattern.name), key
        if continuations and best is not None and best.first > i:
            # a list goes on (", achy"): a pattern of its own may read the item further
            # (", achy all over"), and the scan would move past it
            alone = self._best_at(text, best.first, (), literature)
            if alone is not None and alone.first == best.first and alone.last > best.last:
                return alone
        return best


def _symptom_ends(symptoms: Mapping[int, int], body_parts: Mapping[int, int]) -> frozenset[int]:
    """Where a list of effects may go on: after each symptom the dictionary found, or after
    the body part right behind it, its site ("swollen feet, foggy")."""
    ends = set(symptoms.values())
    return frozenset(ends | {body_parts[end] for end in ends if end in body_parts})


@dataclass(frozen=True, slots=True)
class _Text:
    """What the matcher reads of a message: its words, their plural folds, where the
    dictionary found body parts and symptoms (first token -> token after), by label, and
    which tokens touch the one before (so "38", ".", "5" read as one number)."""

    words: list[str]
    folded: list[str]
    found: Mapping[Label, Mapping[int, int]]
    #: Per token, whether it touches the one before it (no space between them).
    glued: Sequence[bool]
    #: The requirements (``_Pattern.needs``) its words and plural folds meet.
    met: frozenset[int]
    #: ``viable`` per pattern list of the matcher's indexes and register, asked once per
    #: message (the lists live as long as the matcher, so their ids are stable keys).
    _viable: dict[tuple[int, bool], list[_Pattern]]
    #: ``_advance`` per (element step, position), worked out once per message: the patterns
    #: share their classes, and backtracking asks the same step at the same place again.
    _ends: dict[tuple[int, int], list[int]]

    def possible(self, pattern: _Pattern, literature: bool) -> bool:
        """Whether ``pattern`` can match anywhere in this message, in its register."""
        return not (literature and pattern.chat_only) and pattern.needs <= self.met

    def viable(self, patterns: list[_Pattern], literature: bool) -> list[_Pattern]:
        """The ``patterns`` (one of the matcher's index lists) that can match in this
        message: most cannot, and they are ruled out once per message, not at every token."""
        key = (id(patterns), literature)
        kept = self._viable.get(key)
        if kept is None:
            kept = self._viable[key] = [p for p in patterns if self.possible(p, literature)]
        return kept

    def occurrence_ends(self, element: _Element, position: int) -> list[int]:
        """Where one occurrence of a word or number ``element`` at ``position`` can end."""
        key = (element.step, position)
        ends = self._ends.get(key)
        if ends is None:
            ends = self._ends[key] = _occurrence_ends(element, self, position)
        return ends


class _Requirements:
    """Numbers the patterns' required word sets (many patterns share a class), and indexes
    them by word: a message meets the requirements of its words, found with one probe per
    word, and a pattern can match in it only where it meets all of its own."""

    def __init__(self) -> None:
        self._ids: dict[frozenset[str], int] = {}
        self._by_word: dict[str, set[int]] = {}

    def number(self, pattern: _Pattern) -> _Pattern:
        """``pattern`` with its requirements numbered (``needs``)."""
        needs = frozenset(self._id(words) for words in pattern.required)
        return replace(pattern, needs=needs)

    def _id(self, words: frozenset[str]) -> int:
        known = self._ids.get(words)
        if known is not None:
            return known
        number = self._ids[words] = len(self._ids)
        for word in words:
            self._by_word.setdefault(word, set()).add(number)
        return number

    def met(self, vocabulary: frozenset[str]) -> frozenset[int]:
        """The requirements some word of ``vocabulary`` meets."""
        met: set[int] = set()
        for word in vocabulary:
            numbers = self._by_word.get(word)
            if numbers is not None:
                met |= numbers
        return frozenset(met)


class _Steps:
    """Numbers the patterns' elements by what one occurrence of them accepts (the same class,
    literal, number shape or dictionary label), whatever their repetition, so a message's
    matcher shares the work of equal elements across patterns."""

    def __init__(self) -> None:
        self._ids: dict[tuple[object, ...], int] = {}

    def number(self, pattern: _Pattern) -> _Pattern:
        """``pattern`` with every element (and ``ends_before`` element) numbered."""
        return replace(
            pattern,
            elements=tuple(self._numbered(e) for e in pattern.elements),
            ends_before=tuple(self._numbered(e) for e in pattern.ends_before),
        )

    def _numbered(self, element: _Element) -> _Element:
        key = (element.entries, element.shape, element.found)
        step = self._ids.setdefault(key, len(self._ids))
        return replace(element, step=step)


def _opens_clause(text: _Text, position: int) -> bool:
    """Whether a clause starts at ``position``: the text's start, or after a full stop or a
    colon. Not after a dash: the corpora write every hyphen apart ("single - blind")."""
    return position == 0 or text.words[position - 1] in _CLAUSE_STARTS


def _ends_before(elements: Sequence[_Element], text: _Text, position: int) -> bool:
    """Whether ``position`` is the end of the text or one of ``elements`` matches there."""
    if position >= len(text.words):
        return True
    return any(next(_match((element,), 0, text, position, ()), None) for element in elements)


def _match(
    elements: Sequence[_Element],
    index: int,
    text: _Text,
    position: int,
    marks: tuple[int, ...],
) -> Iterator[tuple[int, tuple[int, ...]]]:
    """Every (end, element start positions) way ``elements[index:]`` can match at ``position``.

    ``marks`` records the token position where each element began, plus the end, so the
    caller can cut the entity at the pattern's ``<`` / ``>`` markers.
    """
    if index == len(elements):
        yield position, (*marks, position)
        return
    element = elements[index]
    yield from _repeat(elements, index, element, 0, text, position, (*marks, position))


def _repeat(
    elements: Sequence[_Element],
    index: int,
    element: _Element,
    count: int,
    text: _Text,
    position: int,
    marks: tuple[int, ...],
) -> Iterator[tuple[int, tuple[int, ...]]]:
    if count < element.high:
        for after in _advance(element, text, position):
            yield from _repeat(elements, index, element, count + 1, text, after, marks)
    if count >= element.low:
        yield from _match(elements, index + 1, text, position, marks)


def _advance(element: _Element, text: _Text, position: int) -> list[int]:
    """Positions after one occurrence of ``element`` starting at ``position``."""
    if position >= len(text.words):
        return []
    if element.found is not None:
        end = text.found[element.found].get(position)
        return [] if end is None else [end]
    return text.occurrence_ends(element, position)


def _occurrence_ends(element: _Element, text: _Text, position: int) -> list[int]:
    """``_advance`` for a word or shaped element, worked out from the words: each word of an
    entry may match the token or its plural fold."""
    words, folded = text.words, text.folded
    if element.shape is not None:
        if not element.shape.match(words[position]):
            return []
        return [_number_end(text, position) if element.shape is _NUMBER else position + 1]
    ends: list[int] = []
    nodes = _next_nodes(element.first, words[position], folded[position])
    end = position + 1
    while nodes:
        if any(node.ends for node in nodes):
            ends.append(end)
        if end >= len(words):
            break
        word, fold = words[end], folded[end]
        nodes = [after for node in nodes for after in _next_nodes(node.next, word, fold)]
        end += 1
    return ends


def _next_nodes(level: Mapping[str, _Node], word: str, fold: str) -> list[_Node]:
    """The trie nodes the token (as written or folded) reaches from ``level``."""
    node = level.get(word)
    other = level.get(fold) if fold != word else None
    if other is None or other is node:
        return [] if node is None else [node]
    return [other] if node is None else [node, other]


def _number_end(text: _Text, position: int) -> int:
    """The token after the number starting at ``position``: the tokenizer splits "2.3" and
    "85,000" into three tokens, and a reading cut at "2" or "85" would misquote it."""
    words, glued = text.words, text.glued
    end = position + 1
    while (
        end + 1 < len(words)
        and words[end] in _NUMBER_JOINERS
        and glued[end]
        and glued[end + 1]
        and _DIGITS.match(words[end + 1])
    ):
        end += 2
    return end


def _first_words(elements: Sequence[_Element]) -> set[str] | None:
    """Words a match can start with, or None when a shaped token (a number) can start one."""
    firsts: set[str] = set()
    for element in elements:
        if element.shape is not None or element.found is not None:
            return None
        firsts |= element.openings
        if element.low > 0:
            return firsts
    return None  # an all-optional pattern could start anywhere


def _compile(raw: Mapping[str, Any], corrections: Mapping[str, str]) -> list[_Pattern]:
    unknown = set(raw) - _FILE_KEYS
    if unknown:
        raise PhraseDataError(f"unknown top-level keys: {sorted(unknown)}")
    classes = {name: _entries(name, words, corrections) for name, words in raw["classes"].items()}
    steps = _Steps()
    patterns = [
        steps.number(_compile_pattern(item, classes, corrections)) for item in raw["patterns"]
    ]
    names = {pattern.name for pattern in patterns} | {AFTER_SYMPTOM}
    for pattern in patterns:
        unknown_after = pattern.after - names
        if unknown_after:
            raise PhraseDataError(
                f"pattern {pattern.name!r}: 'after' names no pattern {sorted(unknown_after)}"
            )
    return patterns


def _entries(
    name: str, words: Sequence[str], corrections: Mapping[str, str]
) -> frozenset[tuple[str, ...]]:
    if not words or not all(isinstance(word, str) and word.strip() for word in words):
        raise PhraseDataError(f"class {name!r} must be a non-empty list of phrases")
    entries = {tuple(normalize_phrase(word, corrections).split(" ")) for word in words}
    return frozenset(entries | {other for entry in entries for other in _other_persons(entry)})


def _other_persons(entry: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """The entry said of someone else: "lift my arm" -> "lift his arm", "lift her arm"...

    Only entries of several words: a one-word "my" is itself a class member (``PERSONAL``).
    Carers write about a parent or a child as often as people write about themselves.
    """
    if len(entry) < 2:
        return
    places = [i for i, word in enumerate(entry) if word in _POSSESSIVES]
    for i in places:
        for other in _POSSESSIVES[entry[i]]:
            yield (*entry[:i], other, *entry[i + 1 :])


def _vetoes(
    name: str,
    raw: Sequence[str],
    classes: Mapping[str, frozenset[tuple[str, ...]]],
    corrections: Mapping[str, str],
) -> set[str]:
    """A pattern's veto words and phrases; an ``@CLASS`` entry stands for its class's entries,
    so a veto list several patterns share ("at me", "at the"...) is written once."""
    vetoes: set[str] = set()
    for entry in raw:
        if entry.startswith("@"):
            members = classes.get(entry[1:])
            if members is None:
                raise PhraseDataError(f"pattern {name!r}: unknown class {entry!r} in a veto")
            vetoes |= {" ".join(member) for member in members}
        else:
            vetoes.add(normalize_phrase(entry, corrections))
    return vetoes


def _compile_pattern(
    item: Mapping[str, Any],
    classes: Mapping[str, frozenset[tuple[str, ...]]],
    corrections: Mapping[str, str],
) -> _Pattern:
    name = str(item.get("name", "?"))
    unknown = set(item) - _PATTERN_KEYS
    if unknown:
        raise PhraseDataError(f"pattern {name!r}: unknown keys {sorted(unknown)}")
    try:
        label = Label(item.get("label", Label.SYMPTOM.value))
    except ValueError:
        raise PhraseDataError(f"pattern {name!r}: unknown label {item.get('label')!r}") from None
    sequence = list(item["sequence"])
    elements: list[_Element] = []
    span_from, span_to = 0, -1
    for part in sequence:
        if part == _START:
            span_from = len(elements)
        elif part == _END:
            span_to = len(elements)
        else:
            elements.append(_element(name, part, classes, corrections))
    span_to = len(elements) if span_to < 0 else span_to
    if not elements or not any(e.low > 0 for e in elements[span_from:span_to]):
        raise PhraseDataError(f"pattern {name!r}: the entity part has no required element")
    not_after = _vetoes(name, item.get("not_after", ()), classes, corrections)
    not_before = _vetoes(name, item.get("not_before", ()), classes, corrections)
    return _Pattern(
        name=name,
        label=label,
        elements=tuple(elements),
        span_from=span_from,
        span_to=span_to,
        not_before=frozenset(w for w in not_before if " " not in w),
        not_after=frozenset(w for w in not_after if " " not in w),
        after=frozenset(str(name) for name in item.get("after", ())),
        not_after_phrases=tuple(tuple(w.split(" ")) for w in sorted(not_after) if " " in w),
        not_before_phrases=tuple(tuple(w.split(" ")) for w in sorted(not_before) if " " in w),
        chat_only=_flag(name, item, "chat_only"),
        required=_required_words(elements),
        ends_before=tuple(
            _element(name, part, classes, corrections) for part in item.get("ends_before", ())
        ),
        starts_clause=_flag(name, item, "starts_clause"),
        openings=_openings(elements),
    )


def _openings(elements: Sequence[_Element]) -> frozenset[str] | None:
    """``_Pattern.openings``: the words a match can start with, or None."""
    firsts = _first_words(elements)
    return None if firsts is None else frozenset(firsts)


def _required_words(elements: Sequence[_Element]) -> tuple[frozenset[str], ...]:
    """The first words of each element a match cannot skip, fewest alternatives first (the
    likeliest to be absent); numbers and dictionary finds are not words and do not count."""
    required = [
        element.openings
        for element in elements
        if element.low > 0 and element.shape is None and element.found is None
    ]
    return tuple(sorted(required, key=len))


def _flag(name: str, item: Mapping[str, Any], key: str) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        raise PhraseDataError(f"pattern {name!r}: {key!r} must be true or false")
    return value


def _element(
    pattern: str,
    part: str,
    classes: Mapping[str, frozenset[tuple[str, ...]]],
    corrections: Mapping[str, str],
) -> _Element:
    body, low, high = part, 1, 1
    if part.endswith("?"):
        body, low = part[:-1], 0
    elif part.endswith("*"):
        body, low, high = part[:-1], 0, MAX_REPEAT
    if body in _SPECIAL:
        return _Element.of(frozenset(), _SPECIAL[body], low, high)
    if body in _FOUND:
        return _Element.of(frozenset(), None, low, high, found=_FOUND[body])
    if body.startswith("@"):
        entries = classes.get(body[1:])
        if entries is None:
            raise PhraseDataError(f"pattern {pattern!r}: unknown class {body!r}")
        return _Element.of(entries, None, low, high)
    if not body.strip() or body.startswith("#"):
        raise PhraseDataError(f"pattern {pattern!r}: bad element {part!r}")
    literal = frozenset({tuple(normalize_phrase(body, corrections).split(" "))})
    return _Element.of(literal, None, low, high)


class ComplaintLabels:
    """DISEASE or SYMPTOM for conditions that are both, from the words around the mention.

    "I take Zoloft for depression" names a diagnosis (DISEASE); "it made me so depressed",
    "nightmares every night" report what a person lives through (SYMPTOM), which is how
    docs/annotation.md reads them. The terms and the diagnosis cues are in the
    ``complaints`` section of ``lay_phrases.json``.
    """

    def __init__(
        self, corrections: Mapping[str, str], data: Mapping[str, Any] | None = None
    ) -> None:
        raw = data if data is not None else _resources.read_json(DATA_FILE)
        section = raw.get("complaints", {})
        unknown = set(section) - _COMPLAINT_KEYS
        if unknown:
            raise PhraseDataError(f"complaints: unknown keys {sorted(unknown)}")

        def phrases(key: str) -> frozenset[str]:
            return frozenset(normalize_phrase(w, corrections) for w in section.get(key, ()))

        self._terms = phrases("terms")
        self._before = phrases("diagnosis_before")
        self._after = phrases("diagnosis_after")
        self._window = int(section.get("window", 3))
        self._treatment = phrases("treatment_after")
        self._treatment_window = int(section.get("treatment_window", 8))
        self._endings = tuple(section.get("disease_endings", ()))
        self._heads = phrases("symptom_heads")
        self._reasons = phrases("reason_terms")
        self._effect_links = phrases("effect_links")
        self._cause_verbs = phrases("cause_verbs")
        self._cause_subjects = phrases("cause_subjects")
        self._cause_fillers = phrases("cause_fillers")
        self._cause_exceptions = phrases("cause_exceptions")
        self._list_triggers = phrases("list_diagnosis_before")
        self._qualifiers = phrases("complaint_qualifiers")

    def label(
        self,
        tokens: Sequence[Token],
        first: int,
        last: int,
        label: Label,
        drug_starts: frozenset[int] = frozenset(),
        chat: bool = True,
    ) -> Label:
        """The label of the mention over tokens ``[first, last)``, given the dictionary's.

        A symptom vocabulary entry shaped like a disease name ("gastroparesis", "optic nerve
        atrophy", "scleroderma") is a named diagnosis first; a disease entry opened or closed
        by a symptom word ("pain in joints", "leg cramps", "myalgia") is a complaint like the
        listed terms, since the vocabularies file many complaints as diseases. ``drug_starts``
        (token indices where drugs begin) lets "depression and anxiety, on sertraline" read as
        the reason for a treatment, hence a diagnosis. The words before a mention are read
        back to the end of its clause; in ``chat`` a dash between spaces ends one too ("for
        GERD - insomnia"), where a tokenized abstract writes every hyphen so.
        """
        if label is Label.SYMPTOM and tokens[last - 1].norm.endswith(self._endings):
            label = Label.DISEASE
        if label is Label.SYMPTOM:
            return self._reason_for_treatment(tokens, first, last, chat)
        if label is not Label.DISEASE:
            return label
        words = " ".join(token.norm for token in tokens[first:last])
        folded = " ".join(token.folded for token in tokens[first:last])
        if not self._is_complaint(tokens, first, last, words, folded) and not (
            chat and self._qualified_complaint(tokens, first, last)
        ):
            if chat and self._brought_on_by_a_drug(tokens, first, last, drug_starts):
                return Label.SYMPTOM
            return label
        before = _words_before(tokens, first, self._window, chat)
        after = tokens[last].norm if last < len(tokens) else ""
        if before & self._before or after in self._after:
            return label
        if chat and self._listed_after_diagnosis(tokens, first):
            return label
        if self._treated_next(tokens, last, drug_starts):
            return label
        return Label.SYMPTOM

    def is_term(self, tokens: Sequence[Token], first: int, last: int) -> bool:
        """Tokens ``[first, last)`` are one of the listed complaints ("nightmares")."""
        words = " ".join(token.norm for token in tokens[first:last])
        folded = " ".join(token.folded for token in tokens[first:last])
        return words in self._terms or folded in self._terms

    def _reason_for_treatment(
        self, tokens: Sequence[Token], first: int, last: int, chat: bool = True
    ) -> Label:
        """A complaint that is also a diagnosis (``reason_terms``: "anxiety", "insomnia"), which
        the dictionary reads as a symptom, is the diagnosis where the words just before it name
        it as one or as a reason for treatment ("Xanax as needed for anxiety", "diagnosed with
        insomnia"); a complaint not listed there keeps its symptom ("omeprazole for
        heartburn")."""
        words = " ".join(token.norm for token in tokens[first:last])
        folded = " ".join(token.folded for token in tokens[first:last])
        if words not in self._reasons and folded not in self._reasons:
            return Label.SYMPTOM
        before = _words_before(tokens, first, self._window, chat)
        if before & self._before or (chat and self._listed_after_diagnosis(tokens, first)):
            return Label.DISEASE
        return Label.SYMPTOM

    def _qualified_complaint(self, tokens: Sequence[Token], first: int, last: int) -> bool:
        """A dictionary disease that is a listed complaint after a qualifier the vocabularies
        file with it ("chronic constipation", "chronic insomnia"): a complaint like the bare
        term, so "suffered from chronic constipation all my life" is what the person lives
        through and "diagnosed with chronic insomnia" stays the diagnosis (chat only)."""
        start = first
        while start < last - 1 and tokens[start].norm in self._qualifiers:
            start += 1
        if start == first:
            return False
        words = " ".join(token.norm for token in tokens[start:last])
        folded = " ".join(token.folded for token in tokens[start:last])
        return words in self._terms or folded in self._terms

    def _listed_after_diagnosis(self, tokens: Sequence[Token], first: int) -> bool:
        """A complaint further along a list that a diagnosis word opens: "diagnosed with
        fibromyalgia, anxiety and depression", "a history of migraines, anxiety and insomnia"
        name every item as a diagnosis, though the cue is more than ``window`` words back.
        The mention must follow a list joiner (after its qualifiers: "and chronic
        depression"), and the cue must stand in the same clause within ``_LIST_LOOKBACK``."""
        position = first - 1
        while position >= 0 and tokens[position].norm in self._qualifiers:
            position -= 1
        if position < 0 or tokens[position].norm not in _LIST_JOINERS:
            return False
        for back in range(position - 1, max(-1, position - _LIST_LOOKBACK), -1):
            norm = tokens[back].norm
            if norm in _CLAUSE_ENDS:
                return False
            if norm in self._list_triggers:
                return True
        return False

    def _is_complaint(
        self, tokens: Sequence[Token], first: int, last: int, words: str, folded: str
    ) -> bool:
        if words in self._terms or folded in self._terms:
            return True
        if tokens[last - 1].norm.endswith(self._endings):
            return False
        edges = (tokens[first], tokens[last - 1])
        return any(t.norm in self._heads or t.folded in self._heads for t in edges)

    def _brought_on_by_a_drug(
        self, tokens: Sequence[Token], first: int, last: int, drug_starts: frozenset[int]
    ) -> bool:
        """A named condition a medicine brought on is what the person lived through, an
        adverse effect, as annotation.md reads a complaint that is also a diagnosis: "Taxol
        gave me neuropathy", "it caused my colitis", "colitis from Keytruda", "neuropathy
        since starting chemo". A condition a drug treats, or one asked about ("can Lipitor
        cause hepatitis?": no past tense), stays the diagnosis. An infection a medicine let in
        ("clindamycin gave me c diff", "a yeast infection from the antibiotics") is a disease
        of its own (``cause_exceptions``)."""
        if any(token.norm in self._cause_exceptions for token in tokens[first:last]):
            return False
        if last < len(tokens) and (
            self._drug_first(tokens, last, drug_starts) or self._from_a_treatment(tokens, last)
        ):
            return True
        position = first - 1
        while position >= 0 and tokens[position].norm in self._cause_fillers:
            position -= 1
        if position < 0 or tokens[position].norm not in self._cause_verbs:
            return False
        for back in range(position - 1, max(-1, position - 7), -1):
            if back in drug_starts or tokens[back].norm in self._cause_subjects:
                return True
            if tokens[back].norm in _CLAUSE_ENDS or tokens[back].norm == ",":
                return False
        return False

    def _from_a_treatment(self, tokens: Sequence[Token], position: int) -> bool:
        """An effect link at ``position`` and a treatment named by a noun right after it
        ("after chemo", "from the steroids"); a pronoun there ("after that") may be anything."""
        if tokens[position].norm not in self._effect_links:
            return False
        for ahead in range(position + 1, min(len(tokens), position + 4)):
            norm = tokens[ahead].norm
            if norm in self._cause_subjects and norm not in _PRONOUNS:
                return True
            if norm not in self._cause_fillers:
                return False
        return False

    def _drug_first(
        self, tokens: Sequence[Token], position: int, drug_starts: frozenset[int]
    ) -> bool:
        """An effect link at ``position`` with the treatment or the drug right after it
        ("since I started", "ever since taking", "after the Accutane"); "depression after
        losing my job, started on fluoxetine" names what came first and stays a reason."""
        if tokens[position].norm not in self._effect_links:
            return False
        for ahead in range(position + 1, min(len(tokens), position + 7)):
            if ahead in drug_starts or tokens[ahead].norm in self._treatment:
                return True
            if tokens[ahead].norm in _CLAUSE_ENDS or tokens[ahead].norm == ",":
                return False
        return False

    def _treated_next(
        self, tokens: Sequence[Token], last: int, drug_starts: frozenset[int]
    ) -> bool:
        """A treatment word and then a drug within the window after the mention. A word that
        makes the drug come first (``effect_links`` right before the treatment word or the
        drug: "depressed since I started Accutane", "nightmares ever since taking it") makes
        the mention its effect, not its reason."""
        cue_seen = False
        for position in range(last, min(len(tokens), last + self._treatment_window)):
            if cue_seen and position in drug_starts:
                return True
            if not cue_seen and self._drug_first(tokens, position, drug_starts):
                return False
            cue_seen = cue_seen or tokens[position].norm in self._treatment
        return False


#: What joins the items of a list a diagnosis word opens ("diagnosed with X, Y and Z").
_LIST_JOINERS = frozenset({",", "and", "or", "&", "/"})
#: How far back from a list item its diagnosis word may stand (tokens, commas included).
_LIST_LOOKBACK = 12
#: Cause subjects that may stand for anything after an effect link ("after that").
_PRONOUNS = frozenset({"it", "this", "that", "they", "these", "them"})
#: Marks that end the clause a reason for treatment is named in: after "cipro for a uti. " or
#: "levaquin for pneumonia - " a review lists what the drug did, not what it was taken for.
_CLAUSE_ENDS = frozenset({".", ";", ":", "!", "?"})


def _words_before(tokens: Sequence[Token], first: int, window: int, chat: bool = True) -> set[str]:
    """The normalized words in the ``window`` tokens before ``first``, up to the nearest clause
    end: a full stop, colon or semicolon, or in ``chat`` a dash standing apart ("for GERD -
    insomnia"; not the hyphen of "post-partum")."""
    words: set[str] = set()
    for position in range(first - 1, max(-1, first - window - 1), -1):
        token = tokens[position]
        if token.norm in _CLAUSE_ENDS:
            break
        if chat and is_dash(token) and any(spaces_around(tokens, position)):
            break
        words.add(token.norm)
    return words


class DrugHeads:
    """Words that make a drug class of the condition or organ before them ("pain meds").

    Without them "pain" in "strong pain meds" would be a symptom the person does not report.
    """

    def __init__(
        self, corrections: Mapping[str, str], data: Mapping[str, Any] | None = None
    ) -> None:
        raw = data if data is not None else _resources.read_json(DATA_FILE)
        section = raw.get("drug_heads", {})
        unknown = set(section) - _DRUG_HEAD_KEYS
        if unknown:
            raise PhraseDataError(f"drug_heads: unknown keys {sorted(unknown)}")
        self.heads = frozenset(normalize_phrase(w, corrections) for w in section.get("heads", ()))
        self.prefixes = frozenset(
            normalize_phrase(w, corrections) for w in section.get("prefixes", ())
        )

    def extent(self, tokens: Sequence[Token], first: int, last: int) -> tuple[int, int] | None:
        """Token range of "[anti-]<condition> <head>" around ``[first, last)``, if it is one."""
        if last >= len(tokens) or tokens[last].norm not in self.heads:
            return None
        start = first
        if start >= 2 and tokens[start - 1].norm == "-" and tokens[start - 2].norm in self.prefixes:
            start -= 2
        elif start >= 1 and tokens[start - 1].norm in self.prefixes:
            start -= 1
        return start, last + 1
