"""Hostile input through the real stack: PTB Application ↔ fake Bot API, service, SQLite, engine.

One bot serves the whole module (start-up is ~1 s), driven from hypothesis through
:class:`BotInThread`. Every example uses a fresh user, ends with a sentinel message from that
user and waits until the service recorded the sentinel's reply as sent: the handlers answer a
user's messages in order, so by then everything the example caused has been answered.

Checked after every example: no handler error was logged (the error handler never ran), the
fake Bot API refused nothing (length, HTML, empty text), no traceback reached a user, and every
stored entity points inside its own text.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fakes.telegram_server import ApiCall, FakeTelegram
from tests.hardening._harness import (
    BotInThread,
    hermetic_settings,
    offsets_problems,
    tg_source_key,
    wait_replied,
)
from tests.hardening._texts import any_unicode, chat_text, long_text

JSON = dict[str, Any]
Scenario = Callable[[FakeTelegram, JSON], Awaitable[int]]
"""Sends an example's update(s) as ``user``; returns how many replies are owed outside the
user's queue (commands answer directly, so the sentinel cannot vouch for them)."""

STACK = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
SENTINEL = "sentinel fever"
USERNAME = r"[A-Za-z][A-Za-z0-9_]{4,31}"

_user_ids = itertools.count(100_000)


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotInThread]:
    path: Path = tmp_path_factory.mktemp("stack") / "medner.sqlite3"
    running = BotInThread(hermetic_settings(path)).start()
    try:
        yield running
    finally:
        calls = running.telegram.calls
        running.close()
    channel_replies = [c for c in calls if c.method == "sendMessage" and c.chat_id < -(10**12)]
    assert not channel_replies, "the bot must never post into a channel"


def new_user(first_name: str = "Test", username: str | None = None) -> JSON:
    return FakeTelegram.user(next(_user_ids), first_name or "?", username=username)


async def _play(bot: BotInThread, user: JSON, scenario: Scenario) -> list[ApiCall]:
    """Run ``scenario``, then the sentinel; return the calls the bot made to the user's chats."""
    telegram = bot.telegram
    before = len(telegram.calls)
    owed = await scenario(telegram, user)
    if owed:
        await telegram.wait_for("sendMessage", chat_id=user["id"], count=owed, within=10)
    sentinel = telegram.send(user, SENTINEL)
    await wait_replied(bot.service, tg_source_key(sentinel), within=10)
    return telegram.calls[before:]


async def _stored_problems(bot: BotInThread, user_id: int) -> list[str]:
    page = await bot.service.history(user_id, 1_000)
    return [problem for item in page.items for problem in offsets_problems(item)]


def play(bot: BotInThread, user: JSON, scenario: Scenario) -> None:
    """One example end to end, then every check of the module docstring."""
    calls = bot.call(_play(bot, user, scenario))

    assert not bot.errors.records, [r.getMessage() for r in bot.errors.records]
    refused = [(c.method, c.description) for c in calls if not c.ok and c.fault is None]
    assert not refused, refused
    assert not any("Traceback" in c.text for c in calls if c.method == "sendMessage")
    assert not bot.call(_stored_problems(bot, user["id"]))


def private_message(text: str) -> Scenario:
    async def scenario(telegram: FakeTelegram, user: JSON) -> int:
        telegram.send(user, text)
        return 0

    return scenario


def command(name: str, argument: str) -> Scenario:
    async def scenario(telegram: FakeTelegram, user: JSON) -> int:
        telegram.send(user, f"/{name} {argument}")
        return 0 if name == "ner" and argument.strip() else 1

    return scenario


def edit(original: str, edited: str) -> Scenario:
    async def scenario(telegram: FakeTelegram, user: JSON) -> int:
        message = telegram.send(user, original)
        await wait_replied_for(telegram, message)
        telegram.edit(message, edited)
        return 0

    return scenario


async def wait_replied_for(telegram: FakeTelegram, message: JSON) -> None:
    await telegram.wait_for("sendMessage", chat_id=message["chat"]["id"], within=10)


def group_mention(text: str) -> Scenario:
    async def scenario(telegram: FakeTelegram, user: JSON) -> int:
        group = telegram.group(chat_id=-(10**12) + user["id"])
        telegram.send(user, f"@{telegram.username} {text}", chat=group)
        telegram.send(user, f"/ner@{telegram.username} {text}", chat=group)
        await telegram.wait_for("sendMessage", chat_id=group["id"], count=2, within=10)
        return 0

    return scenario


def channel_post(text: str) -> Scenario:
    async def scenario(telegram: FakeTelegram, user: JSON) -> int:
        telegram.post(telegram.channel(), text)
        return 0

    return scenario


@STACK
@given(text=chat_text, username=st.none() | st.from_regex(USERNAME, fullmatch=True))
def test_private_messages_of_any_text(bot: BotInThread, text: str, username: str | None) -> None:
    play(bot, new_user(username=username), private_message(text))


@settings(STACK, max_examples=10)
@given(text=long_text(4_000, 9_000))
def test_private_messages_at_and_beyond_the_length_limit(bot: BotInThread, text: str) -> None:
    play(bot, new_user(), private_message(text))


@STACK
@given(name=st.sampled_from(["history", "ner", "model", "start", "help", "clear"]), arg=chat_text)
def test_commands_with_malformed_arguments(bot: BotInThread, name: str, arg: str) -> None:
    play(bot, new_user(), command(name, arg))


@settings(STACK, max_examples=10)
@given(first_name=any_unicode.filter(str.strip))
def test_start_greets_any_first_name(bot: BotInThread, first_name: str) -> None:
    play(bot, new_user(first_name), command("start", ""))


@settings(STACK, max_examples=15)
@given(original=chat_text, edited=chat_text)
def test_edited_messages(bot: BotInThread, original: str, edited: str) -> None:
    play(bot, new_user(), edit(original or "fever", edited))


@settings(STACK, max_examples=15)
@given(text=chat_text.filter(str.strip))
def test_group_mentions_and_ner(bot: BotInThread, text: str) -> None:
    play(bot, new_user(), group_mention(text))


@settings(STACK, max_examples=15)
@given(text=chat_text)
def test_channel_posts(bot: BotInThread, text: str) -> None:
    play(bot, new_user(), channel_post(text))
