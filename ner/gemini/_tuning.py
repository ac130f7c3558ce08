"""Vertex AI supervised tuning: the dataset built from labeled examples, and the job.

Each training line is one single-turn conversation in the Vertex Gemini format
(``{"systemInstruction": ..., "contents": [user, model]}``) whose model turn is exactly the
JSON the engine asks for at run time, so a tuned model answers like the base one.
"""

from __future__ import annotations

import itertools
import json
import time
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from google import genai
from google.genai import types

from ner._models import Entity, sort_entities
from ner.gemini._examples import DatasetError, LabeledExample
from ner.gemini._parse import parse_answer
from ner.gemini._prompt import SYSTEM_INSTRUCTION, answer_json


@dataclass(frozen=True)
class DatasetReport:
    """What validation found: problems stop a tuning run, warnings are printed."""

    examples: int
    entities: int
    warnings: tuple[str, ...]


def tuning_line(example: LabeledExample) -> str:
    """One JSONL line of the Vertex supervised tuning dataset."""
    record = {
        "systemInstruction": {"role": "system", "parts": [{"text": SYSTEM_INSTRUCTION}]},
        "contents": [
            {"role": "user", "parts": [{"text": example.text}]},
            {"role": "model", "parts": [{"text": answer_json(example.entities)}]},
        ],
    }
    return json.dumps(record, ensure_ascii=False)


def validate_examples(examples: Sequence[LabeledExample]) -> DatasetReport:
    """Refuse an empty dataset; warn where the answer would not reproduce the gold entities.

    The engine aligns each answered text to every occurrence in the message, so a gold file
    that labels only one of two occurrences (or overlapping spans) teaches something the
    engine will not reproduce; those lines are reported by number.
    """
    if not examples:
        raise DatasetError("the dataset has no examples")
    found: list[str] = []
    for number, example in enumerate(examples, start=1):
        if _overlaps(example.entities):
            found.append(f"example {number}: overlapping entities")
        elif _round_trip(example) != _spans(example.entities):
            found.append(f"example {number}: an entity text also occurs unlabeled in the message")
    return DatasetReport(
        examples=len(examples),
        entities=sum(len(e.entities) for e in examples),
        warnings=tuple(found),
    )


def write_dataset(examples: Iterable[LabeledExample], path: Path) -> int:
    lines = [tuning_line(example) for example in examples]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


def start_tuning(
    client: genai.Client,
    *,
    source_model: str,
    training_uri: str,
    display_name: str,
    epochs: int | None = None,
    validation_uri: str | None = None,
) -> types.TuningJob:
    """Create the supervised tuning job on Vertex AI (the data must already be in GCS)."""
    for uri in (training_uri, validation_uri):
        if uri is not None and not uri.startswith("gs://"):
            raise DatasetError(f"{uri}: Vertex AI reads tuning data from Cloud Storage (gs://...)")
    config = types.CreateTuningJobConfig(
        tuned_model_display_name=display_name,
        epoch_count=epochs,
        validation_dataset=(
            types.TuningValidationDataset(gcs_uri=validation_uri) if validation_uri else None
        ),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", category=Warning)  # the SDK's "experimental" notice
        job: types.TuningJob = client.tunings.tune(
            base_model=source_model,
            training_dataset=types.TuningDataset(gcs_uri=training_uri),
            config=config,
        )
    return job


def wait_for_job(
    client: genai.Client,
    job: types.TuningJob,
    *,
    poll_s: float,
    on_progress: Callable[[types.TuningJob, float], None],
    sleep: Callable[[float], None] = time.sleep,
) -> types.TuningJob:
    """Poll until the job ends, reporting each poll; returns the final job."""
    assert job.name is not None, "a created tuning job has a name"
    started = time.monotonic()
    while not job.has_ended:
        sleep(poll_s)
        job = client.tunings.get(name=job.name)
        on_progress(job, time.monotonic() - started)
    return job


def _round_trip(example: LabeledExample) -> list[tuple[int, int, str]]:
    return _spans(parse_answer(answer_json(example.entities), example.text))


def _spans(entities: Iterable[Entity]) -> list[tuple[int, int, str]]:
    return [(e.start, e.end, e.label.value) for e in sort_entities(list(entities))]


def _overlaps(entities: Sequence[Entity]) -> bool:
    ordered = sorted(entities, key=lambda e: e.start)
    return any(a.end > b.start for a, b in itertools.pairwise(ordered))
