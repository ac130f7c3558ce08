"""A tumour is a disease to a user, whatever AnatEM (which annotates tumours as anatomy) says:
neither its harvested forms nor its tagger may report one as BODY_PART.

The sentences are written for these tests (not taken from any dev or test split).
"""

from __future__ import annotations

import pytest

from ner.offline import Recognizer
from ner.offline._tumours import is_tumour_word
from tests.ner.conftest import spans


@pytest.mark.parametrize(
    "word", ["tumor", "tumours", "cancers", "carcinomas", "myeloma", "neoplasm", "metastases"]
)
def test_tumour_words(word: str) -> None:
    assert is_tumour_word(word)


@pytest.mark.parametrize("word", ["stroma", "soma", "cells", "tissue", "chromosome", "lymph"])
def test_anatomical_words_are_not_tumours(word: str) -> None:
    assert not is_tumour_word(word)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # forms harvested from AnatEM enter the lexicon as diseases
        ("my dad has gastric carcinoma", [("gastric carcinoma", "DISEASE")]),
        ("my mum has myeloma", [("myeloma", "DISEASE")]),
        ("they found a primary tumor in her lung", [("tumor", "DISEASE"), ("lung", "BODY_PART")]),
        # the cells and tissues of a tumour are anatomy
        (
            "tumor cells were found in the lymph nodes",
            [("tumor cells", "BODY_PART"), ("lymph nodes", "BODY_PART")],
        ),
    ],
)
def test_a_tumour_is_a_disease_in_chat(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


METASTASES = (
    "Expression was higher in the primary tumours of 40 patients than in their lymph node "
    "metastases ( p < 0.01 ) ."
)


def test_a_tumour_the_anatomy_tagger_finds_is_a_disease_in_an_abstract(
    offline_recognizer: Recognizer,
) -> None:
    """AnatEM's tagger calls both mentions anatomy; the engine reports diseases."""
    models = offline_recognizer.models
    assert models is not None
    tokens, candidates = offline_recognizer.rule_spans(METASTASES)
    anatomy = [
        METASTASES[span.start : span.end]
        for span, _, _ in models.predict(tokens, candidates).spans
        if span.label.value == "BODY_PART"
    ]
    assert anatomy == ["primary tumours", "lymph node metastases"]
    assert spans(offline_recognizer.recognize(METASTASES)) == [
        ("primary tumours", "DISEASE"),
        ("lymph node metastases", "DISEASE"),
    ]
