"""Side effects by organ system, with where and how they are felt (eighth round): blood
pressure, diabetes, antibiotic, steroid, thyroid, stomach-acid, hormone, eye-drop, inhaler and
blood-thinner effects as patients place and describe them ("burning in the pit of my stomach",
"my tongue feels furry", "my pee is pink"), and the everyday senses of the same words that must
stay quiet ("the ankles of my boots", "peeling potatoes", "a burning question").

The sentences are short paraphrases written for the tests; the probe batches that found the
gaps stay out of the repository.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "symptom", "body_part"),
    [
        # a sensation placed by a location phrase: the sensation is the SYMPTOM, the organ the
        # BODY_PART ("pain in my knee"); "back" in "the back of my throat" names no back
        ("a burning in the pit of my stomach", "burning", "stomach"),
        ("lisinopril gave me a tickle at the back of my throat", "tickle", "throat"),
        ("pins and needles on the soles of my feet", "pins and needles", "feet"),
        ("a gnawing in the pit of my stomach after meals", "gnawing", "stomach"),
        # "the" before a sensation that a body part follows (chat)
        ("the tightness in my chest came back", "tightness", "chest"),
        ("the burning in my feet kept me awake", "burning", "feet"),
        # a body part and how it feels or looks
        ("my tongue feels furry since the antibiotics", "furry", "tongue"),
        ("on bisoprolol my hands are freezing", "freezing", "hands"),
        ("my feet are ice cold on metoprolol", "ice cold", "feet"),
        ("doxycycline made my face go bright red", "bright red", "face"),
        ("my mouth tastes metallic on ramipril", "tastes metallic", "mouth"),
        ("my eyes sting with the drops", "sting", "eyes"),
        ("eyelashes got longer on latanoprost", "got longer", "eyelashes"),
        ("my ears ring since the azithromycin", "ring", "ears"),
        ("my mouth is parched on bumetanide", "parched", "mouth"),
        ("the testosterone gel made my skin oily", "oily", "skin"),
        ("minocycline turned my gums a grey colour", "a grey colour", "gums"),
        ("my toes go purple in the cold on propranolol", "purple", "toes"),
        ("on Lasix my calves knot up at night", "knot up", "calves"),
        ("the Combigan drops make my eyes water", "water", "eyes"),
    ],
)
def test_where_and_how_it_is_felt(
    offline_recognizer: Recognizer, text: str, symptom: str, body_part: str
) -> None:
    assert symptom in texts_of(offline_recognizer, text, Label.SYMPTOM)
    assert body_part in texts_of(offline_recognizer, text, Label.BODY_PART)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the colour of what the body passes (chat)
        ("on Eliquis my pee is pink", "pink"),
        ("my stools were tarry after the iron", "tarry"),
        ("iron tablets turned my poop black", "black"),
        ("metronidazole turned my urine dark brown", "dark brown"),
        ("my urine went bright orange on rifampin", "bright orange"),
        # how often, in what way (chat)
        ("Invokana gave me a burning down below when I pee", "burning"),
        ("I am up peeing five times a night", "peeing five times a night"),
        ("on hydrocortisone my cuts take ages to heal", "cuts take ages to heal"),
        ("on dexamethasone I am wide awake at night", "wide awake"),
        ("warfarin - nosebleeds, blood in my spit", "blood in my spit"),
        ("on Xarelto my cuts bleed forever", "cuts bleed forever"),
        # what a medicine applied does is no injury ("burns", "stings" after a brand)
        ("Restasis burns like fire for ten minutes", "burns like fire"),
        ("after Keflex I had a white coating on my tongue", "white coating"),
        # gut noises, even after "a", are one complaint like "upset stomach"; a list goes on
        ("metformin gives me a rumbling stomach", "rumbling stomach"),
        ("metformin: gurgling stomach, gas, urgency", "urgency"),
        # seeing things that are not there
        ("I get dizzy and see stars when I stand", "see stars"),
        ("since this pill I keep seeing wavy lines", "seeing wavy lines"),
        ("migraines with zigzag lines", "zigzag lines"),
        # bleeding between periods on hormones
        ("is it normal to bleed a bit between periods on HRT", "bleed a bit between periods"),
        # steroid effects: awake at night, mood
        ("on prednisone I am wired at night", "wired at night"),
        ("I keep snapping at my husband on prednisone", "snapping at my husband"),
        ("ravenous, wired at night and snapping at my kids", "snapping at my kids"),
        ("prednisone makes me bounce off the walls", "bounce off the walls"),
        # early fullness on GLP-1 injections
        ("on Ozempic I feel full after three bites", "full after three bites"),
        # curated names
        ("Plavix leaves purple blotches on my arms", "purple blotches"),
        ("tamsulosin left me with almost no semen", "almost no semen"),
        ("nifedipine gave me a red face and headaches", "red face"),
        ("Breo gave me a croaky voice", "croaky voice"),
        ("does omeprazole cause bone loss", "bone loss"),
        ("Flonase made me lose my sense of smell", "lose my sense of smell"),
    ],
)
def test_organ_effects_found(offline_recognizer: Recognizer, text: str, expected: str) -> None:
    assert expected in texts_of(offline_recognizer, text, Label.SYMPTOM)


@pytest.mark.parametrize(
    "text",
    [
        "the ankles of my boots are scuffed",
        "I spent the morning peeling potatoes",
        "that is a burning question",
        "we went out to see stars tonight",
        "we could see stars from the hill",
        "my dog kept snapping at my husband",
        "the kids were snapping at each other",
        "the pressure in the tyre was low",
        "the stew was churning in the pot",
        "the wall is pink",
        "my face is round",
        "my eyes are brown",
        "Fosamax for bone loss",
        "the heels of my shoes wore down",
        "the toes of my boots are wet",
        "a white coating on the car",
        "the cuts to the budget take ages to heal",
        "the stress turned my hair grey",
        "my mouth waters when I smell bacon",
        "my eyes water when I cut onions",
    ],
)
def test_everyday_senses_stay_quiet(offline_recognizer: Recognizer, text: str) -> None:
    assert texts_of(offline_recognizer, text, Label.SYMPTOM) == []


def test_back_of_a_body_part_is_that_part(offline_recognizer: Recognizer) -> None:
    found = texts_of(offline_recognizer, "a dull pain in the back of my head", Label.BODY_PART)
    assert found == ["head"]
    assert texts_of(offline_recognizer, "my back hurts", Label.BODY_PART) == ["back"]
