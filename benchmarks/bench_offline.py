"""Speed and memory of the offline engine, this build against a baseline build, alternately.

    git worktree add /tmp/medner-main main        # the previous build, once
    python benchmarks/bench_offline.py --baseline /tmp/medner-main [--rounds 5]

Each round starts one fresh worker process per build (baseline first, then this one, so neither
always runs on a warmer machine), pinned to one CPU core. A worker measures how long it takes to
import the engine and load it (lexicon and taggers), then recognizes two message sets one
message at a time:

* ``chat``: the project's lay messages of 40-160 characters (``tests/data``);
* ``dense``: 150-character messages made by joining entity-dense lay messages.

It reports messages/s, p50 and p99 latency per message, and its peak RSS. The script prints
every round and the median over rounds for each build. Targets (issue 12): chat >= 1,000
msgs/s, dense >= 500 msgs/s, p99 <= 10 ms, peak RSS <= 400 MB, engine load <= 3 s. Figures go
to ``benchmarks/README.md``; nothing here asserts them.

Without ``--baseline`` only this build is measured.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LAY_FILES = ("tests/data/lay_messages.jsonl", "tests/data/lay_dev.jsonl")
CHAT_RANGE = (40, 160)
DENSE_LENGTH = 150
MIN_DENSE_ENTITIES = 3


def _lay_examples(root: Path) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for name in LAY_FILES:
        path = root / name
        if path.is_file():
            rows += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    return rows


def chat_messages(root: Path) -> list[str]:
    """Lay messages of 40-160 characters, in file order."""
    low, high = CHAT_RANGE
    return [r["text"] for r in _lay_examples(root) if low <= len(r["text"]) <= high]


def dense_messages(root: Path) -> list[str]:
    """About 150 characters each, joined from lay messages with several entities."""
    pieces = [r["text"] for r in _lay_examples(root) if len(r["entities"]) >= MIN_DENSE_ENTITIES]
    messages: list[str] = []
    current = ""
    for piece in pieces * 3:
        current = f"{current} {piece}".strip()
        if len(current) >= DENSE_LENGTH:
            cut = current.rfind(" ", 0, DENSE_LENGTH + 1)
            messages.append(current[: cut if cut > 0 else DENSE_LENGTH])
            current = ""
    return messages


def _pin_to_one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _measure(recognize: Any, messages: list[str], count: int) -> dict[str, float]:
    batch = [messages[i % len(messages)] for i in range(count)]
    for text in batch[:300]:  # warm-up
        recognize(text)
    latencies: list[float] = []
    started = time.perf_counter()
    for text in batch:
        t0 = time.perf_counter()
        recognize(text)
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "msgs_per_s": count / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[max(int(len(latencies) * 0.99) - 1, 0)] * 1000,
        "mean_chars": sum(len(t) for t in batch) / count,
    }


def worker(count: int) -> int:
    """Runs inside the build under test (cwd and sys.path point at its root)."""
    _pin_to_one_core()
    started = time.perf_counter()
    from ner.offline import Recognizer

    recognizer = Recognizer()
    load_s = time.perf_counter() - started
    root = Path.cwd()
    result: dict[str, Any] = {
        "engine": str(Path(sys.modules["ner"].__file__ or "").parent.parent),
        "taggers": list(recognizer.models.names) if getattr(recognizer, "models", None) else [],
        "load_s": load_s,
    }
    for name, messages in (("chat", chat_messages(ROOT)), ("dense", dense_messages(ROOT))):
        result[name] = _measure(recognizer.recognize, messages, count)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["root"] = str(root)
    print(json.dumps(result))
    return 0


def run_worker(build: Path, count: int) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(build)}
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--worker", "--messages", str(count)],
        cwd=build,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def _line(label: str, r: dict[str, Any]) -> str:
    return (
        f"{label:9} load {r['load_s']:5.2f} s | chat {r['chat']['msgs_per_s']:7,.0f}/s "
        f"p50 {r['chat']['p50_ms']:.3f} p99 {r['chat']['p99_ms']:.3f} ms | "
        f"dense {r['dense']['msgs_per_s']:7,.0f}/s p50 {r['dense']['p50_ms']:.3f} "
        f"p99 {r['dense']['p99_ms']:.3f} ms | RSS {r['peak_rss_mb']:4.0f} MB"
    )


def _median(results: list[dict[str, Any]]) -> dict[str, Any]:
    def med(get: Any) -> float:
        return statistics.median(get(r) for r in results)

    return {
        "load_s": med(lambda r: r["load_s"]),
        "peak_rss_mb": med(lambda r: r["peak_rss_mb"]),
        **{
            name: {
                key: med(lambda r, n=name, k=key: r[n][k])
                for key in ("msgs_per_s", "p50_ms", "p99_ms")
            }
            for name in ("chat", "dense")
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", type=Path, default=None, help="root of the baseline build")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--messages", type=int, default=5_000, help="messages per set and round")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        return worker(args.messages)

    chat, dense = chat_messages(ROOT), dense_messages(ROOT)
    print(
        f"sets: chat {len(chat)} messages ({CHAT_RANGE[0]}-{CHAT_RANGE[1]} chars), "
        f"dense {len(dense)} messages (~{DENSE_LENGTH} chars); "
        f"{args.messages} messages per set, round and build; one core"
    )
    builds = [("baseline", args.baseline)] if args.baseline else []
    builds.append(("this", ROOT))
    results: dict[str, list[dict[str, Any]]] = {label: [] for label, _ in builds}
    for round_number in range(1, args.rounds + 1):
        for label, build in builds:
            result = run_worker(build.resolve(), args.messages)
            results[label].append(result)
            print(f"round {round_number} {_line(label, result)}  [{result['taggers']}]")
    print("median over rounds")
    for label, _ in builds:
        print("  " + _line(label, _median(results[label])))
    for label, _ in builds:
        _figures(label, _median(results[label]))
    return 0


_TARGETS = {
    "engine load": "<= 3 s",
    "chat throughput": ">= 1,000 msgs/s",
    "dense throughput": ">= 500 msgs/s",
    "chat latency p99": "<= 10 ms",
    "dense latency p99": "<= 10 ms",
    "peak RSS": "<= 400 MB",
}


def _figures(label: str, r: dict[str, Any]) -> None:
    """``name: value [target ...]`` lines, the format ``run_all.py`` collects."""
    build = "this build" if label == "this" else "baseline"
    values = {
        "engine load": f"{r['load_s']:.2f} s",
        "chat throughput": f"{r['chat']['msgs_per_s']:,.0f} msgs/s",
        "dense throughput": f"{r['dense']['msgs_per_s']:,.0f} msgs/s",
        "chat latency p99": f"{r['chat']['p99_ms']:.2f} ms",
        "dense latency p99": f"{r['dense']['p99_ms']:.2f} ms",
        "peak RSS": f"{r['peak_rss_mb']:.0f} MB",
    }
    for name, value in values.items():
        target = f" [target {_TARGETS[name]}]" if label == "this" else ""
        print(f"{name} ({build}): {value}{target}")


if __name__ == "__main__":
    sys.exit(main())
