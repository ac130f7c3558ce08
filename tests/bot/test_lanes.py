"""The per-user lanes of the long-polling dispatcher (bot._lanes): fair slots, order, bounds."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from telegram import Update

from bot._lanes import Lanes, lane_key

GROUP_ANONYMOUS_BOT = 1087968824


class Spawner:
    def __init__(self) -> None:
        self.tasks: list[asyncio.Task[None]] = []

    def __call__(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self.tasks.append(asyncio.create_task(work, name=name))

    async def settle(self) -> None:
        while not all(task.done() for task in self.tasks):
            await asyncio.gather(*self.tasks)


async def test_a_flooded_lane_leaves_the_shared_slots_to_others() -> None:
    spawn = Spawner()
    lanes = Lanes(spawn, slots=4, per_user=2, backlog=500)
    release = asyncio.Event()
    started: list[str] = []

    def work(name: str) -> Any:
        async def run() -> None:
            started.append(name)
            if name.startswith("flood"):
                await release.wait()

        return run

    for n in range(300):
        assert lanes.submit(1, work(f"flood-{n}"), f"flood-{n}")
    assert lanes.submit(2, work("other"), "other")
    await asyncio.sleep(0.01)

    assert started == ["flood-0", "flood-1", "other"]
    assert lanes.waiting(1) == 298
    release.set()
    await spawn.settle()
    assert started[3:] == [f"flood-{n}" for n in range(2, 300)]  # the lane kept its order


async def test_a_full_backlog_refuses_and_close_starts_nothing_more() -> None:
    spawn = Spawner()
    lanes = Lanes(spawn, slots=4, per_user=1, backlog=2)
    release = asyncio.Event()

    async def blocked() -> None:
        await release.wait()

    assert [lanes.submit(7, blocked, str(n)) for n in range(4)] == [True, True, True, False]
    lanes.close()
    assert not lanes.submit(8, blocked, "late")
    release.set()
    await spawn.settle()
    assert len(spawn.tasks) == 1  # the waiting two were left for the inbox's replay


def _update(payload: dict[str, Any]) -> Update:
    update = Update.de_json(payload, None)
    assert update is not None
    return update


def test_the_lane_is_the_acting_identity() -> None:
    group = {"id": -1001, "type": "supergroup", "title": "A"}
    anonymous = {"id": GROUP_ANONYMOUS_BOT, "is_bot": True, "first_name": "Group"}
    person = {"id": 5, "is_bot": False, "first_name": "P"}
    message = {"message_id": 1, "date": 0, "chat": group, "text": "hi"}

    as_group = _update({"update_id": 1, "message": {**message, "from": anonymous,
                                                    "sender_chat": group}})  # fmt: skip
    as_person = _update({"update_id": 2, "message": {**message, "from": person}})
    assert lane_key(as_group) == -1001  # not the placeholder every anonymous admin shares
    assert lane_key(as_person) == 5
    assert lane_key(_update({"update_id": 3})) != lane_key(_update({"update_id": 4}))
