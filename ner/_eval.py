"""Evaluation: precision, recall and F1 per label, by exact span and by overlap.

Pure functions over the project's evaluation format (one JSON object per line)::

    {"text": str, "entities": [{"start", "end", "label"}], "labels": [...], "merge": {...}}

``labels`` (optional) lists what the source annotates: only those labels are scored, for gold and
prediction alike. ``merge`` (optional) maps a predicted label onto the source's label before
scoring (the corpora's "Disease" includes symptoms, so SYMPTOM -> DISEASE). ``medner eval`` is the
CLI around this module; the engine is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ner._models import LABELS, Entity, Label

MICRO = "micro"


class EvalError(ValueError):
    """A dataset line is not valid evaluation JSON; the message names the line."""


class GoldEntity(BaseModel):
    """One annotated span of a dataset line."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: Label


class EvalExample(BaseModel):
    """One dataset line: the text, its gold spans, and how to score predictions against it."""

    model_config = ConfigDict(frozen=True)

    text: str
    entities: tuple[GoldEntity, ...] = ()
    labels: tuple[Label, ...] | None = None
    merge: dict[Label, Label] = Field(default_factory=dict)


def parse_example(line: str, line_number: int = 0) -> EvalExample:
    """Parse and check one JSON line (offsets must lie inside the text)."""
    try:
        example = EvalExample.model_validate_json(line)
    except ValidationError as exc:
        raise EvalError(f"line {line_number}: {exc.errors()[0]['msg']}") from None
    for gold in example.entities:
        if not gold.start < gold.end <= len(example.text):
            raise EvalError(f"line {line_number}: span {gold.start}-{gold.end} is outside the text")
    return example


def read_examples(lines: Iterable[str], limit: int | None = None) -> Iterator[EvalExample]:
    """Examples from JSONL lines, skipping blank lines, stopping after ``limit``."""
    count = 0
    for number, line in enumerate(lines, start=1):
        if limit is not None and count >= limit:
            return
        if not line.strip():
            continue
        yield parse_example(line, number)
        count += 1


@dataclass
class Counts:
    """True positives, false positives and false negatives, with the derived scores."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


_Span = tuple[int, int, Label]


def scored_spans(
    example: EvalExample, predicted: Sequence[Entity]
) -> tuple[list[_Span], list[_Span]]:
    """Gold and predicted spans after ``merge`` and the ``labels`` filter."""
    allowed = set(example.labels) if example.labels is not None else set(LABELS)
    gold = [(g.start, g.end, g.label) for g in example.entities if g.label in allowed]
    merged = [(p.start, p.end, example.merge.get(p.label, p.label)) for p in predicted]
    return gold, [span for span in merged if span[2] in allowed]


def exact_counts(gold: Sequence[_Span], predicted: Sequence[_Span]) -> dict[Label, Counts]:
    """Per-label counts where a hit needs the same start, end and label."""
    counts: dict[Label, Counts] = {}
    gold_set, predicted_set = set(gold), set(predicted)
    for span in predicted_set:
        label_counts = counts.setdefault(span[2], Counts())
        if span in gold_set:
            label_counts.tp += 1
        else:
            label_counts.fp += 1
    for span in gold_set - predicted_set:
        counts.setdefault(span[2], Counts()).fn += 1
    return counts


def overlap_counts(gold: Sequence[_Span], predicted: Sequence[_Span]) -> dict[Label, Counts]:
    """Per-label counts where a hit needs the same label and any shared character.

    Matching is one-to-one (each gold span absorbs at most one prediction), so splitting one
    gold entity into two predictions still costs a false positive.
    """
    counts: dict[Label, Counts] = {}
    unmatched = sorted(set(gold))
    for start, end, label in sorted(set(predicted)):
        hit = next((g for g in unmatched if g[2] == label and g[0] < end and start < g[1]), None)
        if hit is None:
            counts.setdefault(label, Counts()).fp += 1
        else:
            unmatched.remove(hit)
            counts.setdefault(label, Counts()).tp += 1
    for span in unmatched:
        counts.setdefault(span[2], Counts()).fn += 1
    return counts


@dataclass
class Scorer:
    """Accumulates counts over a dataset; ``report`` turns them into scores."""

    exact: dict[Label, Counts] = field(default_factory=dict)
    overlap: dict[Label, Counts] = field(default_factory=dict)
    examples: int = 0
    unanswered: int = 0
    """Examples the engine could not answer (scored as predicting nothing)."""

    def add(self, example: EvalExample, predicted: Sequence[Entity]) -> None:
        gold, pred = scored_spans(example, predicted)
        for target, counts in (
            (self.exact, exact_counts(gold, pred)),
            (self.overlap, overlap_counts(gold, pred)),
        ):
            for label, label_counts in counts.items():
                total = target.setdefault(label, Counts())
                total += label_counts
        self.examples += 1

    def report(self) -> EvalReport:
        return EvalReport(
            examples=self.examples,
            unanswered=self.unanswered,
            exact=_scores(self.exact),
            overlap=_scores(self.overlap),
        )


class LabelScore(BaseModel):
    """Scores of one label (or the micro average) under one matching rule."""

    precision: float
    recall: float
    f1: float
    tp: int
    fp: int
    fn: int
    support: int


class EvalReport(BaseModel):
    """What ``medner eval`` prints: per-label and micro scores, exact and overlap."""

    examples: int
    unanswered: int = 0
    exact: dict[str, LabelScore]
    overlap: dict[str, LabelScore]


def _score(counts: Counts) -> LabelScore:
    return LabelScore(
        precision=round(counts.precision, 4),
        recall=round(counts.recall, 4),
        f1=round(counts.f1, 4),
        tp=counts.tp,
        fp=counts.fp,
        fn=counts.fn,
        support=counts.tp + counts.fn,
    )


def _scores(by_label: dict[Label, Counts]) -> dict[str, LabelScore]:
    micro = Counts()
    scores: dict[str, LabelScore] = {}
    for label in LABELS:
        if label in by_label:
            scores[label.value] = _score(by_label[label])
            micro += by_label[label]
    scores[MICRO] = _score(micro)
    return scores


def evaluate(examples: Iterable[EvalExample], predict: Iterable[Sequence[Entity]]) -> EvalReport:
    """Score parallel iterables of examples and predictions."""
    scorer = Scorer()
    for example, predicted in zip(examples, predict, strict=True):
        scorer.add(example, predicted)
    return scorer.report()
