"""Run every benchmark, each in its own process, and print all figures in one table.

    python benchmarks/run_all.py [--quick] [--only e2e,gemini] [--repeat 5]

Each script runs as a subprocess (so one's memory or threads cannot skew another's) with this
interpreter. Every "name: value" line a script prints becomes a row; lines from this folder's
own scripts carry a target in brackets, the others' are matched to the targets of issue 5 here.

Before and after the benchmarks it times a fixed pure-Python loop: on a shared virtual machine
the same code can run a third slower from one minute to the next, and every figure here moves
with it, so the reference says how fast the machine was while they were measured. For the same
reason ``--repeat N`` runs everything N times (one round after another) and gives each figure
as its median with the lowest and highest value seen.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BENCHMARKS: dict[str, tuple[list[str], list[str]]] = {
    # name: (full arguments, --quick arguments)
    "offline": (
        ["bench_offline.py"],
        ["bench_offline.py", "--messages", "2000", "--rounds", "1"],
    ),
    "storage": (["bench_storage.py"], ["bench_storage.py", "--rows", "100000", "--users", "1000"]),
    "e2e": (
        ["bench_e2e.py"],
        ["bench_e2e.py", "--messages", "300", "--per-user", "3", "--seconds", "3"],
    ),
    "gemini": (["bench_gemini.py"], ["bench_gemini.py"]),
    "flood": (
        ["bench_flood.py"],
        ["bench_flood.py", "--messages", "300", "--samples", "20"],
    ),
}

TARGETS = {
    # (benchmark, pattern in the row name): target, for scripts that print no target of their own
    ("offline", "latency p99"): "<= 10 ms",
    ("offline", "throughput"): ">= 500 msgs/s",
    ("offline", "peak rss"): "<= 400 MB",
}

_FIGURE = re.compile(
    r"^(?:FIGURE )?(?P<name>[^:\[\]]{2,80}?):\s+(?P<value>.+?)"
    r"(?:\s+\[target (?P<target>[^\]]+)\])?$"
)


@dataclass
class Row:
    benchmark: str
    name: str
    value: str
    target: str


def parse(benchmark: str, output: str) -> list[Row]:
    rows = []
    for line in output.splitlines():
        match = _FIGURE.match(line.strip())
        if match is None:
            continue
        name, value = match["name"].strip(), match["value"].strip()
        target = match["target"] or _known_target(benchmark, name)
        rows.append(Row(benchmark, name, value, target))
    return rows


def _known_target(benchmark: str, name: str) -> str:
    lowered = name.lower()
    return next((t for (b, p), t in TARGETS.items() if b == benchmark and p in lowered), "")


def run(benchmark: str, arguments: list[str]) -> tuple[list[Row], float]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, str(HERE / arguments[0]), *arguments[1:]],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    elapsed = time.perf_counter() - started
    sys.stderr.write(f"--- {benchmark} ({elapsed:.0f} s, exit {done.returncode})\n{done.stdout}")
    if done.returncode != 0:
        sys.stderr.write(done.stderr[-2000:])
        return [Row(benchmark, "FAILED", f"exit {done.returncode}", "")], elapsed
    return parse(benchmark, done.stdout), elapsed


REFERENCE_LOOP = 2_000_000


def reference_ms() -> float:
    """Best of five timings of a fixed loop of integer additions, in ms (lower is faster)."""
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for number in range(REFERENCE_LOOP):
            total += number
        best = min(best, time.perf_counter() - started)
    return best * 1000


def reference_row(when: str) -> Row:
    return Row("machine", f"reference loop {when}", f"{reference_ms():.0f} ms", "")


_NUMBER = re.compile(r"^-?[\d,]*\.?\d+")


def summarise(rounds: list[list[Row]]) -> list[Row]:
    """One row per figure: the median of its rounds and their range, in the first round's
    order; a figure with no leading number (a count's description) keeps its first value."""
    seen: dict[tuple[str, str], list[Row]] = {}
    for round_rows in rounds:
        for row in round_rows:
            seen.setdefault((row.benchmark, row.name), []).append(row)
    return [_summary(rows) for rows in seen.values()]


def _summary(rows: list[Row]) -> Row:
    first = rows[0]
    numbers = [_NUMBER.match(r.value) for r in rows]
    if len(rows) == 1 or any(n is None for n in numbers):
        return first
    values = [float(n.group().replace(",", "")) for n in numbers if n is not None]
    if min(values) == max(values):
        return first
    unit = first.value[numbers[0].end() :] if numbers[0] is not None else ""
    unit = unit.split(",")[0].rstrip()  # "7,700 msgs/s, 0.32 MB/s": the first figure only
    median = statistics.median(values)
    spread = f"{_number(min(values))}-{_number(max(values))}"
    return Row(first.benchmark, first.name, f"{_number(median)}{unit} ({spread})", first.target)


def _number(value: float) -> str:
    if abs(value) >= 100 or value.is_integer():
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def table(rows: list[Row]) -> str:
    headers = ("benchmark", "figure", "value", "target")
    cells = [headers, *((r.benchmark, r.name, r.value, r.target) for r in rows)]
    widths = [max(len(row[i]) for row in cells) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, about a minute")
    parser.add_argument("--only", default="", help="subset: " + ",".join(BENCHMARKS))
    parser.add_argument("--repeat", type=int, default=1, help="rounds; figures become medians")
    args = parser.parse_args()
    chosen = [b for b in BENCHMARKS if not args.only or b in args.only.split(",")]
    rounds: list[list[Row]] = []
    for _ in range(max(1, args.repeat)):
        rows: list[Row] = [reference_row("before")]
        for benchmark in chosen:
            full, quick = BENCHMARKS[benchmark]
            found, _ = run(benchmark, quick if args.quick else full)
            rows.extend(found)
        rows.append(reference_row("after"))
        rounds.append(rows)
    rows = summarise(rounds)
    print(table(rows))
    return 0 if all(r.name != "FAILED" for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
