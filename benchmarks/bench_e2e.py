"""End-to-end updates/s and reply latency through the real PTB stack, SQLite persisted.

    python benchmarks/bench_e2e.py [--messages 1000] [--users 200] [--per-user 10]

The bot runs as ``python -m bot run`` (offline engine, SQLite in a temporary folder) against
the fake Bot API in this process. Each simulated user sends a message, waits for the reply,
then sends the next (a closed loop, like a person chatting). Latency is from injecting the
update into the fake's getUpdates queue to the fake receiving sendMessage for that chat.
Targets: >= 300 updates/s with p99 <= 50 ms; bot RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from _bot import TimedTelegram, ask, bot_process, figure, peak_rss_mb, percentile

MESSAGES = (
    "she was suffering from Malaria and fits so to cure  she used amodiaquine and she has "
    "slightly fever and pain on hip",
    "took 400 mg ibuprofen twice daily for 5 days for knee pain",
    "no fever but a dry cough and shortness of breath since Monday",
    "MRI of the left knee next week, blood test was normal",
    "my son has asthma and uses salbutamol when wheezing",
)


async def user_loop(telegram: TimedTelegram, user_id: int, count: int) -> list[float]:
    latencies = []
    for index in range(count):
        latencies.append(await ask(telegram, user_id, MESSAGES[(user_id + index) % len(MESSAGES)]))
    return latencies


async def scenario(telegram: TimedTelegram, users: int, per_user: int) -> tuple[float, list[float]]:
    """All users chatting at once; returns (updates/s, latencies in seconds)."""
    started = time.perf_counter()
    results = await asyncio.gather(*(user_loop(telegram, 1 + u, per_user) for u in range(users)))
    elapsed = time.perf_counter() - started
    latencies = [x for r in results for x in r]
    telegram.forget_calls()
    return len(latencies) / elapsed, latencies


def report(label: str, rate: float, latencies: list[float]) -> None:
    ms = [x * 1000 for x in latencies]
    print(f"{label}: {len(ms)} updates")
    print(figure(f"e2e {label} throughput", rate, "updates/s", ">= 300"))
    print(figure(f"e2e {label} latency p50", statistics.median(ms), "ms"))
    print(figure(f"e2e {label} latency p99", percentile(ms, 99), "ms", "<= 50"))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="for the single user")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=10)
    parser.add_argument(
        "--max-rate",
        default="0",
        help="MEDNER_TELEGRAM_MAX_RATE for the bot: 0 measures the bot itself; the default "
        "limiter (30 requests/s, two requests per update) caps it at ~15 updates/s",
    )
    args = parser.parse_args()
    print(f"bot started with MEDNER_TELEGRAM_MAX_RATE={args.max_rate}")
    with tempfile.TemporaryDirectory() as tmp:
        async with TimedTelegram() as telegram, bot_process(
            telegram, Path(tmp) / "bench.sqlite3", MEDNER_TELEGRAM_MAX_RATE=args.max_rate
        ) as bot:
            await scenario(telegram, 20, 5)  # warm-up: lexicon pages, SQLite cache, connections
            report("1 user", *await scenario(telegram, 1, args.messages))
            report(f"{args.users} users", *await scenario(telegram, args.users, args.per_user))
            print(figure("e2e bot peak RSS", peak_rss_mb(bot.pid), "MB", "<= 300"))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
