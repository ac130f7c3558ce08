"""Long polling that loses nothing when the bot is killed.

Telegram forgets a batch of updates once the next ``getUpdates`` names a higher offset, and
PTB's Updater asks again straight away, before the batch is handled: a crash then loses what
was in hand. Here every batch is written to the store's inbox *before* the next request
confirms it, each update is marked done once handled, and whatever was left undone is replayed
at start-up. The highest id seen is remembered too, so an update Telegram delivers again after
a restart (it was never confirmed) is not handled twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Coroutine, Sequence
from typing import TYPE_CHECKING

from telegram import Update
from telegram.error import Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

from storage import StorageError, Store

if TYPE_CHECKING:
    from bot._app import BotApplication

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10
"""How long Telegram holds a getUpdates request open when there is nothing new."""

MAX_BACKOFF_S = 30.0

DRAIN_S = 20.0
"""How long shutdown waits for updates still being handled."""


class DurablePoller:
    """Fetch, store, confirm, handle: the order that makes a crash lose nothing."""

    def __init__(self, app: BotApplication, store: Store, *, concurrency: int) -> None:
        """``concurrency`` updates are handled at once; one user's stay in order (the
        service's per-user turn sees to that)."""
        self._app = app
        self._store = store
        self._slots = asyncio.Semaphore(concurrency)
        self._tasks: set[asyncio.Task[None]] = set()
        self._last_id: int | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set, then let the updates in hand finish."""
        await self._app.bot.delete_webhook()
        self._last_id = await self._store.inbox_last_id()
        await self._replay()
        offset = None if self._last_id is None else self._last_id + 1
        backoff = 1.0
        while not stop.is_set():
            try:
                updates = await _until_stopped(self._fetch(offset), stop)
                await self._accept(updates)
            except RetryAfter as exc:
                await _sleep(_seconds(exc.retry_after), stop)
                continue
            except (InvalidToken, Conflict):
                raise
            except NetworkError as exc:
                log.warning("polling failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
                await _sleep(backoff, stop)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            backoff = 1.0
            if updates:
                offset = updates[-1].update_id + 1
        await self._confirm(offset)
        await self._drain()

    async def _fetch(self, offset: int | None) -> Sequence[Update]:
        return await self._app.bot.get_updates(
            offset=offset, timeout=POLL_TIMEOUT_S, allowed_updates=Update.ALL_TYPES
        )

    async def _accept(self, updates: Sequence[Update]) -> None:
        """Store new updates (before the next getUpdates confirms them), then hand them on."""
        fresh = [u for u in updates if self._last_id is None or u.update_id > self._last_id]
        if not fresh:
            return
        try:
            await self._store.inbox_add([(u.update_id, json.dumps(u.to_dict())) for u in fresh])
        except StorageError as exc:
            # Better answered without crash protection than held back: the handlers tell the
            # user if their message cannot be stored either.
            log.warning("inbox unavailable (%s); handling %d updates unprotected", exc, len(fresh))
        self._last_id = fresh[-1].update_id
        for update in fresh:
            self._start(update)

    async def _replay(self) -> None:
        """Hand on what a previous run received but did not finish."""
        pending = await self._store.inbox_pending()
        if pending:
            log.info("replaying %d updates received before the last stop", len(pending))
        for update_id, payload in pending:
            try:
                update = Update.de_json(json.loads(payload), self._app.bot)
            except (ValueError, TypeError, KeyError):
                log.warning("dropping stored update %d: it cannot be decoded", update_id)
                await self._store.inbox_done(update_id)
                continue
            self._start(update)

    def _start(self, update: Update) -> None:
        task = asyncio.create_task(self._handle(update), name=f"update-{update.update_id}")
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, update: Update) -> None:
        async with self._slots:
            try:
                await self._app.process_update(update)
            except Exception as exc:  # the message can quote the user's text: type only
                log.error(
                    "update %d could not be processed: %s", update.update_id, type(exc).__name__
                )
                log.debug("processing failure detail", exc_info=exc)
        try:
            await self._store.inbox_done(update.update_id)
        except StorageError as exc:
            log.warning("update %d handled but not marked done: %s", update.update_id, exc)

    async def _confirm(self, offset: int | None) -> None:
        """Tell Telegram what was received, so a restart does not start with redeliveries."""
        if offset is None:
            return
        with contextlib.suppress(TelegramError):
            await self._app.bot.get_updates(offset=offset, limit=1, timeout=0)

    async def _drain(self) -> None:
        if not self._tasks:
            return
        _, unfinished = await asyncio.wait(set(self._tasks), timeout=DRAIN_S)
        for task in unfinished:
            task.cancel()
        if unfinished:
            log.warning("%d updates unfinished at shutdown; replayed at start-up", len(unfinished))


async def _until_stopped(
    fetch: Coroutine[object, object, Sequence[Update]], stop: asyncio.Event
) -> Sequence[Update]:
    """The fetch's result, or nothing when ``stop`` is set first (the request is abandoned:
    Telegram has confirmed nothing, so it delivers those updates again)."""
    fetching = asyncio.ensure_future(fetch)
    stopping = asyncio.ensure_future(stop.wait())
    try:
        done, _ = await asyncio.wait({fetching, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if fetching in done:
        return fetching.result()
    fetching.cancel()
    with contextlib.suppress(asyncio.CancelledError, TelegramError):
        await fetching
    return ()


async def _sleep(seconds: float, stop: asyncio.Event) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def _seconds(retry_after: object) -> float:
    total = getattr(retry_after, "total_seconds", None)
    return float(total()) if callable(total) else float(retry_after)  # type: ignore[arg-type]
