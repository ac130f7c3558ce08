"""Time to recognize one long, entity-dense text, this build against a baseline build.

    git worktree add /tmp/medner-main main        # the previous build, once
    python benchmarks/bench_long_text.py --baseline /tmp/medner-main [--sizes 100 300 900]

A pasted document or ``medner extract`` on a file is one text, not many messages: a step that
compares every span with every other grows with the square of its length. Each size (in KB) is
made by repeating the entity-dense lay messages of ``bench_offline.py``; a fresh worker process
per build, pinned to one CPU core, recognizes it once after loading the engine and prints the
seconds and the entities found (the same count for both builds, or the outputs differ).
Figures go to ``benchmarks/README.md``; nothing here asserts them.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_offline import dense_messages

ROOT = Path(__file__).resolve().parents[1]


def long_text(kilobytes: int) -> str:
    """About ``kilobytes`` KB of dense lay text, paragraphs of joined messages."""
    paragraphs = "\n\n".join(dense_messages(ROOT))
    size = kilobytes * 1000
    return (paragraphs * (size // len(paragraphs) + 1))[:size]


def worker(sizes: list[int]) -> int:
    """Runs inside the build under test (cwd and sys.path point at its root)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    from ner.offline import Recognizer

    recognizer = Recognizer()
    timings: dict[str, Any] = {}
    for kilobytes in sizes:
        text = long_text(kilobytes)
        started = time.perf_counter()
        found = len(recognizer.recognize(text))
        timings[str(kilobytes)] = {"seconds": time.perf_counter() - started, "entities": found}
    print(json.dumps(timings))
    return 0


def run_worker(build: Path, sizes: list[int]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(build)}
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", "--sizes"]
    out = subprocess.run(
        [*command, *map(str, sizes)], cwd=build, env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, default=None, help="root of the baseline build")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300], help="sizes in KB")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.sizes)
    builds = [("baseline", args.baseline)] if args.baseline else []
    builds.append(("this", ROOT))
    for label, build in builds:
        result = run_worker(build.resolve(), args.sizes)
        for size, figures in result.items():
            print(
                f"{label:9} {size:>5} KB  {figures['seconds']:8.2f} s  "
                f"{figures['entities']:7,} entities"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
