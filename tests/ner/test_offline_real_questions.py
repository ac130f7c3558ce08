"""Eleventh round, part c: classes of misses found on real consumer health questions.

Lists of inabilities that share one "can't", noises in the ear, waking in the night or before
the alarm, a body part that "is not normal" or "does not work", a mass on an organ, foods a
person cannot take, sight described by a weather word, an organ with "ca" for its cancer,
disease acronyms, named vaccines and a few procedures. The sentences are short paraphrases
written for the tests; the real messages stay in ``tests/data/lay_real``.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        (
            "since the flare I can hardly walk, move, sit or sleep",
            "can hardly walk, move, sit or sleep",
        ),
        ("my mum can not eat or drink since Monday", "can not eat or drink"),
        ("I can't sleep or concentrate at work", "can't sleep or concentrate"),
        ("my ear has been sounding for years", "sounding"),
        ("there is a humming in my left ear all day", "humming"),
        ("I have a ringing sound in my ears", "ringing sound"),
        ("I wake frequently during the night", "wake frequently during the night"),
        ("I wake up well before my alarm every day", "wake up well before my alarm"),
        ("my son's chest is not normal", "not normal"),
        ("his left leg does not work since the stroke", "does not work"),
        ("my throat is still soar", "soar"),
        ("I have a mass on my liver", "mass"),
        ("she found a mass i have on my breast", "mass"),
        ("I cannot take spicy food anymore", "cannot take spicy food anymore"),
        ("I can't tolerate fatty foods", "can't tolerate fatty foods"),
        ("I got foggy vision after the drops", "foggy vision"),
        ("I have hazy vision in one eye", "hazy vision"),
        ("any medicine for excessive tears?", "excessive tears"),
        ("I have not been able to lift my arm since the fall", "have not been able to lift my arm"),
        ("my father's arteries in both legs have blockage", "blockage"),
        ("they found a blockage in my artery", "blockage"),
        ("his foot is turning black", "turning black"),
        ("my toes are turning blue in the cold", "turning blue"),
        ("I have a gland on my jaw that swells up after meals", "swells up"),
        ("I feel much older than my 66 years", "feel much older than my 66 years"),
        ("since the chemo I feel 20 years older", "feel 20 years older"),
        ("I see glare around lights at night", "glare"),
        ("my eye is cloudy, like a glare or blurry vision", "glare"),
        ("I am afraid of going blind", "going blind"),
        ("his urinary track is still soar when he pees", "soar"),
    ],
)
def test_real_question_phrasings_are_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "label", "entity"),
    [
        ("post chemo for breast ca I gained weight", Label.DISEASE, "breast ca"),
        ("my dad had lung ca last year", Label.DISEASE, "lung ca"),
        ("our son has ODD and autism", Label.DISEASE, "ODD"),
        ("what is the treatment for MSUD?", Label.DISEASE, "MSUD"),
        ("I have fibromyalgia and CFS", Label.DISEASE, "CFS"),
        ("can hypermobility cause DCD?", Label.DISEASE, "hypermobility"),
        ("can hypermobility cause DCD?", Label.DISEASE, "DCD"),
        (
            "I tested positive for a blood clotting disorder",
            Label.DISEASE,
            "blood clotting disorder",
        ),
        ("my sister have htlv-1", Label.DISEASE, "htlv-1"),
        ("my doctor recommended I get the MMR vaccine", Label.DRUG, "MMR vaccine"),
        ("is the shingles vaccine safe at 70?", Label.DRUG, "shingles vaccine"),
        ("she took cytoxin after surgery", Label.DRUG, "cytoxin"),
        ("doctors suggest to go for amputation", Label.PROCEDURE, "amputation"),
        ("should each of them have genetic testing", Label.PROCEDURE, "genetic testing"),
        ("my child needed a shunt for the fluid", Label.PROCEDURE, "shunt"),
        ("he is having pace maker", Label.PROCEDURE, "pace maker"),
        (
            "is coke an acceptable glucose tolerance test drink?",
            Label.PROCEDURE,
            "glucose tolerance test",
        ),
    ],
)
def test_real_question_names(
    offline_recognizer: Recognizer, text: str, label: Label, entity: str
) -> None:
    assert entity in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("the cost is killing me", Label.SYMPTOM),
        ("prices soar every year", Label.SYMPTOM),
        ("the results were not normal", Label.SYMPTOM),
        ("the printer does not work", Label.SYMPTOM),
        ("we went to mass on Sunday", Label.SYMPTOM),
        ("he has lost muscle mass in his legs", Label.DISEASE),
        ("the whistling in the kettle woke me", Label.SYMPTOM),
        ("he is the spitting image of his dad", Label.SYMPTOM),
        ("I'm the spitting double of my brother", Label.SYMPTOM),
        ("can you help grow my hair back?", Label.BODY_PART),
        ("waiting for your feed back", Label.BODY_PART),
        ("I need my voice back", Label.BODY_PART),
        ("that is odd", Label.DISEASE),
        ("the leaves are turning yellow", Label.SYMPTOM),
        ("she gave me a glare", Label.SYMPTOM),
        ("the glare of the sun was bad", Label.SYMPTOM),
        ("he turned a blind eye to it", Label.SYMPTOM),
        ("thermal, blast and radiation effects", Label.PROCEDURE),
        ("the shunt of blood was detected", Label.PROCEDURE),
        ("the road blocks in my town", Label.SYMPTOM),
        ("he looks older than his age", Label.SYMPTOM),
        ("I had bad eating habits", Label.DISEASE),
        ("he can not walk wit", Label.DISEASE),
        ("my serum ca level is 9", Label.DISEASE),
        ("I can't find the tablets or the box", Label.SYMPTOM),
    ],
)
def test_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []
