"""Health chat in West and East African English (sixth round, issue 12).

People in Nigeria, Ghana, Kenya, Uganda, Tanzania and South Africa write "stooling" and
"purging" for diarrhoea, "my eyes are turning" for dizziness, "my legs are peppering me" for a
burning pain, "hot body" for fever, and name their medicines by local brands (Lonart, Amatem,
Ciprotab, Alabukun, Hedex, Panado). The sentences are short paraphrases written for these tests;
each new word with an everyday sense also has a case where it must stay quiet.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my little boy has been stooling all day", ("stooling", "SYMPTOM")),
        ("he is purging and throwing up", ("purging", "SYMPTOM")),
        ("purging and vomiting since morning", ("purging", "SYMPTOM")),
        ("she purged four times today", ("purged", "SYMPTOM")),
        ("my stomach is turning since I ate", ("turning", "SYMPTOM")),
        ("her eyes are turning, she wants to fall", ("turning", "SYMPTOM")),
        ("my head is banging this morning", ("banging", "SYMPTOM")),
        ("my feet are peppering me", ("peppering me", "SYMPTOM")),
        ("my skin is scratching me", ("scratching me", "SYMPTOM")),
        ("my throat is itching me", ("itching me", "SYMPTOM")),
        ("his chest is disturbing him", ("disturbing him", "SYMPTOM")),
        ("my body is not strong these days", ("not strong", "SYMPTOM")),
        ("my mouth is bitter since the fever", ("bitter", "SYMPTOM")),
        ("the child has hot body", ("hot body", "SYMPTOM")),
        ("the baby is not sucking well", ("not sucking well", "SYMPTOM")),
        ("my daughter is dull and not playing", ("dull", "SYMPTOM")),
        ("my daughter is dull and not playing", ("not playing", "SYMPTOM")),
        ("the boy was fitting last night", ("fitting", "SYMPTOM")),
        ("he was foaming at the mouth", ("foaming at the mouth", "SYMPTOM")),
        ("I am not feeling fine today", ("not feeling fine", "SYMPTOM")),
        ("I don't feel well since Sunday", ("don't feel well", "SYMPTOM")),
        ("I don't have appetite since Monday", ("don't have appetite", "SYMPTOM")),
        ("I can't pass stool for three days", ("can't pass stool", "SYMPTOM")),
        ("when I pee it is peppering me", ("peppering me", "SYMPTOM")),
        ("there is discharge from my private part", ("discharge", "SYMPTOM")),
        ("there is discharge from my private part", ("private part", "BODY_PART")),
        ("my PCV is 22", ("PCV is 22", "SYMPTOM")),
        ("she is SS and is in crisis now", ("crisis", "SYMPTOM")),
        ("she missed her period this month", ("missed her period", "SYMPTOM")),
        ("my belle dey pain me", ("belle", "BODY_PART")),
        ("I have pile and it is bleeding", ("pile", "DISEASE")),
        ("she has staph, the doctor said", ("staph", "DISEASE")),
        ("he has craw craw on his legs", ("craw craw", "DISEASE")),
        ("there is a boil on my neck", ("boil", "DISEASE")),
        ("my dad has high BP and sugar", ("sugar", "DISEASE")),
        ("my widal test came out positive", ("widal test", "PROCEDURE")),
        ("I have HBP and I take amlodipine", ("HBP", "DISEASE")),
        ("i dey purge since morning", ("purge", "SYMPTOM")),
        ("my body dey hot", ("hot", "SYMPTOM")),
        ("my head dey turn me", ("turn me", "SYMPTOM")),
        ("I no fit sleep at night", ("no fit sleep", "SYMPTOM")),
        ("my nose is blocking", ("blocking", "SYMPTOM")),
        ("my stomach is griping me", ("griping me", "SYMPTOM")),
        ("I have been passing urine frequently", ("passing urine frequently", "SYMPTOM")),
        ("the baby is yellow since yesterday", ("yellow", "SYMPTOM")),
        ("the baby is very hot tonight", ("hot", "SYMPTOM")),
        ("take two tabs thrice daily", ("two tabs thrice daily", "DOSAGE")),
        ("the boy is convulsing again", ("convulsing", "SYMPTOM")),
        ("she convulsed twice in the night", ("convulsed", "SYMPTOM")),
        ("what can I take for stomach turning", ("stomach turning", "SYMPTOM")),
        ("her eyes are sunken after the purging", ("sunken", "SYMPTOM")),
        ("my eyes are itching me and watering", ("watering", "SYMPTOM")),
        ("the doctor gave her blood tonic", ("blood tonic", "DRUG")),
        ("I have apollo, my eyes are red", ("apollo", "DISEASE")),
        ("the test showed amoeba", ("amoeba", "DISEASE")),
        ("he caught bilharzia in the river", ("bilharzia", "DISEASE")),
        ("the child has a running tummy", ("running tummy", "SYMPTOM")),
        ("my gogo has high blood and sugar", ("high blood", "DISEASE")),
        ("my gogo has high blood and sugar", ("sugar", "DISEASE")),
        ("the baby is not passing urine", ("not passing urine", "SYMPTOM")),
        ("he has been purging the whole night", ("purging", "SYMPTOM")),
        ("my nose is blocking and running", ("running", "SYMPTOM")),
    ],
)
def test_register_is_found(
    offline_recognizer: Recognizer, text: str, expected: tuple[str, str]
) -> None:
    assert expected in spans(offline_recognizer.recognize(text))


@pytest.mark.parametrize(
    ("text", "drug", "code"),
    [
        ("I am using Lonart for the malaria", "Lonart", "DRUGBANK:DB06697"),
        ("she took amatem forte yesterday", "amatem forte", "DRUGBANK:DB06697"),
        ("they gave him lokmal", "lokmal", "DRUGBANK:DB06697"),
        ("I finished my P-Alaxin", "P-Alaxin", "DRUGBANK:DB11638"),
        ("is duo-cotecxin better", "duo-cotecxin", "DRUGBANK:DB11638"),
        ("the chemist sold me ciprotab", "ciprotab", "DRUGBANK:DB00537"),
        ("he used Ampiclox for the wound", "Ampiclox", "DRUGBANK:DB00415"),
        ("grandma swears by Alabukun", "Alabukun", "DRUGBANK:DB00945"),
        ("two Boska and I slept", "Boska", "DRUGBANK:DB00316"),
        ("took Hedex for the headache", "Hedex", "DRUGBANK:DB00316"),
        ("give her Panado syrup", "Panado", "DRUGBANK:DB00316"),
        ("I took Cafenol in the morning", "Cafenol", "DRUGBANK:DB00316"),
        ("Procold for the catarrh", "Procold", ""),
        ("I used Lumartem last month", "Lumartem", "DRUGBANK:DB06697"),
        ("she took two mara moja", "mara moja", ""),
    ],
)
def test_local_brands_borrow_their_ingredient(
    offline_recognizer: Recognizer, text: str, drug: str, code: str
) -> None:
    drugs = {
        e.text: e.code or "" for e in offline_recognizer.recognize(text) if e.label is Label.DRUG
    }
    assert drugs.get(drug) == code


@pytest.mark.parametrize(
    "text",
    [
        "HR is purging the payroll of ghost workers",
        "the server purged the old logs",
        "the tables are turning in this league",
        "the car is turning at the junction",
        "heads are turning as she enters",
        "the music is banging tonight",
        "someone is banging the gate",
        "this pepper soup is peppering me",
        "the tailor is fitting the dress",
        "she is fitting in well at her new school",
        "she has a hot body",
        "I have a pile of clothes to wash",
        "bring the water to the boil",
        "the belle of the ball",
        "the country is in crisis",
        "football fever has started in the village",
        "election fever in Lagos",
        "I'm not feeling fine about the results",
        "the private part of the estate is fenced",
        "my network is not strong here",
        "the party was dull",
        "my son is not playing football today",
        "put the sugar and the milk on the table",
        "there is discharge paperwork to sign",
        "come to the office mara moja",
        "I will purge the old files",
        "the baby is hot in that sweater",
        "counted in six of ten convulsing mice",
        "the latency to convulse was measured",
        "the Apollo program went to the moon",
        "we fitted Apollo tyres on the car",
        "high blood levels of lead were found",
        "I am purging my closet this weekend",
        "she is purging the old files",
    ],
)
def test_everyday_sense_stays_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert [
        pair
        for pair in spans(offline_recognizer.recognize(text))
        if pair[1] in ("SYMPTOM", "DISEASE")
    ] == []


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("she is not stooling again", "stooling"),
        ("no purging since morning", "purging"),
    ],
)
def test_denied_is_negated(offline_recognizer: Recognizer, text: str, term: str) -> None:
    negated = {e.text: e.negated for e in offline_recognizer.recognize(text)}
    assert negated.get(term) is True
