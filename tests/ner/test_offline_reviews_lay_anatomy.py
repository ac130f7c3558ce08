"""Seventh round, the integrator's part: the everyday names of small body parts people locate a
complaint in, and contraception as reviewers name it.

Without the body part in the dictionary, "my tailbone hurts" had no entity at all: the
body-state patterns need a body part the dictionary knows. The sentences are short paraphrases
written for the tests; the probe batches that found the gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "part", "complaint"),
    [
        ("my tailbone hurts when I sit", "tailbone", "hurts"),
        ("my knuckles are swollen and stiff", "knuckles", "swollen"),
        ("I have pain in my neck since the new pills", "neck", "pain"),
        ("throbbing pain in my temples every afternoon", "temples", "pain"),
        ("my quads are so sore after the statin", "quads", "sore"),
        ("a sharp pain in my sternum", "sternum", "pain"),
        ("my boobs are so tender on the pill", "boobs", "tender"),
        ("my achilles is burning since the cipro", "achilles", "burning"),
        ("my butt is numb from the injection", "butt", "numb"),
        ("itchy rash on my chin", "chin", "rash"),
    ],
)
def test_everyday_body_parts_locate_a_complaint(
    offline_recognizer: Recognizer, text: str, part: str, complaint: str
) -> None:
    assert part in texts_of(offline_recognizer, text, Label.BODY_PART)
    assert any(complaint in s for s in texts_of(offline_recognizer, text, Label.SYMPTOM))


@pytest.mark.parametrize(
    "text",
    [
        "we visited the temples in Kyoto",
        "keep your chin up, it gets better",
        "it was said tongue in cheek",
        "that exam will kick butt",
        "he is a pain in my neck",
        "the molar ratio of the two salts",
        "the pharmacy keeps running out and it's a headache every month",
        "getting refills is always a headache",
    ],
)
def test_everyday_senses_of_body_words_stay_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    found = [e for e in offline_recognizer.recognize(text) if e.label is not Label.DRUG]
    assert found == []


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        ("Nexplanon gave me constant spotting", "Nexplanon"),
        ("on Yaz I get headaches", "Yaz"),
        ("Sprintec killed my sex drive", "Sprintec"),
        ("the copper IUD made my periods heavy", "copper IUD"),
        ("I've been on birth control for 10 years", "birth control"),
        ("the Depo shot made my hair thin", "Depo shot"),
        ("is the mini pill safer while breastfeeding?", "mini pill"),
    ],
)
def test_contraceptives_are_drugs(offline_recognizer: Recognizer, text: str, drug: str) -> None:
    assert drug in texts_of(offline_recognizer, text, Label.DRUG)


def test_a_contraceptive_brand_borrows_its_progestin_code(offline_recognizer: Recognizer) -> None:
    (entity,) = [
        e for e in offline_recognizer.recognize("I started Nexplanon") if e.label is Label.DRUG
    ]
    assert entity.code == "DRUGBANK:DB00294"  # etonogestrel


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("the cream stings", "stings"),
        ("the eye drops sting like crazy", "sting like crazy"),
        ("the injection burns for a minute", "burns"),
        ("it really stings when I apply it", "stings"),
        ("the shot hurts going in", "hurts"),
    ],
)
def test_what_a_medicine_applied_does_is_a_complaint(
    offline_recognizer: Recognizer, text: str, complaint: str
) -> None:
    assert complaint in texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert texts_of(offline_recognizer, text, Label.DISEASE) == []


@pytest.mark.parametrize(
    ("text", "injury"),
    [("bee stings can be dangerous", "stings"), ("she has burns on her arm", "burns")],
)
def test_stings_and_burns_as_injuries_stay_diseases(
    offline_recognizer: Recognizer, text: str, injury: str
) -> None:
    assert injury in texts_of(offline_recognizer, text, Label.DISEASE)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("insulin lows at night, I wake up sweaty", "lows"),
        ("Flonase gave me nosebleeds every morning", "nosebleeds"),
    ],
)
def test_a_time_after_a_complaint_is_no_dose(
    offline_recognizer: Recognizer, text: str, complaint: str
) -> None:
    assert complaint in texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert texts_of(offline_recognizer, text, Label.DOSAGE) == []


@pytest.mark.parametrize(
    ("text", "dose"),
    [
        ("I take paracetamol at night", "at night"),
        ("take amlodipine every morning", "every morning"),
    ],
)
def test_a_time_beside_a_drug_is_still_a_dose(
    offline_recognizer: Recognizer, text: str, dose: str
) -> None:
    assert texts_of(offline_recognizer, text, Label.DOSAGE) == [dose]


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("I bled for 2 months straight on the pill", "bled"),
        ("I keep having lows after dinner since the insulin change", "lows"),
    ],
)
def test_bleeding_and_hypos_in_plain_words(
    offline_recognizer: Recognizer, text: str, complaint: str
) -> None:
    assert complaint in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "life has its highs and lows",
        "we had lows of 2 degrees last night",
        "the bank bled us dry",
        "my team bled goals in the second half",
        "we scored three goals",
        "the common bile duct ( CBD : 60 . 44 )",
    ],
)
def test_lows_and_bled_in_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert offline_recognizer.recognize(text) == []


@pytest.mark.parametrize(
    ("text", "drug"),
    [
        ("I take fish oil daily", "fish oil"),
        ("ashwagandha made me sleepy", "ashwagandha"),
        ("CBD oil helps but gives me the runs", "CBD oil"),
        ("the niacin flush is awful", "niacin"),
        ("Pepto turned my tongue black", "Pepto"),
        ("Neulasta bone pain is brutal", "Neulasta"),
    ],
)
def test_supplements_and_counter_products_are_drugs(
    offline_recognizer: Recognizer, text: str, drug: str
) -> None:
    assert drug in texts_of(offline_recognizer, text, Label.DRUG)


@pytest.mark.parametrize(
    ("text", "complaint"),
    [("iron tablets bunged me up", "bunged me up"), ("my mouth is dry as a bone", "dry")],
)
def test_constipation_and_dryness_in_plain_words(
    offline_recognizer: Recognizer, text: str, complaint: str
) -> None:
    assert complaint in texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert "bone" not in texts_of(offline_recognizer, text, Label.BODY_PART)
