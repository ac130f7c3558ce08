"""End-to-end updates/s and reply latency through the real PTB stack, SQLite persisted.

    python benchmarks/bench_e2e.py [--messages 1000] [--users 200] [--per-user 10]
                                   [--rate 300] [--seconds 10]

The bot runs as ``python -m bot run`` (offline engine, SQLite in a temporary folder) against
the fake Bot API in this process. Latency is from injecting the update into the fake's
getUpdates queue to the fake receiving sendMessage for that chat. Three scenarios:

* one user chatting (send, wait for the answer, send the next): the reply latency a person
  sees, and how many answers one conversation gets per second;
* 200 users at a steady offered load of ``--rate`` updates/s (an open loop: messages arrive on
  schedule whether or not earlier ones were answered, as they do from real users): the latency
  under that load, and whether the bot keeps up;
* 200 users all chatting as fast as the bot answers (a closed loop): the bot's capacity. With
  every user always waiting, each reply waits behind the other 199 users' messages, so latency
  here is 200 / capacity by Little's law, not a responsiveness figure.

Targets: >= 300 updates/s with p99 <= 50 ms; bot RSS <= 300 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import random
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


async def closed_loop(
    telegram: TimedTelegram, users: int, per_user: int
) -> tuple[float, list[float]]:
    """All users chatting at once; returns (updates/s, latencies in seconds)."""
    started = time.perf_counter()
    results = await asyncio.gather(*(user_loop(telegram, 1 + u, per_user) for u in range(users)))
    elapsed = time.perf_counter() - started
    latencies = [x for r in results for x in r]
    telegram.forget_calls()
    return len(latencies) / elapsed, latencies


async def open_loop(
    telegram: TimedTelegram, users: int, rate: float, seconds: float
) -> tuple[float, list[float]]:
    """Messages arriving at ``rate`` per second (Poisson, like independent people), from
    ``users`` users in turn; returns (updates/s answered, latencies in seconds)."""
    arrivals = random.Random(300)
    tasks: list[asyncio.Task[float]] = []
    started = time.perf_counter()
    due = started
    for index in range(int(rate * seconds)):
        due += arrivals.expovariate(rate)
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        text = MESSAGES[index % len(MESSAGES)]
        tasks.append(asyncio.create_task(ask(telegram, 1 + index % users, text)))
    latencies = list(await asyncio.gather(*tasks))
    elapsed = time.perf_counter() - started
    telegram.forget_calls()
    return len(latencies) / elapsed, latencies


def report(
    label: str, rate: float, latencies: list[float], *, latency_target: bool, offered: bool = False
) -> None:
    """Throughput and latency lines. In an open loop the rate is the offered one, less the
    drain after the last arrival: whether the bot kept up shows in the latency."""
    ms = [x * 1000 for x in latencies]
    print(f"{label}: {len(ms)} updates")
    if offered:
        print(figure(f"e2e {label} answered", rate, "updates/s"))
    else:
        print(figure(f"e2e {label} throughput", rate, "updates/s", ">= 300"))
    print(figure(f"e2e {label} latency p50", statistics.median(ms), "ms"))
    target = "<= 50" if latency_target else ""
    print(figure(f"e2e {label} latency p99", percentile(ms, 99), "ms", target))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="for the single user")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=10, help="for the capacity run")
    parser.add_argument("--rate", type=float, default=300.0, help="offered load, updates/s")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the load run")
    parser.add_argument(
        "--max-rate",
        default="0",
        help="MEDNER_TELEGRAM_MAX_RATE for the bot: 0 measures the bot itself; the default "
        "limiter (30 requests/s, one sendMessage per offline answer) caps it at 30 updates/s",
    )
    args = parser.parse_args()
    print(f"bot started with MEDNER_TELEGRAM_MAX_RATE={args.max_rate}")
    with tempfile.TemporaryDirectory() as tmp:
        async with (
            TimedTelegram() as telegram,
            bot_process(
                telegram, Path(tmp) / "bench.sqlite3", MEDNER_TELEGRAM_MAX_RATE=args.max_rate
            ) as bot,
        ):
            await closed_loop(telegram, 20, 5)  # warm-up: lexicon, SQLite cache, connections
            one = await closed_loop(telegram, 1, args.messages)
            report("1 user", *one, latency_target=True)
            load = await open_loop(telegram, args.users, args.rate, args.seconds)
            label = f"{args.users} users at {args.rate:g}/s"
            report(label, *load, latency_target=True, offered=True)
            busy = await closed_loop(telegram, args.users, args.per_user)
            report(f"{args.users} users flat out (capacity)", *busy, latency_target=False)
            print(figure("e2e bot peak RSS", peak_rss_mb(bot.pid), "MB", "<= 300"))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
