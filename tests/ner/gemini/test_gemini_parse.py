"""Reading Gemini answers: JSON schema and line format, aligned to exact, checkable offsets."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ner import Entity, Label
from ner.gemini import UnparseableAnswer, parse_answer
from ner.gemini._parse import occurrences


def spans(entities: list[Entity]) -> list[tuple[str, int, int, str, bool]]:
    return [(e.text, e.start, e.end, e.label.value, e.negated) for e in entities]


def answer(*items: tuple[str, str] | tuple[str, str, bool]) -> str:
    return json.dumps(
        {"entities": [{"text": i[0], "label": i[1], "negated": len(i) > 2 and i[2]} for i in items]}
    )


def test_json_answer_is_aligned_to_every_occurrence_case_insensitively() -> None:
    message = "Fever at night, then the fever came back with a headache."
    entities = parse_answer(answer(("fever", "SYMPTOM"), ("Headache", "SYMPTOM")), message)
    assert spans(entities) == [
        ("Fever", 0, 5, "SYMPTOM", False),
        ("fever", 25, 30, "SYMPTOM", False),
        ("headache", 48, 56, "SYMPTOM", False),
    ]
    assert all(e.matches(message) for e in entities)


def test_negation_and_all_six_labels_survive() -> None:
    message = "No chest pain; MRI of the knee; malaria; took ibuprofen 400 mg."
    raw = answer(
        ("chest pain", "SYMPTOM", True),
        ("MRI", "PROCEDURE"),
        ("knee", "BODY_PART"),
        ("malaria", "DISEASE"),
        ("ibuprofen", "DRUG"),
        ("400 mg", "DOSAGE"),
    )
    entities = parse_answer(raw, message)
    assert {e.label for e in entities} == set(Label)
    assert [e.text for e in entities if e.negated] == ["chest pain"]


def test_labels_outside_the_contract_are_dropped_and_lenient_spellings_kept() -> None:
    message = "aspirin for my back, seen by Dr Smith"
    raw = answer(("aspirin", "drug"), ("back", "body part"), ("Dr Smith", "PERSON"))
    assert spans(parse_answer(raw, message)) == [
        ("aspirin", 0, 7, "DRUG", False),
        ("back", 15, 19, "BODY_PART", False),
    ]


def test_text_not_in_the_message_is_dropped_never_placed_outside_it() -> None:
    message = "my head hurts"
    assert parse_answer(answer(("migraine", "DISEASE"), ("head", "BODY_PART")), message) == [
        Entity(text="head", label=Label.BODY_PART, start=3, end=7)
    ]


def test_a_word_inside_another_word_is_not_an_occurrence() -> None:
    assert list(occurrences("ache", "headache and ache")) == [(13, 17)]
    assert list(occurrences("arm", "my arm, not my charm")) == [(3, 6)]


def test_overlaps_keep_the_longer_span_and_duplicates_collapse() -> None:
    message = "chest pain and pain in the chest"
    raw = answer(("chest pain", "SYMPTOM"), ("pain", "SYMPTOM"), ("chest", "BODY_PART"))
    raw_twice = json.dumps({"entities": json.loads(raw)["entities"] * 2})
    assert spans(parse_answer(raw_twice, message)) == [
        ("chest pain", 0, 10, "SYMPTOM", False),
        ("pain", 15, 19, "SYMPTOM", False),
        ("chest", 27, 32, "BODY_PART", False),
    ]


def test_code_fenced_json_and_a_bare_list_are_read() -> None:
    message = "rash on my arm"
    fenced = "```json\n" + answer(("rash", "SYMPTOM")) + "\n```"
    bare = json.dumps([{"text": "arm", "label": "BODY_PART"}])
    assert [e.text for e in parse_answer(fenced, message)] == ["rash"]
    assert [e.text for e in parse_answer(bare, message)] == ["arm"]


def test_line_format_of_older_tuned_models() -> None:
    message = "I take Metformin 500 mg for diabetes, no fever."
    raw = (
        "Entity: metformin, Label: DRUG\n"
        "Entity: 500 mg, Label: DOSAGE\n"
        "- Entity: diabetes, Label: DISEASE\n"
        "Entity: fever, Label: SYMPTOM, Negated: true\n"
        "Entity: Monday, Label: DATE\n"
    )
    assert spans(parse_answer(raw, message)) == [
        ("Metformin", 7, 16, "DRUG", False),
        ("500 mg", 17, 23, "DOSAGE", False),
        ("diabetes", 28, 36, "DISEASE", False),
        ("fever", 41, 46, "SYMPTOM", True),
    ]


def test_empty_entity_list_is_a_valid_answer() -> None:
    assert parse_answer('{"entities": []}', "hello there") == []


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "Sorry, I can't help with that.", '{"entities": [', '{"items": []}', "42"],
)
def test_anything_else_is_unparseable(raw: str) -> None:
    with pytest.raises(UnparseableAnswer):
        parse_answer(raw, "some fever")


words = st.sampled_from(["fever", "Fever", "pain", "chest pain", "knee", "mg", "a", "é", "x y"])


@given(
    message=st.lists(st.one_of(words, st.text(max_size=5)), max_size=12).map(" ".join),
    named=st.lists(st.one_of(words, st.text(min_size=1, max_size=4)), max_size=6),
)
def test_aligned_entities_always_slice_the_message_and_never_overlap(
    message: str, named: list[str]
) -> None:
    raw = json.dumps({"entities": [{"text": t, "label": "SYMPTOM"} for t in named]})
    entities = parse_answer(raw, message)
    assert all(e.matches(message) for e in entities)
    ordered = sorted(entities, key=lambda e: e.start)
    assert all(a.end <= b.start for a, b in itertools.pairwise(ordered))
