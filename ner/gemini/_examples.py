"""Labeled examples: the versioned few-shot file and datasets in the eval format."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from ner._models import Certainty, Concept, Entity, Label, Subject

FEWSHOT_VERSION = 1


class DatasetError(ValueError):
    """A labeled line is unusable; the message names the line so it can be fixed."""


@dataclass(frozen=True)
class LabeledExample:
    """One message with its gold entities, every offset checked against the text."""

    text: str
    entities: tuple[Entity, ...]


def load_fewshot() -> tuple[LabeledExample, ...]:
    """The few-shot seed shipped in ner/data/fewshot.jsonl, refusing an unknown version."""
    source = resources.files("ner").joinpath("data/fewshot.jsonl")
    lines = source.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0]) if lines else {}
    if header.get("version") != FEWSHOT_VERSION:
        raise DatasetError(
            f"fewshot.jsonl has version {header.get('version')!r}, expected {FEWSHOT_VERSION}"
        )
    return tuple(parse_lines(lines[1:], source="fewshot.jsonl", first_line=2))


def read_dataset(path: Path) -> list[LabeledExample]:
    """Examples of an eval-format JSONL file ({"text", "entities": [{start, end, label}]})."""
    with path.open(encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    if lines and _is_header(lines[0]):
        return list(parse_lines(lines[1:], source=path.name, first_line=2))
    return list(parse_lines(lines, source=path.name, first_line=1))


def parse_lines(lines: Iterable[str], *, source: str, first_line: int) -> Iterator[LabeledExample]:
    """Parse and validate each non-blank line; the first bad one stops with its line number."""
    for number, line in enumerate(lines, start=first_line):
        if not line.strip():
            continue
        try:
            yield parse_example(json.loads(line))
        except (json.JSONDecodeError, DatasetError) as exc:
            raise DatasetError(f"{source}:{number}: {exc}") from None


def parse_example(row: object) -> LabeledExample:
    """Validate one example: non-empty text, known labels, offsets inside the text."""
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise DatasetError('expected an object with a "text" string')
    text: str = row["text"]
    if not text.strip():
        raise DatasetError("empty text")
    spans = row.get("entities", [])
    if not isinstance(spans, list):
        raise DatasetError('"entities" must be a list')
    return LabeledExample(text, tuple(_entity(text, span) for span in spans))


def _entity(text: str, span: object) -> Entity:
    if not isinstance(span, dict):
        raise DatasetError("each entity must be an object")
    start, end, label = span.get("start"), span.get("end"), span.get("label")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        raise DatasetError(f"offsets {start!r}..{end!r} are outside the text")
    if not isinstance(label, str) or label not in Label.__members__:
        raise DatasetError(f"unknown label {label!r}")
    expected = span.get("text")
    if expected is not None and expected != text[start:end]:
        raise DatasetError(f"text {expected!r} does not match offsets ({text[start:end]!r})")
    try:
        concept = span.get("concept")
        return Entity(
            text=text[start:end],
            label=Label(label),
            start=start,
            end=end,
            negated=bool(span.get("negated", False)),
            concept=Concept(name=concept) if isinstance(concept, str) and concept else None,
            subject=span.get("subject", Subject.PATIENT),
            subject_word=span.get("subject_word"),
            certainty=span.get("certainty", Certainty.CERTAIN),
            historical=bool(span.get("historical", False)),
        )
    except ValidationError as exc:
        raise DatasetError(str(exc.errors()[0]["msg"])) from None


def _is_header(line: str) -> bool:
    try:
        row = json.loads(line)
    except json.JSONDecodeError:
        return False
    return isinstance(row, dict) and "version" in row and "text" not in row
