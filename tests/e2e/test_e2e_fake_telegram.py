"""The fake Bot API refuses what Telegram refuses, and its faults reach PTB as Telegram's would.

If the fake were lenient the e2e tests would prove nothing, so its validation is tested here,
through PTB's real Bot client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot import BotApplication
from tests.fakes.telegram_server import FakeTelegram, HtmlParseError, parse_html


@pytest.fixture
async def bot(telegram: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(telegram.token, base_url=telegram.base_url) as client:
        telegram.private_chat(telegram.user(42))
        yield client


@pytest.mark.parametrize(
    "text",
    [
        "<b>unclosed",
        "<b>bad</i>",
        "<div>no</div>",
        "a < b",
        "fish & chips",
        "&nbsp;",
        '<span class="x">s</span>',
        "</b>",
    ],
)
async def test_malformed_html_is_refused_like_telegram(bot: Bot, text: str) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.send_message(42, text, parse_mode="HTML")


def test_allowed_html_parses_to_text_and_entities() -> None:
    parsed = parse_html(
        '<b>bold <i>both</i></b> &lt;&amp;&gt;&quot;&#39;&#x1F9A0; <a href="https://x.y/?a=1&amp;b=2">l</a>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span><pre><code class="language-py">'
        "p</code></pre><blockquote expandable>q</blockquote>"
    )

    assert parsed.text == "bold both <&>\"'🦠 lstpq"
    kinds = {e["type"] for e in parsed.entities}
    assert kinds == {
        "bold",
        "italic",
        "text_link",
        "spoiler",
        "pre",
        "expandable_blockquote",
    }
    link = next(e for e in parsed.entities if e["type"] == "text_link")
    assert link["url"] == "https://x.y/?a=1&b=2"


def test_parse_errors_name_the_problem() -> None:
    with pytest.raises(HtmlParseError, match='Unsupported start tag "div"'):
        parse_html("<div>")


async def test_text_length_is_checked_after_parsing(bot: Bot) -> None:
    await bot.send_message(42, "<b>" + "&amp;" * 4096 + "</b>", parse_mode="HTML")  # 4096 shown
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(42, "x" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)text is empty"):
        await bot.send_message(42, "<b> </b>", parse_mode="HTML")


async def test_callback_data_over_64_bytes_is_refused(bot: Bot) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="é" * 33)]])

    with pytest.raises(BadRequest, match=r"(?i)button_data_invalid"):
        await bot.send_message(42, "hi", reply_markup=keyboard)


async def test_unknown_chat_and_message_are_refused(bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(999, "hi")
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=42, message_id=12345)


async def test_edit_without_change_is_refused(bot: Bot) -> None:
    sent = await bot.send_message(42, "<b>same</b>", parse_mode="HTML")

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text(
            "<b>same</b>", chat_id=42, message_id=sent.message_id, parse_mode="HTML"
        )


async def test_faults_reach_the_client_as_telegram_errors(bot: Bot, telegram: FakeTelegram) -> None:
    telegram.rate_limit("sendMessage", retry_after=3)
    with pytest.raises(RetryAfter):
        await bot.send_message(42, "hi")

    telegram.fail("sendMessage", 502)
    with pytest.raises(NetworkError, match="Bad Gateway"):
        await bot.send_message(42, "hi")

    telegram.drop("sendMessage")
    with pytest.raises(NetworkError):
        await bot.send_message(42, "hi")

    telegram.slow("sendMessage", 1.0)
    with pytest.raises(TimedOut):
        await bot.send_message(42, "hi", read_timeout=0.2)

    assert [c.fault for c in telegram.calls_to("sendMessage")] == ["fail", "fail", "drop", "slow"]
    assert not telegram.rejections


async def test_the_bot_rides_out_flood_control(app: BotApplication, telegram: FakeTelegram) -> None:
    telegram.rate_limit("sendMessage", retry_after=1)
    telegram.send(telegram.user(42), "fever")

    reply = await telegram.reply(42, within=10)

    assert "fever" in reply.text
    statuses = [c.status for c in telegram.calls_to("sendMessage", chat_id=42)]
    assert statuses == [429, 200]


async def test_webhook_delivery_carries_the_secret(telegram: FakeTelegram) -> None:
    received: list[tuple[str, bytes]] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        length = int(
            next(h for h in head.split("\r\n") if h.lower().startswith("content-length")).split(
                ":"
            )[1]
        )
        secret = next(
            h for h in head.split("\r\n") if h.lower().startswith("x-telegram-bot-api-secret-token")
        )
        received.append((secret.split(":", 1)[1].strip(), await reader.readexactly(length)))
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with Bot(telegram.token, base_url=telegram.base_url) as client:
        await client.set_webhook(f"http://127.0.0.1:{port}/hook", secret_token="s3cret")
        with pytest.raises(Exception, match="webhook is active"):
            await client.get_updates()
        telegram.send(telegram.user(42), "fever")
        for _ in range(100):
            if received:
                break
            await asyncio.sleep(0.02)
    server.close()

    assert received and received[0][0] == "s3cret" and b'"fever"' in received[0][1]
