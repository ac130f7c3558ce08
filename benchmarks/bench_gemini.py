"""The Gemini path under a slow model: 200 users at once, the model answering after 1 s.

    python benchmarks/bench_gemini.py [--users 200] [--delay 1.0] [--history 0]

The bot runs as ``python -m bot run`` with Gemini as the default engine, pointed at the fake
Gemini REST server (tests/fakes/gemini_server.py, one thread per connection) which answers
every generateContent after ``--delay`` seconds. Every user sends one message at the same
moment; the figure is the wall time until the last reply reached the fake Bot API, and how
many replies fell back to the offline engine. Target: 200 users <= 2 s in total.

With ``--history N`` every user first sends N messages (answered at once), so the burst is
made of returning users whose chats hold N earlier turns: google-genai re-validates and
converts every content of a chat on each request, so this is the figure the history window
(MEDNER_HISTORY_WINDOW) moves.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from _bot import TimedTelegram, ask, bot_process, figure, peak_rss_mb, percentile

from tests.fakes.gemini_server import FakeGemini, Recorded, Reply, entities_reply

KEY = "bench-gemini-key"
TEXT = "she has fever and malaria"


@dataclass
class SlowModel:
    """The fake model's answer, after ``delay_s`` (changed between phases of the benchmark)."""

    delay_s: float

    def __call__(self, request: Recorded) -> Reply:
        return entities_reply(("fever", "SYMPTOM"), ("malaria", "DISEASE"), delay_s=self.delay_s)


def slow_model(model: SlowModel) -> FakeGemini:
    return FakeGemini(responder=model, require_api_key=KEY)


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


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument(
        "--history", type=int, default=0, help="earlier turns each user has before the burst"
    )
    parser.add_argument("--max-rate", default="0", help="MEDNER_TELEGRAM_MAX_RATE for the bot")
    args = parser.parse_args()
    print(f"bot started with MEDNER_TELEGRAM_MAX_RATE={args.max_rate}")
    model = SlowModel(delay_s=args.delay)
    with tempfile.TemporaryDirectory() as tmp, slow_model(model) as gemini:
        async with (
            TimedTelegram() as telegram,
            bot_process(
                telegram,
                Path(tmp) / "bench.sqlite3",
                MEDNER_TELEGRAM_MAX_RATE=args.max_rate,
                GEMINI_API_KEY=KEY,
                GOOGLE_GEMINI_BASE_URL=gemini.base_url,
                MEDNER_DEFAULT_ENGINE="gemini",
            ) as bot,
        ):
            await burst(telegram, 5, 100_000)  # warm-up: SDK client, connections
            if args.history:
                model.delay_s = 0.0
                await earlier_turns(telegram, args.users, 1, args.history)
                model.delay_s = args.delay
            telegram.forget_calls()
            wall, latencies = await burst(telegram, args.users, 1)
            fell_back = fallbacks(telegram)
            rss = peak_rss_mb(bot.pid)
    ms = [x * 1000 for x in latencies]
    print(f"{args.users} users at once, model answering after {args.delay:.1f} s")
    returning = f" with {args.history} earlier turns" if args.history else ""
    print(figure(f"gemini {args.users} users{returning} wall time", wall, "s", "<= 2"))
    print(figure("gemini reply latency p50", statistics.median(ms), "ms"))
    print(figure("gemini reply latency p99", percentile(ms, 99), "ms"))
    print(figure("gemini replies that fell back to offline", fell_back, "replies", "0"))
    print(figure("gemini bot peak RSS", rss, "MB", "<= 300"))
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
