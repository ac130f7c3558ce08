"""``medner extract``: entities of text from arguments or stdin, as text, JSON or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

from bot._wiring import build_engines
from bot.cli._common import CliError, run_async, settings_or_exit, setup
from ner import LOCAL_ENGINE, Engine, EngineRegistry, Entity, extract_with_fallback


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="print the medical entities in text (arguments, or stdin)",
        description="Print the medical entities in TEXT, or in standard input when no TEXT "
        'is given. With --format jsonl every input line (a JSON object with a "text" field, '
        "or plain text) gives one JSON line of output, in order, as it is read.",
    )
    parser.add_argument("text", nargs="*", help="the text (joined with spaces); default: stdin")
    parser.add_argument("--engine", default=None, help="engine (default: MEDNER_DEFAULT_ENGINE)")
    parser.add_argument("--format", choices=("text", "json", "jsonl"), default="text")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup(settings, quiet=True)
    return run_async(_extract(args, settings.default_engine, build_engines(settings)))


def _choose(engines: EngineRegistry, name: str) -> tuple[Engine, Engine]:
    engine = engines.get(name)
    if engine is None:
        configured = ", ".join(engines.names())
        raise CliError(f"engine {name!r} is not configured here (configured: {configured})")
    fallback = engines.get(LOCAL_ENGINE)
    assert fallback is not None, "the offline engine is always registered"
    return engine, fallback


async def _extract(args: argparse.Namespace, default: str, engines: EngineRegistry) -> int:
    try:
        engine, fallback = _choose(engines, args.engine or default)
        warned: set[str] = set()
        if args.format == "jsonl":
            lines = _input_lines(args.text, sys.stdin)
            for text in lines:
                entities = await _entities(engine, fallback, text, warned)
                _write_json_line(text, entities, sys.stdout)
            return 0
        text = " ".join(args.text) if args.text else sys.stdin.read()
        entities = await _entities(engine, fallback, text, warned)
        if args.format == "json":
            print(json.dumps(_as_object(text, entities), ensure_ascii=False, indent=2))
        else:
            print(format_plain(entities))
        return 0
    finally:
        await engines.aclose()


async def _entities(engine: Engine, fallback: Engine, text: str, warned: set[str]) -> list[Entity]:
    outcome = await extract_with_fallback(engine, fallback, text)
    if outcome.note and outcome.reason not in warned:
        warned.add(outcome.reason or "")
        print(f"medner: warning: {outcome.note}", file=sys.stderr)
    return outcome.entities


def _input_lines(args_text: list[str], stdin: TextIO) -> Iterator[str]:
    """Texts to analyse, one per input line: a JSON object's "text", or the line itself."""
    source: Iterator[str] = iter(args_text) if args_text else iter(stdin)
    for raw in source:
        line = raw.removesuffix("\n").removesuffix("\r")
        yield _text_of(line)


def _text_of(line: str) -> str:
    if line.lstrip().startswith("{"):
        try:
            obj: Any = json.loads(line)
        except json.JSONDecodeError:
            return line
        if isinstance(obj, dict) and isinstance(obj.get("text"), str):
            return str(obj["text"])
    return line


def _as_object(text: str, entities: list[Entity]) -> dict[str, object]:
    return {
        "text": text,
        "entities": [
            {
                "text": e.text,
                "label": e.label.value,
                "start": e.start,
                "end": e.end,
                "negated": e.negated,
                "code": e.code,
            }
            for e in entities
        ],
    }


def _write_json_line(text: str, entities: list[Entity], out: TextIO) -> None:
    out.write(json.dumps(_as_object(text, entities), ensure_ascii=False) + "\n")
    out.flush()


def format_plain(entities: list[Entity]) -> str:
    """One entity a line in document order: text, label, then negation and code if any."""
    if not entities:
        return "(no medical entities found)"
    width = max(len(e.text) for e in entities)
    lines = []
    for e in entities:
        extras = [x for x in ("negated" if e.negated else "", e.code or "") if x]
        suffix = f"  ({', '.join(extras)})" if extras else ""
        lines.append(f"{e.text.ljust(width)}  {e.label.value:<9}{suffix}".rstrip())
    return "\n".join(lines)
