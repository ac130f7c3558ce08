"""Callback data and argument parsing: small pure pieces the handlers rely on."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from handlers import (
    HISTORY_DEFAULT,
    HISTORY_MAX,
    CallbackData,
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
A_CHANNEL_ID = -1009876543210  # an anonymous admin's group or a channel acts under its chat id


@pytest.mark.parametrize(
    "button",
    [
        HistoryButton(BIGGEST_USER_ID, 10**9, HISTORY_MAX),
        ModelButton(BIGGEST_USER_ID, engine_digest("gemini-tuned:" + "x" * 500)),
        ForgetButton(BIGGEST_USER_ID, confirm=True),
        ForgetButton(BIGGEST_USER_ID, confirm=False),
        HistoryButton(A_CHANNEL_ID, 10**9, HISTORY_MAX),
        ModelButton(A_CHANNEL_ID, engine_digest("gemini-tuned:" + "x" * 500)),
        ForgetButton(A_CHANNEL_ID, confirm=True),
    ],
)
def test_callback_data_fits_telegrams_64_bytes_and_round_trips(
    button: HistoryButton | ModelButton | ForgetButton,
) -> None:
    data = button.pack()

    assert 1 <= len(data.encode()) <= 64
    assert type(button).unpack(data) == button


@pytest.mark.parametrize(
    "data",
    [None, "", "h:1:2", "h:a:1:1", "m:1:zz", "f:1:x", "x:1:y", "h:1:-5:5", "f:--1:y", "f:-:y"],
)
def test_malformed_callback_data_is_rejected(data: str | None) -> None:
    assert HistoryButton.unpack(data) is None
    assert ModelButton.unpack(data) is None
    assert ForgetButton.unpack(data) is None


@pytest.mark.parametrize(
    "button",
    [
        HistoryButton(7, 0, 5),
        ModelButton(7, engine_digest("local")),
        ForgetButton(7, confirm=True),
        ForgetButton(7, confirm=False),
    ],
)
def test_each_family_pattern_matches_its_own_buttons_only(
    button: HistoryButton | ModelButton | ForgetButton,
) -> None:
    data = button.pack()
    families = [HistoryButton, ModelButton, ForgetButton]

    matching = [family for family in families if family.pattern().match(data)]

    assert matching == [type(button)]


def test_a_fixed_field_narrows_the_pattern() -> None:
    yes, no = ForgetButton.pattern(confirm=True), ForgetButton.pattern(confirm=False)

    assert yes.match(ForgetButton(3, confirm=True).pack())
    assert not yes.match(ForgetButton(3, confirm=False).pack())
    assert no.match(ForgetButton(3, confirm=False).pack())
    with pytest.raises(TypeError, match="no fields"):
        ForgetButton.pattern(confirmed=True)


def test_a_forged_page_size_does_not_unpack() -> None:
    assert HistoryButton.unpack(f"h:1:0:{HISTORY_MAX + 1}") is None
    assert HistoryButton.unpack("h:1:0:0") is None
    assert HistoryButton.unpack("h:1:0:5") == HistoryButton(1, 0, 5)


def test_callback_data_too_long_for_telegram_is_refused_when_packed() -> None:
    @dataclass(frozen=True)
    class Wide(CallbackData, prefix="w"):
        owner: int
        name: str

    assert Wide.unpack(Wide(1, "x").pack()) == Wide(1, "x")
    with pytest.raises(ValueError, match="64 bytes"):
        Wide(1, "x" * 64).pack()


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


def test_a_chat_identitys_buttons_match_their_handlers_patterns() -> None:
    forget = ForgetButton(A_CHANNEL_ID, confirm=True).pack()
    assert ForgetButton.pattern(confirm=True).match(forget)
    assert not ForgetButton.pattern(confirm=False).match(forget)
    assert HistoryButton.pattern().match(HistoryButton(A_CHANNEL_ID, 0, 5).pack())
