"""Posts about psychiatric and neurological medicines (seventh round): withdrawal as lived,
emotional blunting, sexual effects, akathisia, weight said with an amount or denied, mania
told as events, and the everyday senses of the same words kept quiet.

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
        # withdrawal as the person lives it (chat only, after a word that says so)
        ("the withdrawal was rough but I'm through it", "withdrawal"),
        ("going through horrible withdrawals from Paxil", "horrible withdrawals"),
        ("honestly the withdrawals were brutal", "withdrawals"),
        # akathisia, cognition, mania
        (
            "I felt like I was crawling out of my skin all evening",
            "like i was crawling out of my skin",
        ),
        ("on Topamax I forget what I'm saying halfway through", "forget what i'm saying"),
        ("I can't think of the word I want anymore", "can't think of the word"),
        ("my speech is word salad by the afternoon", "word salad"),
        ("I kept pacing around the flat for hours", "pacing"),
        ("I stayed up for three nights straight painting", "stayed up for three nights straight"),
        ("I went on a spending spree and maxed out my credit cards", "spending spree"),
        ("I was talking a mile a minute at work", "talking a mile a minute"),
        ("Zyprexa turned me into a zombie for months", "a zombie"),
        ("the pills made me so stupid at school", "stupid"),
        # emotional blunting and sexual effects
        ("I didn't cry when my dog died", "didn't cry"),
        ("on sertraline my emotions are muted", "emotions are muted"),
        ("I've been emotionally flat for a year", "emotionally flat"),
        ("Paxil curbed my appetite completely", "curbed my appetite"),
        ("I can't finish in bed since the dose went up", "can't finish in bed"),
        ("I'm numb down there on Lexapro", "numb down there"),
        # weight lost with an amount (a wish to lose weight stays quiet); the body part inside
        # a lexicalized effect
        ("Topiramate made me lose 12 pounds", "made me lose 12 pounds"),
        ("I've been losing 2kg a month on it", "losing 2kg"),
        ("Vyvanse gives me jaw clenching all day", "jaw clenching"),
        ("my hair started to thin out on Depakote", "thin out"),
        ("my teenage son grew breasts on risperidone", "grew breasts"),
        ("Haldol made my tongue keep sticking out", "sticking out"),
        ("I was crying for no reason every afternoon", "crying for no reason"),
        # blunting and unreality said at length, long sleep with its hours
        ("on Lexapro I couldn't feel joy at all", "couldn't feel joy at all"),
        ("I've been feeling hollow since the switch", "hollow"),
        ("Paxil made the world look like nothing was real", "nothing was real"),
        ("on Remeron I'm sleeping 12 hours a night", "sleeping 12 hours a night"),
        ("Lamictal makes me see double at times", "see double"),
    ],
)
def test_psychiatric_effects_are_found(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    found = [t.lower() for t in texts_of(offline_recognizer, text, Label.SYMPTOM)]
    assert expected.lower() in found, found


@pytest.mark.parametrize(
    "text",
    [
        "I'm flat broke until payday",
        "I hope I lose 10 pounds before summer",
        "I need to lose 20 lbs",
        "the plot was a zombie movie",
        "he's a zombie fan and watches every episode",
        "I'm dying to try the new bakery",
        "the withdrawal from my savings account cleared today",
        "a cash withdrawal at the bank",
        "I forgot my keys this morning",
        "we kept pacing ourselves on the hike",
        "the tire went flat on the motorway",
        "that comedy made me so stupid with laughter",
        "I was falling asleep during the lecture",
        "I sleep 7 hours most nights",
        "she didn't cry at all when she got her jab",
        "I didn't cry during the film",
        "I had cereal at midnight",
        "his promises felt hollow",
        "we should see double digit growth",
        "winning the final felt unreal",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seroquel for bipolar keeps me steady", "bipolar"),
        ("I was diagnosed bipolar 2 last year", "bipolar 2"),
        ("Keppra for my seizures works well", "seizures"),
    ],
)
def test_named_diagnoses(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.DISEASE)


def test_bipolar_device_stays_quiet(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "they used bipolar electrodes", Label.DISEASE) == []


@pytest.mark.parametrize(
    ("text", "symptom", "negated"),
    [
        ("I got rebound insomnia when I stopped", "rebound insomnia", False),
        ("sobbing for no reason, couldn't get out of bed", "couldn't get out of bed", False),
    ],
)
def test_negation_flags(
    offline_recognizer: Recognizer, text: str, symptom: str, negated: bool
) -> None:
    found = {
        e.text.lower(): e.negated
        for e in offline_recognizer.recognize(text)
        if e.label is Label.SYMPTOM
    }
    assert found.get(symptom) is negated, found


@pytest.mark.parametrize(
    ("text", "dose"),
    [
        ("Wellbutrin 150 XL in the morning", "150"),
        ("Effexor 75 XR since spring", "75"),
    ],
)
def test_release_form_after_a_strength(
    offline_recognizer: Recognizer, text: str, dose: str
) -> None:
    assert dose in texts_of(offline_recognizer, text, Label.DOSAGE)


@pytest.mark.parametrize(
    "text",
    [
        "Zoloft has me waking up at 4am every night",
        "on Lexapro I didn't sleep for 3 days",
    ],
)
def test_timing_of_a_complaint_is_no_dose(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.DOSAGE) == []


def test_a_dose_timing_after_the_drug_stays(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "I take Seroquel every night", Label.DOSAGE) == [
        "every night"
    ]
