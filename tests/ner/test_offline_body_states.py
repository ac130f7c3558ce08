"""A body part and its state as people describe it in consumer health questions (the MeQSum
register of ``lay_real``): the state after "the" or a possessive and "is/are" ("the skin is
irritated and peeling", "his liver is damaged", "my hand is not moving freely", "his chest is
not normal"), "enlarged" + a body part, a part turning a colour, swelling up or blocked,
"swallow" and "soar" written for "swollen" and "sore"; irritation and discomfort felt in a
place; what comes out of a body part (fluid, pus, blood brought up); hair growing where it
should not; lumps (a nodule, a mass) and wounds that do not heal; and the everyday names of
body parts such questions use (ureter, foreskin, hip joint).

The same words have everyday senses ("the printer does not work", "we went to mass", "prices
soar", "water is coming out of the tap", "an oral surgeon", "a joint at the party"), which must
stay quiet. The sentences are short paraphrases written for the tests, not the questions
themselves.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom"),
    [
        # the state of "the" body part, or of one's own, after "is/are"
        ("the knee is swollen and hot", "swollen"),
        ("the skin is irritated and peeling", "irritated"),
        ("the skin is irritated and peeling", "peeling"),
        ("the skin is irritated by the new cream", "irritated"),
        ("the veins are prominent on my calves", "prominent"),
        ("the veins are prominent in this area", "prominent"),
        ("his liver is damaged, can he get a new one?", "damaged"),
        ("my left hand is not moving freely since the fall", "not moving freely"),
        ("her knee is not moving properly after the op", "not moving properly"),
        ("my son's chest is not normal", "not normal"),
        ("his left leg does not work since the stroke", "does not work"),
        # "enlarged" + a body part
        ("I am a man and I have enlarged breast", "enlarged breast"),
        ("she has enlarged tonsils again", "enlarged tonsils"),
        # a part turning a colour, swelling up, blocked
        ("his foot is turning black", "turning black"),
        ("my toes are turning blue in the cold", "turning blue"),
        ("I have a gland on my jaw that swells up after meals", "swells up"),
        ("my father's arteries in both legs have blockage", "blockage"),
        ("they found a blockage in my artery", "blockage"),
        # "soar" for "sore", "swallow" for "swollen" after a body part and a verb
        ("my throat is still soar", "soar"),
        ("his urinary track is still soar when he pees", "soar"),
        ("my ankle got swallow after the walk", "swallow"),
        ("her knee is stiff and swallow since Monday", "swallow"),
        # irritation and discomfort felt in a place
        ("I have a bad irritation on my scalp", "irritation"),
        ("Irritation on the eyelid since Monday", "Irritation"),
        ("constant throat irritation from the inhaler", "throat irritation"),
        ("is there anything for this discomfort?", "discomfort"),
        ("I have some discomfort in my side", "discomfort"),
        ("Discomfort in my chest after meals.", "Discomfort"),
        ("after meals I get a bloating tummy", "bloating tummy"),
        ("what causes rib cage pain when I breathe?", "rib cage pain"),
        ("my left leg has phantom feelings", "phantom feelings"),
        ("I have foot drop after the back surgery", "foot drop"),
        ("I have foot drop on the left", "foot drop"),
        ("are ear lobe creases a sign of heart trouble?", "ear lobe creases"),
        # what comes out of a body part, blood brought up
        ("milky fluid is coming out of my nipples", "milky fluid is coming out"),
        ("yellow pus oozing from my ear", "yellow pus oozing"),
        ("there is blood coming out of his nose", "blood coming out"),
        ("my son threw up blood this morning", "threw up blood"),
        ("he has been vomiting blood since noon", "vomiting blood"),
        # hair growing where it should not
        ("excess hair on my chin and upper lip", "excess hair"),
        ("hair growth on my legs since the pill", "hair growth"),
        # lumps a person or a scan found
        ("the scan showed a nodule on my kidney", "nodule"),
        ("she has two small nodules on her neck", "nodules"),
        ("I have a mass on my liver", "mass"),
        ("she found a mass i have on my breast", "mass"),
        # a wound that does not heal, the wound named or only listed after a symptom
        ("my incision still hasn't healed", "incision still hasn't healed"),
        ("the sore on my lip will not heal", "will not heal"),
        ("the cut on my finger is not healing", "not healing"),
        ("had a tooth out last month, painful and not healing", "not healing"),
    ],
)
def test_a_body_part_and_its_state_are_symptoms(
    offline_recognizer: Recognizer, text: str, symptom: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    ("text", "body_part"),
    [
        ("i have a stone in my ureter", "ureter"),
        ("can the foreskin grow back?", "foreskin"),
        ("pain in my left hip joint", "left hip joint"),
    ],
)
def test_everyday_names_of_body_parts(
    offline_recognizer: Recognizer, text: str, body_part: str
) -> None:
    assert body_part in texts_of(offline_recognizer, text, Label.BODY_PART)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # states of things, evaluative states and "the" anything
        ("the heart is a muscle", Label.SYMPTOM),
        ("the skin is great after the cream", Label.SYMPTOM),
        ("is the liver bad at processing alcohol?", Label.SYMPTOM),
        ("the results were not normal", Label.SYMPTOM),
        ("the printer does not work", Label.SYMPTOM),
        ("my car is damaged after the crash", Label.SYMPTOM),
        ("the photo was enlarged for the poster", Label.SYMPTOM),
        ("the queue is not moving freely today", Label.SYMPTOM),
        ("the leaves are turning yellow", Label.SYMPTOM),
        ("the road blocks in my town", Label.SYMPTOM),
        ("prices soar every year", Label.SYMPTOM),
        ("the cost is killing me", Label.SYMPTOM),
        # irritation as annoyance
        ("I had some irritation with my boss today", Label.SYMPTOM),
        ("much to my irritation the bus was late", Label.SYMPTOM),
        # fluid that comes out of no body part, spitting that brings nothing up
        ("water is coming out of the tap", Label.SYMPTOM),
        ("let the fluid drain from the pan", Label.SYMPTOM),
        ("he is the spitting image of his dad", Label.SYMPTOM),
        ("I'm the spitting double of my brother", Label.SYMPTOM),
        # a mass and a nodule that are no lump
        ("we went to mass on Sunday", Label.SYMPTOM),
        ("he has lost muscle mass in his legs", Label.DISEASE),
        ("hyperplastic nodules appeared", Label.SYMPTOM),
        # body-part words in other senses: an adverb, a specialist, a cigarette
        ("can you help grow my hair back?", Label.BODY_PART),
        ("waiting for your feed back", Label.BODY_PART),
        ("I need my voice back", Label.BODY_PART),
        ("I saw an oral surgeon today", Label.BODY_PART),
        ("he smoked a joint at the party", Label.BODY_PART),
    ],
)
def test_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []


@pytest.mark.parametrize(
    ("text", "label", "quiet"),
    [
        # swallowing in its own sense
        ("it hurts my throat when I swallow", Label.SYMPTOM, "swallow"),
        ("can I swallow the tablet whole?", Label.SYMPTOM, "swallow"),
        ("my throat is sore and swallow hurts", Label.SYMPTOM, "swallow"),
        # hair growth a product promises, a cost that is killing
        ("this shampoo promotes hair growth on the scalp", Label.SYMPTOM, "hair growth"),
        ("the cost is killing me", Label.SYMPTOM, "killing me"),
    ],
)
def test_a_word_in_its_own_sense_is_no_state(
    offline_recognizer: Recognizer, text: str, label: Label, quiet: str
) -> None:
    assert quiet not in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    "text",
    [
        # healing that is not a wound's
        "my bank account is not healing",
        # an apology for discomfort is no complaint
        "we apologise for any discomfort this may cause",
        "sorry for the discomfort this causes you",
    ],
)
def test_healing_and_discomfort_elsewhere_name_no_complaint(
    offline_recognizer: Recognizer, text: str
) -> None:
    found = [
        e.text
        for e in offline_recognizer.recognize(text)
        if e.label in (Label.DISEASE, Label.SYMPTOM)
    ]
    assert found == []
