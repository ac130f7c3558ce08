"""Names of diseases, drugs, procedures and vaccines as people write them in consumer health
questions (the MeQSum register of ``lay_real``): misspellings ("fibromalgia", "scabie"), an
organ with "ca" for its cancer, disease acronyms (ODD, MSUD, CFS, HELLP, ADD), an injury or a
problem named by its organ, named vaccines, and procedures the vocabularies miss in chat or
keep to other words (counselling, ECT, CBT, radiation as a treatment, a transplant, "in vitro"
for IVF).

Many of these words have an everyday or a laboratory sense too ("a stone in my shoe", "UV
radiation", "that is odd", "please ADD the form", "in vitro assays"), and MeSH files some
everyday words (suggestions, couples, languages, grandmothers) as descriptors; each class has
its cases that must stay quiet. The sentences are short paraphrases written for the tests, not
the questions themselves.
"""

from __future__ import annotations

import pytest

from ner import Label
from ner.offline import Recognizer
from tests.ner.conftest import texts_of


@pytest.mark.parametrize(
    ("text", "label", "entity"),
    [
        # diseases: spellings, qualified and plain names
        ("I was diagnosed with fibromalgia last year", Label.DISEASE, "fibromalgia"),
        ("my doctor says I have fibromalgia", Label.DISEASE, "fibromalgia"),
        ("can Kerataconus get worse with age?", Label.DISEASE, "Kerataconus"),
        ("my daughter has ostiogenesis imperfecta", Label.DISEASE, "ostiogenesis imperfecta"),
        ("we both had scabie last month", Label.DISEASE, "scabie"),
        ("I developed curvature of the spine", Label.DISEASE, "curvature of the spine"),
        ("Or is it a hormonal disorder?", Label.DISEASE, "hormonal disorder"),
        (
            "I tested positive for a blood clotting disorder",
            Label.DISEASE,
            "blood clotting disorder",
        ),
        ("we need treatment for my father's balance disorder", Label.DISEASE, "balance disorder"),
        ("my son has insulin-dependent diabetes", Label.DISEASE, "insulin-dependent diabetes"),
        ("I have Graves and take methimazole", Label.DISEASE, "Graves"),
        ("levothyroxine for my thyroid condition", Label.DISEASE, "thyroid condition"),
        ("can hypermobility cause DCD?", Label.DISEASE, "hypermobility"),
        ("Bleach on bed sores?", Label.DISEASE, "bed sores"),
        ("I have high B/P and take two pills", Label.DISEASE, "high B/P"),
        # a cold that is bad is still the infection
        ("I have had a bad cold all week", Label.DISEASE, "cold"),
        # an organ with "ca" for its cancer
        ("post chemo for breast ca I gained weight", Label.DISEASE, "breast ca"),
        ("my dad had lung ca last year", Label.DISEASE, "lung ca"),
        # acronyms and short forms
        ("our son has ODD and autism", Label.DISEASE, "ODD"),
        ("what is the treatment for MSUD?", Label.DISEASE, "MSUD"),
        ("I have fibromyalgia and CFS", Label.DISEASE, "CFS"),
        ("can hypermobility cause DCD?", Label.DISEASE, "DCD"),
        ("my sister had HELLP in her first pregnancy", Label.DISEASE, "HELLP"),
        ("my son was diagnosed with ADD last year", Label.DISEASE, "ADD"),
        ("I am working with a Hep C patient", Label.DISEASE, "Hep C"),
        ("I have hcv genotype 3", Label.DISEASE, "hcv"),
        ("my sister have htlv-1", Label.DISEASE, "htlv-1"),
        # an injury, a stone or a hole, a problem named by its organ
        ("I fell last month, tailbone trauma", Label.DISEASE, "tailbone trauma"),
        ("my son has a wrist injury from football", Label.DISEASE, "wrist injury"),
        ("I have nerve damage in my foot", Label.DISEASE, "nerve damage"),
        ("which herbs are linked to kidney injury?", Label.DISEASE, "kidney injury"),
        ("my son has a tongue problem, he cannot say r", Label.DISEASE, "tongue problem"),
        ("i have a stone in my ureter", Label.DISEASE, "a stone"),
        ("he had a hole in his eardrum as a child", Label.DISEASE, "a hole in his eardrum"),
        ("I got surgery for a perforated ear drum", Label.DISEASE, "perforated ear drum"),
        # drugs and named vaccines
        ("I was on ms contin for years", Label.DRUG, "ms contin"),
        ("she took cytoxin after surgery", Label.DRUG, "cytoxin"),
        ("does glucosamine help knees?", Label.DRUG, "glucosamine"),
        ("is glucosamine sulfate safe for kidneys?", Label.DRUG, "glucosamine sulfate"),
        ("my dad starts BCG for bladder cancer next month", Label.DRUG, "BCG"),
        ("what are the side effects of a diuretic?", Label.DRUG, "diuretic"),
        ("my doctor recommended I get the MMR vaccine", Label.DRUG, "MMR vaccine"),
        ("is the shingles vaccine safe at 70?", Label.DRUG, "shingles vaccine"),
        # procedures: tests, operations, devices and therapies
        ("is genetic testing covered by insurance?", Label.PROCEDURE, "genetic testing"),
        ("Genetic testing.", Label.PROCEDURE, "Genetic testing"),
        ("should each of them have genetic testing", Label.PROCEDURE, "genetic testing"),
        ("the ultra sound showed a small cyst", Label.PROCEDURE, "ultra sound"),
        (
            "is coke an acceptable glucose tolerance test drink?",
            Label.PROCEDURE,
            "glucose tolerance test",
        ),
        ("would a skin graft cover the scar?", Label.PROCEDURE, "skin graft"),
        ("does removal of the ovaries help PCOS?", Label.PROCEDURE, "removal of the ovaries"),
        ("I had a total thyroid removal last year", Label.PROCEDURE, "total thyroid removal"),
        ("doctors suggest to go for amputation", Label.PROCEDURE, "amputation"),
        (
            "my father is waiting for a kidney transplantation",
            Label.PROCEDURE,
            "kidney transplantation",
        ),
        ("my child needed a shunt for the fluid", Label.PROCEDURE, "shunt"),
        ("can a pacemaker help me?", Label.PROCEDURE, "pacemaker"),
        ("he is having pace maker", Label.PROCEDURE, "pace maker"),
        ("we are thinking of trying in vitro", Label.PROCEDURE, "in vitro"),
        ("I had radiation for my breast cancer", Label.PROCEDURE, "radiation"),
        ("she went through chemo and radiation last year", Label.PROCEDURE, "radiation"),
        ("I think the radiation caused my numbness", Label.PROCEDURE, "radiation"),
        ("stem cell therapy for muscular dystrophy", Label.PROCEDURE, "stem cell therapy"),
        ("the hospice offered us counseling", Label.PROCEDURE, "counseling"),
        ("I've been told acupuncture can help", Label.PROCEDURE, "acupuncture"),
        ("also wondering about ECT?", Label.PROCEDURE, "ECT"),
        ("my psychologist suggested CBT for my anxiety", Label.PROCEDURE, "CBT"),
        (
            "is cognitive behavioural therapy any use for insomnia?",
            Label.PROCEDURE,
            "cognitive behavioural therapy",
        ),
    ],
)
def test_names_are_found(
    offline_recognizer: Recognizer, text: str, label: Label, entity: str
) -> None:
    assert entity in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # short forms and "ca" in their everyday or laboratory sense
        ("that is odd", Label.DISEASE),
        ("my serum ca level is 9", Label.DISEASE),
        ("BCG-induced responses were lower than with other strains", Label.DRUG),
        # an organ's heart that is no organ
        ("the heart of the problem is money", Label.DISEASE),
        # vocabulary words with an everyday sense
        ("I had bad eating habits", Label.DISEASE),
        ("he can not walk wit", Label.DISEASE),
        # radiation, a shunt and "in vitro" outside a treatment
        ("thermal, blast and radiation effects", Label.PROCEDURE),
        ("solar radiation levels are high in summer", Label.PROCEDURE),
        ("radiation exposure from phones worries me", Label.PROCEDURE),
        ("the shunt of blood was detected", Label.PROCEDURE),
        ("the drug was tested in vitro and in mice", Label.PROCEDURE),
        ("we did in vitro assays on the cells", Label.PROCEDURE),
    ],
)
def test_everyday_and_laboratory_senses_stay_quiet(
    offline_recognizer: Recognizer, text: str, label: Label
) -> None:
    assert texts_of(offline_recognizer, text, label) == []


