"""How real patients spell (seventh round): misspelt medicines, letters stretched for emphasis,
two words of a symptom run together, short brand names, and everyday words one letter away from
medical ones that must stay quiet.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer, _resources
from ner.offline._fuzzy import TypoIndex
from ner.offline._text import shorten_elongation
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "label", "expected"),
    [
        # a medicine people review, one typo away (the chat-only list typo_drugs.txt)
        ("been on lexipro for a month now", Label.DRUG, "lexipro"),
        ("welbutrin made me jittery", Label.DRUG, "welbutrin"),
        ("gabapenten left me tired all day", Label.DRUG, "gabapenten"),
        ("the ondansatron stopped the sickness", Label.DRUG, "ondansatron"),
        ("diazapam helps me sleep", Label.DRUG, "diazapam"),
        ("amlodipene made my ankles swell", Label.DRUG, "amlodipene"),
        # short brands as curated pairs
        ("zolof gave me nausea", Label.DRUG, "zolof"),
        ("took a xanex before the flight", Label.DRUG, "xanex"),
        ("the depo shot gave me spotting", Label.DRUG, "depo shot"),
        ("on ferrous sulphate for my anaemia", Label.DRUG, "ferrous sulphate"),
        # letters stretched for emphasis
        ("my head hurtsss every morning", Label.SYMPTOM, "hurtsss"),
        ("feeling so dizzzy after the pill", Label.SYMPTOM, "dizzzy"),
        ("itchyyy skin all over", Label.SYMPTOM, "itchyyy"),
        # two words of a curated symptom run together
        ("jointpain in my knees", Label.SYMPTOM, "jointpain"),
        ("backpain every morning", Label.SYMPTOM, "backpain"),
        ("musclecramps at night", Label.SYMPTOM, "musclecramps"),
        # misspelt words of a multi-word symptom
        ("shortnes of breath on the stairs", Label.SYMPTOM, "shortnes of breath"),
        ("panick attacks at night since starting it", Label.SYMPTOM, "panick attacks"),
        ("i get panic atacks at night", Label.SYMPTOM, "panic atacks"),
        ("i get shortniss of breth on the stairs", Label.SYMPTOM, "shortniss of breth"),
        # a letter of a double written once or twice, in words under seven letters
        ("it made me feel numbb", Label.SYMPTOM, "numbb"),
        ("a bad coughh since monday", Label.SYMPTOM, "coughh"),
        ("my daughters feverr went up", Label.SYMPTOM, "feverr"),
        ("i feel sooo sickk", Label.SYMPTOM, "sickk"),
    ],
)
def test_misspelt_mentions_are_found(
    offline_recognizer: Recognizer, text: str, label: Label, expected: str
) -> None:
    assert any(expected in found for found in texts_of(offline_recognizer, text, label))


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        # everyday words one letter away from symptom words
        ("we sat on the couch all evening", "couch"),
        ("i tried the new recipe last night", "tried"),
        ("the sales team made a cold call", "cold"),
        ("the crowd was at fever pitch before kick off", "fever"),
        ("she is a real headache for the team", "headache"),
        ("the baby had yawning fits all afternoon", "fits"),
        # stretched words that are no symptom, and a long word that is no two symptom words
        ("the meeting was sooo long", "sooo"),
        ("that is a gooood idea", "gooood"),
        ("the therapist was kind to me", "therapist"),
        # a real word a double away from a curated one, and a misspelt word of a term alone
        ("the noose scene in the film was grim", "noose"),
        ("the panic room was fun", "panic"),
        ("we bought hipp formula for the baby", "hipp"),
    ],
)
def test_everyday_words_stay_quiet(offline_recognizer: Recognizer, text: str, quiet: str) -> None:
    found = [e.text for e in offline_recognizer.recognize(text)]
    assert not any(quiet in f for f in found)


def test_chat_only_words_are_not_corrected_in_literature() -> None:
    index = TypoIndex(["aspirin"], [], chat_words=["propranolol"])
    assert index.correct("propronolol") == "propranolol"
    assert index.correct("propronolol", literature=True) is None
    assert index.correct("aspirinn", literature=True) == "aspirin"


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("numbb", "numb"),  # a letter written twice
        ("stif", "stiff"),  # a double written once
        ("nuumb", "numb"),
        ("numv", None),  # a substitution under seven letters: never ("couch", "tried")
        ("nmub", None),  # a swap under seven letters: never
        ("sttif", None),  # two slips
        ("noose", None),  # a real word
    ],
)
def test_short_words_are_corrected_for_a_double_only(word: str, expected: str | None) -> None:
    index = TypoIndex(["numb", "stiff", "nose"], [])
    assert index.correct(word) == expected
    assert index.correct(word, literature=True) is None


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("dizzzy", "dizzy"),
        ("hurtsss", "hurts"),
        ("soooo", "so"),
        ("tiiiired", "tired"),
        ("sickk", "sick"),  # a word ending in a double, tried without its last letter
        ("assess", "assess"),  # ... never a double English words end in ("asses" is a word)
        ("kiss", "kiss"),  # ... unless the vocabulary has it
        ("blogg", "blogg"),  # ... or nothing known is behind it
        ("aaa", "aaa"),  # a word the vocabulary has is never touched
        ("zzzz", "zzzz"),  # one letter repeated is no word stretched
        ("blarggg", "blarggg"),  # nothing known behind it: left as written
    ],
)
def test_shorten_elongation(word: str, expected: str) -> None:
    vocabulary = {"dizzy", "hurt", "so", "tired", "aaa", "z", "sick", "ass", "kiss", "kis"}
    assert shorten_elongation(word, {}, vocabulary) == expected


def test_a_capitalised_double_is_a_name() -> None:
    assert shorten_elongation("marr", {}, {"mar"}, written_lower=False) == "marr"
    assert shorten_elongation("marr", {}, {"mar"}) == "mar"


def test_typo_drugs_are_drugs_of_the_lexicon(offline_recognizer: Recognizer) -> None:
    for word in _resources.read_words("typo_drugs.txt"):
        found = offline_recognizer.lexicon.lookup(word)
        assert found is not None and found[0] is Label.DRUG, word
