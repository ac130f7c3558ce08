"""A user's request budget kept in PostgreSQL, shared by every replica (issue 13, item 20).

Two stores on one database stand for two replicas; the service's limiter is exercised on top
of them, so the counting, the single notice and the shared budget are checked together.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from ner import EngineRegistry
from service import ConversationService
from storage import SharedRateLimits, Store, open_store
from tests.bot.test_service import WordEngine

pytestmark = pytest.mark.postgres


@pytest.fixture
async def replicas(postgres_url: str) -> AsyncIterator[list[Store]]:
    stores = [await open_store(postgres_url), await open_store(postgres_url)]
    try:
        yield stores
    finally:
        for store in stores:
            await store.close()


def _service(store: Store, per_minute: int) -> ConversationService:
    return ConversationService(
        store, EngineRegistry([WordEngine()]), rate_limit_per_minute=per_minute
    )


async def test_two_replicas_allow_a_user_the_limit_once_not_twice(replicas: list[Store]) -> None:
    services = [_service(store, 3) for store in replicas]
    admissions = [await services[n % 2].admit(42) for n in range(8)]

    assert [a.allowed for a in admissions] == [True] * 3 + [False] * 5
    assert [a.notify for a in admissions[3:]] == [True, False, False, False, False]
    assert 0 < admissions[3].retry_after_s <= 60
    assert (await services[1].admit(43)).allowed, "another user has a budget of their own"


async def test_analyses_over_the_shared_limit_store_nothing(replicas: list[Store]) -> None:
    from service import RateLimited

    services = [_service(store, 2) for store in replicas]
    outcomes = []
    for n in range(4):
        try:
            await services[n % 2].analyse(7, 7, f"fever {n}", limited=True)
            outcomes.append("analysed")
        except RateLimited as refused:
            outcomes.append("notice" if refused.admission.notify else "quiet")

    assert outcomes == ["analysed", "analysed", "notice", "quiet"]
    assert (await services[0].history(7, 10)).total == 2


async def test_the_window_slides_and_forget_clears_the_count(replicas: list[Store]) -> None:
    ledger = replicas[0]
    assert isinstance(ledger, SharedRateLimits)
    first = [await ledger.take_rate(9, 2, 0.3) for _ in range(3)]
    assert [d.allowed for d in first] == [True, True, False]
    await asyncio.sleep(0.35)
    again = await ledger.take_rate(9, 2, 0.3)
    assert again.allowed, "the old requests left the window"

    for _ in range(3):
        await ledger.take_rate(9, 2, 60)
    await replicas[1].forget_user(9)
    assert (await ledger.take_rate(9, 2, 60)).allowed


async def test_the_retention_purge_drops_the_counts_of_quiet_users(replicas: list[Store]) -> None:
    from datetime import UTC, datetime, timedelta

    ledger = replicas[0]
    assert isinstance(ledger, SharedRateLimits)
    for _ in range(3):
        await ledger.take_rate(11, 2, 60)
    await ledger.purge_before(datetime.now(UTC) + timedelta(seconds=1))
    assert (await ledger.take_rate(11, 2, 60)).allowed, "the purge dropped the old count"
