"""Cancer treatment and immune-system medicines as patients and carers write about them (tenth
round): chemotherapy regimens by their letters and nicknames ("AC-T", "carbo/taxol", "the red
devil"), blood counts too low for treatment or knocked down by a drug, skin on the hands and
feet that peels and splits, a drug that wiped someone out, catching every cold on an
immunosuppressant, food that will not stay down; and the everyday senses of the same words
(vote counts, carbo loading, wiped out financially, cracking knuckles) kept quiet.

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
        # blood counts too low, or knocked down by a drug
        ("my counts were too low so they pushed cycle 4", "counts were too low"),
        ("Counts too low for treatment again this week.", "counts too low"),
        ("her white count tanked after the second round", "white count tanked"),
        ("Xeloda tanked my platelets", "tanked my platelets"),
        ("the FOLFOX dropped my white count", "dropped my white count"),
        ("I was neutropenic twice on AC", "neutropenic"),
        # skin on the hands and feet
        ("the skin on my palms peeled off from the Xeloda", "peeled off"),
        ("the skin on my fingertips split open", "split open"),
        ("my heels are cracked and bleeding on capecitabine", "cracked and bleeding"),
        # wiped out
        ("the first infusion wiped me out for three days", "wiped me out"),
        ("Keytruda kicked my butt the first month", "kicked my butt"),
        # infections on immunosuppressants
        ("on Humira I caught every cold going around", "caught every cold going around"),
        (
            "since Stelara I pick up every bug my kids bring home",
            "pick up every bug my kids bring home",
        ),
        # food and hair
        ("the chemo week nothing stays down", "nothing stays down"),
        ("letrozole thinned my hair", "thinned my hair"),
        # named in the register
        ("night sweats with soaked sheets on tamoxifen", "soaked sheets"),
        ("eye crust every morning since Dupixent", "eye crust"),
        ("I'm hot flashing all day on anastrozole", "hot flashing"),
        # nails, hearing, similes of pain and age
        ("on Tagrisso my toenails are lifting", "lifting"),
        ("cisplatin and I lost some of my hearing", "lost some of my hearing"),
        ("my feet feel like I'm walking on broken glass", "walking on broken glass"),
        ("letrozole made me feel 30 years older", "feel 30 years older"),
        ("it felt like my pelvis was being crushed", "being crushed"),
        # falls, sleep, nails and losses told by carers and patients
        ("Dad's on Xtandi and he's fallen twice", "fallen twice"),
        ("he sleeps half the day on Xtandi", "sleeps half the day"),
        ("on Taxotere my nails turned brown", "brown"),
        ("Taxotere took my fingernails", "took my fingernails"),
        ("chemo stole my taste buds", "stole my taste buds"),
        ("Remicade infusion reaction, my throat closed up", "infusion reaction"),
        ("oxaliplatin cold sensitivity in my hands", "cold sensitivity"),
    ],
)
def test_cancer_immune_symptoms(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    found = [t.lower() for t in texts_of(offline_recognizer, text, Label.SYMPTOM)]
    assert expected in found, (text, found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("finished AC-T last Friday", "ac-t"),
        ("my mom is on carbo/taxol every three weeks", "carbo"),
        ("TCHP for her HER2 positive cancer", "tchp"),
        ("the red devil made me so sick", "red devil"),
        ("switched from Genvoya to Biktarvy", "genvoya"),
        ("Descovy for PrEP", "descovy"),
        ("magic mouthwash helped the sores a bit", "magic mouthwash"),
    ],
)
def test_cancer_immune_drugs(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    found = [t.lower() for t in texts_of(offline_recognizer, text, Label.DRUG)]
    assert expected in found, (text, found)


@pytest.mark.parametrize(
    "text",
    [
        "the vote counts were too low to win the seat",
        "my step counts dropped this week because of the rain",
        "Neulasta is supposed to keep my counts from dropping",
        "she did carbo loading before the marathon",
        "the divorce wiped me out financially",
        "I cracked my knuckles before the exam",
        "I peeled an orange and cracked some walnuts",
        "I hope I don't catch every cold this year",
        "the kids brought home every book from the library",
        "they thinned the herd at work",
        "the news had me walking on air all week",
        "my brother is 10 years older than me",
        "my glasses fell off on the ride",
        "the car was crushed like a can",
        "the stock has fallen twice this year",
        "I work half the day from home",
        "the leaves turned brown in October",
        "she took my hair tie again",
    ],
)
def test_cancer_immune_everyday_stays_quiet(offline_recognizer: Recognizer, text: str) -> None:
    found = texts_of(offline_recognizer, text, Label.SYMPTOM)
    found += [d for d in texts_of(offline_recognizer, text, Label.DRUG) if d != "Neulasta"]
    assert found == [], (text, found)
