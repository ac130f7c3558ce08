"""An empty answer to a message in another language says the offline engine reads English."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from ner import EngineRegistry
from ner.offline import OfflineEngine, Recognizer
from service import ConversationService
from service._language import NON_ENGLISH_HINT, looks_non_english
from storage import SQLiteStore, Store
from tests.bot.test_service import WordEngine, make_service

SPANISH = "tengo dolor de cabeza y fiebre desde ayer, mi madre tiene diabetes"
FRENCH = "j'ai mal à la tête et de la fièvre depuis hier, ma mère a du diabète"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = SQLiteStore(tmp_path / "t.sqlite3")
    await s.open()
    yield s
    await s.close()


@pytest.mark.parametrize(
    "text",
    [SPANISH, FRENCH, "Ich habe seit gestern Kopfschmerzen und Fieber", "у меня болит голова"],
)
def test_other_languages_look_non_english(text: str) -> None:
    assert looks_non_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "the weather is nice today",
        "ok",
        "",
        "123 456",
        "I had dengue en route to la Paz, but now I'm fine",
        "my mum has diabetes and high BP",
        "café au lait spots on my son's back",
    ],
)
def test_english_does_not(text: str) -> None:
    assert not looks_non_english(text)


async def test_the_offline_engine_explains_an_empty_foreign_answer(
    store: Store, tmp_path: Path
) -> None:
    engine = OfflineEngine(recognizer=Recognizer(cache_dir=tmp_path / "cache"))
    service = ConversationService(store, EngineRegistry([engine]))
    analysis = await service.analyse(1, 1, FRENCH)
    assert analysis.entities == []
    assert analysis.note == NON_ENGLISH_HINT
    stored = await store.get_analysis(analysis.message_id)
    assert stored is not None and stored.note == NON_ENGLISH_HINT


async def test_no_hint_for_english_or_when_something_was_found(store: Store) -> None:
    service = make_service(store, WordEngine())
    assert (await service.analyse(1, 1, "nothing medical here at all")).note is None
    assert (await service.analyse(1, 1, "tengo fever y dolor de cabeza")).note is None


async def test_no_hint_from_another_engine(store: Store) -> None:
    service = make_service(store, WordEngine("local"), WordEngine("gemini"))
    await service.set_engine(2, "gemini")
    assert (await service.analyse(2, 2, SPANISH)).note is None
