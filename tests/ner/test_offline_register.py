"""The register detector (chat or literature) and the combination it switches.

The sentences are written for these tests (not taken from any dev or test split).
"""

from __future__ import annotations

import pytest

from ner.offline import Recognizer, read_manifest
from ner.offline._model import CHAT, LITERATURE, ModelCard
from ner.offline._register import (
    _RATING,
    MIN_WORDS,
    THRESHOLD,
    Register,
    _is_rating,
    detect_register,
    normalise_spacing,
    register_score,
)
from tests.ner.conftest import spans

ABSTRACT = (
    "Cisplatin-induced nephrotoxicity was observed in 12 of 40 patients (30%), "
    "and hypomagnesemia was common."
)
ABSTRACT_TOKENISED = (
    "Cisplatin - induced nephrotoxicity was observed in 12 of 40 patients ( 30 % ) , "
    "and hypomagnesemia was common ."
)
LITERATURE_TEXTS = [
    ABSTRACT,
    "We studied 120 patients with Huntington disease (HD) and found that the repeat length "
    "correlated with the age of onset (p < 0.01).",
    "Mr Smith, a 67-year-old man with type 2 diabetes mellitus and hypertension, was admitted "
    "with chest pain; troponin was elevated and he was started on aspirin 300 mg.",
    "Chronic pancreatitis is associated with an increased incidence of pancreatic "
    "adenocarcinoma in this cohort.",
]
CHAT_TEXTS = [
    "i have had a headache for 3 days and my neck hurts lol what should i take",
    "Two weeks in and the nightmares started, I can't sleep and my stomach is upset",
    "Took ibuprofen for my back pain but it didn't help, any ideas?",
    "my mum has diabetes and high BP, she takes metformin 500 mg twice daily",
    "Dr said it's gastritis, gave pantoprazole 40mg once daily before breakfast",
    "Is it normal to feel this tired after starting sertraline?? 😩",
]
SHORT_TEXTS = ["hypomagnesemia", "Cisplatin nephrotoxicity (CIN) in 30% of patients"]


@pytest.mark.parametrize("text", LITERATURE_TEXTS)
def test_abstracts_and_clinical_letters_are_literature(text: str) -> None:
    assert detect_register(text) is Register.LITERATURE


@pytest.mark.parametrize("text", CHAT_TEXTS)
def test_chat_messages_are_chat(text: str) -> None:
    assert detect_register(text) is Register.CHAT


@pytest.mark.parametrize("text", SHORT_TEXTS)
def test_a_message_of_a_few_words_is_chat(text: str) -> None:
    assert len(text.split()) < MIN_WORDS
    assert detect_register(text) is Register.CHAT


TERSE_LISTS = [
    "Severe nausea vomiting diarrhea abdominal cramping dehydration hospitalization",
    "buprenorphine sweating constipation insomnia decreased libido weight gain",
    "sweating constipation insomnia irritability fatigue dizziness nausea headache",
]


@pytest.mark.parametrize("text", TERSE_LISTS)
def test_a_list_of_effects_without_sentences_is_chat(text: str) -> None:
    """Long technical words would make it literature; a list with hardly a function word and
    no closing full stop is no abstract's sentence."""
    assert register_score(text) >= THRESHOLD
    assert detect_register(text) is Register.CHAT


@pytest.mark.parametrize(
    "text",
    [
        "Metformin treatment fully blocked gentamicin-induced acute renal failure.",
        "Three patients developed chorea while receiving oral contraceptives.",
    ],
)
def test_a_sentence_without_function_words_stays_literature(text: str) -> None:
    """The corpora's terse sentences end in a full stop."""
    assert detect_register(text + " Serum creatinine levels were measured daily.") is (
        Register.LITERATURE
    )
    assert detect_register(text) is Register.LITERATURE


def test_a_terse_list_keeps_its_symptoms_apart(offline_recognizer: Recognizer) -> None:
    """Taggers that learned from abstracts read a run of symptom names as one long name."""
    found = spans(offline_recognizer.recognize(TERSE_LISTS[0]))
    assert ("vomiting", "SYMPTOM") in found
    assert ("diarrhea", "SYMPTOM") in found
    assert ("nausea vomiting", "SYMPTOM") not in found


TERSE_REVIEW = (
    "Aimovig 70 mg monthly for chronic migraine, previously 20 days a month. After two months "
    "down to 8 days. Side effects: constipation, injection site redness, hair loss. Overall a "
    "big improvement."
)


