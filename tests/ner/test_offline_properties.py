"""Properties for arbitrary input: offsets slice the text exactly, entities never overlap."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ner import Label
from ner.offline import Recognizer, _fuzzy
from ner.offline._fuzzy import TypoIndex
from ner.offline._spans import Span, resolve, token_range
from ner.offline._text import Token, tokenize

MEDICAL_WORDS = [
    "fever",
    "no",
    "pain",
    "left",
    "knee",
    "500mg",
    "twice",
    "a",
    "day",
    "malaria",
    "fits",
    "cold",
    "back",
    "sugar",
    "is",
    "high",
    "( DMD )",
    "x-ray",
    "1-0-1",
    "q8h",
    "for",
    "5",
    "days",
    "denies",
    "or",
    "but",
    "calpol",
    "5ml",
    "type",
    "2",
    "diabetes",
    "İ",
    "ß",
    "\n",
    "-itis",
    "tablets",
    "took",
    ",",
    ".",
    "ml",
    "shortness",
    "of",
    "breath",
    "ﬁts",
    "٣",
]

# The recognizer fixture is session-scoped and stateless, so sharing it across examples is safe.
FIXTURE_OK = [HealthCheck.function_scoped_fixture]

mixed_text = st.lists(
    st.one_of(st.sampled_from(MEDICAL_WORDS), st.text(max_size=6)), max_size=30
).map(" ".join)


def check(recognizer: Recognizer, text: str) -> None:
    entities = recognizer.recognize(text)
    for entity in entities:
        assert text[entity.start : entity.end] == entity.text
        assert entity.start < entity.end
    ordered = sorted(entities, key=lambda e: e.start)
    for left, right in itertools.pairwise(ordered):
        assert left.end <= right.start


@settings(max_examples=300, deadline=None, suppress_health_check=FIXTURE_OK)
@given(text=st.text(max_size=200))
def test_arbitrary_unicode(offline_recognizer: Recognizer, text: str) -> None:
    check(offline_recognizer, text)


@settings(max_examples=400, deadline=None, suppress_health_check=FIXTURE_OK)
@given(text=mixed_text)
def test_medical_looking_text(offline_recognizer: Recognizer, text: str) -> None:
    check(offline_recognizer, text)


def _resolve_by_comparing_all(spans: list[Span]) -> list[Span]:
    """The definition of ``resolve``: each candidate, best first, is kept unless it overlaps
    one kept before it."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.source, s.start))
    chosen: list[Span] = []
    for span in ordered:
        if all(span.end <= c.start or c.end <= span.start for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


_spans = st.lists(
    st.tuples(st.integers(0, 60), st.integers(1, 12), st.integers(0, 3)).map(
        lambda t: Span(t[0], t[0] + t[1], 0, 0, Label.SYMPTOM, None, t[2])
    ),
    max_size=40,
)


@settings(max_examples=500, deadline=None)
@given(spans=_spans)
def test_resolving_overlaps_keeps_what_its_definition_keeps(spans: list[Span]) -> None:
    """``resolve`` checks a candidate against its neighbours only (long texts stay fast); it
    keeps exactly the spans that comparing with every kept span would."""
    assert resolve(spans) == _resolve_by_comparing_all(spans)


def _token_range_by_scanning(tokens: list[Token], start: int, end: int) -> tuple[int, int]:
    first = next((i for i, t in enumerate(tokens) if t.end > start), len(tokens))
    last = first
    while last < len(tokens) and tokens[last].start < end:
        last += 1
    return first, last


@settings(max_examples=300, deadline=None)
@given(text=mixed_text, a=st.integers(0, 250), b=st.integers(0, 250))
def test_token_range_finds_the_tokens_a_scan_finds(text: str, a: int, b: int) -> None:
    """``token_range`` bisects (dosage spans in a long text stay fast) and agrees with a scan."""
    tokens = tokenize(text, {})
    start, end = min(a, b), max(a, b)
    assert token_range(tokens, start, end) == _token_range_by_scanning(tokens, start, end)


def test_a_word_longer_than_any_curated_word_is_not_a_typo(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Its deletions (as many as its letters, each nearly as long) are never built: a
    megabyte "word" in a pasted document costs nothing."""
    index = TypoIndex(["paracetamol"], known_words=[])
    expanded: list[int] = []
    deletions = _fuzzy._deletions

    def counting(word: str) -> set[str]:
        expanded.append(len(word))
        return deletions(word)

    monkeypatch.setattr(_fuzzy, "_deletions", counting)
    assert index.correct("paracetemol") == "paracetamol"
    assert index.correct("paracetamoll") == "paracetamol"
    assert index.correct("p" + "a" * 5_000) is None
    assert max(expanded) == len("paracetamoll")
