"""The real-language lay set (tests/data/lay_real): well formed, reproducible, split cleanly."""

from __future__ import annotations

import importlib.util
import json
from types import ModuleType

import pytest

from ner import LABELS
from tests.ner.conftest import LAY_DATA

REAL = LAY_DATA / "lay_real"
SPLITS = ("dev", "test", "train")


def load(name: str) -> list[dict[str, object]]:
    lines = (REAL / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def make_splits() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_splits", REAL / "make_splits.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", SPLITS)
def test_spans_slice_the_text(name: str) -> None:
    labels = {label.value for label in LABELS}
    for record in load(name):
        text = record["text"]
        assert isinstance(text, str)
        for entity in record["entities"]:  # type: ignore[attr-defined]
            assert 0 <= entity["start"] < entity["end"] <= len(text)
            assert entity["label"] in labels
            assert text[entity["start"] : entity["end"]].strip()


def test_dev_and_test_hold_at_least_500_messages_and_share_no_post() -> None:
    dev, test = load("dev"), load("test")
    assert len(dev) + len(test) >= 500
    assert not {r["post"] for r in dev} & {r["post"] for r in test}


def test_splits_are_what_the_annotations_give() -> None:
    module = make_splits()
    candidates = module.read_candidates()
    records = module.read_annotations(candidates)
    expected: dict[str, list[str]] = {name: [] for name in SPLITS}
    for number in sorted(records):
        record = records[number]
        expected[module.split_of(number, str(record["post"]))].append(record["text"])
    for name in SPLITS:
        assert [r["text"] for r in load(name)] == expected[name]


def test_every_message_is_a_candidate_unchanged() -> None:
    module = make_splits()
    candidates = module.read_candidates()
    texts = {text for _, text in candidates}
    for name in SPLITS:
        assert all(record["text"] in texts for record in load(name))
