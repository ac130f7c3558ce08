"""Reviews of medicines (seventh round): terse lists of side effects after a drug and a dash,
the reason for taking it, unit-less strengths, and the sentences about cost, insurance and
whether it worked that must stay quiet.

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import spans, texts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # after the reason's clause ends, a listed complaint is an effect, not a diagnosis
        ("cipro for a bladder infection - insomnia, anxiety", "insomnia"),
        ("synthroid for hashimotos. hair loss, racing heart", "hair loss"),
        # a complaint the dictionary files as a disease, after a dash, where a tagger is silent
        ("chantix - nightmares, nausea", "nightmares"),
        ("took it 2 wks - blisters, itching", "blisters"),
        # a list item of its own, not a coordination of body parts
        ("accutane - dry eyes, back pain, nosebleeds", "back pain"),
        ("sumatriptan - heavy limbs, throat tightness", "throat tightness"),
        # curated names of effects
        # "cold" before a body part is the state, as "swollen ankles" is; "cold feet", which
        # the dictionary does not read so, is a curated name
        ("metoprolol - cold hands, fatigue", "cold"),
        ("beta blocker gave me cold feet and tiredness", "cold feet"),
        ("pregabalin - word finding issues", "word finding issues"),
        ("ramipril - tickly cough", "tickly cough"),
        ("propranolol: tired, low hr", "low hr"),
        ("prednisone made me moody, roid rage", "roid rage"),
        ("finasteride - less semen, no morning wood", "no morning wood"),
        ("zomig spray - bad taste, dizzy", "bad taste"),
        ("ozempic - gallbladder attack in month 4", "gallbladder attack"),
        ("cefdinir - red stools, loose stools", "red stools"),
        # gas ending a list of effects
        ("varenicline - weird dreams, insomnia, gas", "gas"),
        # a level or an organ's working in a list
        ("keytruda - rash, thyroid went low", "thyroid went low"),
        # withdrawal said to be awful
        ("came off tramadol, the withdrawal was brutal", "withdrawal"),
    ],
)
def test_effects_in_reviews_are_symptoms(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        ("gabapentin for sciatica - dizzy", "sciatica", Label.DISEASE),
        ("I take prazosin for nightmares", "nightmares", Label.DISEASE),
        ("clindamycin gave me c diff", "c diff", Label.DISEASE),
        ("medrol pack for poison ivy", "poison ivy", Label.DISEASE),
        ("years of omeprazole and now b12 deficiency", "b12 deficiency", Label.DISEASE),
        ("started HRT last spring", "HRT", Label.DRUG),
        ("on folfox for colon cancer", "folfox", Label.DRUG),
        ("six rounds of R-CHOP", "R-CHOP", Label.DRUG),
        ("month 3 on claravis", "claravis", Label.DRUG),
        ("sore arm after my covid booster", "covid booster", Label.PROCEDURE),
        ("zepbound - injection site itchy", "injection site", Label.BODY_PART),
    ],
)
def test_reasons_drugs_and_procedures(
    offline_recognizer: Recognizer, text: str, expected: str, label: Label
) -> None:
    assert expected in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gabapentin 300mg 3x a day", "300mg 3x a day"),
        ("take it 2x daily with food", "2x daily with food"),
        ("wegovy 1.7: reflux at night", "1.7"),
        ("relpax 40 - sleepy", "40"),
        ("mounjaro 7.5 - nausea", "7.5"),
        ("pantoprazole daily for 3 yrs", "daily for 3 yrs"),
    ],
)
def test_doses_as_reviews_write_them(
    offline_recognizer: Recognizer, text: str, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.DOSAGE)


@pytest.mark.parametrize(
    "text",
    [
        # a duration after a dash or colon belongs to the effect listed there
        "boniva monthly - aches for 3 days",
        "cipro: tendon pain for 2 weeks",
        # an everyday "3x"
        "I go to the gym 3x a week",
        # a tokenized abstract's hyphen after a number
        "an antipsychotic with affinity at serotonin 5 - HT2 receptors .",
    ],
)
def test_no_dose_outside_dosing(offline_recognizer: Recognizer, text: str) -> None:
    found = texts_of(offline_recognizer, text, Label.DOSAGE)
    assert all(not any(c.isdigit() for c in f) or "monthly" in f for f in found)
    assert "for 3 days" not in found and "for 2 weeks" not in found and "3x a week" not in found


def test_side_effects_abbreviated_are_no_status_epilepticus(
    offline_recognizer: Recognizer,
) -> None:
    entities = spans(offline_recognizer.recognize("mounjaro 5mg. SE's - constipation, heartburn"))
    assert ("constipation", "SYMPTOM") in entities
    assert all(not text.startswith("SE") for text, _ in entities)


@pytest.mark.parametrize(
    "text",
    [
        # cost, insurance, pharmacies
        "my copay is $25 with the coupon, insurance finally approved it",
        "the pharmacy was out of stock for 3 wks",
        "cost is crazy, $900 a month without insurance",
        "insurance denied it twice, covered after prior auth",
        "walgreens charged $12 with goodrx",
        "had to switch pharmacies because of the shortage",
        # whether it worked
        "works great, no complaints",
        "10/10 would recommend, life changing",
        "too early to tell, my doctor said give it 6 weeks",
        "the generic works just as well as the brand",
        # everyday senses of the new words
        "that joke was in bad taste",
        "the bank withdrawal was terrible",
        "headaches aside, gas prices are crazy",
        "no SE so far",
    ],
)
def test_review_sentences_without_a_complaint_stay_quiet(
    offline_recognizer: Recognizer, text: str
) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) in ([], ["headaches"])
    assert texts_of(offline_recognizer, text, Label.DISEASE) == []
