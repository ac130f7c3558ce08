"""The ``medner`` command as a user runs it: real subprocesses, a temporary working directory."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ACCEPTANCE = (
    "she was suffering from Malaria and fits so to cure  she used amodiaquine and she has "
    "slightly fever and pain on hip"
)


def _clean_environment(env: dict[str, str] | None) -> dict[str, str]:
    """This environment without the bot's settings and keys, plus ``env``."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MEDNER_", "TELEGRAM_"))}
    for key in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL"):
        clean.pop(key, None)
    clean.update(env or {})
    return clean


def medner(
    *args: str, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bot`` with a clean environment: no token, no key, SQLite in ``cwd``."""
    clean = _clean_environment(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
    )


def test_extract_prints_the_acceptance_entities(tmp_path: Path) -> None:
    result = medner("extract", ACCEPTANCE, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = [line.split()[:2] for line in result.stdout.splitlines()]
    assert found == [
        ["Malaria", "DISEASE"],
        ["fits", "SYMPTOM"],
        ["amodiaquine", "DRUG"],
        ["fever", "SYMPTOM"],
        ["pain", "SYMPTOM"],
        ["hip", "BODY_PART"],
    ]


def test_extract_json_has_the_documented_shape(tmp_path: Path) -> None:
    result = medner("extract", "--format", "json", cwd=tmp_path, stdin="no fever, took calpol")
    payload = json.loads(result.stdout)
    assert payload["text"] == "no fever, took calpol"
    first = payload["entities"][0]
    assert set(first) == {
        "text",
        "label",
        "start",
        "end",
        "negated",
        "code",
        "concept",
        "subject",
        "subject_word",
        "certainty",
        "historical",
    }
    assert first["text"] == "fever" and first["negated"] is True
    assert payload["relations"] == []


def test_extract_json_carries_concepts_assertions_and_relations(tmp_path: Path) -> None:
    text = "my mum takes metformin 500 mg, and I had fits as a kid"
    result = medner("extract", "--format", "json", cwd=tmp_path, stdin=text)
    payload = json.loads(result.stdout)
    found = {e["text"]: e for e in payload["entities"]}
    assert found["fits"]["concept"] == {"name": "Seizure", "code": "HP:0001250", "system": "HPO"}
    assert found["fits"]["historical"] is True
    assert (found["metformin"]["subject"], found["metformin"]["subject_word"]) == ("family", "mum")
    names = [e["text"] for e in payload["entities"]]
    assert payload["relations"] == [
        {"type": "dosage_of", "from": names.index("500 mg"), "to": names.index("metformin")}
    ]


def test_extract_jsonl_round_trips_with_exact_offsets(tmp_path: Path) -> None:
    lines = [
        json.dumps({"text": ACCEPTANCE}),
        "plain line: asthma & <b>wheeze</b>",
        "",
        json.dumps({"text": "emoji 🤒 then fever\tand ünïcode cough", "id": 3}),
        '{"not text": 1}',
    ]
    result = medner("extract", "--format", "jsonl", cwd=tmp_path, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["text"] for o in out] == [
        ACCEPTANCE,
        "plain line: asthma & <b>wheeze</b>",
        "",
        "emoji 🤒 then fever\tand ünïcode cough",
        '{"not text": 1}',
    ]
    for obj in out:
        for entity in obj["entities"]:
            assert obj["text"][entity["start"] : entity["end"]] == entity["text"]
    assert {e["text"] for e in out[3]["entities"]} >= {"fever", "cough"}


def test_run_without_token_explains_and_answers_in_the_terminal(tmp_path: Path) -> None:
    result = medner("run", cwd=tmp_path, stdin="gave him calpol 5ml for fever\n/history\n")
    assert result.returncode == 0, result.stderr
    assert "TELEGRAM_BOT_TOKEN" in result.stderr and "medner chat" in result.stderr
    assert "calpol" in result.stdout and "5ml" in result.stdout
    assert "Your last 1 of 1 analyses" in result.stdout
    assert (tmp_path / "medner.sqlite3").exists()


def test_run_without_token_and_without_input_shows_a_demo(tmp_path: Path) -> None:
    result = medner("run", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "amodiaquine" in result.stdout


def test_chat_history_survives_a_restart(tmp_path: Path) -> None:
    medner("chat", cwd=tmp_path, stdin="my tummy hurts\n")
    result = medner("history", "--json", cwd=tmp_path)
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == ["my tummy hurts"]


@pytest.mark.parametrize("count", ["0", "-3", "1001", "ten"])
def test_history_refuses_a_count_it_cannot_show(tmp_path: Path, count: str) -> None:
    medner("chat", cwd=tmp_path, stdin="my tummy hurts\n")
    result = medner("history", "-n", count, cwd=tmp_path)
    assert result.returncode == 2
    assert "must be a whole number from 1 to 1000" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize(
    ("variable", "value"),
    [("MEDNER_RATE_LIMIT", "lots"), ("MEDNER_DEFAULT_ENGINE", "gpt"), ("MEDNER_ALLOWED_IDS", "x")],
)
def test_a_bad_setting_is_one_clear_line(tmp_path: Path, variable: str, value: str) -> None:
    result = medner("extract", "fever", cwd=tmp_path, env={variable: value})
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and variable in result.stderr
    assert "Traceback" not in result.stderr


def test_secrets_are_never_printed(tmp_path: Path) -> None:
    secret = "123456:SECRET-token-value"
    result = medner(
        "extract",
        "fever",
        cwd=tmp_path,
        env={"TELEGRAM_BOT_TOKEN": secret, "MEDNER_RATE_LIMIT": "bad"},
    )
    assert secret not in result.stdout + result.stderr


def test_unconfigured_engine_is_refused_in_one_line(tmp_path: Path) -> None:
    result = medner("extract", "--engine", "gemini", "fever", cwd=tmp_path)
    assert result.returncode == 2
    assert "not configured" in result.stderr and "Traceback" not in result.stderr


def test_unreachable_telegram_is_one_line_without_the_token(tmp_path: Path) -> None:
    token = "123456:do-not-print-me"
    result = medner(
        "run",
        cwd=tmp_path,
        env={"TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"},
    )
    assert result.returncode == 2
    assert "cannot reach the Telegram Bot API at 127.0.0.1:9" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert token not in result.stderr and "do-not-print-me" not in result.stderr


async def test_a_token_telegram_refuses_is_one_line(tmp_path: Path) -> None:
    from tests.fakes.telegram_server import FakeTelegram

    async with FakeTelegram(token="111:right") as telegram:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDNER_", "TELEGRAM_"))}
        env.update(TELEGRAM_BOT_TOKEN="222:wrong", TELEGRAM_API_BASE_URL=telegram.base_url)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run",
            cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 2
    assert stderr.decode().strip() == (
        "medner: Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather (/token)"
    )


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = medner(
            "run",
            cwd=tmp_path,
            env={
                "TELEGRAM_BOT_TOKEN": "1:x",
                "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
                "MEDNER_HEALTH_PORT": str(port),
            },
        )
    assert result.returncode == 2
    assert "Address already in use" in result.stderr and "Traceback" not in result.stderr


# -- start-up refusals (issue 13, items 16 and 19) ---------------------------------------------


def medner_as_service(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m bot`` as a container or service manager runs it: stdin is /dev/null."""
    clean = _clean_environment(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=clean,
        timeout=60,
    )


def assert_one_line(result: subprocess.CompletedProcess[str], *names: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, result.stderr
    for name in names:
        assert name in result.stderr


def test_a_malformed_api_url_is_one_line_naming_it(tmp_path: Path) -> None:
    result = medner_as_service(
        "run",
        cwd=tmp_path,
        env={"TELEGRAM_BOT_TOKEN": "123456:abc", "TELEGRAM_API_BASE_URL": "http://[::1/bot"},
    )
    assert_one_line(result, "TELEGRAM_API_BASE_URL")


async def test_a_get_me_answered_with_html_is_one_line_naming_the_url(tmp_path: Path) -> None:
    from tests.fakes.telegram_server import FakeTelegram

    async with FakeTelegram(token="111:right") as telegram:
        telegram.garble("getMe", "html", times=10)
        env = {"TELEGRAM_BOT_TOKEN": "111:right", "TELEGRAM_API_BASE_URL": telegram.base_url}
        result = await asyncio.to_thread(medner_as_service, "run", cwd=tmp_path, env=env)
    assert_one_line(result, "TELEGRAM_API_BASE_URL", "not the Bot API")
    assert "<html>" not in result.stderr and "111:right" not in result.stderr


def test_run_without_token_as_a_service_fails_naming_the_token(tmp_path: Path) -> None:
    """No terminal and no input: a container. Exit non-zero (compose then reports a failing
    service instead of restarting a demo forever), and write nothing."""
    result = medner_as_service("run", cwd=tmp_path)
    assert_one_line(result, "TELEGRAM_BOT_TOKEN")
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "setting",
    [
        {"MEDNER_DATABASE_URL": "sqlite:///shared.sqlite3"},
        {"MEDNER_DB_PATH": "shared.sqlite3"},
        {"MEDNER_WEBHOOK_URL": "https://bot.example.org/telegram"},
        {"MEDNER_WEBHOOK_SECRET": "abc"},
    ],
)
def test_run_without_token_never_demos_into_a_deployment(
    tmp_path: Path, setting: dict[str, str]
) -> None:
    result = medner("run", cwd=tmp_path, stdin="gave him calpol 5ml for fever\n", env=setting)
    assert_one_line(result, "TELEGRAM_BOT_TOKEN", next(iter(setting)))
    assert "calpol" not in result.stdout
    assert not (tmp_path / "shared.sqlite3").exists()


def test_run_without_token_in_a_terminal_still_talks(tmp_path: Path) -> None:
    """README's first command, typed by a person: stdin is a terminal."""
    import pty

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MEDNER_", "TELEGRAM_"))}
    for key in ("GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GEMINI_BASE_URL"):
        clean.pop(key, None)
    leader, follower = pty.openpty()
    with subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        stdin=follower,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean,
    ) as process:
        os.close(follower)
        os.write(leader, b"gave him calpol 5ml for fever\n\x04")
        out, err = process.communicate(timeout=60)
    os.close(leader)
    assert process.returncode == 0, err
    assert "TELEGRAM_BOT_TOKEN" in err and "calpol" in out
