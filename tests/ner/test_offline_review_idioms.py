"""Ninth round, the integrator's part: posts about heart, diabetes, thyroid and stomach
medicines, and terse lists of effects.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        ("on metformin I lived in the bathroom for a month", "lived in the bathroom"),
        ("the antibiotics had me glued to the toilet", "glued to the toilet"),
        ("Ozempic quieted the food noise", "food noise"),
        ("after Cipro I limped for weeks", "limped"),
        ("doxycycline made me burn to a crisp in the sun", "burn to a crisp"),
        ("I got burnt to a crisp on the beach while on doxy", "burnt to a crisp"),
        ("irritable, short fuse with the kids", "short fuse"),
        ("zapping in my head when I miss a dose", "zapping in my head"),
        ("prednisone had me wired at 3am", "wired"),
        ("I was wired at 4 in the morning", "wired"),
        ("Flagyl left a nasty taste", "nasty taste"),
        ("the antibiotic gave me a metallic taste", "metallic taste"),
        ("I get a weird aftertaste after every dose", "weird aftertaste"),
        ("my skin turned orange-ish on isotretinoin", "turned orange-ish"),
        ("my lips turned bluish in the cold", "turned bluish"),
        ("on Pristiq I feel like I'm in a bubble", "like I'm in a bubble"),
        ("I feel like I'm in a bubble, detached from everyone", "detached from everyone"),
        ("my mood was flat on Prozac", "mood was flat"),
    ],
)
def test_review_idioms_are_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "the toast was burnt to a crisp",
        "that joke left a bad taste",
        "the leaves turned orange",
        "the sky turned grey",
        "I was in a bubble bath when the phone rang",
        "the soda was flat",
        "the bank said I'm underwater on the mortgage",
        "zapping the leftovers in the microwave",
        "I was so angry at everyone",
        "she was mad at him",
        "he was good at maths",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert offline_recognizer.recognize(text) == []


@pytest.mark.parametrize(
    ("text", "part"),
    [("itchy rash on chest and back", "back"), ("acne on face, chest, back", "back")],
)
def test_back_beside_another_body_part_is_anatomy(
    offline_recognizer: Recognizer, text: str, part: str
) -> None:
    """A terse list drops "my": "back" coordinated with a body part is the back."""
    assert part in texts_of(offline_recognizer, text, Label.BODY_PART)


@pytest.mark.parametrize("text", ["we went back and forth", "I'll be back and ready by six"])
def test_back_in_other_senses_stays_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.BODY_PART) == []


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("my head would spin", "spin"),
        ("my head spun after every dose", "spun"),
        ("my heart would skip beats", "skip beats"),
        ("my feet would fall asleep", "fall asleep"),
        ("my knee kept giving way", "kept giving way"),
        ("my eyelids droop by the evening", "droop"),
        ("my urine stank on the antibiotic", "stank"),
        ("the room would spin when I stood up", "room would spin"),
        ("everything spins on this pill", "everything spins"),
        ("on Topamax everything carbonated tasted flat", "everything carbonated tasted flat"),
        ("on clozapine my heart rate is always up", "heart rate is always up"),
        ("since Zyprexa my ldl went through the roof", "ldl went through the roof"),
        ("Haldol made my neck twist to one side", "twist to one side"),
        ("my eyes rolled up and I couldn't look down", "rolled up"),
    ],
)
def test_a_body_state_in_every_tense(offline_recognizer: Recognizer, text: str, state: str) -> None:
    """Reviews tell a habit with "would" and the past with its own form: the body state
    class holds the base and past forms beside the present."""
    assert state in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "I skip breakfast",
        "the wheels would spin",
        "the wheels spun",
        "my kids go red pens",
        "I rolled up my sleeves",
        "the prices went through the roof",
    ],
)
def test_those_verbs_without_a_body_part_stay_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("tretinoin made my face peel", "peel"),
        ("my skin peels on the retinoid", "peels"),
        ("I have a cystic lump on my back", "cystic"),
        ("I'm allergic to bee venom", "venom"),
        ("they took samples at the clinic", "samples"),
    ],
)
def test_words_the_anatomy_corpus_annotates_are_no_body_part_in_chat(
    offline_recognizer: Recognizer, text: str, word: str
) -> None:
    """AnatEM annotates fruit peel, cysts' walls, venom and tissue samples as anatomy; in a
    post the skin peels and a sample is taken."""
    assert word not in texts_of(offline_recognizer, text, Label.BODY_PART)


def test_skin_that_peels_is_a_symptom(offline_recognizer: Recognizer) -> None:
    assert "peel" in texts_of(offline_recognizer, "my skin started to peel", Label.SYMPTOM)
