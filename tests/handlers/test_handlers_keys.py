"""Callback data and argument parsing: small pure pieces the handlers rely on."""

from __future__ import annotations

import pytest

from handlers import (
    HISTORY_DEFAULT,
    HISTORY_MAX,
    ForgetButton,
    HistoryButton,
    ModelButton,
    engine_digest,
    find_engine,
    model_view,
    parse_page_size,
)
from service import EngineInfo

BIGGEST_USER_ID = 2**52  # Telegram ids fit in 52 bits


@pytest.mark.parametrize(
    "button",
    [
        HistoryButton(BIGGEST_USER_ID, 10**9, HISTORY_MAX),
        ModelButton(BIGGEST_USER_ID, engine_digest("gemini-tuned:" + "x" * 500)),
        ForgetButton(BIGGEST_USER_ID, confirm=True),
        ForgetButton(BIGGEST_USER_ID, confirm=False),
    ],
)
def test_callback_data_fits_telegrams_64_bytes_and_round_trips(
    button: HistoryButton | ModelButton | ForgetButton,
) -> None:
    data = button.pack()

    assert 1 <= len(data.encode()) <= 64
    assert type(button).unpack(data) == button


@pytest.mark.parametrize("data", [None, "", "h:1:2", "h:a:1:1", "m:1:zz", "f:1:x", "x:1:y"])
def test_malformed_callback_data_is_rejected(data: str | None) -> None:
    assert HistoryButton.unpack(data) is None
    assert ModelButton.unpack(data) is None
    assert ForgetButton.unpack(data) is None


def test_model_buttons_mark_the_current_engine_and_find_it_again() -> None:
    engines = [EngineInfo("local", "Offline engine"), EngineInfo("gemini", "Gemini")]

    text, keyboard = model_view(engines, "gemini", owner=5)

    labels = [row[0].text for row in keyboard.inline_keyboard]
    assert labels == ["Offline engine", "✅ Gemini"]
    assert "<b>Gemini</b>" in text
    data = keyboard.inline_keyboard[1][0].callback_data
    assert isinstance(data, str)
    parsed = ModelButton.unpack(data)
    assert parsed is not None and find_engine(engines, parsed.digest) == engines[1]
    assert find_engine(engines, engine_digest("gone")) is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (None, HISTORY_DEFAULT),
        ([], HISTORY_DEFAULT),
        (["3"], 3),
        (["20"], 20),
        (["500"], HISTORY_MAX),
        (["0"], None),
        (["-1"], None),
        (["x"], None),
        (["1", "2"], None),
    ],
)
def test_history_page_size(args: list[str] | None, expected: int | None) -> None:
    assert parse_page_size(args) == expected
