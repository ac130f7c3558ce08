"""The ``medner`` command: run the bot, chat in the terminal, extract, evaluate, tune."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot._config import SettingsError
from bot.cli import _chat, _eval, _extract, _history, _run, _train, _tune
from bot.cli._common import CliError
from bot.cli._format import format_report, format_text
from storage import StorageError

__all__ = ["CliError", "build_parser", "format_report", "format_text", "main"]

_SUBCOMMANDS = (_run, _chat, _extract, _history, _eval, _train, _tune)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medner",
        description="Find diseases, symptoms, drugs, dosages, body parts and procedures in text.",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _SUBCOMMANDS:
        module.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; user errors are one line, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "func"):
        parser.print_help()
        return 2
    try:
        code: int = args.func(args)
    except (CliError, SettingsError, StorageError) as exc:
        print(f"medner: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
