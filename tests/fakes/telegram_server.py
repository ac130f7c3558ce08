"""A fake Telegram Bot API: a real HTTP server on 127.0.0.1 that PTB talks to unchanged.

Point the bot at it with ``ApplicationBuilder().base_url(fake.base_url)``. The fake serves the
updates a test injects (long polling, or POSTed to a webhook once ``setWebhook`` was called),
records every call, and validates requests the way Telegram does, so a reply that Telegram
would refuse (malformed HTML, an over-long text, a 65-byte callback_data...) fails here too,
with Telegram's status code and wording.

Faults for resilience tests: ``rate_limit`` (429 + retry_after), ``fail`` (any status),
``slow`` (delay before answering) and ``drop`` (close the connection without an answer).

Only the standard library (and httpx, for webhook delivery) is used, so nothing here depends
on PTB internals.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.parser
import email.policy
import itertools
import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

import httpx

JSON = dict[str, Any]

MESSAGE_LIMIT = 4096
CALLBACK_ANSWER_LIMIT = 200
CALLBACK_DATA_LIMIT = 64
INLINE_RESULTS_LIMIT = 50
FILE_DOWNLOAD_LIMIT = 20 * 1024 * 1024
"""Bots may download files of up to 20 MB; getFile refuses larger ones."""

LISTEN_BACKLOG = 1024
"""Connections the fake lets wait to be accepted, as a busy production server would."""

# --- Telegram HTML ------------------------------------------------------------------------


class BadRequest(Exception):
    """A request Telegram would refuse; ``description`` is what Telegram says."""

    def __init__(self, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.description = description
        self.status = status


class HtmlParseError(BadRequest):
    """``parse_mode=HTML`` text Telegram cannot parse."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Bad Request: can't parse entities: {reason}")
        self.reason = reason


_ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_HTML_ENTITY = re.compile(r"&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lt|gt|amp|quot));")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG_CHARS = re.compile(r"[a-zA-Z0-9-]*")
_ATTR = re.compile(
    r"""\s*([a-zA-Z0-9_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""",
)


@dataclass(frozen=True)
class ParsedText:
    """Text as Telegram stores it: plain characters plus entities (UTF-16 offsets)."""

    text: str
    entities: tuple[JSON, ...] = ()


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    return len(source[:index].encode("utf-8"))


def _decode_entities(value: str) -> str:
    return _HTML_ENTITY.sub(_entity_char, value)


