"""``medner eval``: precision, recall and F1 of an engine on a labeled JSONL dataset.

The scoring lives in ``ner._eval``; this module reads the file, asks the engine, shows progress
on stderr and prints the table (or JSON with --json).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from bot.cli._common import CliError, settings_or_exit
from ner import LOCAL_ENGINE, Engine, Entity
from ner._eval import EvalError, EvalExample, Scorer, format_report, read_examples

_PROGRESS_EVERY = 50


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score an engine on a labeled JSONL dataset (P/R/F1 per label)",
        description="Score an engine on DATASET, one JSON object per line: "
        '{"text", "entities": [{"start", "end", "label"}], optional "labels", optional '
        '"merge"}. Prints precision, recall and F1 per label and micro-averaged, for exact '
        "span match and for overlap match.",
    )
    parser.add_argument("dataset", type=Path, help="JSONL file in the evaluation format")
    parser.add_argument("--engine", default=LOCAL_ENGINE, help="engine to score (default: local)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N lines")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.dataset.is_file():
        raise CliError(f"no such dataset: {args.dataset}")
    if args.limit is not None and args.limit < 0:
        raise CliError("--limit must not be negative")
    predict = _predictor(args.engine)
    with args.dataset.open(encoding="utf-8") as handle:
        total = _count_lines(args.dataset, args.limit)
        try:
            scorer = _score(read_examples(handle, args.limit), predict, total, sys.stderr)
        except EvalError as exc:
            raise CliError(f"{args.dataset}: {exc}") from None
    report = scorer.report()
    print(report.model_dump_json(indent=2) if args.json else format_report(report))
    return 0


Predict = Callable[[str], list[Entity]]


def _predictor(name: str) -> Predict:
    """A synchronous predict function: the offline recognizer directly, others via asyncio."""
    if name == LOCAL_ENGINE:
        from ner.offline import OfflineEngine

        settings = settings_or_exit()
        return OfflineEngine(cache_dir=settings.cache_dir).recognize
    engine = _configured_engine(name)

    def predict(text: str) -> list[Entity]:
        return asyncio.run(engine.extract(text))

    return predict


def _configured_engine(name: str) -> Engine:
    """An engine other than the local one, built from the settings like the bot builds it."""
    from bot._wiring import build_engines

    engines = build_engines(settings_or_exit())
    engine = engines.get(name)
    if engine is None:
        raise CliError(f"engine {name!r} is not configured (configured: {engines.names()})")
    return engine


def _count_lines(path: Path, limit: int | None) -> int:
    with path.open(encoding="utf-8") as handle:
        total = sum(1 for line in handle if line.strip())
    return total if limit is None else min(total, limit)


def _score(
    examples: Iterator[EvalExample], predict: Predict, total: int, progress: TextIO
) -> Scorer:
    scorer = Scorer()
    show = progress.isatty()
    for done, example in enumerate(examples, start=1):
        scorer.add(example, predict(example.text))
        if show and (done % _PROGRESS_EVERY == 0 or done == total):
            progress.write(f"\r{done}/{total} ({100 * done // max(total, 1)}%)")
            progress.flush()
    if show:
        progress.write("\n")
    return scorer
