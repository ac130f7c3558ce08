"""The Gemini engine: a chat session per user, structured answers, quick and safe failure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import TypeVar

from google.genai import errors, types

from ner._engine import Conversation, EngineUnavailable, Turn
from ner._models import Entity
from ner.gemini._client import SharedClient
from ner.gemini._media import TranscribedAnswer, media_content, parse_reading
from ner.gemini._parse import UnparseableAnswer, parse_answer
from ner.gemini._prompt import (
    NO_SAMPLING,
    Sampling,
    answer_content,
    generation_config,
    model_content,
    system_instruction,
    turn_contents,
    user_content,
)
from ner.gemini._sessions import SessionCache, SessionKey
from ner.gemini._thinking import thinking_config
from ner.media import Media, Reading

log = logging.getLogger(__name__)

T = TypeVar("T")

Conclude = Callable[[str], Awaitable[tuple[T, list[types.ContentDict]]]]
"""From the model's answer to the result and the contents the chat remembers of the turn."""

_BLOCKED_FINISH = frozenset(
    {
        types.FinishReason.SAFETY,
        types.FinishReason.RECITATION,
        types.FinishReason.BLOCKLIST,
        types.FinishReason.PROHIBITED_CONTENT,
        types.FinishReason.SPII,
        types.FinishReason.LANGUAGE,
    }
)


