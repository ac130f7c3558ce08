"""``medner tune``: the Vertex tuning dataset, and a job created and polled to completion."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli import CliError, _tune
from ner.gemini import SYSTEM_INSTRUCTION, load_fewshot, parse_answer
from tests.fakes.gemini_server import FakeGemini, write_adc_file


@pytest.fixture
def labeled(tmp_path: Path) -> Path:
    """An eval-format dataset: the few-shot examples without the entity texts, with their
    concepts and assertions."""
    path = tmp_path / "train.jsonl"
    rows = [
        {
            "text": example.text,
            "entities": [
                {
                    "start": e.start,
                    "end": e.end,
                    "label": e.label.value,
                    **e.model_dump(
                        mode="json",
                        include={"negated", "subject", "subject_word", "certainty", "historical"},
                    ),
                    "concept": e.concept.name if e.concept else None,
                }
                for e in example.entities
            ],
        }
        for example in load_fewshot()
    ]
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n")
    return path


@pytest.fixture
def vertex(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeGemini]:
    with FakeGemini(tuning_polls_to_finish=3) as fake:
        monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "proj-1")
        monkeypatch.setenv("GOOGLE_CLOUD_LOCATION", "us-central1")
        monkeypatch.setenv("GOOGLE_VERTEX_BASE_URL", fake.base_url)
        monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(write_adc_file(tmp_path)))
        yield fake


def medner_tune(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="medner")
    _tune.add_parser(parser.add_subparsers())
    args = parser.parse_args(["tune", *argv])
    code: int = args.func(args)
    return code


def test_dry_run_writes_a_valid_vertex_dataset(
    labeled: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "vertex.jsonl"
    code = medner_tune(
        str(labeled), "--source-model", "gemini-2.5-flash", "--display-name", "medner",
        "--dry-run", "--output", str(output),
    )  # fmt: skip
    assert code == 0
    lines = [json.loads(line) for line in output.read_text().splitlines()]
    examples = load_fewshot()
    assert len(lines) == len(examples)
    for line, example in zip(lines, examples, strict=True):
        assert line["systemInstruction"]["parts"][0]["text"] == SYSTEM_INSTRUCTION
        user, model = line["contents"]
        assert (user["role"], model["role"]) == ("user", "model")
        assert user["parts"] == [{"text": example.text}]
        answer = model["parts"][0]["text"]
        assert parse_answer(answer, example.text) == list(example.entities)
    assert f"{len(examples)} examples" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            '{"text": "fever", "entities": [{"start": 0, "end": 50, "label": "SYMPTOM"}]}',
            ":1: offsets",
        ),
        (
            '{"text": "fever", "entities": [{"start": 0, "end": 5, "label": "MOOD"}]}',
            "unknown label",
        ),
        ('{"text": "   ", "entities": []}', "empty text"),
        ("not json", ":1:"),
        ("", "no examples"),
    ],
)
def test_invalid_datasets_fail_in_one_line(tmp_path: Path, line: str, problem: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(line + "\n")
    with pytest.raises(CliError, match=problem) as caught:
        medner_tune(
            str(bad), "--source-model", "gemini-2.5-flash", "--display-name", "x",
            "--dry-run", "--output", str(tmp_path / "out.jsonl"),
        )  # fmt: skip
    assert "\n" not in str(caught.value)


def test_starting_a_job_needs_a_gcs_training_uri(labeled: Path) -> None:
    with pytest.raises(CliError, match="--training-uri"):
        medner_tune(str(labeled), "--source-model", "gemini-2.5-flash", "--display-name", "x")


def test_retired_tuned_model_source_is_explained(labeled: Path) -> None:
    with pytest.raises(CliError, match="Vertex AI"):
        medner_tune(
            str(labeled), "--source-model", "tunedModels/old", "--display-name", "x",
            "--training-uri", "gs://b/t.jsonl",
        )  # fmt: skip


def test_job_is_created_polled_to_completion_and_endpoint_printed(
    labeled: Path, vertex: FakeGemini, capsys: pytest.CaptureFixture[str]
) -> None:
    code = medner_tune(
        str(labeled), "--source-model", "gemini-2.5-flash", "--display-name", "medner-ner",
        "--epochs", "4", "--training-uri", "gs://bucket/train.jsonl", "--poll-interval", "0.01",
    )  # fmt: skip
    assert code == 0
    [job] = vertex.jobs.values()
    assert job.name.startswith("projects/proj-1/locations/us-central1/tuningJobs/")
    assert job.created["baseModel"] == "gemini-2.5-flash"
    assert job.created["tunedModelDisplayName"] == "medner-ner"
    spec = job.created["supervisedTuningSpec"]
    assert spec["trainingDatasetUri"] == "gs://bucket/train.jsonl"
    assert spec["hyperParameters"]["epochCount"] == 4
    assert job.polls == 3
    posts = [r for r in vertex.requests if r.method == "POST"]
    assert posts[0].path == "/v1beta1/projects/proj-1/locations/us-central1/tuningJobs"
    assert all(r.headers["authorization"] == "Bearer fake-access-token" for r in vertex.requests)
    out = capsys.readouterr().out
    assert "JOB_STATE_RUNNING" in out and "JOB_STATE_SUCCEEDED" in out
    assert "MEDNER_TUNED_ENDPOINT=projects/proj-1/locations/us-central1/endpoints/888" in out


def test_a_failed_job_is_one_clear_line(labeled: Path, vertex: FakeGemini) -> None:
    vertex.tuning_fails = True
    with pytest.raises(CliError, match="JOB_STATE_FAILED: training data is invalid"):
        medner_tune(
            str(labeled), "--source-model", "gemini-2.5-flash", "--display-name", "x",
            "--training-uri", "gs://bucket/train.jsonl", "--poll-interval", "0.01",
        )  # fmt: skip


def test_tuning_needs_a_project(labeled: Path) -> None:
    with pytest.raises(CliError, match="GOOGLE_CLOUD_PROJECT"):
        medner_tune(
            str(labeled), "--source-model", "gemini-2.5-flash", "--display-name", "x",
            "--training-uri", "gs://bucket/train.jsonl",
        )  # fmt: skip


def test_missing_credentials_are_one_clear_line(
    labeled: Path, vertex: FakeGemini, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(tmp_path / "missing.json"))
    with pytest.raises(CliError, match="credentials"):
        medner_tune(
            str(labeled), "--source-model", "gemini-2.5-flash", "--display-name", "x",
            "--training-uri", "gs://bucket/train.jsonl",
        )  # fmt: skip
    assert vertex.jobs == {}
