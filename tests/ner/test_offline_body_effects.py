"""Bodily side effects of long-term medicines as reviews put them (ninth round): sex said in
euphemisms ("took forever to climax", "nothing worked down there"), weight said in numbers and
clothes ("went from 130 to 160 in four months", "none of my clothes fit"), sleep and dreams
("dreams so vivid", "sleeping through alarms"), sweat and temperature ("drenched the sheets",
"always freezing") and energy ("dragging myself through the day", "running on empty"), and the
everyday sentences with the same words that must stay quiet.

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
        # sex, in euphemisms
        ("on escitalopram it took forever to climax", "took forever to climax"),
        ("took ages to orgasm and sometimes I couldn't finish", "couldn't finish"),
        ("Paxil, nothing worked down there for months", "nothing worked down there"),
        ("I have performance issues since starting the beta blocker", "performance issues"),
        ("zero desire for my wife since the pills", "zero desire"),
        ("Celexa made my orgasms feel muted", "orgasms feel muted"),
        ("my orgasms were weak and took ages to come", "took ages to come"),
        ("sex hurts now on the injections", "sex hurts"),
        ("bupropion made me horny all the time", "horny all the time"),
        ("on Prozac sex took forever for both of us", "took forever"),
        ("Trazodone gave me a prolonged erection", "prolonged erection"),
        ("Escitalopram made sex pointless", "sex pointless"),
        ("my libido went through the floor by week 4", "libido went through the floor"),
        # weight, in numbers and clothes
        ("I went from 130 to 160 in four months on Remeron", "went from 130 to 160"),
        ("I went from 140 lbs to 172 lbs", "went from 140 lbs to 172 lbs"),
        ("my weight went from 60 to 75 kg", "went from 60 to 75 kg"),
        ("I ballooned on Depo", "ballooned"),
        ("Seroquel made me balloon", "balloon"),
        ("none of my clothes fit by month two", "none of my clothes fit"),
        ("my jeans won't button anymore", "jeans won't button"),
        ("Lithium has me up 30lbs", "up 30lbs"),
        ("Seroquel put 30 pounds on me in 5 months", "30 pounds"),
        ("went up 3 dress sizes on Depakote", "went up 3 dress sizes"),
        ("went from a size 8 to a size 14 on Zyprexa", "went from a size 8 to a size 14"),
        ("I forget to eat until 9pm", "forget to eat"),
        ("never full on quetiapine", "never full"),
        ("I crave sweets constantly since starting it", "crave sweets"),
        ("Ozempic made food disgusting", "food disgusting"),
        ("mirtazapine - eating like a horse", "eating like a horse"),
        ("my appetite doubled on prednisone", "appetite doubled"),
        ("I was eating at 2am on prednisone", "eating at 2am"),
        ("on Vyvanse food just doesn't appeal", "food just doesn't appeal"),
        ("by week six I was hungry every two hours", "hungry every two hours"),
        ("I couldn't eat more than a few bites on Wegovy", "couldn't eat more than a few bites"),
        ("Cymbalta 60mg, 5 months: +15lbs, night sweats", "+15lbs"),
        ("Three weeks in, hungry ALL the time, Seroquel 50mg.", "hungry ALL the time"),
        ("The scale went from 162 to 181 since I started Remeron", "went from 162 to 181"),
        # sleep and dreams
        ("The dreams were so vivid I didn't know what was real", "dreams were so vivid"),
        ("Dreams so vivid I woke up confused", "Dreams so vivid"),
        ("tired all the time, sleeping through alarms", "sleeping through alarms"),
        ("waking up 5 times a night on lamotrigine", "waking up 5 times a night"),
        ("Latuda had me in bed 16 hours a day", "in bed 16 hours a day"),
        ("since Zoloft I sleep 10-12 hours", "sleep 10-12 hours"),
        ("I'd sleep all weekend on Zyprexa", "sleep all weekend"),
        ("made me sleepy, dozing off at my desk", "dozing off at my desk"),
        ("zero energy, I nap every afternoon now", "nap every afternoon"),
        # sweat and temperature
        ("Sweat pouring down my face in meetings since Wellbutrin", "Sweat pouring down my face"),
        ("Feel cold to my bones on levothyroxine", "Feel cold to my bones"),
        ("I drenched the sheets every night on venlafaxine", "drenched the sheets"),
        ("waking up at 4am, sheets drenched", "sheets drenched"),
        ("Always freezing since the lithium started", "freezing"),
        ("I'm always hot now, everyone else has a sweater on", "hot"),
        # energy
        ("Dragging myself through the day on gabapentin", "Dragging myself through the day"),
        ("I'm running on empty by 2pm", "running on empty"),
        ("Running on fumes since the increase", "Running on fumes"),
        ("Topamax turned my daughter into a zombie", "a zombie"),
        ("Completely drained by lunch on metoprolol.", "drained"),
        ("no energy on Abilify, couch-bound all weekend", "couch-bound"),
        ("Gabapentin made me a couch potato", "a couch potato"),
    ],
)
def test_body_effect_is_a_symptom(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        # everyday senses of the same words
        "My clothes don't fit my style anymore, so I'm shopping.",
        "My clothes don't fit the dress code at the new job.",
        "My jeans are tight because they shrank in the wash.",
        "My pants don't fit the new belt, I need a bigger hole.",
        "I went from 130 to 160 km/h on the highway.",
        "I went from 150 to 300 in two weeks.",
        "The dream team went from 130 to 160 points in the second half.",
        "She dreams of becoming a nurse one day.",
        "Dreams do come true, she got the job.",
        "The kids knocked me out of bed at 6am.",
        "We were running on empty by the end of the road trip, the gas light was on.",
        "The car was running on fumes when we got to the station.",
        "The weather has been freezing all week.",
        "It's always freezing in the office.",
        "He performed well in the exam, no performance issues there.",
        "The app has performance issues on old phones.",
        "He ballooned the budget to 3 million.",
        "Up 25 pounds of potatoes in the bag.",
        "I lifted up 40 pounds at the gym.",
        "Sex and the City was on TV all night.",
        "Don't forget to eat breakfast before the exam.",
        "Drained the pasta and added the sauce.",
        "The bus took forever to come this morning.",
        "My son went up a shoe size this summer.",
        "I went up a size in running shoes.",
        "We slept through the alarm because of the power cut.",
        "The baby naps every afternoon at 2.",
        "The sheets were drenched after the storm blew the window open.",
        "Our appetite for travel went through the roof after the pandemic.",
        "The scale went from 3 to 5 stars after the update.",
        "My dog ballooned after the neutering.",
        "She went from 130 to 160 words per minute after the typing course.",
        "Priapism is the prolonged erection of the penis.",
        "I'm up 20 pounds on my bench press since January.",
        "I went from 118 to 141 pages in a year of reading.",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        # MeSH lists these normal experiences as disease terms; alone they are no entity
        ("She dreams of becoming a nurse one day.", "dreams"),
        ("I still have orgasms, just slower ones.", "orgasms"),
    ],
)
def test_normal_experiences_are_no_disease(
    offline_recognizer: Recognizer, text: str, word: str
) -> None:
    assert word not in texts_of(offline_recognizer, text, Label.DISEASE)


def test_shouted_all_is_no_leukaemia(offline_recognizer: Recognizer) -> None:
    # "ALL" is acute lymphoblastic leukaemia; shouted for emphasis it is the word "all"
    text = "I'm tired ALL the time on this stuff"
    assert texts_of(offline_recognizer, text, Label.DISEASE) == []


def test_painful_ejaculation_reported_is_a_symptom(offline_recognizer: Recognizer) -> None:
    text = "Strattera gave me painful ejaculation and dry mouth"
    assert "painful ejaculation" in texts_of(offline_recognizer, text, Label.SYMPTOM)
