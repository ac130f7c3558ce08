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
class _CompiledRule:
    window: int
    require_before: tuple[_Phrase, ...]
    require_after: tuple[_Phrase, ...]
    forbid_before: tuple[_Phrase, ...]
    forbid_after: tuple[_Phrase, ...]


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
                require_before=_phrases(rule.require_before, corrections),
                require_after=_phrases(rule.require_after, corrections),
                forbid_before=_phrases(rule.forbid_before, corrections),
                forbid_after=_phrases(rule.forbid_after, corrections),
            )
            key = normalize_phrase(rule.term, corrections)
            self._rules.setdefault(key, []).append(compiled)

    def __contains__(self, key: str) -> bool:
        return key in self._rules

    def allows(self, key: str, norms: Sequence[str], start: int, end: int) -> bool:
        """True when every rule for ``key`` accepts the match at tokens ``[start, end)``."""
        return all(_rule_allows(r, norms, start, end) for r in self._rules.get(key, ()))


def _same(phrase: _Phrase, words: Sequence[str]) -> bool:
    return len(phrase) == len(words) and all(
        p == w or (p == NUMBER_SLOT and w.replace(".", "", 1).isdigit())
        for p, w in zip(phrase, words, strict=True)
    )


def _rule_allows(rule: _CompiledRule, norms: Sequence[str], start: int, end: int) -> bool:
    for phrase in rule.forbid_before:
        if start >= len(phrase) and _same(phrase, norms[start - len(phrase) : start]):
            return False
    for phrase in rule.forbid_after:
        if _same(phrase, norms[end : end + len(phrase)]):
            return False
    if not rule.require_before and not rule.require_after:
        return True
    before = norms[max(0, start - rule.window) : start]
    after = norms[end : end + rule.window]
    return any(_occurs_in(p, before) for p in rule.require_before) or any(
        _occurs_in(p, after) for p in rule.require_after
    )


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
