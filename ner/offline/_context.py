"""Disambiguation beyond the dictionary: context rules for everyday words, and cues for unseen
terms (word endings such as "-itis" or "-mab", and drug-taking frames such as "took X tablets").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ner._models import Label
from ner.offline import _resources
from ner.offline._text import Token, normalize_phrase

_Phrase = tuple[str, ...]
#: A rule phrase token that matches any number ("4 bp" is base pairs, not blood pressure).
NUMBER_SLOT = "<num>"
_STRENGTH_TOKEN = re.compile(r"\d+(?:mg|mcg|ml|g)$")


@dataclass(frozen=True, slots=True)
class _Required:
    """Phrases one of which must occur in a window: the one-word ones as a set (most rules
    list dozens of words, and a set answers for all of them at once), the others in turn."""

    words: frozenset[str]
    phrases: tuple[_Phrase, ...]

    @classmethod
    def of(cls, phrases: tuple[_Phrase, ...]) -> _Required:
        single = frozenset(p[0] for p in phrases if len(p) == 1 and p[0] != NUMBER_SLOT)
        return cls(single, tuple(p for p in phrases if len(p) > 1 or p[0] == NUMBER_SLOT))

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)

    def occurs_in(self, words: Sequence[str]) -> bool:
        return not self.words.isdisjoint(words) or any(_occurs_in(p, words) for p in self.phrases)


@dataclass(frozen=True, slots=True)
class _Adjacent:
    """Phrases that veto a match when one stands right before (or after) it, grouped by
    length so each length costs one set probe; phrases with a number slot are compared in
    turn."""

    by_length: tuple[tuple[int, frozenset[_Phrase]], ...]
    slotted: tuple[_Phrase, ...]

    @classmethod
    def of(cls, phrases: tuple[_Phrase, ...]) -> _Adjacent:
        groups: dict[int, set[_Phrase]] = {}
        for phrase in phrases:
            if NUMBER_SLOT not in phrase:
                groups.setdefault(len(phrase), set()).add(phrase)
        return cls(
            tuple((size, frozenset(group)) for size, group in sorted(groups.items())),
            tuple(p for p in phrases if NUMBER_SLOT in p),
        )

    def ends_at(self, words: Sequence[str], end: int) -> bool:
        """One of the phrases is ``words[end - len(phrase):end]``."""
        return any(
            size <= end and tuple(words[end - size : end]) in group
            for size, group in self.by_length
        ) or any(len(p) <= end and _same(p, words[end - len(p) : end]) for p in self.slotted)

    def starts_at(self, words: Sequence[str], start: int) -> bool:
        """One of the phrases is ``words[start:start + len(phrase)]``."""
        return any(
            tuple(words[start : start + size]) in group for size, group in self.by_length
        ) or any(_same(p, words[start : start + len(p)]) for p in self.slotted)


@dataclass(frozen=True, slots=True)
class _CompiledRule:
    window: int
    require_before: _Required
    require_after: _Required
    forbid_before: _Adjacent
    forbid_after: _Adjacent


def _phrases(raw: Sequence[str], corrections: dict[str, str]) -> tuple[_Phrase, ...]:
    return tuple(
        (NUMBER_SLOT,) if p == NUMBER_SLOT else tuple(normalize_phrase(p, corrections).split(" "))
        for p in raw
    )


def _occurs_in(phrase: _Phrase, words: Sequence[str]) -> bool:
    """``phrase`` within ``words``; a number slot matches any number, as in the forbid lists
    ("telma" needs a strength or a dose word near it: "Telma 40 od")."""
    size = len(phrase)
    return any(_same(phrase, words[i : i + size]) for i in range(len(words) - size + 1))


class ContextRules:
    """Keeps an ambiguous match only where its neighbours say it is medical."""

    def __init__(self, corrections: dict[str, str]) -> None:
        self._rules: dict[str, list[_CompiledRule]] = {}
        for rule in _resources.read_context_rules():
            compiled = _CompiledRule(
                window=rule.window,
                require_before=_Required.of(_phrases(rule.require_before, corrections)),
                require_after=_Required.of(_phrases(rule.require_after, corrections)),
                forbid_before=_Adjacent.of(_phrases(rule.forbid_before, corrections)),
                forbid_after=_Adjacent.of(_phrases(rule.forbid_after, corrections)),
            )
            key = normalize_phrase(rule.term, corrections)
            self._rules.setdefault(key, []).append(compiled)

    def __contains__(self, key: str) -> bool:
        return key in self._rules

    def allows(self, key: str, norms: Sequence[str], start: int, end: int) -> bool:
        """True when every rule for ``key`` accepts the match at tokens ``[start, end)``."""
        return all(_rule_allows(r, norms, start, end) for r in self._rules.get(key, ()))

    def forbids(self, key: str, norms: Sequence[str], start: int, end: int) -> bool:
        """True when a rule for ``key`` names a neighbour that rules the match at tokens
        ``[start, end)`` out ("hurts my feelings"); a missing required word is no veto here."""
        return any(
            r.forbid_before.ends_at(norms, start) or r.forbid_after.starts_at(norms, end)
            for r in self._rules.get(key, ())
        )


def _same(phrase: _Phrase, words: Sequence[str]) -> bool:
    return len(phrase) == len(words) and all(
        p == w or (p == NUMBER_SLOT and w.replace(".", "", 1).isdigit())
        for p, w in zip(phrase, words, strict=True)
    )


def _rule_allows(rule: _CompiledRule, norms: Sequence[str], start: int, end: int) -> bool:
    if rule.forbid_before.ends_at(norms, start) or rule.forbid_after.starts_at(norms, end):
        return False
    if not rule.require_before and not rule.require_after:
        return True
    before = norms[max(0, start - rule.window) : start]
    after = norms[end : end + rule.window]
    return rule.require_before.occurs_in(before) or rule.require_after.occurs_in(after)


@dataclass(frozen=True, slots=True)
class Cue:
    """An entity found by a cue: token index and label."""

    index: int
    label: Label


class CueFinder:
    """Labels single unknown words by their ending or by a drug-taking frame around them."""

    def __init__(self, common_words: set[str]) -> None:
        config = _resources.read_json("cues.json")
        self._min_length = int(config["min_length"])
        suffixes = [
            (suffix, Label(label))
            for label, items in config["suffixes"].items()
            for suffix in items
        ]
        self._suffixes = sorted(suffixes, key=lambda item: len(item[0]), reverse=True)
        self._any_suffix = tuple(suffix for suffix, _ in self._suffixes)
        self._exceptions = frozenset(config["exceptions"])
        self._blocked = frozenset(common_words) | frozenset(config["candidate_stopwords"])
        self._before = frozenset(config["drug_triggers_before"])
        self._after = frozenset(config["drug_triggers_after"])

    def _candidate(self, token: Token) -> bool:
        word = token.norm
        return (
            len(word) >= self._min_length
            and word.isalpha()
            and word not in self._blocked
            and word not in self._exceptions
        )

    def _suffix_label(self, word: str) -> Label | None:
        if not word.endswith(self._any_suffix):
            return None
        for suffix, label in self._suffixes:
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                return label
        return None

    def _drug_frame(self, tokens: Sequence[Token], i: int) -> bool:
        """``took X tablets`` / ``X 500mg`` / capitalized ``Zentel syrup``."""
        nxt = tokens[i + 1].norm if i + 1 < len(tokens) else ""
        follows = nxt in self._after or bool(_STRENGTH_TOKEN.match(nxt))
        if not follows:
            return False
        prev = tokens[i - 1].norm if i > 0 else ""
        return prev in self._before or tokens[i].text[:1].isupper()

    def find(self, tokens: Sequence[Token], covered: Sequence[bool]) -> list[Cue]:
        cues: list[Cue] = []
        for i, token in enumerate(tokens):
            if covered[i] or not self._candidate(token):
                continue
            label = self._suffix_label(token.norm)
            if label is None and self._drug_frame(tokens, i):
                label = Label.DRUG
            if label is not None:
                cues.append(Cue(i, label))
        return cues
