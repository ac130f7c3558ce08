"""``medner train``: rebuild the offline engine's corpus-derived data and its taggers.

    medner train --data ../shared/data

One command, three steps, all from TRAIN splits only (dev splits are never read):

1. harvest surface forms, abbreviations and a stoplist from NCBI-disease and AnatEM
   (``ner.offline.train``), then compile the lexicon (``ner.offline.compile``);
2. build the lexicon once more without those harvests, for the taggers' features (on their own
   training sentences the harvested forms would be right every time, and a tagger trained so
   would trust the lexicon more than it deserves on unseen text);
3. train one CRF tagger per corpus, and the lay tagger on the project's own real-language
   TRAIN split (``tests/data/lay_real/train.jsonl``), and write them with ``models.json`` into
   ``ner/data``.

The same data and package versions give the same files.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bot.cli._common import CliError

PROJECT = Path(__file__).resolve().parents[2]
PACKAGE_DATA = PROJECT / "ner" / "data"
LAY_DATA = PROJECT / "tests" / "data" / "lay_real"


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "train",
        help="rebuild the offline engine's lexicon harvests and sequence taggers from corpora",
        description="Harvest the lexicon's corpus forms, compile the lexicon and train the "
        "offline engine's sequence taggers from the TRAIN splits in DATA "
        "(ncbi-disease-train.jsonl, bc5cdr-train.jsonl, anatem-train.jsonl) and the lay "
        "tagger from the project's real-language TRAIN split.",
    )
    parser.add_argument(
        "--data", type=Path, default=Path("../shared/data"), help="folder of the train splits"
    )
    parser.add_argument(
        "--lay-data",
        type=Path,
        default=LAY_DATA,
        help="folder of the lay tagger's train.jsonl (default: the project's tests/data/lay_real)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=PACKAGE_DATA,
        help="where the taggers and models.json go (default: the package's ner/data)",
    )
    parser.add_argument(
        "--models",
        default=None,
        help="comma-separated taggers to train (default: all): ncbi-disease, bc5cdr, anatem, lay",
    )
    parser.add_argument(
        "--taggers-only",
        action="store_true",
        help="skip the harvest and lexicon compilation; train the taggers only",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ner.offline import Recognizer, build_lexicon
    from ner.offline.training import TrainingError, select_specs, train_taggers

    names = [n.strip() for n in args.models.split(",") if n.strip()] if args.models else None
    try:
        specs = select_specs(names)
    except TrainingError as exc:
        raise CliError(str(exc)) from None
    corpora = not args.taggers_only or any(not spec.lay for spec in specs)
    if corpora and not args.data.is_dir():
        raise CliError(f"no such data folder: {args.data}")
    if not args.taggers_only:
        _harvest_and_compile(args.data)
    started = time.perf_counter()
    recognizer = Recognizer(lexicon=build_lexicon(use_harvest=False), models=["none"])
    try:
        cards = train_taggers(specs, args.data, args.out, recognizer, args.lay_data)
    except TrainingError as exc:
        raise CliError(str(exc)) from None
    for card in cards:
        print(f"{card.name}: {card.file} ({', '.join(label.value for label in card.labels)})")
    print(f"taggers trained in {time.perf_counter() - started:.0f} s -> {args.out}")
    return 0


def _harvest_and_compile(data: Path) -> None:
    from ner.offline import compile as compile_lexicon
    from ner.offline import train as harvest

    for split in (corpus.filename for corpus in harvest.CORPORA):
        if not (data / split).is_file():
            raise CliError(f"no such training split: {data / split}")
    harvest.main(["--data", str(data)])
    compile_lexicon.main()
