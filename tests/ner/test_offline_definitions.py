"""Abbreviations a message defines itself (ner/offline/_definitions.py)."""

from __future__ import annotations

import pytest

from ner.offline import Recognizer
from ner.offline._definitions import _match_letters
from tests.ner.conftest import spans


@pytest.mark.parametrize(
    ("letters", "text", "expected"),
    [
        ("wt", "and the wild type", len("and the ")),
        ("bmd", "trabecular bone mineral density", len("trabecular ")),
        ("pth", "low parathyroid hormone", len("low ")),
        ("solvd", "studies of left ventricular dysfunction", 0),
        ("cddp", "induced by cisplatin", None),  # a synonym, not an abbreviation
    ],
)
def test_the_defining_words_are_found_letter_by_letter(
    letters: str, text: str, expected: int | None
) -> None:
    assert _match_letters(list(letters), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the defining words are no entity: nor is the short form, whatever it usually means
        ("wild type ( WT ) mice and WT littermates", []),
        ("systolic blood pressure ( SBP ) rose ; SBP fell", []),
        ("lumbar bone mineral density ( BMD ) was low", [("lumbar bone", "BODY_PART")]),
        # they are an entity: every use of the short form takes its label
        (
            "anabolic androgenic steroid ( AAS ) users",
            [("anabolic androgenic steroid", "DRUG"), ("AAS", "DRUG")],
        ),
        (
            "acute renal failure ( ARF ) developed ; ARF resolved",
            [("acute renal failure", "DISEASE"), ("ARF", "DISEASE"), ("ARF", "DISEASE")],
        ),
        (
            "retinoic acid ( RA ) treated cells",
            [("retinoic acid", "DRUG"), ("RA", "DRUG"), ("cells", "BODY_PART")],
        ),
        # a test's or a drug's short form keeps its reading where the defining words are unknown
        ("magnetic resonance imaging ( MRI ) was done", [("MRI", "PROCEDURE")]),
        ("hydroxamide ( SAHA ) , an inhibitor", [("hydroxamide", "DRUG"), ("SAHA", "DRUG")]),
        # part of them is an entity of the short form's usual label: its reading stands
        ("nonsteroidal anti - inflammatory drugs ( NSAIDs )", [("NSAIDs", "DRUG")]),
        # the letters match no words: the span before the parenthesis defines it
        ("cisplatin ( CDDP ) was given", [("cisplatin", "DRUG"), ("CDDP", "DRUG")]),
    ],
)
def test_a_short_form_means_what_the_message_defines(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert spans(offline_recognizer.recognize(text)) == expected


def test_without_a_definition_the_vocabularies_reading_stands(
    offline_recognizer: Recognizer,
) -> None:
    assert spans(offline_recognizer.recognize("my BP is high again")) == [("BP", "DISEASE")]
