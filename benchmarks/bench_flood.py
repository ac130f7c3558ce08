"""One user floods the bot; how long does everyone else wait? This build against a previous one.

    python benchmarks/bench_flood.py [--messages 1000] [--samples 40] [--rate-limit 30]
                                     [--baseline REF | --no-baseline]

The bot runs as ``python -m bot run`` (long polling, offline engine, SQLite in a temporary
folder) against the fake Bot API in this process. One user sends ``--messages`` messages as fast
as they can be put in the fake's queue; meanwhile ``--samples`` other users write one message
each, one after the other (each waits for its answer, then 25 ms pass before the next). The
figure that matters is their reply time: its p99 must stay within a second however long the
flooder's backlog is. The flooder's replies are counted too: the bot should answer a flood with
one notice, not one per message. ``--rate-limit 0`` measures the fairness of the bot's
concurrency alone, every one of the flood's messages being analysed.

The same scenario runs first on the build at ``--baseline`` (default ``HEAD~1``: the commit
before the last, which after a merge is the main line before it), exported with ``git archive``
into a temporary folder and run from there, then on this working tree, so the two are compared
on the same machine in the same minute. Target: the other users' p99 <= 1,000 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

from _bot import ROOT, TimedTelegram, bot_env, figure, percentile

FLOODER, WARM_UP, OTHERS = 1, 100, 1000
TEXT = "took 400 mg ibuprofen twice daily for 5 days for knee pain"


def export(ref: str, into: Path) -> Path:
    """The tree of ``ref`` as plain files (``git archive``: the repository is not touched)."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", ref], cwd=ROOT, capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


@contextlib.asynccontextmanager
async def bot_from(
    tree: Path, telegram: TimedTelegram, db_path: Path, rate_limit: int
) -> AsyncIterator[asyncio.subprocess.Process]:
    """``python -m bot run`` from ``tree`` (its packages first on the path), polling the fake."""
    env = bot_env(telegram, db_path)
    env["MEDNER_RATE_LIMIT"] = str(rate_limit)
    env["PYTHONPATH"] = str(tree)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run",
        cwd=tree, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        await telegram.polling_started(within=60)
        yield process
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), 30)


async def other_users(telegram: TimedTelegram, samples: int, first_id: int) -> list[float]:
    """People writing normally during the flood, one message each (so none of them is near
    the rate limit), one after the other: seconds until each answer arrived."""
    waits = []
    for user_id in range(first_id, first_id + samples):
        reply = telegram.expect_reply(user_id)
        started = time.perf_counter()
        telegram.send(telegram.user(user_id), TEXT)
        waits.append(await asyncio.wait_for(reply, 120) - started)
        await asyncio.sleep(0.025)
    return waits


async def scenario(
    tree: Path, messages: int, samples: int, rate_limit: int
) -> tuple[list[float], int]:
    """(the other user's reply times, how many replies the flooder got)."""
    with tempfile.TemporaryDirectory() as tmp:
        async with (
            TimedTelegram() as telegram,
            bot_from(tree, telegram, Path(tmp) / "bench.sqlite3", rate_limit),
        ):
            await other_users(telegram, 3, WARM_UP)  # lexicon, SQLite cache, connections
            telegram.forget_calls()
            flooder = telegram.user(FLOODER)
            for _ in range(messages):
                telegram.send(flooder, TEXT)
            waits = await other_users(telegram, samples, OTHERS)
            await asyncio.sleep(1.0)  # let the flood's last replies arrive before counting
            replies = len(telegram.calls_to("sendMessage", chat_id=FLOODER))
    return waits, replies


def report(build: str, waits: list[float], replies: int, messages: int, target: bool) -> None:
    ms = [w * 1000 for w in waits]
    print(f"({build}) {len(ms)} other users' replies while {messages} messages flooded in")
    print(figure(f"others' reply p50 ({build})", statistics.median(ms), "ms"))
    p99 = percentile(ms, 99)
    print(figure(f"others' reply p99 ({build})", p99, "ms", "<= 1000" if target else ""))
    print(figure(f"others' reply max ({build})", max(ms), "ms"))
    print(figure(f"replies to the flooder ({build})", replies, f"of {messages} messages"))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="the flooder's messages")
    parser.add_argument("--samples", type=int, default=40, help="the other user's messages")
    parser.add_argument(
        "--rate-limit", type=int, default=30, help="MEDNER_RATE_LIMIT (30: the default)"
    )
    parser.add_argument("--baseline", default="HEAD~1", help="git ref of the build to compare")
    parser.add_argument("--no-baseline", action="store_true", help="this build only")
    args = parser.parse_args()
    print(f"MEDNER_RATE_LIMIT={args.rate_limit}")
    if not args.no_baseline:
        with tempfile.TemporaryDirectory() as tmp:
            tree = export(args.baseline, Path(tmp))
            waits, replies = await scenario(tree, args.messages, args.samples, args.rate_limit)
        report(f"baseline {args.baseline}", waits, replies, args.messages, target=False)
    waits, replies = await scenario(ROOT, args.messages, args.samples, args.rate_limit)
    report("this build", waits, replies, args.messages, target=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
