"""Mental-health states in patients' own words (ninth round): why people start a psychiatric
medicine and what it changed. Apathy, low mood, worry and rumination, withdrawal from people,
crying, anger, paranoia and grandiosity, suicidal thoughts, checking and washing, startle; and
the everyday senses of the same words kept quiet. Also the MeSH behaviour words that were read
as diseases ("caring", "dreams"). Consumer health questions (the MeQSum register of
``lay_real``) add wanting to end one's life and a sense of impending doom in the present tense
("I feel like I am going to die"; not "going to die of boredom").

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
        # apathy and low mood
        ("on Paxil I stopped caring about anything at all", "stopped caring about anything"),
        ("I didn't care about my hobbies for a year", "didn't care about my hobbies"),
        ("I had lost interest in everything by March", "lost interest in everything"),
        ("I couldn't be bothered with anything that winter", "couldn't be bothered with anything"),
        ("I was so low I stopped eating", "low"),
        ("I've been in a really dark place since spring", "in a really dark place"),
        ("Celexa made me not happy not sad", "not happy not sad"),
        ("I felt like a burden to everyone at home", "like a burden to everyone"),
        ("I felt empty and nothing mattered anymore.", "nothing mattered anymore"),
        ("since Zoloft the black cloud has gone", "black cloud"),
        # worry and rumination
        ("I was constantly worrying about money and health", "constantly worrying"),
        ("I'd worry about every little thing", "worry about every little thing"),
        ("my mind wouldn't switch off at bedtime", "mind wouldn't switch off"),
        ("my brain was going a hundred miles an hour", "brain was going a hundred miles an hour"),
        ("lying there going over everything in my head", "going over everything in my head"),
        ("I kept expecting the worst about my health", "kept expecting the worst"),
        ("I couldn't make decisions about anything", "couldn't make decisions"),
        # withdrawal from people
        ("I had stopped answering the phone to anyone", "stopped answering the phone"),
        ("I hardly left the house for weeks", "hardly left the house"),
        ("I just couldn't face people at all", "couldn't face people"),
        ("I dreaded going to work each morning", "dreaded going to work"),
        ("I was isolating myself from my friends", "isolating myself"),
        # crying, anger
        ("I cried at adverts on Lexapro", "cried at adverts"),
        ("I was tearful every day at work", "tearful every day"),
        ("I kept picking fights with my brother", "picking fights"),
        ("My son: screamed at his teachers and punched walls", "screamed at his teachers"),
        # panic, paranoia, grandiosity, mania
        ("I'd jump at every noise in the flat", "jump at every noise"),
        ("I thought people were following me home", "thought people were following me"),
        ("Before Haldol I believed I was chosen by God", "believed i was chosen by god"),
        ("I bought a car I couldn't afford while high", "bought a car i couldn't afford"),
        # suicidal thoughts, obsessions and compulsions
        ("I didn't want to be here anymore last winter", "didn't want to be here anymore"),
        ("the dark thoughts came every night", "dark thoughts"),
        ("Prozac took away the urge to hurt myself", "urge to hurt myself"),
        ("I checked the locks ten times every night", "checked the locks"),
        ("I washed my hands until they bled", "washed my hands until they bled"),
        ("Buspar took the edge off my nerves", "nerves"),
        # said at length
        ("I was sad all the time before Zoloft", "sad all the time"),
        ("I was too scared to leave the house, Paxil helped", "too scared to leave the house"),
        ("I felt numb and so alone", "so alone"),
        ("after the crash I jumped at loud noises", "jumped at loud noises"),
        ("the voices got louder at night", "voices"),
        ("on Celexa I didn't laugh or cry for a year", "didn't laugh or cry"),
        ("I ignored every text from my sister", "ignored every text"),
        ("I kept getting flashbacks after the accident", "flashbacks"),
        ("I was checking my pulse all day long", "checking my pulse"),
        ("I was obsessing over every twinge", "obsessing over every twinge"),
        ("I spent nights googling my symptoms", "googling my symptoms"),
        ("I was hiding from the world for a year", "hiding from the world"),
        ("I couldn't look anyone in the eye at work", "couldn't look anyone in the eye"),
        ("I was talking to people who weren't there", "talking to people who weren't there"),
        ("on Concerta he became withdrawn and quiet", "withdrawn"),
        ("I felt drained, sobbing and hopeless", "sobbing"),
        ("everything was grey and flat that year", "everything was grey"),
        ("on Zoloft I'm far less irritable", "irritable"),
        ("my OCD meant counting steps and tapping things", "tapping things"),
        ("Luvox cut down the hand washing", "hand washing"),
        ("Pristiq helped the emptiness I felt every evening", "emptiness"),
        ("I felt ugly all the time on it", "ugly"),
        ("I was scared of my own thoughts", "scared of my own thoughts"),
        ("I kept zoning out in meetings", "zoning out"),
        ("I used to panic in crowds before Paxil", "panic in crowds"),
        ("I didn't care if I lived or died that year", "didn't care if i lived or died"),
        ("I was convinced everyone at work hated me", "convinced everyone at work hated me"),
        # consumer questions: ending one's life, impending doom
        ("some days I want to commit suicide", "want to commit suicide"),
        (
            "I have a constant feeling that I am about to die",
            "a constant feeling that I am about to die",
        ),
        ("I feel like I am going to die when it starts", "like I am going to die"),
    ],
)
def test_mood_states_are_found(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    found = [t.lower() for t in texts_of(offline_recognizer, text, Label.SYMPTOM)]
    assert expected.lower() in found, found


@pytest.mark.parametrize(
    "text",
    [
        "I care about my kids more than anything",
        "I don't care about the price as long as it works",
        "I stopped caring about the garden when we moved",
        "My mind is made up, we are moving house",
        "I cried at the wedding, it was lovely",
        "I dread Mondays like everyone else",
        "He dreaded the drive in the rain",
        "I stopped answering it because I was driving",
        "We barely left the house during the snow",
        "I was so low on petrol I had to stop",
        "We were so low on milk I went out",
        "I jumped at the chance to go",
        "He thought people were watching the game",
        "He lost his temper with the referee",
        "The neighbours were watching the fireworks",
        "I checked the oven twice before leaving",
        "We had highs and lows this season",
        "Nothing mattered more than winning that game",
        "The black cloud of smoke drifted over the town",
        "The dark days of winter are nearly over",
        "don't panic, it's only a test",
        "Dreams so vivid in that film, loved it",
        "my happiness is all that matters to my mum",
        "I was miserable all week because of the rain",
        "I'm scared to leave the house unlocked",
        "He sat staring at the wall clock waiting for the bell",
        "I turned down every invite this month because I was saving money",
        "the film has too many flashbacks",
        "I was alone at home on Sunday",
        "We were googling symptoms of the phone battery problem",
        "The kids were raging about the cancelled trip",
        "the drug was withdrawn from the market",
        "the cat was hiding in my room all day",
        "I felt ugly in that dress so I returned it",
        "We lined things up for the party",
        "the emptiness of the stadium was eerie",
        "this one is less expensive than the other",
        "I don't care if it rains, we're going",
        "Everyone at work hated the new rota",
        "don't panic in crowds, just walk slowly",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


def test_doom_in_a_figure_of_speech_stays_quiet(offline_recognizer: Recognizer) -> None:
    text = "I am going to die of boredom in this meeting"
    assert "going to die" not in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "I stopped caring about anything",
        "Dreams so vivid since I started Chantix",
        "my happiness came back on Lexapro",
        "she has a good attitude about it",
    ],
)
def test_behaviour_words_are_no_disease(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.DISEASE) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I have delusions and hypervigilance", "delusions"),
        ("I have delusions and hypervigilance", "hypervigilance"),
        ("the panic is much better on sertraline", "panic"),
    ],
)
def test_psychiatric_symptoms_keep_their_reading(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


def test_a_mood_symptom_that_is_gone_is_negated(offline_recognizer: Recognizer) -> None:
    found = {
        e.text.lower(): e.negated
        for e in offline_recognizer.recognize("the constant worrying has gone since Cymbalta")
        if e.label is Label.SYMPTOM
    }
    assert found.get("constant worrying") is True, found
