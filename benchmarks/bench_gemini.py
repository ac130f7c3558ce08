"""The Gemini path under a slow model: 200 new users at once, the model answering after 1 s.

    python benchmarks/bench_gemini.py [--users 200] [--delay 1.0] [--history 0]
        [--baseline DIR --rounds 3] [--cpu 0] [--demonstrations N]

The bot runs as ``python -m bot run`` with Gemini as the default engine, pointed at the fake
Gemini REST server (tests/fakes/gemini_server.py, one thread per connection) which answers
every generateContent after ``--delay`` seconds. Every user sends one message at the same
moment; the figure is the wall time until the last reply reached the fake Bot API, how many
replies fell back to the offline engine, and the bot's CPU time per message during the burst.
Every chat is seeded with the few-shot examples as turns (MEDNER_GEMINI_DEMONSTRATION_TURNS,
default 4, for both builds). Target: 200 new users <= 2.5 s in total.

``--cpu N`` pins the bot to that one core (and this process, with the fakes, to the others),
so the figure is what one core serves. ``--baseline DIR`` runs the previous build from DIR
(e.g. ``git archive main | tar -x -C DIR``) in the same run: the two builds alternate, round
after round (ABBA order), so a machine that slows down mid-run slows both alike.

With ``--history N`` every user first sends N messages (answered at once), so the burst is
made of returning users whose chats hold N earlier turns: the SDK converts every content of a
chat on each request, so this is the figure the history window (MEDNER_HISTORY_WINDOW) moves.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from _bot import ROOT, TimedTelegram, ask, bot_process, figure, peak_rss_mb, percentile

from tests.fakes.gemini_server import FakeGemini, Recorded, Reply, entities_reply

KEY = "bench-gemini-key"
TEXT = "she has fever and malaria"


@dataclass
class SlowModel:
    """The fake model's answer, after ``delay_s`` (changed between phases of the benchmark)."""

    delay_s: float
    contents: list[int] = field(default_factory=list)

    def __call__(self, request: Recorded) -> Reply:
        self.contents.append(len(request.contents))
        return entities_reply(("fever", "SYMPTOM"), ("malaria", "DISEASE"), delay_s=self.delay_s)


def slow_model(model: SlowModel) -> FakeGemini:
    # Timing only: the previous build sends no thinking configuration, so the fake's promise
    # checks (which the tests run) are off here; the contents sent are counted instead.
    return FakeGemini(responder=model, require_api_key=KEY, seed_pairs=0, require_thinking=False)


@dataclass
class Run:
    """One bot process's burst."""

    wall_s: float
    latencies_s: list[float]
    fell_back: int
    cpu_ms_per_message: float
    rss_mb: float
    contents: int


async def burst(telegram: TimedTelegram, users: int, first_id: int) -> tuple[float, list[float]]:
    """Every user sends one message at once; (wall seconds, per-user latencies)."""
    started = time.perf_counter()
    latencies = await asyncio.gather(*(ask(telegram, first_id + u, TEXT) for u in range(users)))
    return time.perf_counter() - started, list(latencies)


async def earlier_turns(telegram: TimedTelegram, users: int, first_id: int, turns: int) -> None:
    """Each user sends ``turns`` messages, one after another; all users at once."""

    async def converse(user_id: int) -> None:
        for _ in range(turns):
            await ask(telegram, user_id, TEXT)

    await asyncio.gather(*(converse(first_id + u) for u in range(users)))


def fallbacks(telegram: TimedTelegram) -> int:
    """Replies that carry the fallback note: Gemini did not answer in time."""
    return sum("ℹ️" in c.text for c in telegram.calls_to("sendMessage"))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (from /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def one_run(args: argparse.Namespace, root: Path) -> Run:
    model = SlowModel(delay_s=args.delay)
    with tempfile.TemporaryDirectory() as tmp, slow_model(model) as gemini:
        async with (
            TimedTelegram() as telegram,
            bot_process(
                telegram,
                Path(tmp) / "bench.sqlite3",
                root=root,
                MEDNER_TELEGRAM_MAX_RATE=args.max_rate,
                GEMINI_API_KEY=KEY,
                GOOGLE_GEMINI_BASE_URL=gemini.base_url,
                MEDNER_DEFAULT_ENGINE="gemini",
                MEDNER_GEMINI_DEMONSTRATION_TURNS=str(args.demonstrations),
            ) as bot,
        ):
            if args.cpu is not None:
                os.sched_setaffinity(bot.pid, {args.cpu})
            await burst(telegram, 5, 100_000)  # warm-up: SDK client, connections
            if args.history:
                model.delay_s = 0.0
                await earlier_turns(telegram, args.users, 1, args.history)
                model.delay_s = args.delay
            telegram.forget_calls()
            model.contents.clear()
            cpu_before = cpu_seconds(bot.pid)
            wall, latencies = await burst(telegram, args.users, 1)
            cpu = cpu_seconds(bot.pid) - cpu_before
            fell_back = fallbacks(telegram)
            rss = peak_rss_mb(bot.pid)
    contents = max(model.contents, default=0)
    return Run(wall, latencies, fell_back, cpu * 1000 / args.users, rss, contents)


def report(label: str, runs: list[Run], args: argparse.Namespace) -> None:
    walls = [run.wall_s for run in runs]
    ms = [x * 1000 for run in runs for x in run.latencies_s]
    returning = f" with {args.history} earlier turns" if args.history else ""
    name = f"gemini{label} {args.users} users{returning}"
    rounds = ", ".join(f"{w:.2f}" for w in walls)
    print(f"{label.strip() or 'this build'} wall time per round = {rounds} s")
    print(f"{label.strip() or 'this build'} contents per request = {runs[0].contents}")
    print(figure(f"{name} wall time (median)", statistics.median(walls), "s", "<= 2.5"))
    print(figure(f"{name} reply latency p50", statistics.median(ms), "ms"))
    print(figure(f"{name} reply latency p99", percentile(ms, 99), "ms"))
    cpu = statistics.median(run.cpu_ms_per_message for run in runs)
    print(figure(f"{name} bot CPU per message (median)", cpu, "ms"))
    print(figure(f"{name} replies that fell back", sum(r.fell_back for r in runs), "replies", "0"))
    print(figure(f"{name} peak RSS", max(r.rss_mb for r in runs), "MB", "<= 300"))


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument(
        "--history", type=int, default=0, help="earlier turns each user has before the burst"
    )
    parser.add_argument("--max-rate", default="0", help="MEDNER_TELEGRAM_MAX_RATE for the bot")
    parser.add_argument("--demonstrations", type=int, default=4, help="few-shot turns per chat")
    parser.add_argument("--cpu", type=int, default=None, help="pin the bot to this one core")
    parser.add_argument("--baseline", type=Path, default=None, help="previous build's tree")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if args.cpu is not None:
        others = (os.sched_getaffinity(0) - {args.cpu}) or {args.cpu}
        os.sched_setaffinity(0, others)
    print(f"bot started with MEDNER_TELEGRAM_MAX_RATE={args.max_rate}")
    print(f"{args.users} users at once, model answering after {args.delay:.1f} s")
    builds = {"": ROOT}
    if args.baseline is not None:
        builds[" baseline"] = args.baseline.resolve()
    runs: dict[str, list[Run]] = {label: [] for label in builds}
    order = list(builds)
    for index in range(args.rounds):
        for label in order if index % 2 == 0 else reversed(order):
            runs[label].append(await one_run(args, builds[label]))
    for label in order:
        report(label, runs[label], args)
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