def test_a_reviewer_s_rating_points_to_chat() -> None:
    """A post about a medicine written tersely, with no pronoun, names its symptoms with long
    words an abstract also uses; its rating says what it is."""
    assert register_score(TERSE_REVIEW + " 8/10") == pytest.approx(register_score(TERSE_REVIEW) - 2)
    assert detect_register(TERSE_REVIEW + " 8/10") is Register.CHAT
    assert detect_register(TERSE_REVIEW.replace("Overall a big", "Overall 7/10, a big")) is (
        Register.CHAT
    )


@pytest.mark.parametrize(
    "text",
    [
        "Pain 8/10 on admission, reduced to 3/10 after morphine; abdominal examination revealed "
        "tenderness and guarding.",
        "Remission was achieved in 3/10 patients (30%) and relapse in 1/10 of the cohort.",
        "The deletion occurs in 1/10,000 births and represents a common structural change.",
    ],
)
def test_pain_scores_and_proportions_are_no_rating(text: str) -> None:
    assert [m.group() for m in _RATING.finditer(text) if _is_rating(text, m)] == []


def test_corpus_tokenisation_is_normalised_away() -> None:
    assert normalise_spacing(ABSTRACT_TOKENISED) == ABSTRACT
    assert normalise_spacing("renal failure ( RF ) , and") == "renal failure (RF), and"


@pytest.mark.parametrize(
    ("plain", "tokenised"),
    [
        (ABSTRACT, ABSTRACT_TOKENISED),
        (
            "Levodopa-induced dyskinesia (LID) developed in 18% of patients with Parkinson's "
            "disease.",
            "Levodopa - induced dyskinesia ( LID ) developed in 18 % of patients with "
            "Parkinson ' s disease .",
        ),
    ],
)
def test_an_abstract_scores_the_same_with_and_without_corpus_spacing(
    plain: str, tokenised: str
) -> None:
    assert register_score(tokenised) == pytest.approx(register_score(plain))
    assert detect_register(tokenised) is detect_register(plain) is Register.LITERATURE


def test_corpus_spacing_alone_does_not_make_chat_literature() -> None:
    spaced = "Took ibuprofen for my back pain , but it did n't help ( at all ) , any ideas ?"
    assert detect_register(spaced) is Register.CHAT


def test_the_recognizer_picks_the_combination_of_the_register() -> None:
    assert Recognizer.combination(ABSTRACT) is LITERATURE
    assert Recognizer.combination(CHAT_TEXTS[0]) is CHAT


LETTER = (
    "Mutations in the WASP gene cause WAS, an X-linked immunodeficiency characterized by "
    "thrombocytopenia and eczema."
)


def test_literature_trusts_the_tagger_where_chat_guards_would_not(
    offline_recognizer: Recognizer,
) -> None:
    """An abbreviation that is also a word ("WAS") needs medical company in chat; in an
    abstract the disease tagger's span stands."""
    models = offline_recognizer.models
    assert models is not None
    tokens, candidates = offline_recognizer.rule_spans(LETTER)
    chat = [LETTER[s.start : s.end] for s in models.combine(tokens, candidates, CHAT)]
    assert "WAS" not in chat
    found = spans(offline_recognizer.recognize(LETTER))
    assert ("WAS", "DISEASE") in found
    assert ("thrombocytopenia", "DISEASE") in found


def test_chat_keeps_its_guards(offline_recognizer: Recognizer) -> None:
    assert spans(offline_recognizer.recognize("DM me the details when you can, thanks")) == []
    seed = (
        "she was suffering from Malaria and fits so to cure  she used amodiaquine and she has "
        "slightly fever and pain on hip"
    )
    assert spans(offline_recognizer.recognize(seed)) == [
        ("Malaria", "DISEASE"),
        ("fits", "SYMPTOM"),
        ("amodiaquine", "DRUG"),
        ("fever", "SYMPTOM"),
        ("pain", "SYMPTOM"),
        ("hip", "BODY_PART"),
    ]


BODY_WEIGHT = (
    "The body weight of treated rats decreased significantly compared with controls ( p < 0.01 ) ."
)


def test_literature_lets_a_sure_tagger_call_an_everyday_word_anatomy(
    offline_recognizer: Recognizer,
) -> None:
    """An everyday word ("body") in an abstract is anatomy when AnatEM is sure; not in chat."""
    models = offline_recognizer.models
    assert models is not None
    assert Recognizer.combination(BODY_WEIGHT) is LITERATURE
    tokens, candidates = offline_recognizer.rule_spans(BODY_WEIGHT)
    literature = models.combine(tokens, candidates, LITERATURE)
    chat = models.combine(tokens, candidates, CHAT)
    assert [(BODY_WEIGHT[s.start : s.end], s.label.value) for s in literature] == [
        ("body", "BODY_PART")
    ]
    assert chat == []
    assert spans(offline_recognizer.recognize("the body of the email was empty")) == []


