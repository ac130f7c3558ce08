"""Symptoms with qualifiers, places, times and shared heads, as posts about medicines write them
(tenth round): "pressure behind the eyes", "ringing in one ear", "a fluttery feeling in my
chest", "hand and foot cramps", "upper and lower back pain", "a red, hot face", and the
everyday sentences with the same words that must stay quiet.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import spans, texts_of


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # a sensation placed with an article or a number, not only a possessive
        ("pressure behind the eyes since the new pill", Label.SYMPTOM, "pressure"),
        ("ringing in one ear after a week of aspirin", Label.SYMPTOM, "ringing"),
        ("ringing in one ear after a week of aspirin", Label.BODY_PART, "ear"),
        ("a pressure over the kidneys", Label.SYMPTOM, "pressure"),
        # sensation nouns placed in a body part
        ("a fullness in my ears after each dose", Label.SYMPTOM, "fullness"),
        ("a dull throb in my wrist on lithium", Label.SYMPTOM, "throb"),
        ("tenderness over my kidneys", Label.SYMPTOM, "tenderness"),
        ("a sour taste at the back of my throat", Label.SYMPTOM, "sour taste"),
        ("a stitch in my side that won't go", Label.SYMPTOM, "stitch in my side"),
        ("a clicking in my jaw after the statin", Label.SYMPTOM, "clicking"),
        ("I get a squeezing in my chest on the stairs", Label.SYMPTOM, "squeezing"),
        ("twitchy arms in bed on mirtazapine", Label.SYMPTOM, "twitchy"),
        # a feeling or sensation with its kind, placed in a body part
        ("a fluttery feeling in my chest", Label.SYMPTOM, "fluttery feeling"),
        ("a full feeling in my stomach after a few bites", Label.SYMPTOM, "full feeling"),
        ("a squeezing sensation in my throat", Label.SYMPTOM, "squeezing sensation"),
        (
            "a burning feeling in my chest about an hour after the pill",
            Label.SYMPTOM,
            "a burning feeling",
        ),
        ("a tight band around my head after Imitrex", Label.SYMPTOM, "tight band"),
        ("a racing pulse after coffee on Synthroid", Label.SYMPTOM, "racing pulse"),
        ("pain everywhere, hurting from my neck to my toes", Label.SYMPTOM, "hurting"),
        # a state a body part takes, in front of it and in a list of its states
        ("stinging eyes after the drops", Label.SYMPTOM, "stinging"),
        ("my eyes are dry and gritty since Restasis", Label.SYMPTOM, "gritty"),
        ("my joints feel stiff and creaky every morning", Label.SYMPTOM, "creaky"),
        # a list goes on across a time of day
        ("jittery and wired in the afternoon, crash at 6pm", Label.SYMPTOM, "crash"),
        ("nausea in the morning, exhausted by dinner", Label.SYMPTOM, "exhausted"),
        ("aches and pains everywhere, flu-like, after each injection", Label.SYMPTOM, "flu-like"),
        ("headache on waking, nauseous by 10, wiped out by 3pm", Label.SYMPTOM, "wiped out"),
        ("tired by lunch, dizzy by dinner, on metformin", Label.SYMPTOM, "dizzy"),
        ("hot and cold flashes, shivery then sweaty", Label.SYMPTOM, "shivery"),
        ("Not hungry, not sleeping, not myself since Vyvanse", Label.SYMPTOM, "Not hungry"),
        # similes of pressure and pain, in the present as in the past
        ("my head feels like it's in a vice", Label.SYMPTOM, "like it's in a vice"),
        (
            "and it's like someone is sitting on my chest",
            Label.SYMPTOM,
            "like someone is sitting on my chest",
        ),
        # body parts sharing a symptom word the vocabularies hold no compound for
        ("hand and foot cramps every night", Label.SYMPTOM, "hand and foot cramps"),
        ("calf and thigh cramps at 3am", Label.SYMPTOM, "calf and thigh cramps"),
        ("muscle, joint and bone pain on Prolia", Label.SYMPTOM, "muscle, joint and bone pain"),
        ("face and neck flushing after niacin", Label.SYMPTOM, "face and neck flushing"),
        # sides sharing a symptom
        ("upper and lower back pain from week one", Label.SYMPTOM, "upper and lower back pain"),
        ("left and right knee pain on Cipro", Label.SYMPTOM, "left and right knee pain"),
        # a run of states in front of a body part
        ("a red, hot face after niacin", Label.SYMPTOM, "red"),
        ("a red, hot face after niacin", Label.SYMPTOM, "hot"),
        ("hot, red, swollen joints in the morning", Label.SYMPTOM, "hot"),
        ("cold, clammy hands all day", Label.SYMPTOM, "cold"),
        ("tired, achy legs by the evening", Label.SYMPTOM, "tired"),
    ],
)
def test_qualified_symptoms_are_found(
    offline_recognizer: Recognizer, text: str, label: Label, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the coordination is one mention, not two body parts and a symptom
        ("Hand and foot cramps every night.", [("Hand and foot cramps", "SYMPTOM")]),
        # a body part that locates another complaint stays apart
        (
            "pain in my arm and back pain",
            [("pain", "SYMPTOM"), ("arm", "BODY_PART"), ("back pain", "SYMPTOM")],
        ),
        # a body part with a state of its own starts no coordination
        (
            "swollen hands and foot cramps",
            [
                ("swollen", "SYMPTOM"),
                ("hands", "BODY_PART"),
                ("foot", "BODY_PART"),
                ("cramps", "SYMPTOM"),
            ],
        ),
    ],
)
def test_shared_heads_keep_their_mentions(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The pressure behind the scenes was intense.", Label.SYMPTOM),
        ("I had a funny feeling in my bones about this.", Label.SYMPTOM),
        ("I get a weird feeling in my stomach about him.", Label.SYMPTOM),
        ("A warm feeling in my heart when the kids visit.", Label.SYMPTOM),
        ("The left and right lanes were closed.", Label.SYMPTOM),
        ("The red, white and blue flag was flying.", Label.SYMPTOM),
        ("A hot, dry summer is forecast.", Label.SYMPTOM),
        ("A big, heavy bag on my back all day.", Label.SYMPTOM),
        ("The heaviness of the news got to me.", Label.SYMPTOM),
        ("There was a buzzing in the kitchen from the fridge.", Label.SYMPTOM),
        ("The ringing in the church tower woke us.", Label.SYMPTOM),
        ("She was hurting from my words, not from her knee.", Label.SYMPTOM),
        ("He held my hand like a vice.", Label.SYMPTOM),
        ("Not hungry for dessert, thanks.", Label.SYMPTOM),
        ("The clicking of the clock in my room is loud.", Label.SYMPTOM),
        ("The popping in the kitchen was the popcorn.", Label.SYMPTOM),
        ("The stinging nettles by the fence.", Label.SYMPTOM),
        ("The floor is creaky and the car crash was bad.", Label.SYMPTOM),
        ("A flu-like illness went round the office.", Label.SYMPTOM),
        ("A rubber band around my wrist reminds me to take it.", Label.SYMPTOM),
        # a hedged frequency after a complaint says how often it comes, not a dose
        ("Palpitations, maybe once or twice a week, on Synthroid.", Label.DOSAGE),
        ("Headaches about 3 times a week on Zoloft.", Label.DOSAGE),
        ("Diarrhea three or four times a day on metformin.", Label.DOSAGE),
    ],
)
def test_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nausea, take Zofran twice a day", "twice a day"),
        ("for the nausea I take Zofran, usually twice a day", "twice a day"),
    ],
)
def test_a_dose_after_a_complaint_stays(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.DOSAGE)
