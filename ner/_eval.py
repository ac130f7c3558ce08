"""Evaluation: precision, recall and F1 per label, by exact span and by overlap.

Pure functions over the project's evaluation format (one JSON object per line)::

    {"text": str, "entities": [{"start", "end", "label"}], "labels": [...], "merge": {...}}

Gold entities may also carry ``negated``, ``subject``, ``certainty`` and ``historical``, and a line
may carry ``relations`` ([{"type", "from", "to"}] indexing its ``entities``): then the assertions
are scored on the predicted entities that match a gold one (same label, overlapping), and the
relations by overlap of both ends (docs/output.md).

``labels`` (optional) lists what the source annotates: only those labels are scored, for gold and
prediction alike. ``merge`` (optional) maps a predicted label onto the source's label before
scoring (the corpora's "Disease" includes symptoms, so SYMPTOM -> DISEASE). ``medner eval`` is the
CLI around this module; the engine is the caller's business.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ner._models import (
    LABELS,
    Certainty,
    Entity,
    Label,
    Relation,
    RelationType,
    Subject,
    sort_entities,
)
from ner._relations import find_relations

MICRO = "micro"


class EvalError(ValueError):
    """A dataset line is not valid evaluation JSON; the message names the line."""


class GoldEntity(BaseModel):
    """One annotated span of a dataset line."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    label: Label
    negated: bool | None = None
    subject: Subject | None = None
    certainty: Certainty | None = None
    historical: bool | None = None


