"""The Gemini engine: a chat session per user, structured answers, quick and safe failure."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from google.genai import errors, types
from google.genai.chats import AsyncChat

from ner._engine import Conversation, EngineUnavailable, Turn
from ner._models import Entity
from ner.gemini._client import SharedClient
from ner.gemini._parse import UnparseableAnswer, parse_answer
from ner.gemini._prompt import (
    generation_config,
    system_instruction,
    turn_contents,
    user_content,
)
from ner.gemini._sessions import SessionCache, SessionKey

log = logging.getLogger(__name__)

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

    Each user gets a chat whose system instruction shows the few-shot examples and whose
    history is the first ``demonstration_turns`` of them followed by the user's recent turns,
    so the model sees the conversation; the chat is rebuilt from ``Conversation.load_history``
    whenever it is not cached (restart, eviction, new epoch, earlier failure).
    """

    def __init__(
        self,
        *,
        name: str,
        title: str,
        model: str,
        shared: SharedClient,
        seed: Sequence[Turn],
        timeout_s: float,
        history_window: int,
        max_sessions: int,
        session_idle_s: float,
        temperature: float | None = None,
        demonstration_turns: int = 0,
    ) -> None:
        self._name = name
        self._title = title
        self._model = model
        self._shared = shared
        shown = max(0, demonstration_turns)
        self._demonstrations = turn_contents(seed[:shown])
        self._timeout_s = timeout_s
        self._window = max(0, history_window)
        self._config = generation_config(temperature, system_instruction(seed[shown:]))
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
        try:
            async with asyncio.timeout(self._timeout_s):
                if conversation is None:
                    return await self._one_off(text)
                return await self._in_session(text, conversation)
        except EngineUnavailable as exc:
            self._log_failure(str(exc), exc)
            raise
        except TimeoutError as exc:
            raise self._unavailable("it took too long to answer", exc) from None
        except errors.APIError as exc:
            raise self._unavailable(_api_reason(exc), exc) from None
        except Exception as exc:  # network, auth and SDK errors all mean "no answer this time"
            raise self._unavailable("it could not be reached", exc) from None

    async def aclose(self) -> None:
        self._sessions.clear()
        await self._shared.release()

    async def _one_off(self, text: str) -> list[Entity]:
        """No conversation: a stateless call that still carries the few-shot examples."""
        response = await self._shared.client.aio.models.generate_content(
            model=self._model,
            contents=[*self._demonstrations, user_content(text)],
            config=self._config,
        )
        return await _entities(response, text)

    async def _in_session(self, text: str, conversation: Conversation) -> list[Entity]:
        key: SessionKey = (conversation.user_id, conversation.epoch)
        session = self._sessions.get(key)
        async with session.lock:
            try:
                chat = session.chat
                if chat is None or session.covers != conversation.last_turn_id:
                    # New, evicted, or behind storage (a turn was answered elsewhere).
                    chat = await self._restore(conversation)
                session.chat = chat
                entities = await _entities(await chat.send_message(text), text)
            except BaseException:
                # The chat may now hold a turn storage will record differently (the fallback's
                # result); rebuilding from storage next time keeps the two in agreement.
                self._sessions.discard(key, session)
                raise
            session.chat = self._bounded(chat)
            session.covers = conversation.message_id
            return entities

    async def _restore(self, conversation: Conversation) -> AsyncChat:
        turns = list(await conversation.load_history())
        return self._new_chat(turn_contents(turns[-self._window :] if self._window else []))

    def _new_chat(self, recent: list[types.Content]) -> AsyncChat:
        return self._shared.client.aio.chats.create(
            model=self._model, config=self._config, history=[*self._demonstrations, *recent]
        )

    def _bounded(self, chat: AsyncChat) -> AsyncChat:
        """The same chat, or a fresh one holding only the last ``history_window`` turns."""
        recent = chat.get_history(curated=True)[len(self._demonstrations) :]
        if len(recent) <= 2 * self._window:
            return chat
        return self._new_chat(recent[-2 * self._window :] if self._window else [])

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


async def _entities(response: types.GenerateContentResponse, message: str) -> list[Entity]:
    answer = _answer_text(response)
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
