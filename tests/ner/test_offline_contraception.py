"""Reviews of contraception and women's-health medicines (tenth round): bleeding told as what
a period does (stops, runs on, comes late) or as pads soaked and clots passed, acne and
migraines a medicine brought on or back, a cramp told as a verb, brands of pills, implants,
coils, HRT and fertility drugs; and the everyday senses of the same words kept quiet.

A period that stops is read as a complaint whether the writer welcomes it or not (amenorrhea
reported as a medicine's effect, as annotation.md reads a reported effect). The sentences are
short paraphrases written for the tests; the probe batches that found the gaps stay out of the
repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a period that stops, runs on or comes late
        ("I haven't had a period since May on the implant", "haven't had a period"),
        ("still no period after 8 months on Depo", "still no period"),
        ("Depo-Provera - stopped my periods completely", "stopped my periods"),
        ("the implant messed up my cycle", "messed up my cycle"),
        ("my periods last 10 days now with the copper coil", "periods last 10 days"),
        ("period lasted for two weeks straight", "period lasted for two weeks straight"),
        ("after Plan B my period came a week late", "period came a week late"),
        ("Camila made my period come twice a month", "period come twice a month"),
        ("Plan B - period came early, heavier than normal", "heavier than normal"),
        ("Kyleena has been great, light periods", "light periods"),
        ("Clomid round two: thin lining", "thin lining"),
        # heavy bleeding told as what it does
        ("I was changing pads every hour", "changing pads"),
        ("soaking through a super tampon in an hour", "soaking through a super tampon"),
        ("I bled through my jeans at work", "bled through my jeans"),
        ("passing huge clots on day two", "passing huge clots"),
        ("heavy periods, huge clots and cramps", "clots"),
        # acne and migraines a medicine brought on or back
        ("Sprintec: acne came back with a vengeance", "acne"),
        ("the pill gave me acne", "acne"),
        ("it made my acne worse", "acne"),
        ("Yaz gave me migraines with aura", "migraines with aura"),
        ("my migraines came back on the patch", "migraines"),
        ("Sprintec gave me melasma on my upper lip", "melasma"),
        ("Mirena gives me horrible cramps and ovarian cysts", "ovarian cysts"),
        ("Yaz - nausea, migraines", "migraines"),
        ("spotting mid cycle and low blood pressure", "low blood pressure"),
        ("then spotted for a month", "spotted"),
        ("I spotted on and off for weeks", "spotted"),
        # a cramp as a verb, tenderness before a body part
        ("cramped for 2 days after the insertion", "cramped"),
        ("I had tender breasts like I was pregnant", "tender"),
        ("Clomid gave me visual disturbances", "visual disturbances"),
        # a leading dash is not part of the complaint
        ("Slynd - irregular bleeding, hair loss", "irregular bleeding"),
    ],
)
def test_complaints_found(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lo Loestrin Fe made me moody", "Lo Loestrin Fe"),
        ("Junel Fe for two years", "Junel Fe"),
        ("the Mirena coil was fine", "Mirena coil"),
        ("Depo Provera every 3 months", "Depo Provera"),
        ("Veozah for hot flashes", "Veozah"),
        ("Menopur injections for IVF", "Menopur"),
        ("took ella after the condom broke", "ella"),
        ("the ella pill made me sick", "ella"),
    ],
)
def test_brands_found(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.DRUG)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # ella as a given name
        ("I took Ella to the park", Label.DRUG),
        ("we took ella out for lunch", Label.DRUG),
        ("Ella is my daughter", Label.DRUG),
        # periods of time and cycles that are no menstrual period
        ("the trial period was 2 weeks late", Label.SYMPTOM),
        ("the trial period lasted two weeks", Label.SYMPTOM),
        # clothes and pads in everyday sense
        ("I went through my clothes to find it", Label.SYMPTOM),
        ("changing pads on the chair", Label.SYMPTOM),
        ("the bus came early", Label.SYMPTOM),
        ("I spotted for him at the gym", Label.SYMPTOM),
        ("I spotted a deer", Label.SYMPTOM),
        ("I stopped my period tracker app", Label.SYMPTOM),
        ("the doctor stopped my pill", Label.SYMPTOM),
        ("it was a light period of sales", Label.SYMPTOM),
        ("on warfarin for clots in my legs", Label.SYMPTOM),
        # cramped and tender in their everyday senses
        ("the flat was cramped for space", Label.SYMPTOM),
        ("we were cramped in the car", Label.SYMPTOM),
        ("the steak was tender", Label.SYMPTOM),
    ],
)
def test_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []


def test_bv_after_a_word_of_getting(offline_recognizer: Recognizer) -> None:
    assert texts_of(offline_recognizer, "NuvaRing gave me BV over and over", Label.DISEASE) == [
        "BV"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I take spironolactone for acne",
        "acne treatment came back expensive",
        "she was diagnosed with migraines as a teen",
        "history of depression and migraines",
    ],
)
def test_acne_and_migraine_as_diagnosis_stay_diseases(
    offline_recognizer: Recognizer, text: str
) -> None:
    found = texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert "acne" not in found and "migraines" not in found
