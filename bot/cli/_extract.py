"""``medner extract``: entities of text from arguments or stdin, as text, JSON or JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from typing import Any, TextIO

from bot._wiring import build_engines
from bot.cli._common import CliError, run_async, settings_or_exit, setup
from ner import (
    LOCAL_ENGINE,
    Certainty,
    Engine,
    EngineRegistry,
    Entity,
    Outcome,
    Relation,
    Subject,
    extract_with_fallback,
)


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
                outcome = await _outcome(engine, fallback, text, warned)
                _write_json_line(text, outcome, sys.stdout)
            return 0
        text = " ".join(args.text) if args.text else sys.stdin.read()
        outcome = await _outcome(engine, fallback, text, warned)
        if args.format == "json":
            print(json.dumps(_as_object(text, outcome), ensure_ascii=False, indent=2))
        else:
            print(format_plain(outcome.entities, outcome.relations))
        return 0
    finally:
        await engines.aclose()


async def _outcome(engine: Engine, fallback: Engine, text: str, warned: set[str]) -> Outcome:
    outcome = await extract_with_fallback(engine, fallback, text)
    if outcome.note and outcome.reason not in warned:
        warned.add(outcome.reason or "")
        print(f"medner: warning: {outcome.note}", file=sys.stderr)
    return outcome


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


def _as_object(text: str, outcome: Outcome) -> dict[str, object]:
    """The JSON of one text: every entity field (docs/output.md) and the relations."""
    return {
        "text": text,
        "entities": [e.model_dump(mode="json") for e in outcome.entities],
        "relations": [r.model_dump(mode="json") for r in outcome.relations],
    }


def _write_json_line(text: str, outcome: Outcome, out: TextIO) -> None:
    out.write(json.dumps(_as_object(text, outcome), ensure_ascii=False) + "\n")
    out.flush()


def format_plain(entities: Sequence[Entity], relations: Sequence[Relation] = ()) -> str:
    """One entity a line in document order: text, label, then what else is known of it —
    negation, the concept's name and code, whose it is, certainty, past, and what it goes
    with ("dosage of metformin", "site of pain")."""
    if not entities:
        return "(no medical entities found)"
    links = {
        r.source: f"{r.type.value.replace('_', ' ')} {entities[r.target].text}"
        for r in relations
        if r.fits(entities)
    }
    width = max(len(e.text) for e in entities)
    lines = []
    for index, e in enumerate(entities):
        extras = [x for x in (*_facts(e), links.get(index, "")) if x]
        suffix = f"  ({', '.join(extras)})" if extras else ""
        lines.append(f"{e.text.ljust(width)}  {e.label.value:<9}{suffix}".rstrip())
    return "\n".join(lines)


def _facts(entity: Entity) -> list[str]:
    facts = ["negated" if entity.negated else ""]
    if entity.concept is not None:
        facts.append(" ".join(x for x in (entity.concept.name, entity.concept.code or "") if x))
    elif entity.code:
        facts.append(entity.code)
    if entity.subject is not Subject.PATIENT:
        facts.append(f"{entity.subject.value}: {entity.subject_word or '?'}")
    if entity.certainty is not Certainty.CERTAIN:
        facts.append(entity.certainty.value)
    if entity.historical:
        facts.append("past")
    return facts
