"""The taggers' combination step looks spans up through sorted indexes (``RuleIndex``,
``Disjoint``) instead of scanning every rule span per tagger span; these properties pin them to
the plain scans they replaced, so the combination keeps its answers on any input."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ner import Label
from ner.offline import Recognizer
from ner.offline._model import Disjoint, RuleIndex
from ner.offline._spans import LEXICON, Span


@st.composite
def spans(draw: st.DrawFn) -> Span:
    start = draw(st.integers(0, 60))
    end = start + draw(st.integers(1, 15))
    label = draw(st.sampled_from([Label.SYMPTOM, Label.DISEASE, Label.BODY_PART]))
    return Span(start, end, start, end, label, None, LEXICON)


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


@given(st.lists(spans(), max_size=25), spans())
def test_rule_index_answers_like_a_scan(rules: list[Span], probe: Span) -> None:
    index = RuleIndex(rules)
    assert index.overlapping(probe) == [r for r in rules if _overlap(r, probe)]
    same = [r for r in rules if (r.start, r.end) == (probe.start, probe.end)]
    assert index.same(probe) == same
    assert index.coincides(probe) == bool(same)


@given(st.lists(spans(), max_size=40))
def test_disjoint_keeps_what_a_first_fit_scan_keeps(candidates: list[Span]) -> None:
    kept = Disjoint()
    expected: list[Span] = []
    for span in candidates:
        fits = all(not _overlap(span, other) for other in expected)
        assert kept.overlaps(span) == (not fits)
        if fits:
            kept.add(span)
            expected.append(span)
    assert kept.spans() == sorted(expected, key=lambda span: span.start)


def test_a_long_dense_text_finds_what_its_paragraphs_find(offline_recognizer: Recognizer) -> None:
    paragraph = (
        "my mum has diabetes and high BP, she takes metformin 500 mg twice daily and "
        "amlodipine 5mg. no chest pain but her ankles are swollen.\n\n"
    )
    one = [(e.text, e.label) for e in offline_recognizer.recognize(paragraph)]
    many = [(e.text, e.label) for e in offline_recognizer.recognize(paragraph * 200)]
    assert many == one * 200
