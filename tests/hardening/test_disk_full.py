"""A really full disk, not a simulated one (issue 13, item 5).

``PRAGMA max_page_count`` (test_faults_storage.py) makes inserts fail with SQLITE_FULL, but it
never fails a DELETE: deleting frees pages. On a full file system it does, because SQLite must
append the change to its write-ahead log first. So /forget is tested on a tiny tmpfs, mounted
in a user and mount namespace of its own (``unshare``): nothing outside the test process sees
it, and no root rights are needed where unprivileged namespaces are allowed. Where they are not,
the test skips and says so.

The outer test mounts the tmpfs and runs the inner one in a fresh pytest inside the namespace;
the inner one is the real bot (polling the fake Telegram) with its database on that tmpfs.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot import BotApplication, store_probe
from handlers import texts
from service import ConversationService
from storage import StorageProblem
from tests.conftest import HandlerErrors
from tests.fakes.telegram_server import FakeTelegram
from tests.hardening._harness import tg_source_key, wait_replied

_DISK_VARIABLE = "TMPFS_UNDER_TEST"
DISK = os.environ.get(_DISK_VARIABLE)
"""The tmpfs the outer test mounted; read at import, before fixtures clear the environment."""
DISK_SIZE = "1m"
REPO = Path(__file__).resolve().parents[2]
ANN = 42


def _in_namespace(mount_point: Path, *command: str) -> list[str]:
    """``command`` run with a fresh tmpfs on ``mount_point``, seen by it alone."""
    script = f'mount -t tmpfs -o size={DISK_SIZE} tmpfs "$0" && exec "$@"'
    unshare = ["unshare", "--user", "--map-root-user", "--mount"]
    return [*unshare, "sh", "-c", script, str(mount_point), *command]


def test_forget_and_messages_on_a_really_full_disk(tmp_path: Path) -> None:
    if DISK is not None:
        pytest.skip("already inside the namespace")
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) is not installed")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    probe = subprocess.run(_in_namespace(mount_point, "true"), capture_output=True, timeout=30)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs in a user namespace here: {probe.stderr.decode()}")
    inner = f"{Path(__file__).relative_to(REPO)}::test_inside_the_namespace"
    pytest_inside = [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"]
    result = subprocess.run(
        _in_namespace(mount_point, *pytest_inside, "-p", "no:cacheprovider", inner),
        cwd=REPO,
        env={**os.environ, _DISK_VARIABLE: str(mount_point)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0 and "1 passed" in result.stdout, (
        result.stdout[-4000:] + result.stderr[-2000:]
    )


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    """The bot's database on the tmpfs (the inner test only)."""
    return {"MEDNER_DB_PATH": Path(DISK or ".") / "medner.sqlite3"}


def fill(disk: Path) -> Path:
    """Take every free byte of ``disk`` with one file; returns it, to free the space later."""
    filler = disk / "filler"
    chunk = b"\0" * 4096
    with filler.open("wb", buffering=0) as out:
        while True:
            try:
                out.write(chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
                return filler


async def press_forget(telegram: FakeTelegram, already: int) -> str:
    """/forget and "Delete everything" in Ann's chat; the text the button's message shows."""
    ann = telegram.user(ANN)
    telegram.send(ann, "/forget")
    ask = await telegram.reply(ANN, after=already)
    yes = next(b["callback_data"] for b in ask.buttons() if b["text"] == texts.FORGET_YES)
    edits = len(telegram.calls_to("editMessageText", chat_id=ANN))
    telegram.press(ann, telegram.message(ANN, ask.result["message_id"]), str(yes))
    shown = await telegram.wait_for("editMessageText", chat_id=ANN, count=edits + 1)
    return shown[-1].text


@pytest.mark.skipif(DISK is None, reason="run by test_forget_and_messages_on_a_really_full_disk")
async def test_inside_the_namespace(
    app: BotApplication,
    telegram: FakeTelegram,
    service: ConversationService,
    handler_errors: HandlerErrors,
) -> None:
    assert DISK is not None
    first = telegram.send(telegram.user(ANN), "fever and malaria")
    await wait_replied(service, tg_source_key(first))
    filler = fill(Path(DISK))

    refused = await press_forget(telegram, already=1)
    assert refused == texts.forget_failed(StorageProblem.FULL)
    assert "the bot's storage is full" in refused and "Nothing was deleted" in refused
    assert (await service.history(ANN, 5)).total == 1  # true: nothing was deleted

    telegram.send(telegram.user(ANN), "hip pain " * 200)
    apology = await telegram.reply(ANN, after=2)
    assert apology.text == texts.not_saved(StorageProblem.FULL)
    assert await store_probe(service.store)() == "writes are failing: the storage is full"

    filler.unlink()
    assert await press_forget(telegram, already=3) == texts.FORGOTTEN.format(count=1)
    assert (await service.history(ANN, 5)).total == 0
    handler_errors.records.clear()
