"""The harvesting rules of ner/offline/train.py on tiny synthetic corpora."""

from __future__ import annotations

from ner import EvalExample, Label
from ner.offline.train import harvest, stoplist


def example(text: str, *spans: str) -> EvalExample:
    entities = []
    for span in spans:
        start = text.index(span)
        entities.append({"start": start, "end": start + len(span), "label": "DISEASE"})
    return EvalExample.model_validate({"text": text, "entities": entities})


def test_harvest_keeps_forms_annotated_most_of_the_time() -> None:
    examples = [
        example("patients with ataxia telangiectasia ( A - T )", "ataxia telangiectasia"),
        example("ataxia telangiectasia again", "ataxia telangiectasia"),
        example("the tumor grew", "tumor"),
        example("a tumor suppressor gene"),
        example("tumor cells"),
    ]
    assert harvest(examples, Label.DISEASE, {}) == ["ataxia telangiectasia"]


def test_stoplist_finds_vocabulary_words_rarely_annotated() -> None:
    examples = [
        example("the carrier was tested"),
        example("a carrier again"),
        example("one carrier more"),
        example("deafness in a carrier", "deafness"),
    ]
    assert stoplist(examples, {Label.DISEASE}, {"carrier", "deafness"}, {}) == {"carrier"}
