"""The terminal chat (``medner chat`` / ``medner run`` without a token) answers commands as the
bot does: /what looks a term up, and an unknown command is never analysed or stored."""

from __future__ import annotations

import contextlib
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path

from bot.cli._chat import respond
from service import ConversationService

USER = 0
LEFT, UP = b"\x1b[D", b"\x1b[A"


async def test_what_shows_the_terms_card_and_stores_nothing(service: ConversationService) -> None:
    reply = await respond(service, USER, "/what amodiaquine")

    lines = reply.splitlines()
    assert lines[0] == "Amodiaquine (drug, DrugBank DB00613)"
    assert "DrugBank: https://go.drugbank.com/drugs/DB00613" in lines
    assert (await service.history(USER, 5)).total == 0


async def test_what_finds_a_misspelled_term_and_explains_unknown_and_missing_ones(
    service: ConversationService,
) -> None:
    assert (await respond(service, USER, "/what metfromin")).startswith("Metformin (drug,")
    unknown = await respond(service, USER, "/what xyzzyq")
    assert unknown.startswith("I found nothing called 'xyzzyq'")
    assert (await respond(service, USER, "/what")).startswith("Usage: /what TERM")
    assert (await service.history(USER, 5)).total == 0


async def test_an_unknown_command_points_to_help_and_is_not_stored(
    service: ConversationService,
) -> None:
    reply = await respond(service, USER, "/foo fever")

    assert reply == "I don't know that command. /help lists what I can do."
    assert (await service.history(USER, 5)).total == 0


async def test_text_that_only_starts_with_a_slash_is_analysed(
    service: ConversationService,
) -> None:
    reply = await respond(service, USER, "/usr/bin/x fever")

    assert "fever" in reply
    assert (await service.history(USER, 5)).total == 1


async def test_forget_asks_first_and_deletes_only_after_yes(
    service: ConversationService,
) -> None:
    await respond(service, USER, "my tummy hurts")

    ask = await respond(service, USER, "/forget")
    assert "cannot be undone" in ask and "/forget yes" in ask and "(1)" in ask
    assert (await service.history(USER, 5)).total == 1
    assert "/forget yes" in await respond(service, USER, "/forget please")
    assert (await service.history(USER, 5)).total == 1

    done = await respond(service, USER, "/forget yes")
    assert done == "Deleted everything stored about you (1 messages)."
    assert (await service.history(USER, 5)).total == 0


async def test_help_lists_what(service: ConversationService) -> None:
    assert "/what TERM" in await respond(service, USER, "/help")


def test_a_person_at_the_terminal_can_edit_the_line(tmp_path: Path) -> None:
    """Arrow keys move the cursor (readline) instead of ending up in the message: "fver", three
    times Left, "e" is the message "fever", and Up recalls it."""
    controller, terminal = pty.openpty()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MEDNER_", "TELEGRAM_"))}
    env.update(TERM="xterm", MEDNER_DB_PATH=str(tmp_path / "chat.sqlite3"))
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        env=env,
        cwd=tmp_path,
    )
    os.close(terminal)
    seen = b""

    def read_until(marker: bytes, count: int) -> None:
        nonlocal seen
        deadline = time.monotonic() + 60
        while seen.count(marker) < count and time.monotonic() < deadline:
            ready, _, _ = select.select([controller], [], [], 1)
            if ready:
                with contextlib.suppress(OSError):
                    seen += os.read(controller, 4096)

    try:
        read_until(b"you> ", 1)
        os.write(controller, b"fver" + LEFT * 3 + b"e\r")
        read_until(b"you> ", 2)
        os.write(controller, UP + b"\r")
        read_until(b"you> ", 3)
        os.write(controller, b"\x04")
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        os.close(controller)
    assert seen.count(b"fever [HP:0001945]") == 2, seen
    assert b"\x1b[D" not in seen.split(b"you> ")[-1]
