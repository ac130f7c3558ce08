"""Consumer health questions (sixth round): lab readings, bodily functions said at length,
short misspellings, eponymous diseases by the possessive alone, carers' descriptions.

The lab readings also hold the ways the eleventh round's real questions (the MeQSum register of
``lay_real``) write them: a number before the reading's name ("a 410 blood sugar"), a level in
words ("less platelet count", "a high thyroid level"), a value with "is showing" or "is
decreased to"; with the counts, diets and prices that must stay quiet.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ner import Label
from ner.offline import Recognizer, _resources
from ner.offline._phrases import DATA_FILE, PhraseDataError, PhraseMatcher
from ner.offline._text import tokenize
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reading with a decimal or a thousands separator keeps the whole number
        ("her creatinine came back at 2.4 last week", "creatinine came back at 2.4"),
        ("my platelets are at 92,000 now", "platelets are at 92,000"),
        ("my hb count is 7.5 after the bleed", "hb count is 7.5"),
        # a substance the dictionary reads as a drug, measured
        ("my potassium was 6.1 at the clinic", "potassium was 6.1"),
        ("dad's sodium level was 128 on admission", "sodium level was 128"),
        ("her vitamin D is really low", "vitamin D is really low"),
        ("my ferritin is 8 and I'm exhausted", "ferritin is 8"),
        ("his oxygen was 89% on the monitor", "oxygen was 89%"),
        # no possessive: a lab name with its tail and a level, or a strict lab name and a value
        ("The T4 levels are low according to the nurse", "T4 levels are low"),
        ("A1c is 8.9 even on two tablets", "A1c is 8.9"),
        ("HDL shows 31 on the report", "HDL shows 31"),
        # a level word in front of a lab name
        ("can low iron make you breathless?", "low iron"),
        ("are low platelets dangerous after chemo?", "low platelets"),
        ("does high calcium cause stones?", "high calcium"),
        ("she was told she has a low white count", "low white count"),
        ("could very low vitamin D levels cause aches?", "very low vitamin D levels"),
        # a relative's reading, a value after "of", a value with "over"
        ("my daughter's eosinophils are high again", "eosinophils are high"),
        ("my dad's INR was 3.9 yesterday", "INR was 3.9"),
        ("is a PSA of 8 a reason to worry?", "PSA of 8"),
        ("my triglycerides are over 400", "triglycerides are over 400"),
        # a number before the reading's name, a misspelt one, a level said in words
        ("was diagnosed with a 410 blood sugar last month", "410 blood sugar"),
        ("my blood presur is 150/95", "blood presur is 150/95"),
        ("my baby is in hospital due to less platelet count", "less platelet count"),
        (
            "very low number of platelets on the last test",
            "very low number of platelets",
        ),
        ("does a high thyroid level slow healing?", "high thyroid level"),
        ("he has a low IQ and learning problems", "low IQ"),
        # a value with "is showing" or "is decreased to"
        ("my urea is showing 40, is that bad?", "urea is showing 40"),
        ("His creatinine is also showing 2.1 now", "creatinine is also showing 2.1"),
        ("his platelet count is decreased to 12", "platelet count is decreased to 12"),
    ],
)
def test_lab_readings_are_found(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "we switched to a low sodium diet last year",
        "I buy high calcium milk for the kids",
        "the iron is too hot for this shirt",
        "a normal A1c is 5.7 or below",
        "the target LDL is 70 for people like me",
        "my insulin is 20 units at night",
        "the pressure in the tyres is at 32",
        "Serum potassium levels were low in three of the rats .",
        "I do 3 blood sugar checks a day",
        "I should eat less sodium and less iron",
        "the fridge is kept at 5 Celsius temperature",
    ],
)
def test_lab_words_stay_quiet_outside_a_reading(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


def test_a_bill_showing_a_number_is_no_reading(offline_recognizer: Recognizer) -> None:
    found = texts_of(offline_recognizer, "the bill is showing 40 dollars", Label.SYMPTOM)
    assert "bill is showing 40" not in found


def test_a_reading_replaces_the_drug_it_measures(offline_recognizer: Recognizer) -> None:
    labels = {e.text: e.label for e in offline_recognizer.recognize("my potassium was 5.8")}
    assert labels == {"potassium was 5.8": Label.SYMPTOM}


def test_a_dose_of_the_same_substance_stays_a_drug(offline_recognizer: Recognizer) -> None:
    assert "potassium" in texts_of(
        offline_recognizer, "I was told to take potassium 20 mEq daily", Label.DRUG
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my father doesn't pass much urine lately", "doesn't pass much urine"),
        ("she hasn't had a bowel movement in four days", "hasn't had a bowel movement"),
        ("the baby hasn't pooped since Sunday", "hasn't pooped"),
        ("he does not eat enough since the stroke", "does not eat enough"),
        ("mum doesn't recognise us anymore", "doesn't recognise us"),
        ("she cannot hold her water when she sneezes", "cannot hold her water"),
        ("he can't find his words at times", "can't find his words"),
        ("my wife can't lift her arm above her head", "can't lift her arm"),
        ("grandad forgets things all day", "forgets things all day"),
        ("my mother repeats herself constantly", "repeats herself"),
        ("dad wanders at night and gets lost", "wanders at night"),
        ("she sleeps most of the day now", "sleeps most of the day"),
        ("my son breathes really fast when he sleeps", "breathes really fast"),
        ("I get up three times a night to pee", "get up three times a night to pee"),
        (
            "I have to get up 2-3 times a night to urinate",
            "get up 2-3 times a night to urinate",
        ),
        ("I drop things and feel clumsy", "drop things"),
        ("her leg won't hold her up anymore", "won't hold her up"),
        ("his face droops on the left", "droops"),
        ("my daughter's skin looks yellow", "looks yellow"),
        ("he is pale and sweaty", "pale"),
        ("my husband doesn't sleep at night", "doesn't sleep at night"),
        ("grandma naps all day now", "naps all day"),
        ("she can't keep her balance when she stands up", "can't keep her balance"),
        ("the baby isn't gaining weight", "isn't gaining weight"),
        ("his left knee locks up on the stairs", "locks up"),
        ("dad chokes on water when he drinks", "chokes on water"),
        ("can blood pressure pills cause confusion?", "confusion"),
        ("what causes sudden confusion in older people?", "confusion"),
    ],
)
def test_bodily_functions_said_at_length_are_found(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "I can't keep up with all the emails at work",
        "he doesn't eat meat or fish",
        "she doesn't pass the ball much in matches",
        "my kids don't eat much junk food",
        "breathing exercises help me relax",
        "try breathing slowly through your nose",
        "my son wakes up three times to check his phone",
        "the dog forgets nothing",
        "my grandma loves doing crosswords",
        "the plan looks red on the chart",
        "the new rota will cause confusion",
        "sorry for the confusion",
        "I don't sleep a lot better on it",
        "the shop sells low sugar cakes",
        "Routine controls revealed markedly elevated CK levels of 1 , 700 U / l .",
        "the dog wanders off when we open the gate",
        "she doesn't want to walk to school in the rain",
        "a low iron skillet is on sale",
        "RESULTS : Testosterone was less than 3 ng . / ml . in 107 patients .",
        "transcriptional activity during low oxygen tension .",
        "The prevalence of repeatedly low testosterone increased with age .",
        "a frequent cause of increased HDL levels in the population .",
    ],
)
def test_everyday_sentences_with_the_same_words_stay_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []
    assert texts_of(offline_recognizer, text, Label.DISEASE) == []


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        ("I have adema in both ankles", "adema", Label.SYMPTOM),
        ("my son has had diarea since Friday", "diarea", Label.SYMPTOM),
        ("I feel dizy when I stand", "dizy", Label.SYMPTOM),
        ("I keep getting blur vision at night", "blur vision", Label.SYMPTOM),
        ("she has nausa every morning", "nausa", Label.SYMPTOM),
        ("I have ecsema on my arms", "ecsema", Label.DISEASE),
        ("my dad has parkinsons", "parkinsons", Label.DISEASE),
        ("she was diagnosed with crohns", "crohns", Label.DISEASE),
        ("the food gets stuck when he swallows", "food gets stuck", Label.SYMPTOM),
        ("my husband has Parkinson's", "Parkinson's", Label.DISEASE),
        ("mom was diagnosed with alzheimers", "alzheimers", Label.DISEASE),
        ("she has Crohn's and takes Humira", "Crohn's", Label.DISEASE),
        ("he had prostrate cancer ten years ago", "prostrate cancer", Label.DISEASE),
        ("he takes Sinemet four times a day", "Sinemet", Label.DRUG),
        ("Norco makes her sleepy", "Norco", Label.DRUG),
    ],
)
def test_curated_spellings_and_names(
    offline_recognizer: Recognizer, text: str, expected: str, label: Label
) -> None:
    assert expected in texts_of(offline_recognizer, text, label)


def test_eponymous_diseases_carry_a_code(offline_recognizer: Recognizer) -> None:
    entities = offline_recognizer.recognize("my dad has Parkinson's")
    (entity,) = [e for e in entities if e.label is Label.DISEASE]
    assert entity.code == "ICD10CM:G20"


def test_a_name_without_its_possessive_is_no_disease(offline_recognizer: Recognizer) -> None:
    # "parkinsons" is spelled "parkinson's", never folded to a bare "parkinson"
    assert "Parkinson" not in texts_of(offline_recognizer, "Parkinson was a surgeon", Label.DISEASE)


def test_the_full_disease_name_still_wins(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "He has Parkinson's disease.", Label.DISEASE) == [
        "Parkinson's disease"
    ]


def _matcher(extra_patterns: list[dict[str, Any]], classes: dict[str, list[str]]) -> PhraseMatcher:
    data = copy.deepcopy(_resources.read_json(DATA_FILE))
    data["classes"].update(classes)
    data["patterns"].extend(extra_patterns)
    return PhraseMatcher({}, data)


def test_a_class_entry_with_my_stands_for_every_possessive() -> None:
    matcher = _matcher(
        [{"name": "t_persons", "sequence": ["@T_OBJ"]}],
        {"T_OBJ": ["lose my keys", "talk to myself"]},
    )
    for text in ("she keeps losing her keys: lose her keys", "he started to talk to himself"):
        names = [m.pattern for m in matcher.find(tokenize(text, {}))]
        assert "t_persons" in names, text


def test_numbers_join_only_where_the_text_has_no_space() -> None:
    matcher = _matcher([{"name": "t_num", "sequence": ["count", "#NUMBER"]}], {})
    joined = matcher.find(tokenize("count 2.35 today", {}))
    spaced = matcher.find(tokenize("count 2. 35 today", {}))
    assert [(m.first, m.last) for m in joined if m.pattern == "t_num"] == [(0, 4)]
    assert [(m.first, m.last) for m in spaced if m.pattern == "t_num"] == [(0, 2)]


def test_chat_only_patterns_are_skipped_in_the_literature_register() -> None:
    matcher = _matcher([{"name": "t_chat", "sequence": ["zorp", "blat"], "chat_only": True}], {})
    tokens = tokenize("zorp blat", {})
    assert [m.pattern for m in matcher.find(tokens)] == ["t_chat"]
    assert [m.pattern for m in matcher.find(tokens, literature=True)] == []


def test_chat_only_must_be_a_boolean() -> None:
    with pytest.raises(PhraseDataError, match="chat_only"):
        _matcher([{"name": "t_bad", "sequence": ["zorp"], "chat_only": "yes"}], {})
