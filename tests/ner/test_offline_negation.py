"""NegEx/ConText-style negation: triggers, pseudo-triggers, terminators, window."""

from __future__ import annotations

import pytest

from ner.offline import Recognizer


def negation(recognizer: Recognizer, text: str) -> dict[str, bool]:
    return {e.text: e.negated for e in recognizer.recognize(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("no fever", {"fever": True}),
        ("denies chest pain", {"chest pain": True}),
        ("fever ruled out", {"fever": True}),
        ("no fever or cough", {"fever": True, "cough": True}),
        ("no fever, cough or rash", {"fever": True, "cough": True, "rash": True}),
        ("no fever but cough", {"fever": True, "cough": False}),
        ("I have not had headaches since", {"headaches": True}),
        ("I don't get migraines on it", {"migraines": True}),
        (
            "She has no headache, however her back pain is worse",
            {"headache": True, "back pain": False},
        ),
        ("Patient denies nausea. Reports vomiting.", {"nausea": True, "vomiting": False}),
        ("without diarrhea", {"diarrhea": True}),
        ("he doesn't have asthma", {"asthma": True}),
        ("the rash is gone", {"rash": True}),
        ("malaria was ruled out", {"malaria": True}),
        ("fever and cough resolved", {"fever": True, "cough": True}),
        ("she has fever", {"fever": False}),
        ("denies chest pain, took ibuprofen", {"chest pain": True, "ibuprofen": False}),
        ("no cough; fever since monday", {"cough": True, "fever": False}),
        ("no rash, and no fever", {"rash": True, "fever": True}),
        # "not stop" and "won't go away" say it goes on: no negation
        (
            "My hands would not stop shaking on lithium.",
            {"hands": False, "shaking": False, "lithium": False},
        ),
        ("I never stop sweating", {"sweating": False}),
        ("the bleeding has not stopped", {"bleeding": False}),
        ("I did not stop taking metformin", {"metformin": False}),
        # a negated auxiliary negates the symptom right after it, and nothing further
        ("my knees don't hurt", {"knees": False, "hurt": True}),
        ("it doesn't hurt in my chest", {"hurt": True, "chest": False}),
        ("my stomach isn't upset", {"stomach": False, "upset": True}),
        ("I didn't ache all over", {"ache": True}),
        ("it doesn't help my headache", {"headache": False}),
        ("no fever and I don't know why", {"fever": True}),
        # what a person never had before is new, so present, and so is the list after it
        (
            "Anxiety I never had before, insomnia, palpitations",
            {"Anxiety": False, "insomnia": False, "palpitations": False},
        ),
        ("I never had a rash, just itching", {"rash": True, "itching": False}),
    ],
)
def test_negation_scope(
    offline_recognizer: Recognizer, text: str, expected: dict[str, bool]
) -> None:
    assert negation(offline_recognizer, text) == expected


def test_pseudo_trigger_does_not_negate(offline_recognizer: Recognizer) -> None:
    result = negation(offline_recognizer, "no increase in chest pain, and not only fever")
    assert result == {"chest pain": False, "fever": False}


def test_pseudo_trigger_cannot_rule_out(offline_recognizer: Recognizer) -> None:
    assert negation(offline_recognizer, "pneumonia cannot be ruled out") == {"pneumonia": False}


def test_scope_ends_at_window(offline_recognizer: Recognizer) -> None:
    text = "no fever since we came back from the village last week and then a cough"
    assert negation(offline_recognizer, text) == {"fever": True, "cough": False}


def test_scope_ends_at_sentence(offline_recognizer: Recognizer) -> None:
    assert negation(offline_recognizer, "No fever. Cough for a week.") == {
        "fever": True,
        "Cough": False,
    }


def test_post_triggers_only_negate_conditions(offline_recognizer: Recognizer) -> None:
    result = negation(offline_recognizer, "took ibuprofen 400 mg and the headache went away")
    assert result == {"ibuprofen": False, "400 mg": False, "headache": True}
    assert negation(offline_recognizer, "malaria test came back negative") == {
        "malaria test": False
    }


def test_only_ends_a_negation_scope(offline_recognizer: Recognizer) -> None:
    assert negation(offline_recognizer, "no rash, only itching") == {
        "rash": True,
        "itching": False,
    }


def test_pre_triggers_negate_drugs_too(offline_recognizer: Recognizer) -> None:
    assert negation(offline_recognizer, "she did not have paracetamol") == {"paracetamol": True}