class GoldRelation(BaseModel):
    """A gold link between two of the line's entities, by index."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    type: RelationType
    source: int = Field(validation_alias="from", ge=0)
    target: int = Field(validation_alias="to", ge=0)


class EvalExample(BaseModel):
    """One dataset line: the text, its gold spans, and how to score predictions against it."""

    model_config = ConfigDict(frozen=True)

    text: str
    entities: tuple[GoldEntity, ...] = ()
    labels: tuple[Label, ...] | None = None
    merge: dict[Label, Label] = Field(default_factory=dict)
    relations: tuple[GoldRelation, ...] | None = None
    """None when the source annotates no relations (then none are scored)."""


def parse_example(line: str, line_number: int = 0) -> EvalExample:
    """Parse and check one JSON line (offsets must lie inside the text)."""
    try:
        example = EvalExample.model_validate_json(line)
    except ValidationError as exc:
        raise EvalError(f"line {line_number}: {exc.errors()[0]['msg']}") from None
    for gold in example.entities:
        if not gold.start < gold.end <= len(example.text):
            raise EvalError(f"line {line_number}: span {gold.start}-{gold.end} is outside the text")
    for relation in example.relations or ():
        if max(relation.source, relation.target) >= len(example.entities):
            raise EvalError(f"line {line_number}: a relation points past the entities")
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


ErrorKind = Literal["missed", "spurious"]
CONTEXT_CHARS = 30


class SpanError(BaseModel):
    """One span the overlap rule does not pair: a missed gold span or a spurious prediction.

    ``other_label`` names the label of an overlapping span on the other side, if any: a missed
    SYMPTOM that the engine found as DISEASE is a labelling error, not a blind spot.
    """

    kind: ErrorKind
    label: Label
    text: str
    start: int
    end: int
    context: str
    other_label: Label | None = None


def overlap_errors(text: str, gold: Sequence[_Span], predicted: Sequence[_Span]) -> list[SpanError]:
    """The gold spans and predictions left unpaired by ``overlap_counts``, in text order."""
    unmatched_gold = sorted(set(gold))
    spurious: list[_Span] = []
    for span in sorted(set(predicted)):
        hit = next((g for g in unmatched_gold if _same_label_overlap(g, span)), None)
        if hit is None:
            spurious.append(span)
        else:
            unmatched_gold.remove(hit)
    errors = [_span_error("missed", text, span, predicted) for span in unmatched_gold]
    errors += [_span_error("spurious", text, span, gold) for span in spurious]
    return sorted(errors, key=lambda error: (error.start, error.kind))


def _same_label_overlap(a: _Span, b: _Span) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def _span_error(kind: ErrorKind, text: str, span: _Span, others: Sequence[_Span]) -> SpanError:
    start, end, label = span
    other = next((o[2] for o in others if o[0] < end and start < o[1] and o[2] != label), None)
    return SpanError(
        kind=kind,
        label=label,
        text=text[start:end],
        start=start,
        end=end,
        context=_context(text, start, end),
        other_label=other,
    )


def _context(text: str, start: int, end: int) -> str:
    """The span in brackets with up to ``CONTEXT_CHARS`` of text on each side, on one line."""
    left = text[max(0, start - CONTEXT_CHARS) : start]
    right = text[end : end + CONTEXT_CHARS]
    before = "…" if start > CONTEXT_CHARS else ""
    after = "…" if end + CONTEXT_CHARS < len(text) else ""
    snippet = f"{before}{left}[{text[start:end]}]{right}{after}"
    return " ".join(snippet.split())


@dataclass
class ErrorSample:
    """The first ``limit`` missed and the first ``limit`` spurious spans of a dataset."""

    limit: int
    missed: list[SpanError] = field(default_factory=list)
    spurious: list[SpanError] = field(default_factory=list)

    def add(self, errors: Iterable[SpanError]) -> None:
        for error in errors:
            bucket = self.missed if error.kind == "missed" else self.spurious
            if len(bucket) < self.limit:
                bucket.append(error)


@dataclass
class Scorer:
    """Accumulates counts over a dataset; ``report`` turns them into scores.

    With ``errors`` set, it also keeps a sample of the spans the overlap rule leaves unpaired,
    for error analysis (``medner eval --errors N``).
    """

    exact: dict[Label, Counts] = field(default_factory=dict)
    overlap: dict[Label, Counts] = field(default_factory=dict)
    examples: int = 0
    unanswered: int = 0
    """Examples the engine could not answer (scored as predicting nothing)."""
    errors: ErrorSample | None = None
    assertions: dict[str, Counts] = field(default_factory=dict)
    assertion_pairs: int = 0
    relations: dict[str, Counts] = field(default_factory=dict)

    def add(
        self,
        example: EvalExample,
        predicted: Sequence[Entity],
        relations: Sequence[Relation] | None = None,
    ) -> None:
        """Count one example; ``relations`` index ``predicted`` (derived by the shared rules
        when not given, as every engine's answer is)."""
        ordered = sort_entities(list(predicted))
        if relations is None or list(predicted) != ordered:
            relations = find_relations(example.text, ordered)
        self._add_assertions(example, ordered)
        if example.relations is not None:
            _add_counts(self.relations, relation_counts(example, ordered, relations))
        gold, pred = scored_spans(example, predicted)
        if self.errors is not None:
            self.errors.add(overlap_errors(example.text, gold, pred))
        for target, counts in (
            (self.exact, exact_counts(gold, pred)),
            (self.overlap, overlap_counts(gold, pred)),
        ):
            for label, label_counts in counts.items():
                total = target.setdefault(label, Counts())
                total += label_counts
        self.examples += 1

    def _add_assertions(self, example: EvalExample, predicted: Sequence[Entity]) -> None:
        for gold, entity in matched_pairs(example.entities, predicted):
            judged = False
            for name, gold_value, predicted_value in _assertion_values(gold, entity):
                if gold_value is None:
                    continue
                judged = True
                counts = self.assertions.setdefault(name, Counts())
                if gold_value and predicted_value:
                    counts.tp += 1
                elif predicted_value:
                    counts.fp += 1
                elif gold_value:
                    counts.fn += 1
            self.assertion_pairs += judged

    def report(self) -> EvalReport:
        return EvalReport(
            examples=self.examples,
            unanswered=self.unanswered,
            exact=_scores(self.exact),
            overlap=_scores(self.overlap),
            missed=None if self.errors is None else list(self.errors.missed),
            spurious=None if self.errors is None else list(self.errors.spurious),
            assertion_pairs=self.assertion_pairs,
            assertions={name: _score(c) for name, c in sorted(self.assertions.items())},
            relations=_relation_scores(self.relations),
        )


#: The assertion values scored, each as "is it this value?" (so P/R/F1 per value).
ASSERTION_VALUES: tuple[tuple[str, str, object], ...] = (
    ("negated", "negated", True),
    ("subject=family", "subject", Subject.FAMILY),
    ("subject=other", "subject", Subject.OTHER),
    ("certainty=possible", "certainty", Certainty.POSSIBLE),
    ("certainty=hypothetical", "certainty", Certainty.HYPOTHETICAL),
    ("historical", "historical", True),
)


def _assertion_values(gold: GoldEntity, entity: Entity) -> Iterator[tuple[str, bool | None, bool]]:
    """(name, gold says so (None: not annotated), prediction says so) per scored value."""
    for name, attribute, value in ASSERTION_VALUES:
        annotated = getattr(gold, attribute)
        gold_value = None if annotated is None else annotated == value
        yield name, gold_value, getattr(entity, attribute) == value


def matched_pairs(
    gold: Sequence[GoldEntity], predicted: Sequence[Entity]
) -> list[tuple[GoldEntity, Entity]]:
    """Gold entities with the predicted entity that stands for each (same label, overlapping,
    one to one, in document order): the pairs whose assertions are compared."""
    pairs: list[tuple[GoldEntity, Entity]] = []
    used: set[int] = set()
    for g in gold:
        for index, p in enumerate(predicted):
            if index not in used and p.label is g.label and p.start < g.end and g.start < p.end:
                used.add(index)
                pairs.append((g, p))
                break
    return pairs


def relation_counts(
    example: EvalExample, predicted: Sequence[Entity], relations: Sequence[Relation]
) -> dict[str, Counts]:
    """Per relation type, gold links found (both ends overlap the gold ends), missed, invented."""
    gold_links = [
        (r.type, example.entities[r.source], example.entities[r.target])
        for r in example.relations or ()
    ]
    counts: dict[str, Counts] = {}
    for relation in relations:
        if not relation.fits(predicted):
            continue
        source, target = predicted[relation.source], predicted[relation.target]
        hit = next(
            (
                link
                for link in gold_links
                if link[0] is relation.type
                and _overlaps(link[1], source)
                and _overlaps(link[2], target)
            ),
            None,
        )
        type_counts = counts.setdefault(relation.type.value, Counts())
        if hit is None:
            type_counts.fp += 1
        else:
            gold_links.remove(hit)
            type_counts.tp += 1
    for kind, _, _ in gold_links:
        counts.setdefault(kind.value, Counts()).fn += 1
    return counts


def _overlaps(gold: GoldEntity, entity: Entity) -> bool:
    return entity.start < gold.end and gold.start < entity.end


def _add_counts(target: dict[str, Counts], counts: dict[str, Counts]) -> None:
    for name, more in counts.items():
        total = target.setdefault(name, Counts())
        total += more


def _relation_scores(by_type: dict[str, Counts]) -> dict[str, LabelScore]:
    if not by_type:
        return {}
    micro = Counts()
    scores: dict[str, LabelScore] = {}
    for kind in RelationType:
        if kind.value in by_type:
            scores[kind.value] = _score(by_type[kind.value])
            micro += by_type[kind.value]
    scores[MICRO] = _score(micro)
    return scores


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
    missed: list[SpanError] | None = None
    """A sample of gold spans with no overlapping prediction of their label (when asked for)."""
    spurious: list[SpanError] | None = None
    """A sample of predictions with no overlapping gold span of their label (when asked for)."""
    assertion_pairs: int = 0
    """Gold entities with a matching prediction whose assertions were compared."""
    assertions: dict[str, LabelScore] = Field(default_factory=dict)
    """Per assertion value ("subject=family", "negated"...), over ``assertion_pairs``."""
    relations: dict[str, LabelScore] = Field(default_factory=dict)
    """Per relation type and micro; empty when the dataset has no relations."""


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