PILLS = (
    "We conclude that patients who took thyroid pills in our cohort had elevated serum "
    "levels of calcium , respectively ."
)


def test_literature_drops_a_span_the_rules_built_where_the_taggers_see_nothing(
    offline_recognizer: Recognizer,
) -> None:
    """In an abstract a span the rules built from vocabulary words is a second opinion like a
    vocabulary entry: it stands only where a tagger found it too; in chat it stands."""
    models = offline_recognizer.models
    assert models is not None
    assert Recognizer.combination(PILLS) is LITERATURE
    tokens, candidates = offline_recognizer.rule_spans(PILLS)
    assert ("thyroid pills", "DRUG") in [
        (PILLS[s.start : s.end], s.label.value) for s in candidates
    ]
    literature = [PILLS[s.start : s.end] for s in models.combine(tokens, candidates, LITERATURE)]
    chat = [PILLS[s.start : s.end] for s in models.combine(tokens, candidates, CHAT)]
    assert "thyroid pills" not in literature
    assert "calcium" in literature
    assert "thyroid pills" in chat
    assert spans(offline_recognizer.recognize("my thyroid pills ran out")) == [
        ("thyroid pills", "DRUG")
    ]


@pytest.mark.parametrize(
    ("text", "disease", "anatomy"),
    [
        (
            "Cardiac dysfunction developed in 5 patients treated with doxorubicin .",
            "Cardiac dysfunction",
            "Cardiac",
        ),
        (
            "Lithium - induced renal impairment was observed in two elderly patients .",
            "renal impairment",
            "renal",
        ),
    ],
)
def test_anatomy_inside_a_sure_disease_mention_yields_to_it(
    offline_recognizer: Recognizer, text: str, disease: str, anatomy: str
) -> None:
    """AnatEM tags the organ inside a disease mention; the engine reports the disease, as it
    does where a rule span names the disease ("heart" in "heart failure")."""
    models = offline_recognizer.models
    assert models is not None
    tokens, candidates = offline_recognizer.rule_spans(text)
    predicted = [
        (text[s.start : s.end], s.label.value)
        for s, _, _ in models.predict(tokens, candidates).spans
    ]
    assert (anatomy, "BODY_PART") in predicted
    assert (disease, "DISEASE") in predicted
    found = spans(offline_recognizer.recognize(text))
    assert (disease, "DISEASE") in found
    assert (anatomy, "BODY_PART") not in found


SIDE_EFFECTS = (
    "Side effects: nausea, dizziness, insomnia, tachycardia, hypertension, hives, brain fog "
    "and hair loss, plus severe fatigue and weight gain."
)


def test_a_list_of_side_effects_in_abstract_style_keeps_the_lay_words(
    offline_recognizer: Recognizer,
) -> None:
    """A tagger trained on abstracts has hardly seen "hives" or "brain fog": its silence over
    the project's own lay words vetoes nothing, even where the message reads as literature."""
    assert Recognizer.combination(SIDE_EFFECTS) is LITERATURE
    found = spans(offline_recognizer.recognize(SIDE_EFFECTS))
    assert ("hives", "SYMPTOM") in found
    assert ("brain fog", "SYMPTOM") in found
    assert ("nausea", "SYMPTOM") in found


def test_only_a_tagger_whose_corpus_annotates_symptoms_vetoes_symptom_entries() -> None:
    cards = {card.name: card for card in read_manifest()}
    assert cards["bc5cdr"].symptoms
    assert not cards["ncbi-disease"].symptoms
    assert not cards["anatem"].symptoms
    assert ModelCard.from_json(cards["bc5cdr"].to_json()) == cards["bc5cdr"]


@pytest.mark.parametrize(
    "text",
    ["(" + "A" * 20_000, "lol " * 5_000, "1 " * 10_000 + "mg", "( " * 10_000, "a - " * 5_000],
)
def test_long_hostile_input_is_decided_in_linear_time(text: str) -> None:
    """No pattern of the detector backtracks on a pasted wall of text (nothing is timed: a
    pattern with nested unbounded repeats made the first case take seconds, not milliseconds)."""
    assert detect_register(text) in (Register.CHAT, Register.LITERATURE)
