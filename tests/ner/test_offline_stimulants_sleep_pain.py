"""Eighth round, the integrator's part: posts about stimulants, sleeping pills, painkillers,
migraine medicines and vaccines, and lists of effects that go on after a complaint's site.

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
        ("on prednisone I couldn't sleep a wink", "couldn't sleep a wink"),
        ("he developed a tic after starting Ritalin", "tic"),
        ("she has a nervous tic since the new dose", "nervous tic"),
        ("my daughter picks at her skin until it bleeds", "picks at her skin"),
        ("he doesn't seem like himself on the meds", "doesn't seem like himself"),
        ("on quetiapine I put on a stone", "put on a stone"),
        ("I lost a stone on Topamax", "lost a stone"),
        ("Adderall: dry mouth, can't nap even when exhausted", "can't nap"),
        ("on Xanax I was forgetting conversations", "forgetting conversations"),
        ("morphine made me so itchy I scratched myself raw", "scratched myself raw"),
        ("since Wellbutrin my ears ring all day", "ring"),
        ("Effexor makes me soak the sheets every night", "soak the sheets"),
        ("so sleepy on hydroxyzine I fell asleep at my desk", "fell asleep at my desk"),
        ("on Zyprexa I eat everything in sight", "eat everything in sight"),
        ("Geodon made my eyes roll back", "roll back"),
        ("after chemo the chemo brain is the worst part", "chemo brain"),
        ("ropinirole gave me sleep attacks", "sleep attacks"),
        ("on Entresto my blood pressure bottoms out", "blood pressure bottoms out"),
        ("Keytruda and my thyroid went haywire", "went haywire"),
        ("on Plaquenil I saw flashes in my vision", "saw flashes"),
        ("isotretinoin made my joints creaky", "creaky"),
        ("propranolol makes my hands ice cold", "ice cold"),
        ("on Ozempic my cheeks look hollow", "hollow"),
        ("the steroid cream thinned my skin", "thinned my skin"),
        ("Latisse made my eyelids darker", "darker"),
        ("dupixent gave me crusty eyelids", "crusty"),
        ("Tamiflu made my daughter hallucinate", "hallucinate"),
        ("coming off Zyrtec I itched like mad", "itched like mad"),
        ("diclofenac made my ankles puff up", "puff up"),
        ("since the statin my knees creak and lock up", "lock up"),
        ("my fingers curl up on their own", "curl up"),
        ("on the new pills my sugar went up", "sugar went up"),
        ("it itched all night", "itched"),
        ("baclofen makes me weak as a kitten", "weak as a kitten"),
    ],
)
def test_effects_as_patients_tell_them(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Side effects: stiff.", "stiff"),
        ("Side effects - zonked", "zonked"),
        ("side effects were grumpy and hyper", "grumpy"),
        ("SE's: wired", "wired"),
        ("Lipitor made me blotchy", "blotchy"),
        ("since the patch I feel antsy", "antsy"),
        ("Side effects: impotent, nothing else", "impotent"),
    ],
)
def test_a_state_after_a_side_effects_header(
    offline_recognizer: Recognizer, text: str, state: str
) -> None:
    assert state in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Exhausted all the time.", "Exhausted"),
        ("Totally wiped out after chemo.", "wiped out"),
        ("Restless. Can't sit still.", "Restless"),
        ("Week 2 - wired, can't sleep", "wired"),
    ],
)
def test_a_state_that_opens_a_clause(offline_recognizer: Recognizer, text: str, state: str) -> None:
    """Reviews drop the subject: a state alone at the start of a clause is a complaint."""
    assert state in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "Drained the pasta and served it.",
        "Empty shelves at the pharmacy.",
        "Wired to the mains.",
        "Tired of waiting for the pharmacy.",
    ],
)
def test_a_word_that_opens_a_clause_in_another_sense_stays_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert offline_recognizer.recognize(text) == []


@pytest.mark.parametrize(
    "text",
    ["side effects were mild", "side effects: none", "side effects were bad", "cons: expensive"],
)
def test_a_verdict_on_side_effects_is_no_symptom(offline_recognizer: Recognizer, text: str) -> None:
    assert offline_recognizer.recognize(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Adapalene burns and my chin is flaky",
        "Restasis stings like crazy",
        "ibuprofen burns my stomach",
    ],
)
def test_what_a_medicine_does_is_no_injury(offline_recognizer: Recognizer, text: str) -> None:
    """The dictionary reads "burns" and "stings" as injuries; after a medicine they are what
    it does to the one who takes it."""
    assert texts_of(offline_recognizer, text, Label.DISEASE) == []
    symptoms = texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert any(s.startswith(("burns", "stings")) for s in symptoms)


def test_toenail_fungus_is_one_disease(offline_recognizer: Recognizer) -> None:
    text = "terbinafine for toenail fungus"
    assert texts_of(offline_recognizer, text, Label.DISEASE) == ["toenail fungus"]


def test_burns_from_a_stove_stay_an_injury(offline_recognizer: Recognizer) -> None:
    text = "I have burns on my arm from the stove"
    assert "burns" in texts_of(offline_recognizer, text, Label.DISEASE)


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("Lyrica - blurry vision, swollen feet, foggy.", "foggy"),
        ("gabapentin: sore knees, spacey", "spacey"),
    ],
)
def test_a_list_of_effects_goes_on_after_a_complaints_site(
    offline_recognizer: Recognizer, text: str, last: str
) -> None:
    assert last in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("the itching at night drives me nuts", "drives"),
        ("the itching at night drives me nuts", "nuts"),
        ("allergic to nuts and seeds", "nuts"),
        ("he wouldn't eat his vegetables", "vegetables"),
        ("the soup was cooked in vegetable oil", "vegetable oil"),
        ("we played tic tac toe", "toe"),
        ("she wants a tic tac", "tic"),
        ("my blood pressure bottoms out", "bottoms"),
        ("my phone went haywire", "went haywire"),
        ("the room is freezing", "freezing"),
        ("my legs look great after the marathon", "great"),
        ("Claritin is sold as non-drowsy", "drowsy"),
        ("my computer locks up every morning", "locks up"),
    ],
)
def test_everyday_words_stay_quiet(offline_recognizer: Recognizer, text: str, word: str) -> None:
    assert word not in [e.text for e in offline_recognizer.recognize(text)]


def test_a_kick_in_the_nuts_is_still_anatomy(offline_recognizer: Recognizer) -> None:
    text = "got kicked in the nuts and now my nuts are swollen"
    assert "nuts" in texts_of(offline_recognizer, text, Label.BODY_PART)
