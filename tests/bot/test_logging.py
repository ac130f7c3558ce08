"""The log as ``medner run`` configures it: no secret and no message text, at any level."""

from __future__ import annotations

import contextlib
import io
import json
import logging
from collections.abc import Iterator

import pytest
from telegram.error import NetworkError
from telegram.ext import ExtBot
from telegram.request import BaseRequest

from bot._logging import WITHHELD, Redactor, configure_logging

TOKEN = "123456:AAE-secret_token_value_0123456789"
SECRETS = (TOKEN, "gemini-key-value-42", "webhook-secret-value", "db-password-value")
TEXT = "quokka-5521 has HIV"


@contextlib.contextmanager
def configured(fmt: str) -> Iterator[io.StringIO]:
    """configure_logging as ``medner run`` calls it at DEBUG, written to a buffer; the previous
    set-up restored afterwards."""
    root = logging.getLogger()
    saved_handlers, saved_level = root.handlers[:], root.level
    saved_levels = {n: logging.getLogger(n).level for n in logging.root.manager.loggerDict}
    configure_logging("DEBUG", fmt, SECRETS)
    buffer = io.StringIO()
    handler = root.handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    handler.setStream(buffer)
    try:
        yield buffer
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
        for name, level in saved_levels.items():
            logging.getLogger(name).setLevel(level)


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    with configured("text") as buffer:
        yield buffer


def test_the_token_in_ptbs_debug_url_line_is_redacted(
    logs: io.StringIO,
) -> None:
    ExtBot(TOKEN, base_url="http://127.0.0.1:9/bot")
    err = logs.getvalue()
    assert "Set Bot API URL" in err
    assert TOKEN not in err and TOKEN.split(":")[1] not in err


def test_a_token_not_configured_is_still_redacted_by_its_shape() -> None:
    redactor = Redactor()
    line = redactor.redact(
        "GET https://api.telegram.org/bot987654:ZZZ-other_token_abcdefghij/getMe"
    )
    assert "ZZZ-other" not in line and "/bot<token>/getMe" in line
    assert "ZZZ" not in redactor.redact("token 987654:ZZZ-other_token_abcdefghij seen")
    assert "pw" not in redactor.redact("postgresql://medner:pw@db:5432/medner")


def test_ptbs_undecodable_answer_is_not_written(logs: io.StringIO) -> None:
    """PTB logs an answer it cannot decode whole, at ERROR; the answer quotes users."""
    body = json.dumps({"ok": True, "result": [{"message": {"text": TEXT}}]})[:60].encode()
    with pytest.raises(Exception, match="Invalid server response"):
        BaseRequest.parse_json_payload(body)
    err = logs.getvalue()
    assert "Can not load invalid JSON data" in err
    assert "quokka" not in err and "HIV" not in err


@pytest.mark.parametrize("level", [logging.DEBUG, logging.INFO, logging.ERROR])
def test_library_arguments_that_could_be_text_are_withheld(logs: io.StringIO, level: int) -> None:
    library = logging.getLogger("telegram.ext.ExtBot")
    library.log(
        level,
        "Calling Bot API endpoint `%s` with parameters `%s`, %s %s",
        "sendMessage",
        {"chat_id": 1, "text": TEXT},
        TEXT,
        "fever",
    )
    library.log(level, "Call %(method)s took %(n)d ms", {"method": "getMe", "n": 12})
    err = logs.getvalue()
    assert "endpoint `sendMessage` with parameters `<withheld>`, <withheld> <withheld>" in err
    assert "Call getMe took 12 ms" in err
    assert "quokka" not in err and "fever" not in err


def test_exception_messages_are_withheld_but_the_frames_kept(
    logs: io.StringIO,
) -> None:
    try:
        try:
            raise ValueError(f"cannot parse {TEXT!r} with {TOKEN}")
        except ValueError as exc:
            raise RuntimeError(TEXT) from exc
    except RuntimeError:
        logging.getLogger("handlers._errors").exception("handling failed")
    err = logs.getvalue()
    assert "handling failed" in err
    assert "builtins.ValueError (message withheld)" in err
    assert "builtins.RuntimeError (message withheld)" in err
    assert "test_exception_messages_are_withheld_but_the_frames_kept" in err
    assert "quokka" not in err and TOKEN not in err


def test_own_lines_keep_their_arguments_with_secrets_redacted(
    logs: io.StringIO,
) -> None:
    logging.getLogger("bot._app").warning(
        "could not reach %s with %s (%d)", "the menu", SECRETS[1], 3
    )
    err = logs.getvalue()
    assert "could not reach the menu with *** (3)" in err


def test_json_lines_are_redacted_too() -> None:
    with configured("json") as buffer:
        try:
            raise KeyError(TEXT)
        except KeyError:
            logging.getLogger("telegram.ext.Application").exception("update %s", {"t": TEXT})
    [line] = buffer.getvalue().splitlines()
    record = json.loads(line)
    assert record["message"] == f"update {{'t': '{WITHHELD}'}}"
    assert "builtins.KeyError (message withheld)" in record["exc_info"]
    assert "quokka" not in line


def test_an_undecodable_answer_quoted_in_an_error_is_cut_from_own_lines(logs: io.StringIO) -> None:
    """PTB appends the body of a non-2xx answer it could not decode to the error's message."""
    error = NetworkError(f"Bad Gateway (502). Parsing the server response b'{TEXT}' failed")
    logging.getLogger("bot._app").warning("could not register the command menu: %s", error)
    line = logs.getvalue()
    assert "could not register the command menu: Bad Gateway (502)" in line
    assert "quokka" not in line
