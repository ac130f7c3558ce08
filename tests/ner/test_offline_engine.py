"""The engine behind the async protocol, and the compiled-lexicon cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ner import LOCAL_ENGINE, Concept, Engine, EngineRegistry, Entity, Label
from ner.offline import OfflineEngine, Recognizer, recognize
from ner.offline import _lexicon as lexicon_module
from ner.offline._lexicon import (
    Lexicon,
    cache_key,
    dump_compiled,
    key_parts,
    load_compiled,
    load_lexicon,
)
from ner.offline.compile import KEY_FILE
from tests.ner.conftest import REPO_ROOT

DATA_DIR = REPO_ROOT / "ner" / "data"


@pytest.fixture
def engine(offline_recognizer: Recognizer) -> OfflineEngine:
    return OfflineEngine(recognizer=offline_recognizer)


def test_engine_satisfies_the_protocol(engine: OfflineEngine) -> None:
    assert isinstance(engine, Engine)
    assert engine.name == LOCAL_ENGINE == "local"
    assert engine.title == "Offline engine"
    assert EngineRegistry([engine]).get("local") is engine


async def test_extract_wraps_recognize(engine: OfflineEngine) -> None:
    text = "no fever but a bad cough"
    entities = await engine.extract(text)
    assert entities == engine.recognize(text)
    assert [(e.text, e.negated) for e in entities] == [("fever", True), ("cough", False)]
    await engine.aclose()


async def test_long_text_runs_off_the_event_loop(engine: OfflineEngine) -> None:
    text = "fever and cough. " * 2000
    entities = await engine.extract(text)
    assert len(entities) == 4000


def test_module_level_recognize() -> None:
    malaria = Concept(name="Malaria", code="ICD10CM:B54", system="ICD-10-CM")
    assert recognize("malaria") == [
        Entity(
            text="malaria", label=Label.DISEASE, start=0, end=7, code="ICD10CM:B54", concept=malaria
        )
    ]


def test_shipped_lexicon_is_current() -> None:
    """Fails when data files changed but `python -m ner.offline.compile` was not run.

    Other installed vocabulary versions are no mistake (the engine rebuilds into its cache), so
    that case is skipped rather than failed.
    """
    shipped = json.loads((DATA_DIR / KEY_FILE).read_text(encoding="utf-8"))
    current = key_parts()
    if (shipped["vocabularies"], shipped["python"]) != (current["vocabularies"], current["python"]):
        pytest.skip("installed vocabulary versions differ from the shipped build")
    assert shipped == current, "run: python -m ner.offline.compile"
    assert lexicon_module._read_shipped(cache_key()) is not None


def test_compiled_payload_round_trips_and_rejects_stale_keys() -> None:
    lexicon = Lexicon({"fever": 0}, [(Label.SYMPTOM, "HP:0001945")], {"fever": 1})
    payload = dump_compiled(lexicon, "key-1")
    loaded = load_compiled(payload, "key-1")
    assert loaded is not None and loaded.lookup("fever") == (Label.SYMPTOM, "HP:0001945")
    assert load_compiled(payload, "key-2") is None
    assert load_compiled(b"not marshal", "key-1") is None


def test_cache_dir_is_used_when_shipped_lexicon_is_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[int] = []
    tiny = Lexicon({"fever": 0}, [(Label.SYMPTOM, None)], {"fever": 1})

    def fake_build() -> Lexicon:
        built.append(1)
        return tiny

    monkeypatch.setattr(lexicon_module, "_read_shipped", lambda key: None)
    monkeypatch.setattr(lexicon_module, "build_lexicon", fake_build)
    first = load_lexicon(tmp_path)
    second = load_lexicon(tmp_path)
    assert built == [1]  # the second load came from the cache file
    assert first.entries == second.entries == {"fever": 0}
    assert list(tmp_path.glob("lexicon-*.marshal"))


def test_unwritable_cache_dir_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    tiny = Lexicon({"fever": 0}, [(Label.SYMPTOM, None)], {"fever": 1})
    monkeypatch.setattr(lexicon_module, "_read_shipped", lambda key: None)
    monkeypatch.setattr(lexicon_module, "build_lexicon", lambda: tiny)
    assert load_lexicon(blocker / "cache").entries == {"fever": 0}


def test_longest_match_survives_the_two_word_bound() -> None:
    """Longer keys are only probed where a key starts with the window's first two words; the
    bound comes from the entries themselves, including plural-folded windows."""
    lexicon = Lexicon(
        {"pain": 0, "chest pain": 1, "chest pain on exertion": 2, "ear infection": 3},
        [(Label.SYMPTOM, None), (Label.SYMPTOM, None), (Label.SYMPTOM, "X"), (Label.DISEASE, None)],
        {"pain": 1, "chest": 4, "ear": 2},
    )
    assert lexicon.pair_max_tokens == {"chest pain": 4, "ear infection": 2}
    found = Recognizer(lexicon, models=["none"]).recognize(
        "chest pain on exertion, then chest pain, ear infections and pain on my chest"
    )
    assert [(e.text, e.code) for e in found if e.label is not Label.DOSAGE] == [
        ("chest pain on exertion", "X"),
        ("chest pain", None),
        ("ear infections", None),
        ("pain", None),
    ]
