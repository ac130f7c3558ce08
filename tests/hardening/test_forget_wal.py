"""/forget while another program reads the SQLite file (issue 13, item 3).

A reader holding a read transaction (``sqlite3 db .backup``, a forgotten shell) keeps SQLite from
checkpointing and truncating its write-ahead log, so the deleted text stays in ``-wal`` (and the
main file) until the reader lets go. The bot must not say "deleted" while a copy is there: it
says deletion is pending, keeps clearing, and confirms once no byte of the text is left.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot import BotApplication, Settings
from handlers import texts
from service import ConversationService
from storage import SQLiteStore
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening.test_privacy import MARKER, SECRET, button_data, database_bytes, say

ANN, BOB = 42, 7


@contextmanager
def reading(db_path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection inside a read transaction, as ``sqlite3 .backup`` holds one."""
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM messages").fetchall()
        yield reader
        reader.execute("COMMIT")
    finally:
        reader.close()


def wal_bytes(db_path: Path) -> bytes:
    wal = Path(f"{db_path}-wal")
    return wal.read_bytes() if wal.exists() else b""


async def test_forget_under_a_reader_is_reported_pending_then_confirmed_when_clean(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService, settings: Settings
) -> None:
    await say(telegram, service, ANN, SECRET)
    ann = telegram.user(ANN)
    with reading(settings.db_path):
        telegram.send(ann, "/forget")
        ask = await telegram.reply(ANN, after=1)
        telegram.press(
            ann, telegram.message(ANN, ask.result["message_id"]), button_data(ask, texts.FORGET_YES)
        )
        shown = await telegram.wait_for("editMessageText", chat_id=ANN)
        assert MARKER.encode() in wal_bytes(settings.db_path)  # the reader really held it
        assert shown[-1].text == texts.FORGET_PENDING.format(count=1)
        assert service.scrub_pending

        # Everyone else is served meanwhile, without waiting on the busy reader.
        reply = await say(telegram, service, BOB, "hip pain")
        assert "hip" in reply.text
        assert not telegram.calls_to("sendMessage", chat_id=ANN, text=texts.FORGET_SCRUBBED)

    confirmed = await telegram.wait_for(
        "sendMessage", chat_id=ANN, within=10.0, where=lambda c: c.text == texts.FORGET_SCRUBBED
    )
    assert len(confirmed) == 1
    assert MARKER.encode() not in wal_bytes(settings.db_path)
    assert MARKER.encode() not in database_bytes(settings.db_path)
    assert not service.scrub_pending


async def test_forget_without_a_reader_is_confirmed_at_once(
    app: BotApplication, telegram: FakeTelegram, service: ConversationService, settings: Settings
) -> None:
    await say(telegram, service, ANN, SECRET)
    ann = telegram.user(ANN)
    telegram.send(ann, "/forget")
    ask = await telegram.reply(ANN, after=1)
    telegram.press(
        ann, telegram.message(ANN, ask.result["message_id"]), button_data(ask, texts.FORGET_YES)
    )
    shown = await telegram.wait_for("editMessageText", chat_id=ANN)

    assert shown[-1].text == texts.FORGOTTEN.format(count=1)
    assert MARKER.encode() not in database_bytes(settings.db_path)
    assert not service.scrub_pending


async def test_scrub_is_false_while_a_reader_holds_the_wal_and_true_after(tmp_path: Path) -> None:
    """The store's own answer, checked against the bytes of the -wal file."""
    path = tmp_path / "medner.sqlite3"
    store = SQLiteStore(path)
    await store.open()
    try:
        message = await store.add_message(1, 1, SECRET, None)
        await store.add_result(message.message_id, "[]", "offline", 1.0)
        with reading(path):
            assert await store.forget_user(1) == 1
            assert await store.scrub() is False
            assert MARKER.encode() in wal_bytes(path)
        assert await store.scrub() is True
        assert wal_bytes(path) == b""
        assert MARKER.encode() not in database_bytes(path)
    finally:
        await store.close()