@pytest.mark.parametrize(
    ("text", "label", "quiet"),
    [
        ("there is a stone in my shoe", Label.DISEASE, "a stone"),
        ("we visited the graves of our family", Label.DISEASE, "graves"),
        ("please ADD the new form to my file", Label.DISEASE, "ADD"),
        ("click ADD to save the list", Label.DISEASE, "ADD"),
        ("fish, shrimp, crab ect.", Label.PROCEDURE, "ect"),
        ("radiation exposure from my phone worries me", Label.PROCEDURE, "radiation"),
        ("is UV radiation bad for moles?", Label.PROCEDURE, "radiation"),
    ],
)
def test_a_name_in_another_sense_is_not_that_name(
    offline_recognizer: Recognizer, text: str, label: Label, quiet: str
) -> None:
    assert quiet not in texts_of(offline_recognizer, text, label)


@pytest.mark.parametrize(
    "text",
    [
        # everyday senses of MeSH psychosocial and kinship words
        "Any suggestions would be welcome.",
        "my husbands doctor said it was fine",
        "other couples have tried this",
        "she speaks two languages",
        "both my grandmothers lived to 90",
        # the weather, not the infection
        "the fluid froze in the bitter cold",
    ],
)
def test_everyday_words_name_no_disease_or_complaint(
    offline_recognizer: Recognizer, text: str
) -> None:
    found = [
        e.text
        for e in offline_recognizer.recognize(text)
        if e.label in (Label.DISEASE, Label.SYMPTOM)
    ]
    assert found == []
