"""Pain and chronic illness as the reason people take a medicine, and withdrawal, missed doses,
tapering and rebound (ninth round): "my back went out", "a pain shot down my
arm", "Norco 10/325", "withdrawal from Lyrica was brutal", "the acid came back twice as bad",
"hot and cold all night", and the everyday sentences with the same words that must stay quiet.

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
        # flare-ups of a chronic illness
        ("my flare-ups are less often on Humira", Label.SYMPTOM, "flare-ups"),
        ("had a bad flare last month", Label.SYMPTOM, "flare"),
        ("a fibro flare wiped me out for a week", Label.DISEASE, "fibro"),
        ("I'm in a flare right now", Label.SYMPTOM, "flare"),
        # a back or a knee that goes out
        ("my back went out on me again", Label.SYMPTOM, "went out on me"),
        ("my knee goes out on the stairs", Label.SYMPTOM, "goes out"),
        ("I threw my back out lifting a box", Label.SYMPTOM, "threw my back out"),
        ("put my back out carrying the shopping", Label.SYMPTOM, "put my back out"),
        ("threw out my back at the gym", Label.SYMPTOM, "threw out my back"),
        # pain that shoots, joints that click, curled up with pain
        ("the pain shot down my arm", Label.SYMPTOM, "pain shot down"),
        ("a sharp pain shot up my back", Label.SYMPTOM, "pain shot up"),
        ("my jaw clicks when I chew", Label.SYMPTOM, "clicks"),
        ("my knees pop and crack on the stairs", Label.SYMPTOM, "pop and crack"),
        (
            "my periods had me curled up on the bathroom floor",
            Label.SYMPTOM,
            "curled up on the bathroom floor",
        ),
        ("my stomach twists in knots after eating", Label.SYMPTOM, "twists in knots"),
        ("the first steps feel like stepping on a nail", Label.SYMPTOM, "like stepping on a nail"),
        ("it feels like an ice pick in my eye", Label.SYMPTOM, "like an ice pick in my eye"),
        ("the cramps are so bad I pass out", Label.SYMPTOM, "pass out"),
        (
            "my knees sound like Rice Krispies when I squat",
            Label.SYMPTOM,
            "sound like Rice Krispies",
        ),
        ("I limp for the first hour every morning", Label.SYMPTOM, "limp"),
        ("everything hurts to touch on a bad day", Label.SYMPTOM, "everything hurts to touch"),
        # a medicine given by a shot is the medicine
        ("a Toradol shot in the ER for a kidney stone", Label.DRUG, "Toradol"),
        ("B12 shots help the tingling", Label.DRUG, "B12"),
        ("I got the flu shot at the pharmacy", Label.PROCEDURE, "flu shot"),
        ("my ankle rolls and gives out on uneven ground", Label.SYMPTOM, "rolls and gives out"),
        ("Tramadol withdrawals are worse than the pain", Label.SYMPTOM, "withdrawals"),
        ("pred for my polymyalgia", Label.DRUG, "pred"),
        ("pred for my polymyalgia", Label.DISEASE, "polymyalgia"),
        ("Tylenol 3 after my wisdom teeth came out", Label.DRUG, "Tylenol 3"),
        ("if I miss my baclofen my legs go rigid", Label.SYMPTOM, "go rigid"),
        ("the pain was so bad I cried out", Label.SYMPTOM, "cried out"),
        ("a cortisone shot in my knee", Label.PROCEDURE, "cortisone shot"),
        (
            "my neuropathy feels like my socks are bunched up",
            Label.SYMPTOM,
            "like my socks are bunched up",
        ),
        # conditions by their everyday names
        ("Lyrica for fibro", Label.DISEASE, "fibro"),
        ("I have endo and the cramps are awful", Label.DISEASE, "endo"),
        ("carpal tunnel in both wrists", Label.DISEASE, "carpal tunnel"),
        ("my TMJ is acting up", Label.DISEASE, "TMJ"),
        ("Skelaxin for a pulled muscle in my neck", Label.DISEASE, "pulled muscle"),
        # procedures for pain
        ("the pain got better after my spinal fusion", Label.PROCEDURE, "spinal fusion"),
        ("I had a nerve block last month", Label.PROCEDURE, "nerve block"),
        # street and short names
        ("Tapering pred 5mg a week", Label.DRUG, "pred"),
        ("I was on percs for my back", Label.DRUG, "percs"),
        ("benzo withdrawal has me jumpy", Label.DRUG, "benzo"),
        # a body part that plays up
        ("my sciatic nerve is acting up again", Label.SYMPTOM, "acting up again"),
        ("my back is playing up", Label.SYMPTOM, "playing up"),
        # combination strengths of an opioid with paracetamol
        ("Percocet 5/325 for a herniated disc", Label.DOSAGE, "5/325"),
        ("I take Norco 10/325 three times a day", Label.DOSAGE, "10/325 three times a day"),
        ("meloxicam 15 helped my knee", Label.DOSAGE, "15"),
        ("the cramps from withdrawal were worse than my back pain", Label.SYMPTOM, "withdrawal"),
        # withdrawal, missed doses, tapering and rebound
        ("Withdrawal from Lyrica was brutal", Label.SYMPTOM, "Withdrawal"),
        ("Opiate withdrawal is like the flu", Label.SYMPTOM, "Opiate withdrawal"),
        ("I got withdrawals when I missed a dose", Label.SYMPTOM, "withdrawals"),
        ("Pregabalin withdrawal: sweating, insomnia", Label.SYMPTOM, "withdrawal"),
        ("gabapentin withdrawal gave me anxiety", Label.SYMPTOM, "withdrawal"),
        ("I was dopesick for three days", Label.SYMPTOM, "dopesick"),
        (
            "coming off Klonopin I felt like bugs under my skin",
            Label.SYMPTOM,
            "like bugs under my skin",
        ),
        (
            "my legs wouldn't stop kicking when I quit methadone",
            Label.SYMPTOM,
            "wouldn't stop kicking",
        ),
        ("hot and cold all night", Label.SYMPTOM, "hot and cold"),
        ("the acid came back twice as bad when I quit Nexium", Label.SYMPTOM, "acid"),
        ("the panic came roaring back", Label.SYMPTOM, "panic"),
        ("late with my methadone and my nose runs all day", Label.SYMPTOM, "runs"),
    ],
)
def test_pain_and_withdrawal_are_found(
    offline_recognizer: Recognizer, text: str, label: Label, expected: str
) -> None:
    assert expected in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("He is a real pain in the neck at work.", Label.SYMPTOM),
        ("That movie was a pain to sit through.", Label.SYMPTOM),
        ("The flare-up at the meeting was about the budget.", Label.SYMPTOM),
        # the flare of a named disease is that disease, as the sets annotate it
        ("a psoriasis flare on both knees", Label.SYMPTOM),
        ("Our office has a flare for drama.", Label.SYMPTOM),
        ("She had a bad day at work and a flare of temper.", Label.SYMPTOM),
        ("My back door goes out to the garden.", Label.SYMPTOM),
        ("My back goes out to the garden.", Label.SYMPTOM),
        ("He threw out the old sofa and put his back into it.", Label.SYMPTOM),
        ("I went out on Friday and my knee was fine.", Label.SYMPTOM),
        ("The kids wouldn't stop kicking the ball.", Label.SYMPTOM),
        ("The kids were kicking a ball in the garden.", Label.SYMPTOM),
        ("We served hot and cold food at the party.", Label.SYMPTOM),
        ("The restaurant serves hot and cold food all day.", Label.SYMPTOM),
        ("My neck of the woods gets cold in winter.", Label.DISEASE),
        ("The baby was curled up in a ball asleep.", Label.SYMPTOM),
        ("The bank withdrawal was hell with the queue.", Label.SYMPTOM),
        ("Withdrawal from the account took three days.", Label.SYMPTOM),
        ("I missed a dose of reality when I booked that holiday.", Label.SYMPTOM),
        ("She is tapering off her hours at work before retirement.", Label.SYMPTOM),
        ("The test results came back normal.", Label.SYMPTOM),
        ("My nose runs in the family.", Label.SYMPTOM),
        ("They pass out flyers at the station.", Label.SYMPTOM),
        ("I got a pain shot in my back at the clinic.", Label.SYMPTOM),
        ("He pulled a muscle car out of the garage.", Label.DISEASE),
        ("We had a flare at the party, the fireworks were great.", Label.SYMPTOM),
        ("The handshake was limp and damp.", Label.SYMPTOM),
        ("The tap runs hot and cold.", Label.SYMPTOM),
        ("The rash decision came back to haunt us.", Label.SYMPTOM),
        ("He had a bad flare of jealousy at the wedding.", Label.SYMPTOM),
        ("My back went out of fashion years ago, said the tailor.", Label.SYMPTOM),
        ("The kids were hot and cold about the trip.", Label.DISEASE),
        ("I almost passed out from laughing at his speech.", Label.SYMPTOM),
        ("My car is acting up again, the engine light is on.", Label.SYMPTOM),
        ("The printer clicks and whirs all night.", Label.SYMPTOM),
        ("He went out on a limb for me at work.", Label.BODY_PART),
        ("Everything hurts when I think about him.", Label.SYMPTOM),
        ("The kids are acting up at school.", Label.SYMPTOM),
        ("Benzo [ a ] pyrene was measured in the smoke.", Label.DRUG),
        ("The endo - exo ratio of the isomers was measured.", Label.DISEASE),
    ],
)
def test_everyday_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []
