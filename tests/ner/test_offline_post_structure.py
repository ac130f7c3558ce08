"""How posts about medicines are built (eighth round): run-on lists with no punctuation,
effects told as a time course, hedged and attributed reports, questions, durations and
numbers glued to a complaint, intensifiers around it; and the everyday senses kept quiet.

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
        # a run-on list: a whole phrase does not swallow the named symptom after it
        (
            "venlafaxine vivid dreams night sweats zero libido",
            ["vivid dreams", "night sweats", "zero libido"],
        ),
        ("been on it a while hair falling out cant sleep", ["cant sleep"]),
        ("paxil gained 30 lbs tired all day", ["gained 30 lbs", "tired"]),
        ("it made me cry over nothing headaches every morning", ["headaches"]),
        # a one-word modifier still takes the symptom after it
        ("an achy pain in my side since Monday", ["achy pain"]),
        # short nights with their hours
        ("i get maybe 2 hrs of sleep a night on it", ["2 hrs of sleep a night"]),
        ("only 3 hours sleep since the dose went up", ["3 hours sleep"]),
        # a state after "has me", "got me", "keeps me"
        ("wellbutrin has me wired all day", ["wired"]),
        ("this stuff got me so drowsy", ["drowsy"]),
        # a body part that is freezing
        ("idk if its the atenolol but my hands are always freezing", ["freezing"]),
        # a question that names an act
        ("did anyone else lose their appetite on concerta?", ["lose their appetite"]),
        ("anyone else throw up on the first day?", ["throw up"]),
        # up at night to pee, said without "get"; how often, in minutes
        ("up 5 times a night to pee since the water pill", ["up 5 times a night to pee"]),
        ("lasix cramps in my hands, peeing every 20 min", ["peeing every 20 min"]),
        # a run-on list: a state right after the drug or after a symptom, no separator
        ("latuda restless couldnt sit still pacing all evening", ["restless", "pacing"]),
        ("prednisone cant sleep starving all day", ["cant sleep", "starving"]),
        (
            "wellbutrin dry mouth shaky anxious ringing in my ears",
            ["anxious", "ringing in my ears"],
        ),
        ("codeine drowsy itchy constipated nauseous", ["itchy", "constipated", "nauseous"]),
        # "+", ";" and "then" go on with a list
        ("gabapentin = wobbly + blurry + gained 12 lbs", ["wobbly", "blurry", "gained 12 lbs"]),
        # a state word that is a disease elsewhere, after a body part in a list
        ("made me wheezy and tired and my feet cold", ["cold"]),
        ("hair got oily on the pill", ["oily"]),
        ("nuvaring headaches nausea discharge cramping", ["discharge"]),
        # a body part that opens its own symptom is not taken by the state before it
        ("fluoxetine day 4 jittery heart racing", ["jittery", "heart racing"]),
        # a time course: a state right after "week 1", "day 3"
        ("wellbutrin week 1 wired, week 2 headaches", ["wired", "headaches"]),
        ("oxycodone day 3 constipated nauseous itchy", ["constipated", "nauseous", "itchy"]),
        # a faculty lost
        ("on metoprolol i can't run like i used to", ["can't run"]),
        # a state after "but" that follows a symptom; "can't eat" where nothing is eaten
        ("cymbalta no more pain but sweaty af", ["sweaty"]),
        ("day 4 jittery cant eat day 9 calmer", ["cant eat"]),
        ("i can't eat, can't sleep", ["can't eat"]),
        # a tagger does not join two complaints written side by side into one name
        ("on this i have sweating constipation insomnia lol", ["constipation", "insomnia"]),
        # what the drug made of the person; a period that changed
        ("keppra made me a monster, my wife says", ["a monster"]),
        ("spironolactone periods irregular dizzy when i stand", ["periods irregular"]),
        ("on the pill my period is always late", ["period is always late"]),
        # sunburn as an effect
        ("2 weeks into doxy and sunburned after 15 min outside", ["sunburned"]),
    ],
)
def test_post_structure_symptoms(
    offline_recognizer: Recognizer, text: str, expected: list[str]
) -> None:
    found = texts_of(offline_recognizer, text, Label.SYMPTOM)
    for item in expected:
        assert item in found, (item, found)


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        # a medicine people review is no everyday word: a tagger's silence does not drop it
        ("the fog lifted after 2 weeks off prozac", "prozac"),
        ("headaches stopped a week off zoloft", "zoloft"),
        ("by the end of the z-pak i had a rash", "z-pak"),
        ("finished my zpak yesterday", "zpak"),
        ("2 weeks into doxy for acne", "doxy"),
        ("the oxy made me so nauseous", "oxy"),
    ],
)
def test_post_structure_drugs(offline_recognizer: Recognizer, text: str, drug: str) -> None:
    assert drug in texts_of(offline_recognizer, text, Label.DRUG)


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        # the drug came first: an effect, not the reason for treatment
        ("my sister thinks i'm depressed since i started accutane", "depressed"),
        ("nightmares ever since taking the pills", "nightmares"),
    ],
)
def test_effect_after_drug_is_symptom(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "disease"),
    [
        ("I take zoloft for depression", "depression"),
        ("depression and anxiety, on sertraline", "depression"),
    ],
)
def test_reason_for_treatment_stays_disease(
    offline_recognizer: Recognizer, text: str, disease: str
) -> None:
    assert disease in texts_of(offline_recognizer, text, Label.DISEASE)


@pytest.mark.parametrize(
    "text",
    [
        "the weather has been killing me but work is fine",
        "my phone battery dies every day and the charger is shot",
        "i need 2 hours of sleep before the night shift",
        "the baby naps 2 hours a day",
        "my boss has me working late again",
        "my sister got me a new phone",
        "the kids keep me busy all week",
        "zoloft sad to say did nothing for me",
        # a state word used of a thing right after a drug or a time mark
        "metformin weak evidence says my doc",
        "bupropion angry phone call with the pharmacy today",
        "day 1 empty pharmacy shelves, day 2 still nothing",
        "i can't run the meeting today",
        "i cant eat gluten anymore",
        "it made me a different person in a good way",
        "my brother made me a zombie costume",
        "the rainy period stopped at last",
        "the trial period is over",
        "the drying cycle stopped halfway",
        "week 1 done, week 2 empty calendar",
        "i can't eat the whole pizza",
        "fever, discharge papers signed",
        "i have a cold and a sore throat",
        "the price of prozac is killing me",
        "anyone else going to the game tonight?",
        "we went to the beach for a week and then the kids started school",
        "the first week of the new job was rough but by week 3 it settled down",
    ],
)
def test_post_structure_stays_quiet(offline_recognizer: Recognizer, text: str) -> None:
    found = texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert [t for t in found if t not in ("fever", "sore throat")] == []


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        ("i have a cold and a sore throat", Label.DISEASE, "cold"),
        ("this cough drove me nuts for months", Label.BODY_PART, None),
        ("i'm allergic to nuts", Label.BODY_PART, None),
        # "af" after a state is slang, not atrial fibrillation
        ("lost 6 lbs on mounjaro but constipated AF", Label.DISEASE, None),
        ("he has AF and takes warfarin", Label.DISEASE, "AF"),
    ],
)
def test_post_structure_labels(
    offline_recognizer: Recognizer, text: str, label: Label, expected: str | None
) -> None:
    found = texts_of(offline_recognizer, text, label)
    assert (expected in found) if expected else found == []


@pytest.mark.parametrize(
    ("text", "timing"),
    [
        # when a complaint the dictionary files as a disease happens is no dose
        ("celexa gave me restless legs every night", "every night"),
        ("on adderall teeth grinding at night", "at night"),
    ],
)
def test_complaint_timing_is_no_dose(
    offline_recognizer: Recognizer, text: str, timing: str
) -> None:
    assert timing not in texts_of(offline_recognizer, text, Label.DOSAGE)


def test_dose_timing_after_a_drug_stays(offline_recognizer: Recognizer) -> None:
    assert "at night" in texts_of(offline_recognizer, "i take zoloft at night", Label.DOSAGE)