def _entity_char(match: re.Match[str]) -> str:
    decimal, hexadecimal, named = match.groups()
    if named:
        return _NAMED[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML like Telegram does, raising HtmlParseError where Telegram refuses.

    Allowed: b strong i em u ins s strike del span(class=tg-spoiler) tg-spoiler a(href) code pre
    blockquote tg-emoji(emoji-id); entities &lt; &gt; &amp; &quot; and numeric ones. Anything
    else — an unknown tag, an unescaped "<" or "&", mismatched nesting — is refused.
    """
    out: list[str] = []
    length = 0
    stack: list[tuple[str, int, JSON]] = []  # (tag, utf16 start, extra entity fields)
    entities: list[JSON] = []
    i = 0
    while i < len(source):
        char = source[i]
        if char == "&":
            match = _HTML_ENTITY.match(source, i)
            if match is None:
                raise HtmlParseError(
                    f"Unsupported HTML entity at byte offset {_byte_offset(source, i)}"
                )
            decoded = _entity_char(match)
            out.append(decoded)
            length += utf16_len(decoded)
            i = match.end()
        elif char == "<":
            end = source.find(">", i)
            if end < 0:
                raise HtmlParseError(f"Unclosed start tag at byte offset {_byte_offset(source, i)}")
            if source.startswith("</", i):
                name = source[i + 2 : end].strip().lower()
                if not stack:
                    raise HtmlParseError(
                        f'Unexpected end tag "{name}" at byte offset {_byte_offset(source, i)}'
                    )
                tag, start, extra = stack.pop()
                if name != tag:
                    raise HtmlParseError(
                        f"Unmatched end tag at byte offset {_byte_offset(source, i)}, "
                        f'expected "</{tag}>", found "</{name}>"'
                    )
                if length > start and extra.get("type"):
                    entities.append({"offset": start, "length": length - start, **extra})
            else:
                name_match = _TAG_CHARS.match(source, i + 1)
                assert name_match is not None
                tag = name_match.group(0).lower()
                if tag not in _ENTITY_TYPES:
                    raise HtmlParseError(
                        f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, i)}'
                    )
                attrs = _parse_attributes(source[name_match.end() : end], source, i)
                stack.append((tag, length, _entity_fields(tag, attrs, stack)))
            i = end + 1
        else:
            out.append(char)
            length += utf16_len(char)
            i += 1
    if stack:
        raise HtmlParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), tuple(entities))


def _parse_attributes(raw: str, source: str, tag_start: int) -> dict[str, str]:
    attrs: dict[str, str] = {}
    position = 0
    raw = raw.rstrip("/ \t\n")
    while position < len(raw):
        match = _ATTR.match(raw, position)
        if match is None or match.end() == position:
            raise HtmlParseError(
                f"Expected equal sign in declaration of an attribute of the tag at byte offset "
                f"{_byte_offset(source, tag_start)}"
            )
        name, double, single, bare = match.groups()
        value = next((v for v in (double, single, bare) if v is not None), "")
        attrs[name.lower()] = _decode_entities(value)
        position = match.end()
    return attrs


def _entity_fields(tag: str, attrs: dict[str, str], stack: list[tuple[str, int, JSON]]) -> JSON:
    kind = _ENTITY_TYPES[tag]
    if tag == "span" and attrs.get("class") != "tg-spoiler":
        raise HtmlParseError('Tag "span" must have class "tg-spoiler"')
    if tag == "a":
        href = attrs.get("href", "")
        return {"type": kind, "url": href} if href else {}
    if tag == "tg-emoji":
        if not attrs.get("emoji-id", "").isdigit():
            raise HtmlParseError('Tag "tg-emoji" must have attribute "emoji-id"')
        return {"type": kind, "custom_emoji_id": attrs["emoji-id"]}
    if tag == "code" and stack and stack[-1][0] == "pre":
        language = attrs.get("class", "")
        if language.startswith("language-"):
            stack[-1][2]["language"] = language.removeprefix("language-")
        return {}
    if tag == "blockquote" and "expandable" in attrs:
        return {"type": "expandable_blockquote"}
    return {"type": kind}


def _strip(parsed: ParsedText) -> ParsedText:
    """Telegram trims surrounding whitespace; entities shift with the text."""
    left = len(parsed.text) - len(parsed.text.lstrip())
    shift = utf16_len(parsed.text[:left])
    text = parsed.text.strip()
    total = utf16_len(text)
    entities = []
    for entity in parsed.entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            entities.append({**entity, "offset": start, "length": end - start})
    return ParsedText(text, tuple(entities))


def parse_message_text(text: object, parse_mode: object, *, empty_error: str) -> ParsedText:
    """What Telegram does with ``text`` + ``parse_mode`` of sendMessage and friends."""
    if not isinstance(text, str):
        raise BadRequest(empty_error)
    if parse_mode is None or parse_mode == "":
        parsed = ParsedText(text)
    elif str(parse_mode).lower() == "html":
        parsed = parse_html(text)
    else:
        raise BadRequest(f"Bad Request: unsupported parse_mode {parse_mode!r} in this fake")
    parsed = _strip(parsed)
    if not parsed.text:
        raise BadRequest(empty_error)
    if utf16_len(parsed.text) > MESSAGE_LIMIT:
        raise BadRequest("Bad Request: message is too long")
    return parsed


# --- requests and recording ---------------------------------------------------------------

_JSON_PARAMS = {
    "reply_markup",
    "reply_parameters",
    "results",
    "commands",
    "scope",
    "entities",
    "caption_entities",
    "allowed_updates",
    "link_preview_options",
    "button",
    "input_message_content",
}
_INT_PARAMS = {
    "offset",
    "limit",
    "timeout",
    "message_id",
    "reply_to_message_id",
    "cache_time",
    "user_id",
    "max_connections",
    "message_thread_id",
}
_BOOL_PARAMS = {
    "is_personal",
    "show_alert",
    "drop_pending_updates",
    "disable_notification",
    "protect_content",
    "allow_sending_without_reply",
}


def _normalise(params: dict[str, Any]) -> dict[str, Any]:
    """Form fields are strings (PTB JSON-encodes non-strings); turn them into JSON values."""
    result: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str):
            if key in _JSON_PARAMS:
                try:
                    value = json.loads(value)
                except json.JSONDecodeError as exc:
                    raise BadRequest(f"Bad Request: can't parse {key} JSON object") from exc
            elif key in _INT_PARAMS or (key == "chat_id" and re.fullmatch(r"-?\d+", value)):
                value = int(value)
            elif key in _BOOL_PARAMS:
                value = value.lower() == "true"
        result[key] = value
    return result


@dataclass
class ApiCall:
    """One request the bot made and what the fake answered."""

    method: str
    params: dict[str, Any]
    status: int = 200
    result: Any = None
    description: str | None = None
    fault: str | None = None
    at: float = field(default_factory=time.monotonic)
    done: bool = False

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def html(self) -> str:
        """The raw ``text`` parameter as sent."""
        return str(self.params.get("text", ""))

    @property
    def text(self) -> str:
        """The text as the user sees it, after HTML parsing (empty if refused)."""
        if isinstance(self.result, dict):
            return str(self.result.get("text", ""))
        return ""

    @property
    def chat_id(self) -> Any:
        return self.params.get("chat_id")

    @property
    def reply_markup(self) -> JSON | None:
        markup = self.params.get("reply_markup")
        return markup if isinstance(markup, dict) else None

    def buttons(self) -> list[JSON]:
        """Every inline-keyboard button of this call, row by row."""
        markup = self.reply_markup or {}
        return [button for row in markup.get("inline_keyboard", []) for button in row]


@dataclass
class Fault:
    """An injected failure for the next ``times`` calls of ``method`` ("*" for any)."""

    method: str
    times: int
    status: int | None = None
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    drop: bool = False
    garble: str | None = None


# --- the server ---------------------------------------------------------------------------


class FakeTelegram:
    """The fake Bot API server plus builders for the updates a test injects.

    Use as ``async with FakeTelegram() as fake:``; ``fake.base_url`` goes to
    ``ApplicationBuilder().base_url(...)`` and ``fake.token`` to ``.token(...)``.
    """

    def __init__(
        self,
        *,
        token: str = "123456:TEST-token_abcdefghijklmnopqrstuvwxyz",
        bot_id: int = 123456,
        username: str = "medner_test_bot",
    ) -> None:
        self.token = token
        self.bot: JSON = {
            "id": bot_id,
            "is_bot": True,
            "first_name": "MedNER",
            "username": username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": True,
        }
        self.calls: list[ApiCall] = []
        self.commands: dict[str, list[JSON]] = {}
        self.blocked: set[int] = set()
        self.webhook: JSON | None = None
        self._faults: list[Fault] = []
        self._updates: list[JSON] = []
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, Iterator[int]] = {}
        self._messages: dict[tuple[int, int], JSON] = {}
        self._chats: dict[int, JSON] = {}
        self._callback_queries: dict[str, bool] = {}
        self.files: dict[str, tuple[str, bytes]] = {}
        """file_id -> (file_path, content): what getFile describes and /file/bot... serves."""
        self.downloads: list[str] = []
        self._members: dict[tuple[int, int], JSON] = {}
        self._inline_queries: dict[str, bool] = {}
        self._query_ids = itertools.count(1)
        self._waiters: list[asyncio.Future[None]] = []
        self._server: asyncio.Server | None = None
        self._connections: set[asyncio.Task[None]] = set()
        self._delivery: asyncio.Task[None] | None = None
        self.port = 0

    # change notification: every waiter registers its own future before it checks its
    # condition's next state, so no wake-up is lost between a check and the wait

    def _notify(self) -> None:
        waiters, self._waiters = self._waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    async def _next_change(self, within: float) -> None:
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(waiter, max(within, 0))

    # lifecycle

    async def start(self) -> None:
        # asyncio's default backlog (100) is smaller than 200 users' connections opened at once:
        # the kernel then drops SYNs, and each drop costs the bot a one-second retransmit that
        # Telegram's own servers would never charge.
        self._server = await asyncio.start_server(
            self._serve, "127.0.0.1", 0, backlog=LISTEN_BACKLOG
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._delivery
        if self._server is not None:
            self._server.close()
            for task in list(self._connections):
                task.cancel()
            await asyncio.gather(*self._connections, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    async def __aenter__(self) -> FakeTelegram:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For ``ApplicationBuilder().base_url``; PTB appends the token and the method."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def username(self) -> str:
        return str(self.bot["username"])

    # faults

    def fail(
        self, method: str, status: int = 500, *, description: str = "", times: int = 1
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with HTTP ``status``."""
        text = description or {500: "Internal Server Error", 502: "Bad Gateway"}.get(
            status, f"Error {status}"
        )
        self._faults.append(Fault(method, times, status=status, description=text))

    def rate_limit(self, method: str, retry_after: int = 1, *, times: int = 1) -> None:
        """Answer 429 "Too Many Requests: retry after N" like Telegram's flood control."""
        self._faults.append(
            Fault(
                method,
                times,
                status=429,
                description=f"Too Many Requests: retry after {retry_after}",
                retry_after=retry_after,
            )
        )

    def slow(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Delay the answer to the next ``times`` calls of ``method``."""
        self._faults.append(Fault(method, times, delay=seconds))

    def drop(self, method: str, *, times: int = 1) -> None:
        """Close the connection without answering the next ``times`` calls of ``method``."""
        self._faults.append(Fault(method, times, drop=True))

    def garble(self, method: str, how: str = "truncate", *, times: int = 1) -> None:
        """Answer the next ``times`` calls of ``method`` (handled for real) with a body that is
        not JSON: "truncate" cuts the real answer in half (a proxy that dropped the end),
        "html" sends an error page with status 200."""
        if how not in GARBLES:
            raise ValueError(f"garble how: one of {sorted(GARBLES)}")
        self._faults.append(Fault(method, times, garble=how))

    def _take_fault(self, method: str) -> Fault | None:
        for fault in self._faults:
            if fault.method in (method, "*") and fault.times > 0:
                fault.times -= 1
                if fault.times == 0:
                    self._faults.remove(fault)
                return fault
        return None

    # inspection

    def calls_to(self, method: str, **params: Any) -> list[ApiCall]:
        """Calls of ``method`` whose params include ``params`` (compared with ==)."""
        return [
            call
            for call in self.calls
            if call.method == method and all(call.params.get(k) == v for k, v in params.items())
        ]

    @property
    def rejections(self) -> list[ApiCall]:
        """Calls refused by validation (not by injected faults): each one is a bot bug."""
        return [call for call in self.calls if not call.ok and call.fault is None]

    async def wait_for(
        self,
        method: str,
        *,
        count: int = 1,
        within: float = 5.0,
        where: Callable[[ApiCall], bool] | None = None,
        **params: Any,
    ) -> list[ApiCall]:
        """Wait until at least ``count`` successful matching calls were made; return them all."""
        deadline = time.monotonic() + within
        while True:
            found = [
                c
                for c in self.calls_to(method, **params)
                if c.done and c.ok and (where is None or where(c))
            ]
            if len(found) >= count:
                return found
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                seen = [(c.method, c.status, c.params) for c in self.calls[-10:]]
                raise AssertionError(
                    f"{method} {params} x{count} not seen in {within}s; last calls: {seen}"
                )
            await self._next_change(remaining)

    async def polling_started(self, within: float = 10.0) -> None:
        """Wait until the bot has sent its first getUpdates (it may still be waiting)."""
        deadline = time.monotonic() + within
        while not any(c.method == "getUpdates" for c in self.calls):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"the bot did not start polling within {within}s")
            await self._next_change(remaining)

    async def reply(self, chat_id: int, *, after: int = 0, within: float = 5.0) -> ApiCall:
        """The first sendMessage to ``chat_id`` after the first ``after`` ones."""
        calls = await self.wait_for("sendMessage", chat_id=chat_id, count=after + 1, within=within)
        return calls[after]

    async def settle(self, seconds: float = 0.2) -> None:
        """Let in-flight updates finish, for asserting that nothing (more) was sent."""
        deadline = time.monotonic() + 5
        while self._updates and time.monotonic() < deadline:
            await self._next_change(0.05)
        await asyncio.sleep(seconds)

    def message(self, chat_id: int, message_id: int) -> JSON:
        """The current version of a stored message (bot's or user's)."""
        return self._messages[(chat_id, message_id)]

    def bot_messages(self, chat_id: int) -> list[JSON]:
        """Messages the bot sent to ``chat_id``, current versions, oldest first."""
        return [
            m
            for (chat, _), m in sorted(self._messages.items())
            if chat == chat_id and m.get("from", {}).get("id") == self.bot["id"]
        ]

    # builders: users and chats

    @staticmethod
    def user(user_id: int, first_name: str = "Test", *, username: str | None = None) -> JSON:
        user: JSON = {"id": user_id, "is_bot": False, "first_name": first_name}
        if username:
            user["username"] = username
        return user

    def private_chat(self, user: JSON) -> JSON:
        chat = {"id": user["id"], "type": "private", "first_name": user["first_name"]}
        if "username" in user:
            chat["username"] = user["username"]
        return self._remember(chat)

    def group(self, chat_id: int = -1001234567890, title: str = "Clinic staff") -> JSON:
        return self._remember({"id": chat_id, "type": "supergroup", "title": title})

    def channel(self, chat_id: int = -1009876543210, title: str = "News") -> JSON:
        return self._remember({"id": chat_id, "type": "channel", "title": title})

    ANONYMOUS_ADMIN_ID = 1087968824
    CHANNEL_BOT_ID = 136817688

    @classmethod
    def anonymous_admin(cls) -> JSON:
        """The user Telegram sends for every anonymous group admin (sender_chat = the group)."""
        return {
            "id": cls.ANONYMOUS_ADMIN_ID,
            "is_bot": True,
            "first_name": "Group",
            "username": "GroupAnonymousBot",
        }

    @classmethod
    def channel_bot(cls) -> JSON:
        """The user Telegram sends for a post made as a channel (sender_chat = the channel)."""
        return {
            "id": cls.CHANNEL_BOT_ID,
            "is_bot": True,
            "first_name": "Channel",
            "username": "Channel_Bot",
        }

    def make_admin(
        self, chat: JSON, user: JSON, *, anonymous: bool = False, owner: bool = False
    ) -> None:
        """``user`` administers ``chat`` (posting anonymously, as the chat, if ``anonymous``)."""
        member: JSON = {"user": user, "is_anonymous": anonymous}
        if owner:
            member["status"] = "creator"
        else:
            member.update(
                {
                    "status": "administrator",
                    "can_be_edited": False,
                    "can_manage_chat": True,
                    "can_delete_messages": True,
                    "can_manage_video_chats": True,
                    "can_restrict_members": True,
                    "can_promote_members": False,
                    "can_change_info": True,
                    "can_invite_users": True,
                    "can_post_stories": False,
                    "can_edit_stories": False,
                    "can_delete_stories": False,
                }
            )
        self._members[(chat["id"], user["id"])] = member

    def _remember(self, chat: JSON) -> JSON:
        self._chats[chat["id"]] = chat
        return chat

    def _next_message_id(self, chat_id: int) -> int:
        counter = self._message_ids.setdefault(chat_id, itertools.count(1))
        return next(counter)

    # builders: updates

    def inject(self, kind: str, payload: JSON) -> int:
        """Queue a raw update ``{kind: payload}``; returns its update_id."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, kind: payload})
        self._notify()
        self._kick_delivery()
        return update_id

    def send(
        self,
        user: JSON,
        text: str,
        *,
        chat: JSON | None = None,
        reply_to: JSON | None = None,
        via_bot: bool = False,
        sender_chat: JSON | None = None,
    ) -> JSON:
        """The user sends ``text`` (private chat unless ``chat``); returns the message.

        ``via_bot``: the message is an inline result of this bot that the user chose.
        ``sender_chat``: the chat the message was sent as (an anonymous admin's group, a
        channel); pair it with ``anonymous_admin()`` or ``channel_bot()`` as ``user``.
        """
        chat = chat or self.private_chat(user)
        message = self._new_message(user, chat)
        message["text"] = text
        if sender_chat is not None:
            message["sender_chat"] = self._remember(sender_chat)
        if via_bot:
            message["via_bot"] = {
                k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")
            }
        entities = _text_entities(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.inject("message", message)
        return message

    def send_media(
        self,
        user: JSON,
        kind: str = "photo",
        *,
        chat: JSON | None = None,
        caption: str = "",
        data: bytes | None = None,
        mime_type: str | None = None,
        file_name: str | None = None,
        file_size: int | None = None,
        reply_to: JSON | None = None,
    ) -> JSON:
        """The user sends a non-text message: photo, sticker, voice, document, location...

        With ``data`` the file exists: getFile describes it and the bot can download it.
        ``file_size`` overrides the size Telegram announces (a file too big to download).
        """
        chat = chat or self.private_chat(user)
        message = self._new_message(user, chat)
        message.update(_media(kind))
        if data is not None:
            self._attach(message, kind, data, mime_type, file_name, file_size)
        if caption:
            message["caption"] = caption
            if entities := _text_entities(caption):
                message["caption_entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        self.inject("message", message)
        return message

    def _attach(
        self,
        message: JSON,
        kind: str,
        data: bytes,
        mime_type: str | None,
        file_name: str | None,
        file_size: int | None,
    ) -> None:
        file_id = f"{kind}-{len(self.files) + 1}"
        folder = {"photo": "photos", "voice": "voice", "audio": "music"}.get(kind, "documents")
        suffix = (
            Path(file_name).suffix
            if file_name
            else {"photo": ".jpg", "voice": ".oga"}.get(kind, "")
        )
        self.files[file_id] = (f"{folder}/file_{len(self.files)}{suffix}", data)
        described: JSON = {"file_id": file_id, "file_unique_id": f"u{file_id}"}
        described["file_size"] = len(data) if file_size is None else file_size
        if mime_type is not None:
            described["mime_type"] = mime_type
        if file_name is not None:
            described["file_name"] = file_name
        if kind == "photo":
            message["photo"] = [{**described, "width": 1280, "height": 960}]
        else:
            message[kind] = {**message.get(kind, {}), **described}

    def edit(self, message: JSON, text: str) -> JSON:
        """The user edits one of their messages; delivered as ``edited_message``."""
        edited = {**message, "text": text, "edit_date": int(time.time())}
        entities = _text_entities(text)
        edited.pop("entities", None)
        if entities:
            edited["entities"] = entities
        self._messages[(message["chat"]["id"], message["message_id"])] = edited
        self.inject("edited_message", edited)
        return edited

    def post(self, chat: JSON, text: str) -> JSON:
        """A post in a channel the bot is in; delivered as ``channel_post``."""
        message_id = self._next_message_id(chat["id"])
        message: JSON = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "sender_chat": chat,
            "text": text,
        }
        self._messages[(chat["id"], message_id)] = message
        self.inject("channel_post", message)
        return message

    def press(self, user: JSON, message: JSON, data: str) -> str:
        """The user presses an inline button with ``data`` under a message the bot sent."""
        current = self._messages.get((message["chat"]["id"], message["message_id"]), message)
        query_id = str(next(self._query_ids))
        self._callback_queries[query_id] = False
        self.inject(
            "callback_query",
            {
                "id": query_id,
                "from": user,
                "message": current,
                "chat_instance": str(abs(current["chat"]["id"])),
                "data": data,
            },
        )
        return query_id

    def inline(self, user: JSON, query: str, *, chat_type: str = "sender") -> str:
        """The user types ``@bot query`` in some chat."""
        query_id = str(next(self._query_ids))
        self._inline_queries[query_id] = False
        self.inject(
            "inline_query",
            {"id": query_id, "from": user, "query": query, "offset": "", "chat_type": chat_type},
        )
        return query_id

    def _new_message(self, user: JSON, chat: JSON) -> JSON:
        self._remember(chat)
        message: JSON = {
            "message_id": self._next_message_id(chat["id"]),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
        }
        self._messages[(chat["id"], message["message_id"])] = message
        return message

    # HTTP

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._connections.add(task)
        try:
            while True:
                request = await _read_request(reader)
                if request is None:
                    break
                path, headers, body = request
                if path.startswith("/file/"):
                    _write_file(writer, *self._download(path))
                    await writer.drain()
                    continue
                outcome = await self._dispatch(path, headers, body)
                if outcome is None:  # a dropped connection
                    break
                status, payload = outcome
                _write_response(writer, status, payload)
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except asyncio.CancelledError:
            pass
        finally:
            self._connections.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _dispatch(
        self, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, JSON | bytes] | None:
        parts = urlsplit(path)
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", parts.path)
        if match is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        token, raw_method = match.groups()
        if token != self.token:
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = _METHOD_NAMES.get(raw_method.lower(), raw_method)
        call = ApiCall(method, {})
        try:
            call.params = _normalise({**dict(parse_qsl(parts.query)), **_parse_body(headers, body)})
        except BadRequest as exc:
            call.status, call.description = exc.status, exc.description
        self.calls.append(call)
        self._notify()
        try:
            return await self._answer(call, method)
        finally:
            call.done = True
            self._notify()

    async def _answer(self, call: ApiCall, method: str) -> tuple[int, JSON | bytes] | None:
        fault = self._take_fault(method)
        if fault is None or fault.garble is None:
            return await self._answer_with(call, method, fault)
        answered = await self._answer_with(call, method, None)
        call.fault = "garble"
        if answered is None:
            return None
        body = json.dumps(answered[1], ensure_ascii=False).encode()
        return answered[0], GARBLES[fault.garble](body)

    async def _answer_with(
        self, call: ApiCall, method: str, fault: Fault | None
    ) -> tuple[int, JSON] | None:
        if fault is not None:
            call.fault = "drop" if fault.drop else "slow" if fault.status is None else "fail"
            if fault.delay:
                await asyncio.sleep(fault.delay)
            if fault.drop:
                self._notify()
                return None
            if fault.status is not None:
                call.status, call.description = fault.status, fault.description
                self._notify()
                answer: JSON = {
                    "ok": False,
                    "error_code": fault.status,
                    "description": fault.description,
                }
                if fault.retry_after is not None:
                    answer["parameters"] = {"retry_after": fault.retry_after}
                return fault.status, answer
        if call.status == 200:
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                call.status, call.description = 404, "Not Found"
            else:
                try:
                    call.result = await handler(call.params)
                except BadRequest as exc:
                    call.status, call.description = exc.status, exc.description
        self._notify()
        if call.status != 200:
            return call.status, {
                "ok": False,
                "error_code": call.status,
                "description": call.description,
            }
        return 200, {"ok": True, "result": call.result}

    # Bot API methods

    def _download(self, path: str) -> tuple[int, bytes]:
        """``/file/bot<token>/<file_path>``: the file's bytes, as Telegram's file server sends."""
        prefix = f"/file/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, b"Unauthorized"
        wanted = unquote(path[len(prefix) :])
        for file_path, data in self.files.values():
            if file_path == wanted:
                self.downloads.append(file_path)
                return 200, data
        return 404, b"Not Found"

    async def _api_getFile(self, params: JSON) -> JSON:
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            raise BadRequest("Bad Request: invalid file_id")
        file_path, data = self.files[file_id]
        announced = self._announced_size(file_id, len(data))
        if announced > FILE_DOWNLOAD_LIMIT:
            raise BadRequest("Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": announced,
            "file_path": file_path,
        }

    def _announced_size(self, file_id: str, actual: int) -> int:
        for message in self._messages.values():
            for kind in ("voice", "audio", "document"):
                if isinstance(message.get(kind), dict) and message[kind].get("file_id") == file_id:
                    return int(message[kind].get("file_size", actual))
            for size in message.get("photo", []):
                if size.get("file_id") == file_id:
                    return int(size.get("file_size", actual))
        return actual

    async def _api_getMe(self, params: JSON) -> JSON:
        return self.bot

    async def _api_logOut(self, params: JSON) -> bool:
        return True

    async def _api_close(self, params: JSON) -> bool:
        return True

    async def _api_getUpdates(self, params: JSON) -> list[JSON]:
        if self.webhook is not None:
            raise BadRequest(
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
                status=409,
            )
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        deadline = time.monotonic() + timeout
        while not self._updates:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return []
            await self._next_change(remaining)
        allowed = params.get("allowed_updates")
        ready = [u for u in self._updates if not allowed or _update_kind(u) in allowed]
        return ready[:limit]

    async def _api_setWebhook(self, params: JSON) -> bool:
        url = params.get("url", "")
        if not url:
            self.webhook = None
            return True
        if not str(url).startswith(("http://", "https://")):
            raise BadRequest("Bad Request: bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", str(secret)):
            raise BadRequest("Bad Request: secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        self.webhook = {"url": url, "secret_token": secret}
        self._kick_delivery()
        return True

    async def _api_deleteWebhook(self, params: JSON) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    async def _api_getWebhookInfo(self, params: JSON) -> JSON:
        pending = len(self._updates)
        if self.webhook is None:
            return {"url": "", "has_custom_certificate": False, "pending_update_count": pending}
        return {
            "url": self.webhook["url"],
            "has_custom_certificate": False,
            "pending_update_count": pending,
        }

    async def _api_setMyCommands(self, params: JSON) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise BadRequest("Bad Request: commands must be a list of at most 100 commands")
        for command in commands:
            name = command.get("command", "")
            description = command.get("description", "")
            if not re.fullmatch(r"[a-z0-9_]{1,32}", name):
                raise BadRequest("Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(description) <= 256:
                raise BadRequest("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        self.commands[_scope_key(params)] = commands
        return True

    async def _api_getMyCommands(self, params: JSON) -> list[JSON]:
        return self.commands.get(_scope_key(params), [])

    async def _api_deleteMyCommands(self, params: JSON) -> bool:
        self.commands.pop(_scope_key(params), None)
        return True

    async def _api_sendChatAction(self, params: JSON) -> bool:
        self._chat(params.get("chat_id"))
        if params.get("action") not in _CHAT_ACTIONS:
            raise BadRequest("Bad Request: wrong parameter action in request")
        return True

    async def _api_sendMessage(self, params: JSON) -> JSON:
        chat = self._chat(params.get("chat_id"))
        parsed = parse_message_text(
            params.get("text"),
            params.get("parse_mode"),
            empty_error="Bad Request: message text is empty",
        )
        markup = _check_markup(params.get("reply_markup"))
        message = {
            "message_id": 0,
            "date": int(time.time()),
            "chat": chat,
            "from": {k: self.bot[k] for k in ("id", "is_bot", "first_name", "username")},
            "text": parsed.text,
        }
        reply = self._reply_target(chat["id"], params)
        if reply is not None:
            message["reply_to_message"] = reply
        if parsed.entities:
            message["entities"] = list(parsed.entities)
        if markup is not None:
            message["reply_markup"] = markup
        message_id = self._next_message_id(chat["id"])
        message["message_id"] = message_id
        self._messages[(chat["id"], message_id)] = message
        return message

    async def _api_editMessageText(self, params: JSON) -> JSON | bool:
        if params.get("inline_message_id"):
            parse_message_text(
                params.get("text"),
                params.get("parse_mode"),
                empty_error="Bad Request: text is empty",
            )
            _check_markup(params.get("reply_markup"))
            return True
        chat = self._chat(params.get("chat_id"))
        key = (chat["id"], int(params.get("message_id") or 0))
        current = self._messages.get(key)
        if current is None or current.get("from", {}).get("id") != self.bot["id"]:
            raise BadRequest("Bad Request: message to edit not found")
        parsed = parse_message_text(
            params.get("text"), params.get("parse_mode"), empty_error="Bad Request: text is empty"
        )
        markup = _check_markup(params.get("reply_markup"))
        if (
            parsed.text == current.get("text")
            and list(parsed.entities) == current.get("entities", [])
            and markup == current.get("reply_markup")
        ):
            raise BadRequest(
                "Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message"
            )
        edited = {**current, "text": parsed.text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        edited.pop("reply_markup", None)
        if parsed.entities:
            edited["entities"] = list(parsed.entities)
        if markup is not None:
            edited["reply_markup"] = markup
        self._messages[key] = edited
        return edited

    async def _api_editMessageReplyMarkup(self, params: JSON) -> JSON:
        chat = self._chat(params.get("chat_id"))
        key = (chat["id"], int(params.get("message_id") or 0))
        current = self._messages.get(key)
        if current is None or current.get("from", {}).get("id") != self.bot["id"]:
            raise BadRequest("Bad Request: message to edit not found")
        markup = _check_markup(params.get("reply_markup"))
        if markup == current.get("reply_markup"):
            raise BadRequest("Bad Request: message is not modified")
        edited = {k: v for k, v in current.items() if k != "reply_markup"}
        if markup is not None:
            edited["reply_markup"] = markup
        self._messages[key] = edited
        return edited

    async def _api_deleteMessage(self, params: JSON) -> bool:
        chat = self._chat(params.get("chat_id"))
        if self._messages.pop((chat["id"], int(params.get("message_id") or 0)), None) is None:
            raise BadRequest("Bad Request: message to delete not found")
        return True

    async def _api_answerCallbackQuery(self, params: JSON) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if self._callback_queries.get(query_id, True):
            raise BadRequest(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        text = params.get("text") or ""
        if len(text) > CALLBACK_ANSWER_LIMIT:
            raise BadRequest("Bad Request: MESSAGE_TOO_LONG")
        self._callback_queries[query_id] = True
        return True

    async def _api_getChatMember(self, params: JSON) -> JSON:
        chat = self._chat(params.get("chat_id"))
        user_id = params.get("user_id")
        if not isinstance(user_id, int):
            raise BadRequest("Bad Request: invalid user_id specified")
        member = self._members.get((chat["id"], user_id))
        if member is not None:
            return member
        return {"status": "member", "user": {"id": user_id, "is_bot": False, "first_name": "X"}}

    async def _api_answerInlineQuery(self, params: JSON) -> bool:
        query_id = str(params.get("inline_query_id", ""))
        if self._inline_queries.get(query_id, True):
            raise BadRequest(
                "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        results = params.get("results")
        if not isinstance(results, list):
            raise BadRequest("Bad Request: can't parse inline query results JSON object")
        if len(results) > INLINE_RESULTS_LIMIT:
            raise BadRequest("Bad Request: RESULTS_TOO_MUCH")
        ids = [str(r.get("id", "")) for r in results]
        if any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise BadRequest("Bad Request: RESULT_ID_INVALID")
        if len(set(ids)) != len(ids):
            raise BadRequest("Bad Request: RESULT_ID_DUPLICATE")
        for result in results:
            _check_inline_result(result)
        button = params.get("button")
        if button is not None:
            if not button.get("text"):
                raise BadRequest("Bad Request: BUTTON_TEXT_INVALID")
            start = button.get("start_parameter")
            if start is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", start):
                raise BadRequest("Bad Request: START_PARAM_INVALID")
        cache_time = params.get("cache_time")
        if cache_time is not None and int(cache_time) < 0:
            raise BadRequest("Bad Request: cache_time must be non-negative")
        self._inline_queries[query_id] = True
        return True

    # helpers

    def _chat(self, chat_id: object) -> JSON:
        if isinstance(chat_id, int) and chat_id in self._chats:
            if chat_id in self.blocked:
                raise BadRequest("Forbidden: bot was blocked by the user", status=403)
            return self._chats[chat_id]
        if chat_id is None or chat_id == "":
            raise BadRequest("Bad Request: chat_id is empty")
        raise BadRequest("Bad Request: chat not found")

    def _reply_target(self, chat_id: int, params: JSON) -> JSON | None:
        reply = params.get("reply_parameters") or {}
        message_id = reply.get("message_id") or params.get("reply_to_message_id")
        if not message_id:
            return None
        target_chat = reply.get("chat_id", chat_id)
        target = self._messages.get((target_chat, int(message_id)))
        if target is None:
            if reply.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return None
            raise BadRequest("Bad Request: message to be replied not found")
        return {k: v for k, v in target.items() if k != "reply_to_message"}

    def _kick_delivery(self) -> None:
        if self.webhook is not None and (self._delivery is None or self._delivery.done()):
            self._delivery = asyncio.get_running_loop().create_task(self._deliver())

    async def _deliver(self) -> None:
        """POST pending updates to the webhook one by one, as Telegram does, retrying failures."""
        async with httpx.AsyncClient(timeout=10) as client:
            while self.webhook is not None and self._updates:
                update = self._updates[0]
                headers = {"Content-Type": "application/json"}
                if self.webhook.get("secret_token"):
                    headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
                try:
                    response = await client.post(
                        self.webhook["url"], content=json.dumps(update), headers=headers
                    )
                    delivered = response.status_code == 200
                except httpx.HTTPError:
                    delivered = False
                if delivered:
                    self._updates.pop(0)
                else:
                    await asyncio.sleep(0.1)


def _update_kind(update: JSON) -> str:
    return next(k for k in update if k != "update_id")


def _scope_key(params: JSON) -> str:
    scope = params.get("scope") or {"type": "default"}
    return f"{json.dumps(scope, sort_keys=True)}|{params.get('language_code') or ''}"


def _check_markup(markup: object) -> JSON | None:
    """Validate an inline keyboard like Telegram: button text, exactly one action, data size."""
    if markup is None:
        return None
    if not isinstance(markup, dict):
        raise BadRequest("Bad Request: can't parse reply keyboard markup JSON object")
    if "inline_keyboard" not in markup:
        return markup  # reply keyboards etc.: stored as sent
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or any(not isinstance(row, list) for row in rows):
        raise BadRequest(
            'Bad Request: field "inline_keyboard" of the InlineKeyboardMarkup '
            "must be an Array of Arrays"
        )
    for row in rows:
        for button in row:
            if not button.get("text"):
                raise BadRequest("Bad Request: text buttons are unallowed in the inline keyboard")
            actions = [k for k in button if k in _BUTTON_ACTIONS]
            if len(actions) != 1:
                raise BadRequest('Bad Request: can\'t find field "url" or "callback_data"')
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= CALLBACK_DATA_LIMIT:
                raise BadRequest("Bad Request: BUTTON_DATA_INVALID")
    return markup


def _check_inline_result(result: JSON) -> None:
    kind = result.get("type")
    if kind != "article":
        return  # only articles are validated in depth; others are stored as sent
    if not result.get("title"):
        raise BadRequest("Bad Request: ARTICLE_TITLE_EMPTY")
    content = result.get("input_message_content")
    if not isinstance(content, dict) or "message_text" not in content:
        raise BadRequest("Bad Request: MESSAGE_EMPTY")
    parse_message_text(
        content["message_text"], content.get("parse_mode"), empty_error="Bad Request: MESSAGE_EMPTY"
    )
    _check_markup(result.get("reply_markup"))


_BUTTON_ACTIONS = {
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
}
_CHAT_ACTIONS = {
    "typing",
    "upload_photo",
    "record_video",
    "upload_video",
    "record_voice",
    "upload_voice",
    "upload_document",
    "choose_sticker",
    "find_location",
    "record_video_note",
    "upload_video_note",
}
_METHOD_NAMES = {
    name.lower(): name
    for name in [
        "getMe",
        "logOut",
        "close",
        "getUpdates",
        "setWebhook",
        "deleteWebhook",
        "getWebhookInfo",
        "setMyCommands",
        "getMyCommands",
        "deleteMyCommands",
        "sendChatAction",
        "sendMessage",
        "editMessageText",
        "editMessageReplyMarkup",
        "deleteMessage",
        "answerCallbackQuery",
        "answerInlineQuery",
        "getChatMember",
    ]
}

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?")
_MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9_]{5,32}")


def _text_entities(text: str) -> list[JSON]:
    """The entities Telegram's clients attach: a leading /command and @mentions."""
    entities: list[JSON] = []
    command = _COMMAND.match(text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command[0])})
    for mention in _MENTION.finditer(text):
        if command and mention.start() < command.end():
            continue
        entities.append(
            {
                "type": "mention",
                "offset": utf16_len(text[: mention.start()]),
                "length": utf16_len(mention[0]),
            }
        )
    return entities


def _media(kind: str) -> JSON:
    file = {"file_id": f"{kind}-file", "file_unique_id": f"{kind}-unique"}
    if kind == "photo":
        return {"photo": [{**file, "width": 90, "height": 90}]}
    if kind == "sticker":
        return {
            "sticker": {
                **file,
                "type": "regular",
                "width": 512,
                "height": 512,
                "is_animated": False,
                "is_video": False,
            }
        }
    if kind == "voice":
        return {"voice": {**file, "duration": 3}}
    if kind == "document":
        return {"document": {**file, "file_name": "report.pdf"}}
    if kind == "location":
        return {"location": {"latitude": 51.5, "longitude": -0.12}}
    raise ValueError(f"unknown media kind {kind!r}")


async def _read_request(reader: asyncio.StreamReader) -> tuple[str, dict[str, str], bytes] | None:
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError:
        return None
    lines = head.decode("latin-1").split("\r\n")
    _method, path, _version = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = b""
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip().split(b";")[0], 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            body += chunk[:-2]
    else:
        body = await reader.readexactly(int(headers.get("content-length", "0")))
    return path, headers, body


def _parse_body(headers: dict[str, str], body: bytes) -> dict[str, Any]:
    if not body:
        return {}
    content_type = headers.get("content-type", "")
    if content_type.startswith("application/json"):
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise BadRequest("Bad Request: can't parse JSON") from exc
        return dict(data) if isinstance(data, dict) else {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            f"Content-Type: {content_type}\r\n\r\n".encode() + body
        )
        fields: dict[str, Any] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            if name and part.get_filename() is None:
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes):
                    fields[str(name)] = payload.decode()
        return fields
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def _write_file(writer: asyncio.StreamWriter, status: int, data: bytes) -> None:
    reason = {200: "OK", 401: "Unauthorized", 404: "Not Found"}.get(status, "Error")
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/octet-stream\r\n"
        f"Content-Length: {len(data)}\r\nConnection: keep-alive\r\n\r\n".encode()
        + data
    )


GARBLES: dict[str, Callable[[bytes], bytes]] = {
    "truncate": lambda body: body[: len(body) // 2],
    "html": lambda body: b"<html><body><h1>502 Bad Gateway</h1></body></html>",
}
"""Ways ``FakeTelegram.garble`` spoils an answer's body."""


def _write_response(writer: asyncio.StreamWriter, status: int, payload: JSON | bytes) -> None:
    if isinstance(payload, bytes):
        body = payload
    else:
        body = json.dumps(payload, ensure_ascii=False).encode()
    reason = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden"}.get(
        status, "Error"
    )
    writer.write(
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n".encode()
        + body
    )


def visible_text(source: str) -> str:
    """The text a user sees for HTML ``source`` (raises HtmlParseError if Telegram would)."""
    return parse_html(source).text


__all__ = [
    "MESSAGE_LIMIT",
    "ApiCall",
    "BadRequest",
    "FakeTelegram",
    "HtmlParseError",
    "ParsedText",
    "parse_html",
    "parse_message_text",
    "utf16_len",
    "visible_text",
]
