"""Gemini answers with the same contract as the offline engine: concepts and assertions from
the answer, offsets from alignment, codes from the offline vocabularies, relations by the shared
rules."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from ner import Certainty, Concept, RelationType, Subject, extract_with_fallback
from ner.gemini import GeminiConfig, GeminiEngine, build_gemini_engines, parse_answer
from ner.offline import OfflineEngine
from tests.fakes.gemini_server import FakeGemini, entities_reply

KEY = "answers-key"
MOTHER = "my mum takes metformin 500 mg and had fits as a kid, maybe epilepsy"


@pytest.fixture
async def gemini(fake: FakeGemini) -> AsyncIterator[GeminiEngine]:
    config = GeminiConfig(api_key=KEY, base_url=fake.base_url, timeout_s=2.0, retry_attempts=1)
    [built] = build_gemini_engines(config)
    assert isinstance(built, GeminiEngine)
    yield built
    await built.aclose()


def test_the_answer_carries_concepts_and_assertions() -> None:
    answer = (
        '{"entities": [{"text": "Fits", "label": "SYMPTOM", "negated": false, '
        '"concept": "Seizure", "subject": "family", "subject_word": "mum", '
        '"certainty": "possible", "historical": true}]}'
    )
    [fits] = parse_answer(answer, "my mum had fits as a kid")
    assert (fits.text, fits.start, fits.end) == ("fits", 11, 15)
    assert fits.concept == Concept(name="Seizure")
    assert (fits.subject, fits.subject_word) == (Subject.FAMILY, "mum")
    assert (fits.certainty, fits.historical) == (Certainty.POSSIBLE, True)


@pytest.mark.parametrize(
    "extra",
    [
        '"subject": "aliens", "certainty": 7, "historical": "no"',
        '"subject": null, "concept": 42, "subject_word": ["mum"]',
        '"subject": "patient", "subject_word": "mum"',
    ],
)
def test_odd_assertion_values_fall_back_to_the_defaults(extra: str) -> None:
    answer = f'{{"entities": [{{"text": "fever", "label": "SYMPTOM", "negated": false, {extra}}}]}}'
    [fever] = parse_answer(answer, "fever")
    assert fever.concept is None
    assert (fever.subject, fever.subject_word) == (Subject.PATIENT, None)
    assert (fever.certainty, fever.historical) == (Certainty.CERTAIN, False)


async def test_gemini_entities_get_codes_offline_and_relations_by_the_shared_rules(
    fake: FakeGemini, gemini: GeminiEngine
) -> None:
    fake.script(
        entities_reply(
            {
                "text": "metformin",
                "label": "DRUG",
                "negated": False,
                "subject": "family",
                "subject_word": "mum",
            },
            {"text": "500 mg", "label": "DOSAGE", "negated": False},
            {"text": "fits", "label": "SYMPTOM", "negated": False, "historical": True},
            {
                "text": "epilepsy",
                "label": "DISEASE",
                "negated": False,
                "concept": "Epilepsy",
                "certainty": "possible",
            },
        )
    )
    offline = OfflineEngine()
    outcome = await extract_with_fallback(gemini, offline, MOTHER)

    assert outcome.engine == gemini.name
    found = {e.text: e for e in outcome.entities}
    assert all(MOTHER[e.start : e.end] == e.text for e in outcome.entities)
    assert found["fits"].concept is not None
    assert (found["fits"].concept.name, found["fits"].concept.code) == ("Seizure", "HP:0001250")
    assert found["epilepsy"].concept is not None
    assert found["epilepsy"].concept.code is not None  # Gemini's name, linked to its code
    assert found["metformin"].subject is Subject.FAMILY
    assert found["fits"].historical
    [relation] = outcome.relations
    assert relation.type is RelationType.DOSAGE_OF
    assert (outcome.entities[relation.source].text, outcome.entities[relation.target].text) == (
        "500 mg",
        "metformin",
    )
