"""Long polling that loses nothing when the bot is killed.

Telegram forgets a batch of updates once the next ``getUpdates`` names a higher offset, and
PTB's Updater asks again straight away, before the batch is handled: a crash then loses what
was in hand. Here every batch is written to the store's inbox *before* the next request
confirms it, each update is marked done once handled, and whatever was left undone is replayed
at start-up. The highest id seen is remembered too, so an update Telegram delivers again after
a restart (it was never confirmed) is not handled twice.

Two things keep the inbox off the reply's path. Each trip to the database is a handoff to its
thread and back, a noticeable share of what a whole answer costs when one user chats with the
bot:

* A batch is handled while its inbox write is under way. Only confirming it must wait for that
  write, and a reply can go out before it: the service stores the message and its result
  before replying, and recognises a redelivered update, so an answered update is safe without
  its inbox row.
* Done marks are gathered and written with the next batch's inbox write, or after
  ``DONE_FLUSH_S`` when no batch comes. A crash in that window replays updates already
  handled: a message is then recognised as answered, a command is answered again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from typing import Any

from telegram import Bot, Update
from telegram.error import Conflict, InvalidToken, RetryAfter, TelegramError

from bot._lanes import Lanes, lane_key
from storage import StorageError, Store

log = logging.getLogger(__name__)

POLL_TIMEOUT_S = 10
"""How long Telegram holds a getUpdates request open when there is nothing new."""

MAX_BACKOFF_S = 30.0

DRAIN_S = 20.0
"""How long shutdown waits for updates still being handled."""

DONE_FLUSH_S = 0.2
"""The longest a done mark waits for the next batch's inbox write to take it along."""

ProcessUpdate = Callable[[Update], Awaitable[object]]
"""Handles one update (``Application.process_update``): the poller needs nothing else of the
application, so it never imports the module that builds it."""


