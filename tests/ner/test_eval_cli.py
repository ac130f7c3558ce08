"""`medner eval` end to end on a small dataset, with the real offline engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def dataset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("MEDNER_CACHE_DIR", str(tmp_path / "cache"))
    text = "my son has fits and fever"
    lines = [
        {
            "text": text,
            "entities": [
                {"start": 11, "end": 15, "label": "SYMPTOM"},
                {"start": 20, "end": 25, "label": "SYMPTOM"},
            ],
        },
        {
            "text": "took aspirin",
            "entities": [{"start": 5, "end": 12, "label": "DRUG"}],
            "labels": ["DRUG"],
        },
        {"text": "nothing here", "entities": []},
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return path


def test_eval_prints_table(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(dataset)]) == 0
    out = capsys.readouterr().out
    assert "examples: 3" in out
    assert "micro" in out and "1.000" in out


def test_eval_json_and_limit(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(dataset), "--json", "--limit", "1"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 1
    assert report["exact"]["micro"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "tp": 2,
        "fp": 0,
        "fn": 0,
        "support": 2,
    }


def test_eval_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path / "absent.jsonl")]) == 2
    assert "no such dataset" in capsys.readouterr().err


def test_eval_bad_line_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "a"}\nnot json\n', encoding="utf-8")
    assert main(["eval", str(path)]) == 2
    assert "line 2" in capsys.readouterr().err


def test_eval_unknown_engine_is_one_line(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(dataset), "--engine", "nonexistent"]) == 2
    assert "not configured" in capsys.readouterr().err


def test_eval_errors_prints_missed_and_spurious(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDNER_CACHE_DIR", str(tmp_path / "cache"))
    text = "my son has fits and took aspirin"
    line = {"text": text, "entities": [{"start": 11, "end": 15, "label": "DISEASE"}]}
    path = tmp_path / "set.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["eval", str(path), "--errors", "5"]) == 0
    out = capsys.readouterr().out
    assert "missed (1 shown" in out
    assert "DISEASE    'fits' (as SYMPTOM)" in out
    assert "[aspirin]" in out.split("spurious", 1)[1]


def test_eval_errors_in_json(dataset: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(dataset), "--json", "--errors", "3"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["missed"] == [] and report["spurious"] == []


def test_eval_json_without_errors_keeps_its_keys(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(dataset), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {"examples", "unanswered", "exact", "overlap"} <= set(report)
    assert "missed" not in report and "spurious" not in report


def test_eval_negative_errors_is_one_line(
    dataset: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(dataset), "--errors", "-1"]) == 2
    assert "--errors must not be negative" in capsys.readouterr().err
