"""``medner chat``: the bot's conversation in a terminal, through the same service and SQLite.

This is how to try medner-bot with no Telegram token: every line is stored and analysed exactly
as a Telegram message would be, and /what, /history, /model, /clear and /forget behave the same.
Any other command is answered as the bot answers it, never analysed or stored as medical text.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import re
import sys
from typing import TextIO

from bot._config import Settings
from bot._wiring import build_service, close_service
from bot.cli._common import run_async, settings_or_exit, setup
from bot.cli._format import format_look_up, format_text
from service import ConversationService, UnknownEngine

TERMINAL_USER_ID = 0
DEMO_MESSAGE = (
    "she was suffering from Malaria and fits so to cure she used amodiaquine and she has "
    "slightly fever and pain on hip"
)
_HELP = """Type a medical message and press Enter. Commands:
  /what TERM     look up a term or code: /what amodiaquine, /what B54
  /history [n]   your last n analyses (default 5)
  /model [name]  show engines, or switch to one
  /clear         start a fresh conversation (history is kept)
  /forget        delete everything stored about you (asks first)
  /quit          leave (Ctrl-D works too)"""
_PROMPT = "\nyou> "
_WHAT_USAGE = "Usage: /what TERM, for example: /what amodiaquine, /what fits, /what B54."
_UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
#: The confirmation word of ``/forget yes``: typing it is the terminal's "Delete everything"
#: button, so a stray /forget (or one recalled with the Up arrow) deletes nothing.
_FORGET_CONFIRM = "yes"
#: A line that Telegram would mark as a bot command: "/name" alone or followed by a space.
_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?=\s|$)")


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="talk to the bot in this terminal (no Telegram token needed)",
        description="A terminal conversation through the bot's own service, engines and "
        "history. Reads lines from standard input when it is not a terminal.",
    )
    parser.add_argument("--user-id", type=int, default=TERMINAL_USER_ID, help=argparse.SUPPRESS)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup(settings, quiet=True)
    return run_async(chat(settings, args.user_id, sys.stdin, sys.stdout))


async def chat(
    settings: Settings, user_id: int, stdin: TextIO, out: TextIO, *, demo_if_empty: bool = False
) -> int:
    """Run the conversation until end of input or /quit."""
    service = await build_service(settings)
    interactive = stdin.isatty()
    try:
        engine = service.engine_title(await service.engine_for(user_id))
        if interactive:
            out.write(f"medner chat — engine: {engine}. /help for commands, Ctrl-D to quit.\n")
        answered = 0
        while True:
            line = await _next_line(stdin, out, interactive)
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            if text in ("/quit", "/exit"):
                break
            out.write(await respond(service, user_id, text) + "\n")
            out.flush()
            answered += 1
        if demo_if_empty and answered == 0:
            out.write(f"\nDemo message: {DEMO_MESSAGE}\n")
            out.write(await respond(service, user_id, DEMO_MESSAGE) + "\n")
        return 0
    finally:
        await close_service(service)


async def _next_line(stdin: TextIO, out: TextIO, interactive: bool) -> str:
    """The next line typed or piped in ("" at the end). A person at the terminal gets line
    editing and recall (arrows, Ctrl-A/E, Up for the last message) through ``input`` and
    readline; without it the arrow keys' escape codes would become part of the message."""
    if interactive and stdin is sys.stdin and out is sys.stdout:
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (importing it gives input() line editing)
        try:
            return await asyncio.to_thread(input, _PROMPT) + "\n"
        except EOFError:
            out.write("\n")
            return ""
    if interactive:
        out.write(_PROMPT)
        out.flush()
    return await asyncio.to_thread(stdin.readline)


async def respond(service: ConversationService, user_id: int, text: str) -> str:
    """The bot's answer to one line: a command, or an analysis."""
    command, _, argument = text.partition(" ")
    match command:
        case "/help" | "/start":
            return _HELP
        case "/history":
            argument = argument.strip() or "5"
            if not (argument.isdigit() and 0 < int(argument) <= 100):
                return "Usage: /history [n] with n between 1 and 100."
            return await history_text(service, user_id, int(argument))
        case "/model":
            return await _model(service, user_id, argument.strip())
        case "/clear":
            await service.clear(user_id)
            return "Started a fresh conversation. Your history is kept (/history)."
        case "/forget":
            return await _forget(service, user_id, argument.strip().lower())
        case "/what":
            term = argument.strip()
            return format_look_up(await service.look_up(term)) if term else _WHAT_USAGE
    if _COMMAND.match(command):
        return _UNKNOWN_COMMAND
    analysis = await service.analyse(user_id, user_id, text)
    reply = format_text(analysis.entities, analysis.relations)
    if analysis.note:
        reply = f"{reply}\n({analysis.note})"
    return reply


async def _forget(service: ConversationService, user_id: int, argument: str) -> str:
    """Deletes only after ``/forget yes``, as the bot deletes only after its button: the
    deletion cannot be undone. A bare /forget says what would go and how to confirm."""
    if argument != _FORGET_CONFIRM:
        stored = (await service.history(user_id, 1)).total
        return (
            f"This deletes all your analyses ({stored}) and your settings, and cannot be "
            f"undone. Type /forget {_FORGET_CONFIRM} to delete everything."
        )
    forgotten = await service.forget(user_id)
    if not forgotten.scrubbed:
        return (
            f"Deleted {forgotten.removed} messages from the database, but a copy is "
            "still in its write-ahead log: another program is reading the database. "
            f"Run /forget {_FORGET_CONFIRM} again once it has finished, to clear that copy too."
        )
    return f"Deleted everything stored about you ({forgotten.removed} messages)."


async def history_text(service: ConversationService, user_id: int, limit: int) -> str:
    """The user's last ``limit`` analyses as plain text, newest first."""
    page = await service.history(user_id, limit)
    if not page.items:
        return "No history yet."
    blocks = []
    for item in page.items:
        when = item.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        header = f"[{when} · {service.engine_title(item.engine)}] {item.text}"
        blocks.append(header + "\n" + format_text(item.entities, item.relations))
    return f"Your last {len(page.items)} of {page.total} analyses:\n\n" + "\n\n".join(blocks)


async def _model(service: ConversationService, user_id: int, argument: str) -> str:
    current = await service.engine_for(user_id)
    if argument:
        try:
            await service.set_engine(user_id, argument)
        except UnknownEngine:
            return f"No engine called {argument!r}. " + _engine_list(service, current)
        return f"Switched to {service.engine_title(argument)}; a fresh conversation starts."
    return _engine_list(service, current)


def _engine_list(service: ConversationService, current: str) -> str:
    lines = [
        f"  {'*' if e.name == current else ' '} {e.name:<14} {e.title}" for e in service.engines()
    ]
    return "Engines (* = yours; /model NAME to switch):\n" + "\n".join(lines)
