"""Symptoms told as acts, events and consequences (tenth round): what a patient or a carer saw
happen rather than the symptom's name. Acts in sleep, waking or being found on the floor,
getting up and wandering at night, walking into door frames and missing steps, choking,
hitting a nurse, picking skin until it bleeds, no memory of what one did, a parent who forgot
one's name, stopping eating, chores in the small hours, crying in the car every morning; and
the everyday senses of the same words kept quiet.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # acts in sleep
        ("my husband kicked me in his sleep on ropinirole", "kicked me in his sleep"),
        ("my son screams in his sleep since Singulair", "screams in his sleep"),
        ("Chantix had me punching the headboard in my sleep", "punching the headboard in my sleep"),
        # waking or found on the floor
        ("I woke up on the bathroom floor after two Ambien", "woke up on the bathroom floor"),
        ("the carers found her on the floor twice", "found her on the floor"),
        # nights of a cared-for person
        ("Dad keeps getting up at night on donepezil", "keeps getting up at night"),
        ("he gets up at night and wandering round the house", "wandering round the house"),
        # collisions and missteps
        ("walked into the door frame twice yesterday", "walked into the door frame"),
        ("I missed the bottom step on gabapentin", "missed the bottom step"),
        ("on pacing: I was pacing the house all evening", "pacing the house"),
        # choking
        ("he choked on his drink three times at lunch", "choked on his drink"),
        # aggression towards carers
        ("Mum hit a nurse on the new tablets", "hit a nurse"),
        ("Dad punched one of the carers last night", "punched one of the carers"),
        # picking until it bleeds
        ("on Vyvanse my son picks his fingers until they bleed", "picks his fingers until they bleed"),
        ("scratched my arms till they bled on tramadol", "scratched my arms till they bled"),
        ("she picks at her cuticles until they bleed", "picks at her cuticles until they bleed"),
        # no memory of it
        ("Mum didn't remember it the next day", "didn't remember it"),
        ("woke up with no idea how I got there", "no idea how i got there"),
        # a parent forgets
        ("my mum forgot my name last week", "forgot my name"),
        ("he doesn't know what day it is and forgot my name", "forgot my name"),
        # eating stops
        ("my daughter stopped eating and lost weight on Concerta", "stopped eating"),
        # the small hours
        ("the prednisone had me cleaning the kitchen at 2am", "cleaning the kitchen at 2am"),
        ("on Wellbutrin I was pacing the house at 3am", "pacing the house at 3am"),
        # crying in a place, every day
        ("on Paxil I cried in the car every morning", "cried in the car every morning"),
    ],
)
def test_acts_are_symptoms(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    found = [t.lower() for t in texts_of(offline_recognizer, text, Label.SYMPTOM)]
    assert expected in found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "I could do that job in my sleep",
        "he died peacefully in his sleep last year",
        "the kids fell asleep on the living room floor watching a film",
        "we woke up on the floor at my friend's after the party",
        "she keeps getting up at night to feed the baby",
        "the dog keeps wandering off at the park",
        "I walked into the office and my boss was waiting",
        "I missed a step in the instructions",
        "the toddler choked on his food and we patted him",
        "the nurse hit the call button twice",
        "the barista forgot my name again",
        "I didn't remember it was her birthday",
        "my husband stopped eating meat last year",
        "we were cleaning the kitchen at 2am before the party",
        "I cried in the car on the way home from the funeral",
        "the coach was pacing up and down the touchline",
        "I fell asleep reading last night",
        "called in sick for my kid today",
        "pulled over to get gas on the way",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == [], text