class DurablePoller:
    """Fetch; handle and store; confirm only what is stored: a crash loses nothing."""

    def __init__(
        self,
        bot: Bot,
        process_update: ProcessUpdate,
        store: Store,
        *,
        concurrency: int,
        received: Callable[[int], dict[str, Any] | None] | None = None,
    ) -> None:
        """``concurrency`` updates are handled at once; one user's stay in order (the
        service's per-user turn sees to that). ``received`` gives an update's JSON as Telegram
        sent it (``UpdatesRequest.received``), stored instead of serialising PTB's object."""
        self._bot = bot
        self._process_update = process_update
        self._store = store
        self._received = received
        self._tasks: set[asyncio.Task[None]] = set()
        self._lanes = Lanes(self._spawn, slots=concurrency)
        self._last_id: int | None = None
        self._done: list[int] = []
        self._flush: asyncio.TimerHandle | None = None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until ``stop`` is set, then let the updates in hand finish."""
        await self._bot.delete_webhook()
        self._last_id = await self._store.inbox_last_id()
        await self._replay()
        offset = None if self._last_id is None else self._last_id + 1
        backoff = 1.0
        while not stop.is_set():
            try:
                updates = await _until_stopped(self._fetch(offset), stop)
            except RetryAfter as exc:
                await _sleep(_seconds(exc.retry_after), stop)
                continue
            except (InvalidToken, Conflict):
                raise
            except (TelegramError, ValueError, TypeError, KeyError, AttributeError) as exc:
                # A network failure, an answer that is not JSON or not updates (Update.de_list
                # raises ValueError and friends), a 403 or 5xx from a proxy: Telegram still holds
                # the batch (nothing was confirmed), so asking again later loses nothing. Only
                # the type is logged: the exception's text may quote the updates.
                log.warning("polling failed (%s); retrying in %.0f s", type(exc).__name__, backoff)
                await _sleep(backoff, stop)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
                continue
            await self._accept(updates)
            backoff = 1.0
            if updates:
                offset = updates[-1].update_id + 1
        await self._confirm(offset)
        await self._drain()
        if self._flush is not None:
            self._flush.cancel()
        await self._write_done(self._take_done())

    async def _fetch(self, offset: int | None) -> Sequence[Update]:
        return await self._bot.get_updates(
            offset=offset, timeout=POLL_TIMEOUT_S, allowed_updates=Update.ALL_TYPES
        )

    async def _accept(self, updates: Sequence[Update]) -> None:
        """Hand new updates on and store them; return once stored, so that the next
        getUpdates, which confirms them to Telegram, comes after."""
        fresh = [u for u in updates if self._last_id is None or u.update_id > self._last_id]
        if not fresh:
            return
        self._last_id = fresh[-1].update_id
        stored = asyncio.ensure_future(self._store_batch(fresh, self._take_done()))
        for update in fresh:
            self._start(update, stored)
        await stored

    async def _store_batch(self, updates: Sequence[Update], done: Sequence[int]) -> None:
        """The batch's inbox rows, and the done marks gathered since the last batch."""
        rows = [(u.update_id, self._payload(u)) for u in updates]
        try:
            await asyncio.gather(self._store.inbox_add(rows), self._write_done(done))
        except StorageError as exc:
            # Better answered without crash protection than held back: the handlers tell the
            # user if their message cannot be stored either.
            log.warning("inbox unavailable (%s); handling %d updates unprotected", exc, len(rows))

    def _payload(self, update: Update) -> str:
        """The update as JSON: as Telegram sent it where known, else as PTB serialises it."""
        raw = self._received(update.update_id) if self._received is not None else None
        return json.dumps(raw if raw is not None else update.to_dict())

    async def _replay(self) -> None:
        """Hand on what a previous run received but did not finish."""
        pending = await self._store.inbox_pending()
        if pending:
            log.info("replaying %d updates received before the last stop", len(pending))
        for update_id, payload in pending:
            try:
                update = Update.de_json(json.loads(payload), self._bot)
            except (ValueError, TypeError, KeyError):
                log.warning("dropping stored update %d: it cannot be decoded", update_id)
                await self._store.inbox_done([update_id])
                continue
            self._start(update, None)

    def _start(self, update: Update, stored: asyncio.Future[None] | None) -> None:
        """Handle ``update`` in its sender's lane (bot._lanes: one user's flood never fills
        the shared slots); ``stored`` is its inbox write, if under way."""
        key = lane_key(update)
        name = f"update-{update.update_id}"
        if not self._lanes.submit(key, lambda: self._handle(update, stored), name):
            log.warning(
                "update %d dropped: %d updates of its sender are already waiting",
                update.update_id,
                self._lanes.waiting(key),
            )
            self._spawn(self._done_after(update.update_id, stored), f"dropped-{name}")

    def _spawn(self, work: Coroutine[object, object, None], name: str) -> None:
        """A task that shutdown's drain waits for."""
        task = asyncio.create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _handle(self, update: Update, stored: asyncio.Future[None] | None) -> None:
        try:
            await self._process_update(update)
        except Exception as exc:  # the message can quote the user's text: type only
            log.error("update %d could not be processed: %s", update.update_id, type(exc).__name__)
            log.debug("processing failure detail", exc_info=exc)
        await self._done_after(update.update_id, stored)

    async def _done_after(self, update_id: int, stored: asyncio.Future[None] | None) -> None:
        if stored is not None and not stored.done():
            # A mark must not reach the database before the row it marks (PostgreSQL runs
            # statements on several connections, in no set order); errors are _accept's.
            await asyncio.wait([stored])
        self._mark_done(update_id)

    def _mark_done(self, update_id: int) -> None:
        """Gather a done mark for the next inbox write, or for the flush timer."""
        self._done.append(update_id)
        if self._flush is None:
            self._flush = asyncio.get_running_loop().call_later(DONE_FLUSH_S, self._flush_done)

    def _take_done(self) -> list[int]:
        done, self._done = self._done, []
        return done

    def _flush_done(self) -> None:
        """No batch came to take the done marks along within DONE_FLUSH_S: write them alone."""
        self._flush = None
        done = self._take_done()
        if done:
            self._spawn(self._write_done(done), "inbox-done")

    async def _write_done(self, done: Sequence[int]) -> None:
        if not done:
            return
        try:
            await self._store.inbox_done(done)
        except StorageError as exc:
            log.warning("%d handled updates not marked done: %s", len(done), exc)

    async def _confirm(self, offset: int | None) -> None:
        """Tell Telegram what was received, so a restart does not start with redeliveries."""
        if offset is None:
            return
        with contextlib.suppress(TelegramError):
            await self._bot.get_updates(offset=offset, limit=1, timeout=0)

    async def _drain(self) -> None:
        """Let the updates in hand finish, those a finishing one starts from its lane too."""
        deadline = asyncio.get_running_loop().time() + DRAIN_S
        unfinished: set[asyncio.Task[None]] = set()
        while self._tasks:
            left = deadline - asyncio.get_running_loop().time()
            if left <= 0:
                self._lanes.close()
                unfinished = set(self._tasks)
                break
            await asyncio.wait(set(self._tasks), timeout=left)
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
