"""``medner train`` and ``MEDNER_OFFLINE_MODELS`` as a user meets them: one clear line on error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot._config import SettingsError, load_settings
from bot._wiring import offline_engine
from bot.cli import main
from tests.bot.test_cli import ACCEPTANCE, medner


def test_train_without_data_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train", "--data", str(tmp_path / "absent")]) == 2
    assert capsys.readouterr().err.strip() == f"medner: no such data folder: {tmp_path / 'absent'}"


def test_train_an_unknown_tagger_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["train", "--data", str(tmp_path), "--models", "bogus"]) == 2
    assert "unknown tagger 'bogus'" in capsys.readouterr().err


def test_the_models_setting_is_a_comma_separated_list() -> None:
    settings = load_settings(MEDNER_OFFLINE_MODELS=" ncbi-disease, AnatEM ,")
    assert settings.offline_models == ("ncbi-disease", "anatem")
    assert load_settings(MEDNER_OFFLINE_MODELS="").offline_models is None


def test_an_unknown_model_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match=r"MEDNER_OFFLINE_MODELS.*unknown offline model"):
        offline_engine(load_settings(MEDNER_OFFLINE_MODELS="bogus"))


def test_lexicon_only_still_gives_the_acceptance_entities(tmp_path: Path) -> None:
    result = medner(
        "extract",
        "--format",
        "json",
        ACCEPTANCE,
        cwd=tmp_path,
        env={"MEDNER_OFFLINE_MODELS": "none"},
    )
    assert result.returncode == 0, result.stderr
    found = [(e["text"], e["label"]) for e in json.loads(result.stdout)["entities"]]
    assert found == [
        ("Malaria", "DISEASE"),
        ("fits", "SYMPTOM"),
        ("amodiaquine", "DRUG"),
        ("fever", "SYMPTOM"),
        ("pain", "SYMPTOM"),
        ("hip", "BODY_PART"),
    ]


def test_eval_with_an_unknown_model_is_one_line(tmp_path: Path) -> None:
    dataset = tmp_path / "tiny.jsonl"
    dataset.write_text(json.dumps({"text": "fever", "entities": []}) + "\n", encoding="utf-8")
    result = medner("eval", str(dataset), cwd=tmp_path, env={"MEDNER_OFFLINE_MODELS": "bogus"})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("medner: Setting MEDNER_OFFLINE_MODELS is invalid")
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_train_command_on_a_tiny_corpus(tmp_path: Path) -> None:
    """The whole tagger step of the command (it builds the lexicon once more: slow)."""
    data = tmp_path / "data"
    data.mkdir()
    lines = [
        {
            "text": "Patients with grelmish had a mutation .",
            "entities": [{"start": 14, "end": 22, "label": "DISEASE"}],
        },
        {"text": "The gene was mapped in a large family .", "entities": []},
    ] * 5
    (data / "ncbi-disease-train.jsonl").write_text(
        "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
    )
    out = tmp_path / "out"
    result = medner(
        "train",
        "--data",
        str(data),
        "--out",
        str(out),
        "--models",
        "ncbi-disease",
        "--taggers-only",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    manifest = json.loads((out / "models.json").read_text(encoding="utf-8"))
    assert [card["name"] for card in manifest["models"]] == ["ncbi-disease"]
    assert (out / "crf-ncbi-disease.crfsuite").is_file()


@pytest.mark.slow
def test_training_the_lay_tagger_needs_no_corpora(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--taggers-only --models lay`` reads only the lay folder: an absent corpus folder is
    no error, an absent lay split is one line."""
    args = ["train", "--data", str(tmp_path / "absent"), "--taggers-only", "--models", "lay"]
    assert main([*args, "--lay-data", str(tmp_path / "lay")]) == 2
    error = capsys.readouterr().err.strip()
    assert error == f"medner: no such training split: {tmp_path / 'lay' / 'train.jsonl'}"
