"""Speed and memory of the offline engine on typical chat messages.

    python benchmarks/bench_offline.py [--messages N] [--file tests/data/lay_messages.jsonl]

Prints cold start-up (loading the compiled lexicon, in a fresh process), p50/p99 latency per
message, messages/s and MB/s on one core, and peak RSS. Targets: >= 2,000 msgs/s, p99 <= 5 ms,
RSS <= 200 MB, start-up < 2 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT / "tests" / "data" / "lay_messages.jsonl"


def startup_seconds() -> float:
    """Time to import the engine and load the lexicon, measured in a fresh interpreter."""
    code = (
        "import time; t = time.perf_counter(); from ner.offline import Recognizer; "
        "Recognizer(); print(time.perf_counter() - t)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    return float(out.stdout.strip())


def load_messages(path: Path, count: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return [texts[i % len(texts)] for i in range(count)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    args = parser.parse_args()

    cold = startup_seconds()
    sys.path.insert(0, str(ROOT))
    from ner.offline import Recognizer

    recognizer = Recognizer()
    messages = load_messages(args.file, args.messages)
    for text in messages[:500]:  # warm-up
        recognizer.recognize(text)

    latencies: list[float] = []
    started = time.perf_counter()
    for text in messages:
        t0 = time.perf_counter()
        recognizer.recognize(text)
        latencies.append(time.perf_counter() - t0)
    elapsed = time.perf_counter() - started

    latencies.sort()
    megabytes = sum(len(t.encode()) for t in messages) / 1e6
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"messages:          {len(messages)} (from {args.file.name})")
    print(f"start-up (cold):   {cold * 1000:.0f} ms")
    print(f"latency p50:       {statistics.median(latencies) * 1000:.3f} ms")
    print(f"latency p99:       {p99 * 1000:.3f} ms")
    rate = len(messages) / elapsed
    print(f"throughput:        {rate:,.0f} msgs/s, {megabytes / elapsed:.2f} MB/s")
    print(f"peak RSS:          {peak_rss_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