class GeminiEngine:
    """One Gemini model (base or tuned endpoint) behind the Engine protocol.

    Each user gets a chat whose system instruction defines the labels (and shows the few-shot
    examples that are not turns) and whose history is ``demonstrations`` (few-shot examples as
    genuine user/model turns, built once per process and shared by every chat) followed by
    the user's recent turns, so the model sees the conversation. The chat is kept here as a
    plain list of contents and sent with ``generate_content``; it is rebuilt from
    ``Conversation.load_history`` whenever it is not cached (restart, eviction, new epoch,
    earlier failure). Photos, documents and voice notes (``read``) go into the user's turn as
    inline data; the chat remembers their transcription, never the file.
    """

    def __init__(
        self,
        *,
        name: str,
        title: str,
        model: str,
        shared: SharedClient,
        seed: Sequence[Turn],
        demonstrations: Sequence[types.ContentDict],
        timeout_s: float,
        history_window: int,
        max_sessions: int,
        session_idle_s: float,
        media_timeout_s: float = 30.0,
        sampling: Sampling = NO_SAMPLING,
        thinking: str | None = None,
    ) -> None:
        self._name = name
        self._title = title
        self._model = model
        self._shared = shared
        self._demonstrations = tuple(demonstrations)
        self._timeout_s = timeout_s
        self._media_timeout_s = max(media_timeout_s, timeout_s)
        self._window = max(0, history_window)
        instruction = system_instruction(seed[len(self._demonstrations) // 2 :])
        thinks = thinking_config(model, thinking)
        self._config = generation_config(
            instruction=instruction, sampling=sampling, thinking=thinks
        )
        self._media_config = generation_config(
            instruction=instruction, sampling=sampling, thinking=thinks, schema=TranscribedAnswer
        ).model_copy(
            # A file takes longer to upload and read than a line of text.
            update={"http_options": types.HttpOptions(timeout=int(self._media_timeout_s * 1000))}
        )
        self._sessions = SessionCache(max_sessions=max_sessions, idle_s=session_idle_s)

    @property
    def name(self) -> str:
        return self._name

    @property
    def title(self) -> str:
        return self._title

    @property
    def model(self) -> str:
        return self._model

    @property
    def sessions(self) -> SessionCache:
        return self._sessions

    async def extract(self, text: str, conversation: Conversation | None = None) -> list[Entity]:
        """Entities of ``text``; every failure becomes EngineUnavailable within ``timeout_s``."""

        async def conclude(answer: str) -> tuple[list[Entity], list[types.ContentDict]]:
            entities = await _entities(answer, text)
            return entities, [user_content(text), answer_content(answer)]

        async with self._failures(self._timeout_s):
            return await self._exchange(user_content(text), conversation, self._config, conclude)

    async def read(
        self, media: Media, caption: str = "", conversation: Conversation | None = None
    ) -> Reading:
        """Transcription and entities of a photo, document or voice note (and its caption).

        The chat remembers the turn as text: the caption and transcription, then the entities.
        """

        async def conclude(answer: str) -> tuple[Reading, list[types.ContentDict]]:
            if len(answer) > PARSE_IN_THREAD_CHARS:
                reading = await asyncio.to_thread(parse_reading, answer, caption)
            else:
                reading = parse_reading(answer, caption)
            return reading, [user_content(reading.text), model_content(reading.entities)]

        turn = media_content(media, caption)
        async with self._failures(self._media_timeout_s):
            return await self._exchange(turn, conversation, self._media_config, conclude)

    async def aclose(self) -> None:
        self._sessions.clear()
        await self._shared.release()

    @asynccontextmanager
    async def _failures(self, timeout_s: float) -> AsyncIterator[None]:
        """Every failure becomes EngineUnavailable, within ``timeout_s``."""
        try:
            async with asyncio.timeout(timeout_s):
                yield
        except EngineUnavailable as exc:
            self._log_failure(str(exc), exc)
            raise
        except TimeoutError as exc:
            raise self._unavailable("it took too long to answer", exc) from None
        except errors.APIError as exc:
            raise self._unavailable(_api_reason(exc), exc) from None
        except Exception as exc:  # network, auth and SDK errors all mean "no answer this time"
            raise self._unavailable("it could not be reached", exc) from None

    async def _exchange(
        self,
        turn: types.ContentDict,
        conversation: Conversation | None,
        config: types.GenerateContentConfig,
        conclude: Conclude[T],
    ) -> T:
        """Send ``turn`` after the user's chat; on success the chat remembers what
        ``conclude`` says. Without a conversation: a stateless call that still carries the
        few-shot turns."""
        if conversation is None:
            result, _ = await conclude(await self._generate([*self._demonstrations, turn], config))
            return result
        key: SessionKey = (conversation.user_id, conversation.epoch)
        session = self._sessions.get(key)
        async with session.lock:
            try:
                history = session.history
                if history is None or session.covers != conversation.last_turn_id:
                    # New, evicted, or behind storage (a turn was answered elsewhere).
                    history = await self._restore(conversation)
                session.history = history
                answer = await self._generate([*self._demonstrations, *history, turn], config)
                result, remembered = await conclude(answer)
            except BaseException:
                # The chat may now hold a turn storage will record differently (the fallback's
                # result); rebuilding from storage next time keeps the two in agreement.
                self._sessions.discard(key, session)
                raise
            history.extend(remembered)
            if len(history) > 2 * self._window:
                del history[: len(history) - 2 * self._window]
            session.covers = conversation.message_id
            return result

    async def _generate(
        self, contents: list[types.ContentDict], config: types.GenerateContentConfig
    ) -> str:
        response = await self._shared.client.aio.models.generate_content(
            model=self._model,
            contents=contents,  # type: ignore[arg-type]
            config=config,
        )
        return _answer_text(response)

    async def _restore(self, conversation: Conversation) -> list[types.ContentDict]:
        if conversation.message_id is not None and conversation.last_turn_id is None:
            return []  # no earlier turn in this epoch: a database read would find nothing
        turns = list(await conversation.load_history())
        return turn_contents(turns[-self._window :] if self._window else [])

    def _unavailable(self, reason: str, exc: BaseException) -> EngineUnavailable:
        self._log_failure(reason, exc)
        return EngineUnavailable(reason)

    def _log_failure(self, reason: str, exc: BaseException) -> None:
        log.warning(
            "gemini engine %s (%s): %s [%s]", self._name, self._model, reason, type(exc).__name__
        )


def _api_reason(exc: errors.APIError) -> str:
    if exc.code == 429:
        return "its quota is used up for now"
    if exc.code in (401, 403):
        return "it refused the credentials"
    if exc.code >= 500:
        return "the service had an error"
    return "it rejected the request"


PARSE_IN_THREAD_CHARS = 4_000
"""Answers longer than this (a long message, or a model that repeats itself) are parsed in a
worker thread, so the event loop keeps answering other users meanwhile."""


async def _entities(answer: str, message: str) -> list[Entity]:
    try:
        if len(answer) + len(message) > PARSE_IN_THREAD_CHARS:
            return await asyncio.to_thread(parse_answer, answer, message)
        return parse_answer(answer, message)
    except UnparseableAnswer:
        raise EngineUnavailable("its answer could not be read") from None


def _answer_text(response: types.GenerateContentResponse) -> str:
    """The model's text, refusing blocked and empty answers (never shown raw to anyone)."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason is not None:
        raise EngineUnavailable("the message was blocked by its safety filters")
    if not response.candidates:
        raise EngineUnavailable("it gave an empty answer")
    candidate = response.candidates[0]
    if candidate.finish_reason in _BLOCKED_FINISH:
        raise EngineUnavailable("the answer was blocked by its safety filters")
    parts = candidate.content.parts if candidate.content and candidate.content.parts else []
    text = "".join(part.text for part in parts if part.text and not part.thought)
    if not text.strip():
        raise EngineUnavailable("it gave an empty answer")
    return text
