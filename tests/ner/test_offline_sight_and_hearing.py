"""What the eyes and ears report, as people put it in consumer health questions (the MeQSum
register of ``lay_real``): noises in the ear told as sounds ("my ear has been sounding", "a
humming in my left ear", tinnitus misspelt), sight described by a weather word ("foggy",
"hazy"), glare after a seeing word, things seen that are not there, tears, and the fear of going
blind.

Glare, whistling and a blind eye have everyday senses ("she gave me a glare", "the whistling in
the kettle", "he turned a blind eye to it") that must stay quiet. The sentences are short
paraphrases written for the tests, not the questions themselves.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        # noises in the ear
        ("my ear has been sounding for years", "sounding"),
        ("there is a humming in my left ear all day", "humming"),
        ("I have a ringing sound in my ears", "ringing sound"),
        ("I have had tennitis for years", "tennitis"),
        # sight: a weather word, glare, things seen, tears, blindness feared
        ("I got foggy vision after the drops", "foggy vision"),
        ("I have hazy vision in one eye", "hazy vision"),
        ("I see glare around lights at night", "glare"),
        ("my eye is cloudy, like a glare or blurry vision", "glare"),
        ("I keep seeing black things in my left eye", "seeing black things"),
        ("any medicine for excessive tears?", "excessive tears"),
        ("I am afraid of going blind", "going blind"),
    ],
)
def test_what_the_eyes_and_ears_report_is_a_symptom(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "the whistling in the kettle woke me",
        "she gave me a glare",
        "the glare of the sun was bad",
        "he turned a blind eye to it",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []
