"""The conversation service: the one place where engines and storage meet.

Every surface (Telegram handlers, the terminal chat, ``medner extract``) goes through it, so the
rules hold everywhere: one user's messages are answered in order, different users run
concurrently, nothing is answered before it is stored, and a failing engine falls back to the
offline one with a note.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from pydantic import TypeAdapter

from ner import (
    LOCAL_ENGINE,
    Conversation,
    Engine,
    EngineRegistry,
    EngineUnavailable,
    Entity,
    LookUp,
    MediaEngine,
    Outcome,
    Relation,
    Turn,
    Vocabulary,
    complete,
    extract_with_fallback,
)
from ner.media import Media, MediaKind, with_caption
from service._language import NON_ENGLISH_HINT, looks_non_english
from service._media import FileText, MediaNotRead, MediaProblem, MediaReader, Upload
from service._metrics import Metrics
from storage import SharedRateLimits, StorageError, Store, StoredAnalysis

log = logging.getLogger(__name__)

SCRUB_NOW_ATTEMPTS = 5
SCRUB_NOW_PAUSE_S = 0.1
"""/forget tries this many times, this far apart, to clear side copies before it answers."""
SCRUB_RETRY_FIRST_S = 1.0
SCRUB_RETRY_MAX_S = 30.0
"""Then it retries in the background, backing off to this interval, until they are gone."""
SCRUB_WARN_AFTER = 10
"""Background attempts before the operator is warned that a reader holds the database."""

Notify = Callable[[], Awaitable[None]]
"""Tells a user something later, outside their request (e.g. that deletion completed)."""

_ENTITIES = TypeAdapter(list[Entity])
_RELATIONS = TypeAdapter(list[Relation])


Deliver = Callable[["Analysis"], Awaitable[None]]
"""Sends an analysis to the user; called by the service inside the user's turn."""

Refuse = Callable[[MediaNotRead], Awaitable[None]]
"""Tells the user why a file was not analysed; called inside the user's turn."""


class UnknownEngine(ValueError):
    """The user asked for an engine that is not configured here."""


@dataclass(frozen=True)
class EngineInfo:
    """What /model shows for one engine."""

    name: str
    title: str


@dataclass(frozen=True)
class Analysis:
    """One analysed message, as stored."""

    message_id: int
    user_id: int
    chat_id: int
    text: str
    entities: list[Entity]
    engine: str
    requested_engine: str
    latency_ms: float
    note: str | None
    created_at: datetime
    replayed: bool = False
    already_replied: bool = False
    transcript: str | None = None
    """What was read from a photo, document or voice note (``text`` adds the caption)."""
    relations: list[Relation] = field(default_factory=list)
    """Links between ``entities`` (dosage_of, site_of), by index."""


@dataclass(frozen=True)
class Forgotten:
    """What /forget achieved: rows deleted, and whether no copy of them is left behind.

    ``scrubbed`` False means the rows are gone from the database but a side copy (SQLite's
    write-ahead log, held by another reader) could not be cleared yet; the service keeps
    trying and calls the ``on_scrubbed`` it was given once it has.
    """

    removed: int
    scrubbed: bool


@dataclass(frozen=True)
class HistoryPage:
    """A page of a user's history, newest first, with the total for paging."""

    items: list[Analysis]
    total: int
    offset: int
    limit: int

    @property
    def has_older(self) -> bool:
        return self.offset + len(self.items) < self.total

    @property
    def has_newer(self) -> bool:
        return self.offset > 0


def entities_to_json(entities: Sequence[Entity]) -> str:
    return _ENTITIES.dump_json(list(entities)).decode()


def entities_from_json(raw: str) -> list[Entity]:
    return _ENTITIES.validate_json(raw)


def relations_to_json(relations: Sequence[Relation]) -> str:
    return _RELATIONS.dump_json(list(relations)).decode()


def relations_from_json(raw: str, entities: Sequence[Entity]) -> list[Relation]:
    """Stored relations that still fit their entities (a hand-edited row loses only links)."""
    return [r for r in _RELATIONS.validate_json(raw) if r.fits(entities)]


def _analysis_from_stored(row: StoredAnalysis, *, replayed: bool = False) -> Analysis:
    entities = entities_from_json(row.entities_json)
    return Analysis(
        message_id=row.message_id,
        user_id=row.user_id,
        chat_id=row.chat_id,
        text=row.text,
        entities=entities,
        relations=relations_from_json(row.relations_json, entities),
        engine=row.engine,
        requested_engine=row.engine,
        latency_ms=row.latency_ms,
        note=row.note,
        created_at=row.created_at,
        replayed=replayed,
        already_replied=row.replied,
    )


@dataclass
class _UserLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0


RATE_WINDOW_S = 60.0
"""MEDNER_RATE_LIMIT counts a user's requests in this sliding window."""


@dataclass(frozen=True)
class Admission:
    """Whether a user's request may be served now, and if not, whether to tell them."""

    allowed: bool
    notify: bool = False
    """Refused for the first time since the user was last allowed: one notice per flood."""
    retry_after_s: float = 0.0


ADMITTED = Admission(allowed=True)


class RateLimited(Exception):
    """The user is over their per-minute budget; nothing was stored."""

    def __init__(self, admission: Admission) -> None:
        super().__init__("over the per-user rate limit")
        self.admission = admission


class RateLimiter(Protocol):
    """Counts a user's requests: messages to analyse, commands, buttons, inline queries."""

    async def take(self, user_id: int) -> Admission: ...

    def forget(self, user_id: int) -> None: ...


class MemoryRateLimiter:
    """A sliding window per user, in this process: right for one process (SQLite).

    ``take`` never suspends, so a handler can ask before entering a user's turn without giving
    up its place in the queue.
    """

    def __init__(self, per_minute: int, clock: Callable[[], float]) -> None:
        self._per_minute = per_minute
        self._clock = clock
        self._hits: dict[int, deque[float]] = {}
        self._quiet_until: dict[int, float] = {}

    async def take(self, user_id: int) -> Admission:
        if self._per_minute <= 0:
            return ADMITTED
        now = self._clock()
        hits = self._hits.setdefault(user_id, deque())
        while hits and now - hits[0] >= RATE_WINDOW_S:
            hits.popleft()
        if len(hits) < self._per_minute:
            hits.append(now)
            self._quiet_until.pop(user_id, None)
            return ADMITTED
        reopens = hits[0] + RATE_WINDOW_S
        quiet = self._quiet_until.get(user_id)
        notify = quiet is None or quiet <= now
        if notify:
            self._quiet_until[user_id] = reopens
        return Admission(allowed=False, notify=notify, retry_after_s=reopens - now)

    def forget(self, user_id: int) -> None:
        self._hits.pop(user_id, None)
        self._quiet_until.pop(user_id, None)


class SharedRateLimiter:
    """The same window kept in the database several replicas share (PostgreSQL), so a user's
    budget is the configured one however many replicas serve them."""

    def __init__(self, ledger: SharedRateLimits, per_minute: int) -> None:
        self._ledger = ledger
        self._per_minute = per_minute

    async def take(self, user_id: int) -> Admission:
        """A database that cannot count lets the request through: the limit protects the bot's
        capacity, and a request that needs the database fails on its own anyway."""
        if self._per_minute <= 0:
            return ADMITTED
        try:
            decision = await self._ledger.take_rate(user_id, self._per_minute, RATE_WINDOW_S)
        except StorageError as exc:
            log.warning("rate limit not counted for user=%d: %s", user_id, exc)
            return ADMITTED
        if decision.allowed:
            return ADMITTED
        return Admission(False, notify=decision.notify, retry_after_s=decision.retry_after_s)

    def forget(self, user_id: int) -> None:
        """The store's forget_user deletes the user's row with the rest of their data."""


def rate_limiter_for(store: Store, per_minute: int, clock: Callable[[], float]) -> RateLimiter:
    """Shared through the database when the store is shared, else counted in this process."""
    if per_minute > 0 and isinstance(store, SharedRateLimits):
        return SharedRateLimiter(store, per_minute)
    return MemoryRateLimiter(per_minute, clock)


class ConversationService:
    """Store the message, run the user's engine, store the result, then hand it back."""

    def __init__(
        self,
        store: Store,
        engines: EngineRegistry,
        *,
        default_engine: str = LOCAL_ENGINE,
        fallback_engine: str = LOCAL_ENGINE,
        history_window: int = 20,
        engine_timeout_s: float = 20.0,
        rate_limit_per_minute: int = 0,
        allowed_ids: frozenset[int] = frozenset(),
        clock: Callable[[], float] = time.monotonic,
        metrics: Metrics | None = None,
        reader: MediaReader | None = None,
    ) -> None:
        if fallback_engine not in engines:
            raise ValueError(f"the fallback engine {fallback_engine!r} is not registered")
        self._store = store
        self._engines = engines
        self._default = default_engine if default_engine in engines else fallback_engine
        self._fallback = fallback_engine
        self._window = history_window
        self._timeout = engine_timeout_s
        self._allowed = allowed_ids
        self._rate = rate_limiter_for(store, rate_limit_per_minute, clock)
        self._locks: dict[int, _UserLock] = {}
        self._reader = reader or MediaReader()
        self._scrubber: asyncio.Task[None] | None = None
        self._scrub_pending = False
        self._on_scrubbed: list[Notify] = []
        self.metrics = metrics or Metrics()

    @property
    def store(self) -> Store:
        return self._store

    @property
    def engines_registry(self) -> EngineRegistry:
        return self._engines

    @property
    def default_engine(self) -> str:
        return self._default

    # -- access ---------------------------------------------------------------------------

    def allowed(self, user_id: int, chat_id: int | None = None) -> bool:
        """True when no allow-list is set, or the user or the chat is on it."""
        if not self._allowed:
            return True
        return user_id in self._allowed or (chat_id is not None and chat_id in self._allowed)

    async def admit(self, user_id: int) -> Admission:
        """Count one request of the user's against MEDNER_RATE_LIMIT.

        In memory (SQLite, one process) this never suspends; with a shared database it is one
        statement, so callers that must keep their place in a user's queue use
        ``analyse(..., limited=True)``, which counts inside the user's turn.
        """
        return await self._rate.take(user_id)

    # -- engines --------------------------------------------------------------------------

    def engines(self) -> list[EngineInfo]:
        return [EngineInfo(e.name, e.title) for e in self._engines]

    def engine_title(self, name: str) -> str:
        engine = self._engines.get(name)
        return engine.title if engine is not None else name

    async def engine_for(self, user_id: int) -> str:
        user = await self._store.get_user(user_id)
        return self._usable_engine(user.engine if user is not None else None)

    def _usable_engine(self, chosen: str | None) -> str:
        if chosen is not None and chosen in self._engines:
            return chosen
        return self._default

    async def set_engine(self, user_id: int, name: str) -> None:
        """Switch the user's engine; the conversation starts afresh with it."""
        if name not in self._engines:
            raise UnknownEngine(name)
        async with self._user_turn(user_id):
            await self._store.set_engine(user_id, name)

    async def clear(self, user_id: int) -> None:
        """Start a fresh conversation session; history stays."""
        async with self._user_turn(user_id):
            await self._store.new_epoch(user_id)

    # -- the main path --------------------------------------------------------------------

    async def analyse(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        *,
        source_key: str | None = None,
        engine: str | None = None,
        deliver: Deliver | None = None,
        author_id: int | None = None,
        limited: bool = False,
    ) -> Analysis:
        """Analyse one message in the user's conversation; ``engine`` overrides their choice.

        With ``deliver``, the reply is sent inside the user's turn, after the result is stored,
        and recorded as sent: so a user's replies go out in the order of their messages, and a
        redelivered update (same ``source_key``) that was answered is not answered again.
        ``author_id``: whose words ``text`` is, when not the user's; their /forget deletes it.
        With ``limited``, the request counts against the user's rate limit first, inside the
        turn (so in order); over it, ``RateLimited`` is raised and nothing is stored.
        """
        async with self._user_turn(user_id):
            if limited:
                admission = await self._rate.take(user_id)
                if not admission.allowed:
                    raise RateLimited(admission)
            analysis = await self._analyse_in_turn(
                user_id, chat_id, text, source_key, engine, author_id
            )
            if deliver is not None and not analysis.already_replied:
                await deliver(analysis)
                await self._mark_delivered(analysis.message_id)
            return analysis

    async def _analyse_in_turn(
        self,
        user_id: int,
        chat_id: int,
        text: str,
        source_key: str | None,
        engine: str | None,
        author_id: int | None = None,
    ) -> Analysis:
        # One wait for the database, two statements (each statement is a trip to the database
        # thread and back): the turn's reads, and the message itself. They are
        # independent: the message goes in the user's current epoch, which nothing changes
        # outside the user's turn, and the last turn is the last *analysed* message, which this
        # one is not yet. A redelivered update stores nothing.
        start, message = await asyncio.gather(
            self._store.turn_start(user_id, source_key),
            self._store.add_message(
                user_id, chat_id, text, None, source_key=source_key, author_id=author_id
            ),
        )
        if start.analysed_id is not None and source_key is not None:
            seen = await self._store.find_by_source(source_key)
            if seen is not None:
                return _analysis_from_stored(seen, replayed=True)
        # A new user was created by add_message; reading them back is the rare path.
        user = start.user or await self._store.ensure_user(user_id)
        requested = self._usable_engine(engine or user.engine)
        conversation = Conversation(
            user_id=user_id,
            epoch=user.epoch,
            load_history=lambda: self._turns(user_id, user.epoch),
            last_turn_id=start.last_turn_id,
            message_id=message.message_id,
        )
        outcome, seconds = await self._run_engine(requested, text, conversation)
        produced_by, entities, note = outcome.engine, outcome.entities, outcome.note
        note = _with_language_hint(text, entities, produced_by, note)
        latency_ms = seconds * 1000.0
        await self._store.add_result(
            message.message_id,
            entities_to_json(entities),
            produced_by,
            latency_ms,
            note,
            relations_json=relations_to_json(outcome.relations),
        )
        log.info(
            "analysed message=%d user=%d engine=%s entities=%d latency_ms=%.1f",
            message.message_id,
            user_id,
            produced_by,
            len(entities),
            latency_ms,
        )
        return Analysis(
            message_id=message.message_id,
            user_id=user_id,
            chat_id=chat_id,
            text=text,
            entities=entities,
            relations=outcome.relations,
            engine=produced_by,
            requested_engine=requested,
            latency_ms=latency_ms,
            note=note,
            created_at=message.created_at,
        )

    # -- photos, documents and voice notes ------------------------------------------------

    async def analyse_upload(
        self,
        user_id: int,
        chat_id: int,
        upload: Upload,
        *,
        caption: str = "",
        source_key: str | None = None,
        engine: str | None = None,
        deliver: Deliver | None = None,
        refuse: Refuse | None = None,
        author_id: int | None = None,
        limited: bool = False,
    ) -> Analysis | None:
        """Read a file (and its caption) in the user's conversation and analyse what it says.

        As ``analyse``, in the user's turn: the download too, so a photo and the text sent
        after it are answered in order. The stored message is the caption and what was read
        (never the file). A file that cannot be read is ``refuse``d, inside the turn, and
        None is returned; nothing is stored for it. ``author_id``: whose file it is, when not
        the user's (/ner in reply to someone's photo); their /forget deletes what was read.
        With ``limited``, as for ``analyse``: over the rate limit, ``RateLimited`` is raised and
        nothing is downloaded or stored.
        """
        async with self._user_turn(user_id):
            if limited:
                admission = await self._rate.take(user_id)
                if not admission.allowed:
                    raise RateLimited(admission)
            try:
                analysis = await self._upload_in_turn(
                    user_id, chat_id, upload, caption, source_key, engine, author_id
                )
            except MediaNotRead as problem:
                problem.model_available = self.reads_files_with_a_model
                log.info("file not analysed user=%d: %s", user_id, problem.problem.value)
                if refuse is not None:
                    await refuse(problem)
                return None
            if deliver is not None and not analysis.already_replied:
                await deliver(analysis)
                await self._mark_delivered(analysis.message_id)
            return analysis

    @property
    def reads_files_with_a_model(self) -> bool:
        """Whether /model offers an engine that reads photos and voice notes itself."""
        return any(isinstance(engine, MediaEngine) for engine in self._engines)

    async def _upload_in_turn(
        self,
        user_id: int,
        chat_id: int,
        upload: Upload,
        caption: str,
        source_key: str | None,
        engine: str | None,
        author_id: int | None,
    ) -> Analysis:
        start = await self._store.turn_start(user_id, source_key)
        if start.analysed_id is not None and source_key is not None:
            seen = await self._store.find_by_source(source_key)
            if seen is not None:
                return _analysis_from_stored(seen, replayed=True)
        requested = self._usable_engine(engine or (start.user.engine if start.user else None))
        model = self._engines.get(requested)
        reader = model if isinstance(model, MediaEngine) else None
        data = await self._download(upload, reader is not None)
        kind = upload.kind
        assert kind is not None, "checked by _download"
        note: str | None = None
        if kind in (MediaKind.TEXT, MediaKind.PDF):
            read = await self._reader.text_of(kind, data)
            if read.text or kind is MediaKind.TEXT:
                return await self._analyse_file_text(
                    user_id, chat_id, caption, read, source_key, engine, author_id
                )
            if reader is None:
                raise MediaNotRead(MediaProblem.SCAN_NEEDS_MODEL)
        if reader is not None:
            media = await self._reader.for_model(kind, upload.mime_type, data)
            try:
                return await self._read_with_model(
                    reader, media, user_id, chat_id, caption, source_key, start.last_turn_id,
                    author_id,
                )  # fmt: skip
            except EngineUnavailable as exc:
                if kind is not MediaKind.IMAGE or not self._reader.ocr_available:
                    raise MediaNotRead(MediaProblem.MODEL_FAILED, reason=str(exc)) from None
                note = (
                    f"{reader.title} could not read the photo ({exc}); Tesseract read it offline."
                )
        read = await self._reader.text_of(kind, data)
        return await self._analyse_file_text(
            user_id, chat_id, caption, read, source_key, engine, author_id, note=note
        )

    async def _download(self, upload: Upload, model_reads: bool) -> bytes:
        """The file, once it is clear it can be read this way (nothing is fetched otherwise)."""
        if upload.kind is None:
            raise MediaNotRead(MediaProblem.UNSUPPORTED)
        if upload.kind is MediaKind.AUDIO and not model_reads:
            raise MediaNotRead(MediaProblem.VOICE_NEEDS_MODEL)
        if upload.kind is MediaKind.IMAGE and not model_reads and not self._reader.ocr_available:
            raise MediaNotRead(MediaProblem.NO_OCR)
        return await self._reader.download(upload)

    async def _analyse_file_text(
        self,
        user_id: int,
        chat_id: int,
        caption: str,
        read: FileText,
        source_key: str | None,
        engine: str | None,
        author_id: int | None,
        *,
        note: str | None = None,
    ) -> Analysis:
        """Text read offline goes through the normal analysis, caption first."""
        text = with_caption(caption, read.text)
        if not text:
            raise MediaNotRead(MediaProblem.NO_TEXT)
        notes = [note] if note else []
        if not read.text:
            notes.append("No text was found in the file; the caption was analysed.")
        if read.truncated:
            notes.append("The file is long: only its beginning was analysed.")
        analysis = await self._analyse_in_turn(
            user_id, chat_id, text, source_key, engine, author_id
        )
        if analysis.note:
            notes.append(analysis.note)
        return replace(analysis, transcript=read.text, note=" ".join(notes) or None)

    async def _read_with_model(
        self,
        engine: MediaEngine,
        media: Media,
        user_id: int,
        chat_id: int,
        caption: str,
        source_key: str | None,
        last_turn_id: int | None,
        author_id: int | None,
    ) -> Analysis:
        """The engine reads the file in the user's chat; the transcription is what is stored."""
        user = await self._store.ensure_user(user_id)
        conversation = Conversation(
            user_id=user_id,
            epoch=user.epoch,
            load_history=lambda: self._turns(user_id, user.epoch),
            last_turn_id=last_turn_id,
        )
        started = time.perf_counter()
        reading = await engine.read(media, caption, conversation)
        seconds = time.perf_counter() - started
        self.metrics.engine_latency.labels(engine.name).observe(seconds)
        if not reading.text:
            raise MediaNotRead(MediaProblem.NO_TEXT)
        # As for typed text: codes from the offline vocabularies, relations from its rules.
        entities, relations = complete(
            reading.text, list(reading.entities), self._require(self._fallback)
        )
        message = await self._store.add_message(
            user_id, chat_id, reading.text, None, source_key=source_key, author_id=author_id
        )
        await self._store.add_result(
            message.message_id,
            entities_to_json(entities),
            engine.name,
            seconds * 1000.0,
            relations_json=relations_to_json(relations),
        )
        log.info(
            "read %s message=%d user=%d engine=%s entities=%d latency_ms=%.1f",
            media.kind.value,
            message.message_id,
            user_id,
            engine.name,
            len(entities),
            seconds * 1000.0,
        )
        return Analysis(
            message_id=message.message_id,
            user_id=user_id,
            chat_id=chat_id,
            text=reading.text,
            entities=entities,
            relations=relations,
            engine=engine.name,
            requested_engine=engine.name,
            latency_ms=seconds * 1000.0,
            note=None,
            created_at=message.created_at,
            transcript=reading.transcript,
        )

    async def preview(self, text: str) -> Outcome:
        """Entities (and their relations) of a draft (inline mode): the offline engine, no
        session, nothing stored."""
        offline = self._require(self._fallback)
        return await extract_with_fallback(offline, offline, text)

    async def analysis_of(
        self, user_id: int, message_id: int, chat_id: int | None
    ) -> Analysis | None:
        """One of the caller's own analyses by id, made in ``chat_id``; None for anyone else's,
        another chat's (a group sees nothing private) or a deleted one."""
        row = await self._store.get_analysis(message_id)
        if row is None or row.user_id != user_id or row.chat_id != chat_id:
            return None
        return _analysis_from_stored(row)

    async def look_up(self, query: str) -> LookUp:
        """``/what``: the vocabularies' card for a term, from the offline engine; nothing is
        stored (a look-up is not a message about anyone's health). Runs in a worker thread: the
        first look-up loads the cards."""
        offline = self._require(self._fallback)
        if not isinstance(offline, Vocabulary):
            return LookUp(query=query)
        return await asyncio.to_thread(offline.look_up, query)

    async def mark_replied(self, message_id: int) -> None:
        """Record that the reply went out, so a redelivered update is not answered twice."""
        await self._store.mark_replied(message_id)
        self.metrics.replies.inc()

    async def _mark_delivered(self, message_id: int) -> None:
        """mark_replied after a reply went out. The user has their answer, so a database
        failure here is logged, not raised: raising would add an apology for a message that
        was answered (a redelivery of it may then be answered a second time)."""
        try:
            await self.mark_replied(message_id)
        except StorageError as exc:
            log.warning("message=%d answered but not marked as answered: %s", message_id, exc)

    async def _run_engine(
        self, name: str, text: str, conversation: Conversation
    ) -> tuple[Outcome, float]:
        """Entities from the engine (or the fallback), and the seconds it took, in metrics too."""
        engine = self._engines.get(name) or self._require(self._fallback)
        started = time.perf_counter()
        outcome = await extract_with_fallback(
            engine, self._require(self._fallback), text, conversation, timeout_s=self._timeout
        )
        elapsed = time.perf_counter() - started
        self.metrics.engine_latency.labels(engine.name).observe(elapsed)
        if outcome.engine != engine.name:
            self.metrics.fallbacks.labels(engine.name).inc()
        return outcome, elapsed

    def _require(self, name: str) -> Engine:
        engine = self._engines.get(name)
        if engine is None:
            raise UnknownEngine(name)
        return engine

    async def _turns(self, user_id: int, epoch: int) -> list[Turn]:
        rows = await self._store.recent_turns(user_id, epoch, self._window)
        return [Turn(text=row.text, entities=entities_from_json(row.entities_json)) for row in rows]

    # -- history and privacy --------------------------------------------------------------

    async def history(
        self, user_id: int, limit: int, offset: int = 0, *, chat_id: int | None = None
    ) -> HistoryPage:
        """The caller's own analyses, newest first; never anyone else's. With ``chat_id``, only
        those made in that chat: a group sees what was analysed in the group, nothing private."""
        rows = await self._store.history(user_id, limit, offset, chat_id)
        total = await self._store.count_history(user_id, chat_id)
        return HistoryPage([_analysis_from_stored(r) for r in rows], total, offset, limit)

    async def forget(self, user_id: int, *, on_scrubbed: Notify | None = None) -> Forgotten:
        """Delete every row of the user's (and texts of theirs others analysed).

        Deletion is only reported complete once no copy is left behind: when another reader
        keeps SQLite's write-ahead log from being cleared, ``scrubbed`` is False, clearing goes
        on in the background, and ``on_scrubbed`` is awaited once it has succeeded.
        """
        async with self._user_turn(user_id):
            removed = await self._store.forget_user(user_id)
        self._rate.forget(user_id)
        scrubbed = await self._scrub_now()
        if not scrubbed:
            self._scrub_later(on_scrubbed)
        log.info("forgot user=%d messages=%d scrubbed=%s", user_id, removed, scrubbed)
        return Forgotten(removed, scrubbed)

    async def purge_expired(self, retention: timedelta) -> int:
        """Delete history older than the retention period."""
        removed = await self._store.purge_before(datetime.now(UTC) - retention)
        if removed:
            log.info("retention purge removed %d messages", removed)
            if not await self._scrub_now():
                self._scrub_later(None)
        return removed

    @property
    def scrub_pending(self) -> bool:
        """True while deleted rows may still have a copy the service is trying to clear."""
        return self._scrub_pending

    async def _scrub_now(self) -> bool:
        """A few quick attempts: a backup's read usually ends within moments."""
        for attempt in range(SCRUB_NOW_ATTEMPTS):
            if attempt:
                await asyncio.sleep(SCRUB_NOW_PAUSE_S)
            try:
                if await self._store.scrub():
                    return True
            except StorageError as exc:
                log.warning("clearing deleted rows from the database failed: %s", exc.problem)
        return False

    def _scrub_later(self, on_scrubbed: Notify | None) -> None:
        if on_scrubbed is not None:
            self._on_scrubbed.append(on_scrubbed)
        if not self._scrub_pending:
            self._scrub_pending = True
            self._scrubber = asyncio.create_task(self._scrub_until_clean())

    async def _scrub_until_clean(self) -> None:
        """Retry with backoff until the side copies are gone, then tell whoever waits."""
        delay, attempts = SCRUB_RETRY_FIRST_S, 0
        while True:
            await asyncio.sleep(delay)
            attempts += 1
            try:
                if await self._store.scrub():
                    break
            except StorageError as exc:
                log.warning("clearing deleted rows from the database failed: %s", exc.problem)
            if attempts == SCRUB_WARN_AFTER:
                log.warning(
                    "deleted rows are still in the database's write-ahead log: another "
                    "connection (a backup?) keeps reading the database; still retrying"
                )
            delay = min(delay * 2, SCRUB_RETRY_MAX_S)
        log.info("deleted rows cleared from the write-ahead log after %d retries", attempts)
        waiting, self._on_scrubbed, self._scrub_pending = self._on_scrubbed, [], False
        for notify in waiting:
            try:
                await notify()
            except Exception as exc:  # one failed notice must not keep the others from going
                log.warning("telling a user that deletion completed failed: %s", type(exc).__name__)

    async def aclose(self) -> None:
        """Stop background work. Clearing deleted rows that is still pending is tried again
        when the store is next opened (the SQLite store checkpoints on open)."""
        scrubber, self._scrubber, self._scrub_pending = self._scrubber, None, False
        if scrubber is not None and not scrubber.done():
            scrubber.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await scrubber

    # -- ordering -------------------------------------------------------------------------

    @asynccontextmanager
    async def _user_turn(self, user_id: int) -> AsyncIterator[None]:
        """FIFO per user: asyncio.Lock wakes waiters in arrival order; the store's lock extends
        that to other replicas sharing a PostgreSQL database."""
        slot = self._locks.get(user_id)
        if slot is None:
            slot = self._locks[user_id] = _UserLock()
        slot.users += 1
        try:
            async with slot.lock, self._store.user_lock(user_id):
                yield
        finally:
            slot.users -= 1
            if slot.users == 0:
                self._locks.pop(user_id, None)


def _with_language_hint(
    text: str, entities: Sequence[Entity], engine: str, note: str | None
) -> str | None:
    """``note`` plus a hint that the offline engine reads English, where it found nothing in
    a message that looks like another language (an empty answer alone reads as "nothing
    medical here")."""
    if entities or engine != LOCAL_ENGINE or not looks_non_english(text):
        return note
    return f"{note} {NON_ENGLISH_HINT}" if note else NON_ENGLISH_HINT
