"""Reviews of statins, anti-inflammatories and oral steroids (tenth round): legs that got
weaker, a shoulder that froze up, a lab value said bare ("creatinine up", "CK through the
roof", "sugar over 300"), rhabdo, a stomach bleed, thin skin, belly fat, daily tasks a
medicine made hard ("hard to lift groceries"), numbness and soreness said as similes, and the
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
    ("text", "label", "expected"),
    [
        # body states: weaker, froze up, tightened up
        ("my legs started getting weaker on Lipitor", Label.SYMPTOM, "getting weaker"),
        ("my arms got weaker and weaker", Label.SYMPTOM, "weaker and weaker"),
        ("my shoulder froze up after a month on Zocor", Label.SYMPTOM, "froze up"),
        ("my calves tightened up every night", Label.SYMPTOM, "tightened up"),
        # a bare body part and its state, at a clause start or in a list of effects
        ("Crestor. achilles is tight every morning", Label.SYMPTOM, "tight"),
        ("Side effects: headache, shoulder stiff, knees swollen", Label.SYMPTOM, "stiff"),
        ("Side effects: headache, shoulder stiff, knees swollen", Label.SYMPTOM, "swollen"),
        ("Legs tired, back sore. Lipitor is not for me", Label.SYMPTOM, "tired"),
        # a lab value that rose or fell, said bare (chat)
        ("my kidneys are not happy, creatinine up", Label.SYMPTOM, "creatinine up"),
        ("liver enzymes doubled on simvastatin", Label.SYMPTOM, "liver enzymes doubled"),
        ("CK through the roof after two weeks", Label.SYMPTOM, "CK through the roof"),
        ("A1c went up half a point on Lipitor", Label.SYMPTOM, "A1c went up"),
        ("diuretic plus naproxen, potassium low", Label.SYMPTOM, "potassium low"),
        ("pred for a flare - jittery, sugar over 300", Label.SYMPTOM, "sugar over 300"),
        ("CK over 2000 on atorvastatin", Label.SYMPTOM, "CK over 2000"),
        # curated terms
        ("rhabdo scare on lipitor 80", Label.DISEASE, "rhabdo"),
        ("Lipitor pushed me into the prediabetic range", Label.DISEASE, "prediabetic"),
        ("years of prednisone gave me thin skin", Label.SYMPTOM, "thin skin"),
        ("meloxicam caused a stomach bleed", Label.SYMPTOM, "stomach bleed"),
        ("GI bleed from the naproxen", Label.SYMPTOM, "GI bleed"),
        ("prednisone gave me belly fat and a moon face", Label.SYMPTOM, "belly fat"),
        # daily tasks a medicine made hard
        ("on pravastatin it was hard to lift groceries", Label.SYMPTOM, "hard to lift groceries"),
        ("couldn't lift my grandkids", Label.SYMPTOM, "couldn't lift my grandkids"),
        ("could barely climb the stairs", Label.SYMPTOM, "could barely climb the stairs"),
        # similes of numbness and soreness
        (
            "my feet feel like i'm walking on cotton",
            Label.SYMPTOM,
            "like i'm walking on cotton",
        ),
        (
            "my fingers feel like i'm wearing thick socks",
            Label.SYMPTOM,
            "like i'm wearing thick socks",
        ),
        ("sore like i ran a marathon", Label.SYMPTOM, "sore like i ran a marathon"),
        # a topical medicine's effects after a dash; falls; statins with a syllable dropped
        ("voltaren gel - burning and peeling", Label.SYMPTOM, "burning"),
        ("voltaren gel - burning and peeling", Label.SYMPTOM, "peeling"),
        ("Pennsaid: stinging, peeling", Label.SYMPTOM, "stinging"),
        ("my legs felt like jelly, fell down the porch steps", Label.SYMPTOM, "fell down"),
        ("i fell down twice on simvastatin", Label.SYMPTOM, "fell down twice"),
        ("on liptor 3 months", Label.DRUG, "liptor"),
        ("simvastin 20 made me ache", Label.DRUG, "simvastin"),
        # "pred" after a dose
        ("40 mg pred x 5 days for my asthma", Label.DRUG, "pred"),
    ],
)
def test_statin_nsaid_steroid_effects_are_found(
    offline_recognizer: Recognizer, text: str, label: Label, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("My computer froze up again this morning.", Label.SYMPTOM),
        ("The screen froze up when I opened the app.", Label.SYMPTOM),
        ("Gas prices are way up this month.", Label.SYMPTOM),
        ("Sales doubled last year.", Label.SYMPTOM),
        ("Eat potassium high foods like bananas.", Label.SYMPTOM),
        ("Keep your sugar under 100 before meals.", Label.SYMPTOM),
        ("Keep your sugar over 70 when you drive.", Label.SYMPTOM),
        ("The doctor wants my a1c below 7.", Label.SYMPTOM),
        ("My savings are running low.", Label.SYMPTOM),
        ("Hair is curly and long, eyes are blue.", Label.SYMPTOM),
        ("Arms crossed, I waited for the pharmacist.", Label.SYMPTOM),
        ("Heart is fine, the cardiologist said.", Label.SYMPTOM),
        ("The new sneakers feel like walking on cotton.", Label.SYMPTOM),
        ("The kids hurt my feelings.", Label.SYMPTOM),
        ("He has a thick skin about criticism.", Label.SYMPTOM),
        ("I fell in love with the new house.", Label.SYMPTOM),
        ("The shelf fell down in the night.", Label.SYMPTOM),
        ("We fell over laughing at the joke.", Label.SYMPTOM),
        ("The burning of leaves is banned here.", Label.SYMPTOM),
    ],
)
def test_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []
