"""``medner eval``: precision, recall and F1 of an engine on a labeled JSONL dataset.

The scoring lives in ``ner`` (``Scorer``); this module reads the file, asks the engine, shows
progress on stderr and prints the table (or JSON with --json).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import TextIO

from bot.cli._common import CliError, settings_or_exit
from bot.cli._format import format_report
from ner import (
    LOCAL_ENGINE,
    Engine,
    EngineUnavailable,
    Entity,
    ErrorSample,
    EvalError,
    EvalExample,
    Scorer,
    read_examples,
)

_PROGRESS_EVERY = 50
_REMOTE_CONCURRENCY = 8


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score an engine on a labeled JSONL dataset (P/R/F1 per label)",
        description="Score an engine on DATASET, one JSON object per line: "
        '{"text", "entities": [{"start", "end", "label"}], optional "labels", optional '
        '"merge"}. Prints precision, recall and F1 per label and micro-averaged, for exact '
        "span match and for overlap match; --errors N adds the missed and spurious spans.",
    )
    parser.add_argument("dataset", type=Path, help="JSONL file in the evaluation format")
    parser.add_argument("--engine", default=LOCAL_ENGINE, help="engine to score (default: local)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N lines")
    parser.add_argument(
        "--errors",
        type=int,
        default=None,
        metavar="N",
        help="also print up to N missed and N spurious spans (overlap rule) with their context",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.dataset.is_file():
        raise CliError(f"no such dataset: {args.dataset}")
    if args.limit is not None and args.limit < 0:
        raise CliError("--limit must not be negative")
    if args.errors is not None and args.errors < 0:
        raise CliError("--errors must not be negative")
    total = _count_lines(args.dataset, args.limit)
    with args.dataset.open(encoding="utf-8") as handle:
        examples = read_examples(handle, args.limit)
        progress = _Progress(total, sys.stderr)
        try:
            scorer = Scorer(errors=None if args.errors is None else ErrorSample(args.errors))
            if args.engine == LOCAL_ENGINE:
                _score_local(scorer, examples, progress)
            else:
                asyncio.run(_score_remote(scorer, args.engine, examples, progress))
        except EvalError as exc:
            raise CliError(f"{args.dataset}: {exc}") from None
    report = scorer.report()
    print(
        report.model_dump_json(indent=2, exclude_none=True) if args.json else format_report(report)
    )
    return 0


class _Progress:
    """ "done/total (pct%)" on stderr when it is a terminal."""

    def __init__(self, total: int, out: TextIO) -> None:
        self._total = total
        self._out = out
        self._show = out.isatty()

    def step(self, done: int) -> None:
        if self._show and (done % _PROGRESS_EVERY == 0 or done == self._total):
            pct = 100 * done // max(self._total, 1)
            self._out.write(f"\r{done}/{self._total} ({pct}%)")
            self._out.flush()

    def close(self) -> None:
        if self._show:
            self._out.write("\n")


def _score_local(scorer: Scorer, examples: Iterator[EvalExample], progress: _Progress) -> None:
    """The offline recognizer is synchronous and fast: no event loop needed."""
    from bot._wiring import offline_engine

    recognize = offline_engine(settings_or_exit()).recognize
    for done, example in enumerate(examples, start=1):
        scorer.add(example, recognize(example.text))
        progress.step(done)
    progress.close()


async def _score_remote(
    scorer: Scorer, name: str, examples: Iterator[EvalExample], progress: _Progress
) -> None:
    """A network engine, ``_REMOTE_CONCURRENCY`` requests at a time, scored in file order.

    An example the engine cannot answer (quota, timeout...) counts as predicting nothing and
    is reported, rather than ending a long run.
    """
    from bot._wiring import build_engines

    engines = build_engines(settings_or_exit())
    engine = engines.get(name)
    if engine is None:
        await engines.aclose()
        raise CliError(f"engine {name!r} is not configured (configured: {engines.names()})")
    try:
        done = 0
        while batch := list(islice(examples, _REMOTE_CONCURRENCY)):
            answers = await asyncio.gather(*(_answer(engine, e.text) for e in batch))
            for example, predicted in zip(batch, answers, strict=True):
                scorer.add(example, predicted or [])
                scorer.unanswered += predicted is None
                done += 1
                progress.step(done)
    finally:
        progress.close()
        await engines.aclose()


async def _answer(engine: Engine, text: str) -> list[Entity] | None:
    try:
        return await engine.extract(text)
    except EngineUnavailable:
        return None


def _count_lines(path: Path, limit: int | None) -> int:
    with path.open(encoding="utf-8") as handle:
        total = sum(1 for line in handle if line.strip())
    return total if limit is None else min(total, limit)
