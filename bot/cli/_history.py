"""``medner history``: the terminal user's stored analyses, newest first."""

from __future__ import annotations

import argparse
import json
import sys

from bot._config import Settings
from bot._wiring import build_service, close_service
from bot.cli._chat import TERMINAL_USER_ID, history_text
from bot.cli._common import run_async, settings_or_exit, setup

#: The most analyses one ``medner history`` prints.
MAX_HISTORY = 1000


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("history", help="show stored analyses, newest first")
    parser.add_argument(
        "-n", "--limit", type=history_count, default=10, help="how many, 1-1000 (default 10)"
    )
    parser.add_argument(
        "--user-id",
        type=int,
        default=TERMINAL_USER_ID,
        help="whose history (default: the terminal user of `medner chat`)",
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.set_defaults(func=run)


def history_count(value: str) -> int:
    """``-n``'s type: a count of analyses. Zero or a negative number is refused with a usage
    line rather than quietly turned into one analysis, which would read as "only one stored"."""
    try:
        count = int(value)
    except ValueError:
        count = 0
    if not 1 <= count <= MAX_HISTORY:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1 to {MAX_HISTORY}")
    return count


def run(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup(settings, quiet=True)
    return run_async(_show(settings, args))


async def _show(settings: Settings, args: argparse.Namespace) -> int:
    service = await build_service(settings)
    try:
        limit: int = args.limit
        if not args.json:
            print(await history_text(service, args.user_id, limit))
            return 0
        page = await service.history(args.user_id, limit)
        for item in page.items:
            row = {
                "message_id": item.message_id,
                "created_at": item.created_at.isoformat(),
                "engine": item.engine,
                "text": item.text,
                "entities": [e.model_dump(mode="json") for e in item.entities],
                "relations": [r.model_dump(mode="json") for r in item.relations],
            }
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    finally:
        await close_service(service)
