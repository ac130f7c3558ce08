"""What a running ``medner run`` writes to its log when Telegram's answers go wrong.

A real process at ``MEDNER_LOG_LEVEL=DEBUG`` (every library logs its most at DEBUG: PTB the
token in its API URL, every request's parameters, every update) polls the fake Bot API while
getUpdates answers with cut-off JSON, an HTML error page and a 403, and a sendMessage answer is
cut off: the bot keeps polling and answering, and no log line holds what users wrote, their
names, or a secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.deploy._harness import Launcher
from tests.fakes.telegram_server import ApiCall, FakeTelegram

SECRET_TEXT = "quokka-5521 has HIV and takes dolutegravir"
"""A user's message; its first word is no medical term, so no entity line can quote it."""
MARKER = SECRET_TEXT.split()[0]
NAME = "Zebulonia"
GEMINI_KEY = "AIzaSyTESTKEY-0123456789abcdefghijklmnop"


def _answered(call: ApiCall) -> bool:
    return call.ok and call.fault is None


async def _reply(telegram: FakeTelegram, chat_id: int, count: int) -> ApiCall:
    calls = await telegram.wait_for(
        "sendMessage", chat_id=chat_id, count=count, within=30, where=_answered
    )
    return calls[count - 1]


@pytest.mark.parametrize("log_format", ["text", "json"])
async def test_garbled_answers_neither_stop_polling_nor_reach_the_log(
    telegram: FakeTelegram, launcher: Launcher, tmp_path: Path, log_format: str
) -> None:
    bot = await launcher.start(
        "polling",
        TELEGRAM_BOT_TOKEN=telegram.token,
        TELEGRAM_API_BASE_URL=telegram.base_url,
        MEDNER_DB_PATH=tmp_path / "medner.sqlite3",
        MEDNER_LOG_LEVEL="DEBUG",
        MEDNER_LOG_FORMAT=log_format,
        MEDNER_RATE_LIMIT=0,
        GEMINI_API_KEY=GEMINI_KEY,
        GOOGLE_GEMINI_BASE_URL="http://127.0.0.1:9",
    )
    await telegram.polling_started(within=30)
    user = telegram.user(7001, NAME)

    telegram.garble("getUpdates", "truncate")
    telegram.send(user, SECRET_TEXT)
    first = await _reply(telegram, 7001, 1)
    telegram.garble("getUpdates", "html")
    telegram.fail("getUpdates", 403, description="Forbidden: a proxy said no")
    telegram.send(user, f"{MARKER} again, with malaria")
    second = await _reply(telegram, 7001, 2)
    telegram.garble("sendMessage", "truncate")
    telegram.send(user, f"{MARKER} third, asthma")
    await telegram.wait_for("sendMessage", chat_id=7001, count=3, within=30)
    telegram.send(user, "and fever")
    [last] = await telegram.wait_for(
        "sendMessage",
        chat_id=7001,
        within=30,
        where=lambda call: _answered(call) and "fever" in call.text.lower(),
    )

    assert bot.running, bot.output()
    assert "dolutegravir" in first.text.lower() and "malaria" in second.text.lower()
    assert "fever" in last.text.lower()
    assert [c.fault for c in telegram.calls_to("getUpdates") if c.fault] == [
        "garble",
        "garble",
        "fail",
    ]
    assert await bot.stop() == 0
    log = bot.output()
    assert "polling failed (InvalidAnswer)" in log and "polling failed (Forbidden)" in log
    for private in (MARKER, NAME, "dolutegravir", telegram.token, GEMINI_KEY):
        assert private not in log, private
    assert telegram.token.split(":")[1] not in log
    if log_format == "json":
        bot.json_logs()
