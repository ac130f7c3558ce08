"""Properties for arbitrary input: offsets slice the text exactly, entities never overlap."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ner.offline import Recognizer

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
