"""Users, epochs, messages and results: what the conversation service relies on."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import SQLiteStore, Store, StoredMessage


async def analysed(
    store: Store,
    user_id: int,
    text: str,
    *,
    epoch: int = 0,
    source_key: str | None = None,
    engine: str = "offline",
) -> StoredMessage:
    """A message with its result, as the service stores one."""
    message = await store.add_message(user_id, user_id, text, epoch, source_key=source_key)
    await store.add_result(message.message_id, f'["{text}"]', engine, 2.5)
    return message


async def test_ensure_user_creates_once(store: Store) -> None:
    assert await store.get_user(7) is None
    created = await store.ensure_user(7)
    assert (created.user_id, created.engine, created.epoch) == (7, None, 0)
    assert await store.ensure_user(7) == created
    assert await store.get_user(7) == created


async def test_set_engine_stores_the_choice_and_bumps_the_epoch(store: Store) -> None:
    await store.ensure_user(7)
    chosen = await store.set_engine(7, "gemini")
    assert (chosen.engine, chosen.epoch) == ("gemini", 1)
    again = await store.set_engine(7, "offline")
    assert (again.engine, again.epoch) == ("offline", 2)
    assert await store.get_user(7) == again


async def test_set_engine_for_an_unknown_user_creates_them(store: Store) -> None:
    chosen = await store.set_engine(8, "gemini")
    assert (chosen.user_id, chosen.engine, chosen.epoch) == (8, "gemini", 1)


async def test_new_epoch_keeps_the_engine_and_the_history(store: Store) -> None:
    await store.set_engine(7, "gemini")
    await analysed(store, 7, "fever", epoch=1)
    fresh = await store.new_epoch(7)
    assert (fresh.engine, fresh.epoch) == ("gemini", 2)
    assert await store.count_history(7) == 1
    assert (await store.new_epoch(9)).epoch == 1  # unknown users are created


async def test_add_message_returns_the_stored_row(store: Store) -> None:
    message = await store.add_message(7, -100, "chest pain", 3, source_key="42:1")
    assert message.message_id > 0
    assert (message.user_id, message.chat_id, message.text) == (7, -100, "chest pain")
    assert (message.epoch, message.source_key) == (3, "42:1")
    assert await store.get_user(7) is not None  # the user came with it


async def test_a_message_without_an_epoch_goes_in_the_users_current_one(store: Store) -> None:
    assert (await store.add_message(8, 8, "first words", None)).epoch == 0  # a new user
    await store.new_epoch(8)
    await store.new_epoch(8)
    assert (await store.add_message(8, 8, "after /clear twice", None)).epoch == 2
    assert (await store.add_message(8, 8, "told", 1)).epoch == 1


async def test_analysis_joins_message_and_result(store: Store) -> None:
    message = await store.add_message(7, 7, "took 10 mg", 0)
    assert await store.get_analysis(message.message_id) is None  # not analysed yet
    await store.add_result(message.message_id, "[1]", "gemini", 12.5, note="fell back")
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None
    assert (analysis.message_id, analysis.user_id, analysis.text) == (
        message.message_id,
        7,
        "took 10 mg",
    )
    assert (analysis.entities_json, analysis.engine) == ("[1]", "gemini")
    assert (analysis.latency_ms, analysis.note, analysis.replied) == (12.5, "fell back", False)
    assert analysis.created_at == message.created_at


async def test_add_result_again_replaces_the_result(store: Store) -> None:
    message = await store.add_message(7, 7, "fever", 0)
    await store.add_result(message.message_id, "[1]", "gemini", 1.0, note="first")
    await store.add_result(message.message_id, "[2]", "offline", 2.0)
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None
    assert (analysis.entities_json, analysis.engine, analysis.note) == ("[2]", "offline", None)


async def test_mark_replied(store: Store) -> None:
    message = await analysed(store, 7, "fever")
    await store.mark_replied(message.message_id)
    await store.mark_replied(message.message_id)
    analysis = await store.get_analysis(message.message_id)
    assert analysis is not None and analysis.replied
    await store.mark_replied(999_999)  # nothing to mark: no error


async def test_repeated_source_key_returns_the_first_row(store: Store) -> None:
    first = await store.add_message(7, 7, "fever", 0, source_key="update:5")
    again = await store.add_message(7, 7, "something else", 1, source_key="update:5")
    assert again == first
    assert (await store.add_message(7, 7, "x", 0)).message_id != first.message_id
    await store.add_result(first.message_id, "[]", "offline", 1.0)
    assert await store.count_history(7) == 1


async def test_find_by_source_only_finds_analysed_messages(store: Store) -> None:
    message = await store.add_message(7, 7, "fever", 0, source_key="update:6")
    assert await store.find_by_source("update:6") is None
    await store.add_result(message.message_id, "[]", "offline", 1.0)
    found = await store.find_by_source("update:6")
    assert found is not None and found.message_id == message.message_id
    assert await store.find_by_source("update:7") is None


async def test_messages_without_a_source_key_never_collide(store: Store) -> None:
    first = await store.add_message(7, 7, "fever", 0)
    second = await store.add_message(7, 7, "fever", 0)
    assert first.message_id != second.message_id


async def test_recent_turns_are_the_epochs_last_analysed_oldest_first(store: Store) -> None:
    await analysed(store, 7, "old epoch", epoch=0)
    for n in range(5):
        await analysed(store, 7, f"turn {n}", epoch=1)
    await store.add_message(7, 7, "not analysed", 1)
    await analysed(store, 8, "someone else", epoch=1)

    turns = await store.recent_turns(7, 1, 3)
    assert [t.text for t in turns] == ["turn 2", "turn 3", "turn 4"]
    assert [t.text for t in await store.recent_turns(7, 1, 50)] == [f"turn {n}" for n in range(5)]
    assert [t.text for t in await store.recent_turns(7, 0, 50)] == ["old epoch"]
    assert await store.recent_turns(7, 2, 50) == []
    assert await store.recent_turns(7, 1, 0) == []


async def test_turn_start_reads_the_user_their_last_turn_and_a_redelivery(store: Store) -> None:
    unknown = await store.turn_start(7, "update:1")
    assert (unknown.user, unknown.last_turn_id, unknown.analysed_id) == (None, None, None)

    first = await analysed(store, 7, "turn 0", epoch=0)
    await store.add_message(7, 7, "not analysed", 0, source_key="update:2")
    await analysed(store, 8, "someone else", epoch=0)
    start = await store.turn_start(7, "update:2")
    assert start.user is not None and (start.user.user_id, start.user.epoch) == (7, 0)
    assert start.last_turn_id == first.message_id
    assert start.analysed_id is None, "a message without a result was not analysed"
    assert (await store.turn_start(7, None)).analysed_id is None

    await store.new_epoch(7)
    start = await store.turn_start(7, None)
    assert start.user is not None and start.user.epoch == 1
    assert start.last_turn_id is None
    second = await analysed(store, 7, "turn 1", epoch=1, source_key="update:3")
    start = await store.turn_start(7, "update:3")
    assert start.last_turn_id == second.message_id
    assert start.analysed_id == second.message_id


async def test_history_is_newest_first_with_paging(store: Store) -> None:
    for n in range(7):
        await analysed(store, 7, f"note {n}", epoch=n % 2)
    await store.add_message(7, 7, "not analysed", 0)

    assert await store.count_history(7) == 7
    first_page = await store.history(7, 3)
    assert [a.text for a in first_page] == ["note 6", "note 5", "note 4"]
    assert [a.text for a in await store.history(7, 3, offset=3)] == ["note 3", "note 2", "note 1"]
    assert [a.text for a in await store.history(7, 3, offset=6)] == ["note 0"]
    assert await store.history(7, 3, offset=7) == []
    assert await store.history(7, 0) == []
    assert [a.text for a in await store.history(7, 2, offset=-5)] == ["note 6", "note 5"]


async def test_history_of_a_stranger_is_empty(store: Store) -> None:
    assert await store.history(12345, 10) == []
    assert await store.count_history(12345) == 0


@settings(max_examples=30, deadline=None)
@given(total=st.integers(0, 12), page=st.integers(1, 5))
def test_paging_through_history_sees_every_analysis_once(total: int, page: int) -> None:
    """/history pages must neither skip nor repeat, whatever the page size."""

    async def walk() -> tuple[list[int], list[int]]:
        store = SQLiteStore(":memory:")
        await store.open()
        try:
            stored = [(await analysed(store, 7, f"note {n}")).message_id for n in range(total)]
            seen: list[int] = []
            while batch := await store.history(7, page, offset=len(seen)):
                seen.extend(a.message_id for a in batch)
            return stored, seen
        finally:
            await store.close()

    stored, seen = asyncio.run(walk())
    assert seen == sorted(stored, reverse=True)


async def test_inbox_keeps_updates_until_done_and_ignores_repeats(store: Store) -> None:
    await store.inbox_add([(12, '{"update_id": 12}'), (11, '{"update_id": 11}')])
    await store.inbox_add([(11, '{"update_id": 11, "again": true}')])
    assert await store.inbox_pending() == [(11, '{"update_id": 11}'), (12, '{"update_id": 12}')]
    await store.inbox_done([11])
    assert [update_id for update_id, _ in await store.inbox_pending()] == [12]
    await store.inbox_done([12, 99])  # an id never received is no error
    await store.inbox_done([])
    await store.inbox_add([])
    assert await store.inbox_pending() == []
    assert await store.inbox_last_id() == 12, "the high-water mark outlives handled updates"
    await store.inbox_add([(13, "{}")])
    await store.purge_before(datetime.now(UTC) + timedelta(seconds=1))
    assert await store.inbox_pending() == [] and await store.inbox_last_id() is None


async def test_a_long_run_of_updates_is_marked_done_at_once(store: Store) -> None:
    """More ids than one SQLite statement may bind (999 in its oldest versions)."""
    ids = list(range(1, 2501))
    for start in range(0, len(ids), 100):  # getUpdates batches hold at most 100
        await store.inbox_add([(i, f'{{"update_id": {i}}}') for i in ids[start : start + 100]])
    await store.inbox_done(ids[:-1])
    assert await store.inbox_pending() == [(2500, '{"update_id": 2500}')]
