"""Identities that are chats (negative ids), history scoped to a chat, and texts by another author.

Every test runs on each backend (see conftest): both must key users by any 64-bit Telegram id,
a group's or a channel's included.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage import Store, open_store
from storage._migrations import LATEST_VERSION, SQLITE_MIGRATIONS

GROUP, OTHER_GROUP, CHANNEL = -1001234567890, -1009999999999, -1009876543210
ANN, BOB = 41, 42


async def analysed(
    store: Store, user_id: int, chat_id: int, text: str, *, author_id: int | None = None
) -> int:
    message = await store.add_message(user_id, chat_id, text, None, author_id=author_id)
    await store.add_result(message.message_id, "[]", "offline", 1.0)
    return message.message_id


async def test_chat_identities_with_negative_ids_keep_apart(store: Store) -> None:
    await analysed(store, GROUP, GROUP, "group A note")
    await analysed(store, OTHER_GROUP, OTHER_GROUP, "group B note")
    await analysed(store, CHANNEL, GROUP, "channel note")
    await store.set_engine(GROUP, "gemini")

    assert [a.text for a in await store.history(GROUP, 10)] == ["group A note"]
    assert await store.count_history(OTHER_GROUP) == 1
    assert (await store.turn_start(GROUP, None)).user is not None
    user = await store.get_user(GROUP)
    assert user is not None and (user.user_id, user.engine) == (GROUP, "gemini")
    async with store.user_lock(GROUP), store.user_lock(CHANNEL):
        pass  # a chat's id folds into a valid advisory-lock key too

    assert await store.forget_user(GROUP) == 1
    assert await store.get_user(GROUP) is None
    assert await store.count_history(OTHER_GROUP) == 1
    assert await store.count_history(CHANNEL) == 1


async def test_history_can_be_scoped_to_one_chat(store: Store) -> None:
    private = await analysed(store, ANN, ANN, "private note")
    in_group = [await analysed(store, ANN, GROUP, f"group note {n}") for n in range(3)]
    await analysed(store, ANN, OTHER_GROUP, "other group note")
    await analysed(store, BOB, GROUP, "bob's group note")

    scoped = await store.history(ANN, 2, 0, GROUP)
    assert [a.message_id for a in scoped] == in_group[:0:-1]
    assert [a.message_id for a in await store.history(ANN, 2, 2, GROUP)] == in_group[:1]
    assert await store.count_history(ANN, GROUP) == 3
    assert await store.count_history(ANN) == 5
    assert private in {a.message_id for a in await store.history(ANN, 10)}


async def test_forgetting_an_author_deletes_their_words_stored_for_others(store: Store) -> None:
    await analysed(store, ANN, GROUP, "bob's words", author_id=BOB)
    anns_own = await analysed(store, ANN, GROUP, "ann's words")
    bobs_own = await analysed(store, BOB, BOB, "bob's private words")

    assert await store.forget_user(BOB) == 2

    assert [a.message_id for a in await store.history(ANN, 10)] == [anns_own]
    assert await store.get_analysis(bobs_own) is None
    assert await store.get_user(ANN) is not None


async def test_a_store_reports_itself_healthy_and_scrubbed_when_it_is(store: Store) -> None:
    await analysed(store, ANN, ANN, "fever")
    assert await store.health_problem() is None
    await store.forget_user(ANN)
    assert await store.scrub() is True


async def test_a_version_2_sqlite_database_migrates_with_its_rows(tmp_path: Path) -> None:
    """Rows from before author_id keep their chat ids: /history can be scoped for them too."""
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:
        for version, script in SQLITE_MIGRATIONS[:2]:
            db.executescript(script)
            db.execute(f"PRAGMA user_version={version}")
        db.execute("INSERT INTO users VALUES (?, NULL, 0, '2025-01-01T00:00:00+00:00', '')", (ANN,))
        for chat_id, text in ((ANN, "private"), (GROUP, "in the group")):
            db.execute(
                "INSERT INTO messages (user_id, chat_id, text, epoch, created_at) "
                "VALUES (?, ?, ?, 0, '2025-01-01T00:00:00+00:00')",
                (ANN, chat_id, text),
            )
            db.execute(
                "INSERT INTO results VALUES (last_insert_rowid(), '[]', 'offline', 1.0, NULL, "
                "'2025-01-01T00:00:00+00:00', NULL)"
            )
    db.close()
    store = await open_store(f"sqlite:///{path}")
    try:
        assert await store.schema_version() == LATEST_VERSION
        assert [a.text for a in await store.history(ANN, 10, 0, GROUP)] == ["in the group"]
        assert await store.count_history(ANN) == 2
        assert await store.forget_user(ANN) == 2
    finally:
        await store.close()


async def test_holders_of_a_forgotten_authors_words_start_a_new_session(store: Store) -> None:
    await analysed(store, ANN, GROUP, "bob's words", author_id=BOB)
    await analysed(store, CHANNEL, GROUP, "a channel's own words")
    before = await store.get_user(ANN)
    assert before is not None

    await store.forget_user(BOB)

    after = await store.get_user(ANN)
    assert after is not None and after.epoch == before.epoch + 1
    channel = await store.get_user(CHANNEL)
    assert channel is not None and channel.epoch == 0  # held nothing of Bob's
