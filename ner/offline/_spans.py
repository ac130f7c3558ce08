"""Candidate spans and how overlapping candidates are resolved into one set."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from ner._models import Label
from ner.offline._text import Token

#: Candidate precedence on equal length: dictionary beats dosage regex beats word-shape cue
#: beats descriptive phrase.
LEXICON, DOSAGE, CUE, PHRASE = 0, 1, 2, 3
#: A span found by a trained sequence tagger (never a candidate of the rule-based pipeline).
MODEL = 4


@dataclass(frozen=True, slots=True)
class Span:
    """A candidate entity over tokens ``[first, last)`` and characters ``[start, end)``."""

    start: int
    end: int
    first: int
    last: int
    label: Label
    code: str | None
    source: int


def token_range(tokens: Sequence[Token], start: int, end: int) -> tuple[int, int]:
    """Token indices covering characters ``[start, end)``."""
    first = bisect.bisect_right(tokens, start, key=lambda t: t.end)  # tokens are in text order
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return first, last


def resolve(spans: list[Span]) -> list[Span]:
    """Longest candidates first (then precedence, then leftmost); drop anything overlapping.

    The chosen spans never overlap, so they are kept in text order and a candidate is checked
    against its two neighbours only: long texts cost n log n, not a comparison with every span
    chosen so far.
    """
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.source, s.start))
    chosen: list[Span] = []
    starts: list[int] = []
    for span in ordered:
        at = bisect.bisect_left(starts, span.start)
        if at > 0 and chosen[at - 1].end > span.start:
            continue
        if at < len(chosen) and chosen[at].start < span.end:
            continue
        chosen.insert(at, span)
        starts.insert(at, span.start)
    return chosen
