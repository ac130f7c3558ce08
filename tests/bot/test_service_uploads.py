"""ConversationService.analyse_upload: files read in the user's turn, stored as text, answered
once; the download happens only when the file can be read."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from ner import Conversation, EngineRegistry, EngineUnavailable, Entity, Label
from ner.media import Media, MediaKind, Reading, with_caption
from service import Analysis, ConversationService, MediaNotRead, MediaProblem, Upload
from storage import SQLiteStore, Store


class Offline:
    name = "local"
    title = "offline engine"

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        start = text.find("fever")
        if start < 0:
            return []
        return [Entity(text="fever", label=Label.SYMPTOM, start=start, end=start + 5)]

    async def aclose(self) -> None:
        return None


class Reader(Offline):
    """A model that reads files: every file says 'fever since Monday', after ``delay``."""

    name = "reader"
    title = "Reader"

    def __init__(self, delay: float = 0.0, fail: bool = False) -> None:
        self.delay = delay
        self.fail = fail
        self.read_files: list[Media] = []

    async def read(
        self, media: Media, caption: str = "", conversation: Conversation | None = None
    ) -> Reading:
        self.read_files.append(media)
        await asyncio.sleep(self.delay)
        if self.fail:
            raise EngineUnavailable("it could not be reached")
        text = with_caption(caption, "fever since Monday")
        start = text.index("fever")
        entity = Entity(text="fever", label=Label.SYMPTOM, start=start, end=start + 5)
        return Reading(transcript="fever since Monday", text=text, entities=[entity])


class Fetches:
    def __init__(self, data: bytes = b"OggS voice") -> None:
        self.data = data
        self.calls = 0

    async def __call__(self) -> bytes:
        self.calls += 1
        return self.data


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    s = SQLiteStore(tmp_path / "t.sqlite3")
    await s.open()
    yield s
    await s.close()


def service_with(store: Store, reader: Reader | None = None) -> ConversationService:
    engines: Sequence[Offline] = [Offline(), *([reader] if reader else [])]
    return ConversationService(
        store, EngineRegistry(engines), default_engine=reader.name if reader else "local"
    )


def voice(fetch: Fetches) -> Upload:
    return Upload(MediaKind.AUDIO, "audio/ogg", len(fetch.data), fetch)


async def test_a_redelivered_file_is_read_and_answered_once(store: Store) -> None:
    reader, fetch = Reader(), Fetches()
    service = service_with(store, reader)
    sent: list[Analysis] = []

    async def deliver(analysis: Analysis) -> None:
        sent.append(analysis)

    first = await service.analyse_upload(1, 1, voice(fetch), source_key="tg:1:5", deliver=deliver)
    again = await service.analyse_upload(1, 1, voice(fetch), source_key="tg:1:5", deliver=deliver)

    assert first is not None and again is not None
    assert again.replayed and again.message_id == first.message_id
    assert len(sent) == 1 and fetch.calls == 1 and len(reader.read_files) == 1
    page = await service.history(1, 5)
    assert [item.text for item in page.items] == ["fever since Monday"]


async def test_a_file_and_the_next_message_are_answered_in_order(store: Store) -> None:
    service = service_with(store, Reader(delay=0.2))
    order: list[str] = []

    async def deliver(analysis: Analysis) -> None:
        order.append(analysis.text)

    await asyncio.gather(
        service.analyse_upload(1, 1, voice(Fetches()), caption="note", deliver=deliver),
        service.analyse(1, 1, "typed after it", deliver=deliver),
    )

    assert order == ["note\n\nfever since Monday", "typed after it"]


async def test_offline_a_voice_note_is_refused_without_a_download(store: Store) -> None:
    service = service_with(store)
    fetch = Fetches()
    refused: list[MediaNotRead] = []

    async def refuse(problem: MediaNotRead) -> None:
        refused.append(problem)

    assert await service.analyse_upload(1, 1, voice(fetch), refuse=refuse) is None
    [problem] = refused
    assert problem.problem is MediaProblem.VOICE_NEEDS_MODEL and not problem.model_available
    assert fetch.calls == 0
    assert (await service.history(1, 5)).total == 0


async def test_a_failed_model_read_of_a_voice_note_says_why(store: Store) -> None:
    service = service_with(store, Reader(fail=True))
    refused: list[MediaNotRead] = []

    async def refuse(problem: MediaNotRead) -> None:
        refused.append(problem)

    await service.analyse_upload(1, 1, voice(Fetches()), refuse=refuse)

    [problem] = refused
    assert problem.problem is MediaProblem.MODEL_FAILED
    assert problem.reason == "it could not be reached" and problem.model_available


async def test_a_download_failure_is_one_line_not_a_crash(store: Store) -> None:
    async def broken() -> bytes:
        raise ConnectionResetError("network")

    service = service_with(store, Reader())
    refused: list[MediaNotRead] = []

    async def refuse(problem: MediaNotRead) -> None:
        refused.append(problem)

    upload = Upload(MediaKind.AUDIO, "audio/ogg", 10, broken)
    assert await service.analyse_upload(1, 1, upload, refuse=refuse) is None
    assert [p.problem for p in refused] == [MediaProblem.DOWNLOAD_FAILED]
