"""SQLite /history latency with a large store: p50/p99 of one user's latest page.

    python benchmarks/bench_storage.py [--rows 1000000] [--users 10000] [--queries 2000]

Rows are bulk-loaded straight into a schema created by SQLiteStore (the API's one transaction
per message would take far longer than the measurement); the queries then go through the
real ConversationService.history path.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from ner import EngineRegistry
from ner.offline import OfflineEngine
from service import ConversationService
from storage import SQLiteStore

_ENTITIES = json.dumps(
    [{"text": "fever", "label": "SYMPTOM", "start": 7, "end": 12, "negated": False, "code": None}]
)


def _bulk_load(path: Path, rows: int, users: int) -> None:
    db = sqlite3.connect(path)
    now = datetime.now(UTC).isoformat()
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO users (user_id, engine, epoch, created_at, updated_at) "
        "VALUES (?, NULL, 0, ?, ?)",
        ((u, now, now) for u in range(1, users + 1)),
    )
    db.executemany(
        "INSERT INTO messages (id, user_id, chat_id, text, epoch, created_at) "
        "VALUES (?, ?, ?, ?, 0, ?)",
        (
            (i, 1 + i % users, 1 + i % users, f"I have fever number {i}", now)
            for i in range(1, rows + 1)
        ),
    )
    db.executemany(
        "INSERT INTO results (message_id, entities, engine, latency_ms, created_at, replied_at) "
        "VALUES (?, ?, 'local', 0.2, ?, ?)",
        ((i, _ENTITIES, now, now) for i in range(1, rows + 1)),
    )
    db.execute("COMMIT")
    db.close()


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


async def _measure(path: Path, users: int, queries: int) -> list[float]:
    store = SQLiteStore(path)
    await store.open()
    service = ConversationService(store, EngineRegistry([OfflineEngine()]))
    rng = random.Random(7)
    timings = []
    for _ in range(queries):
        user = rng.randint(1, users)
        started = time.perf_counter()
        page = await service.history(user, 5)
        timings.append((time.perf_counter() - started) * 1000)
        assert page.items, "every user has history"
    await store.close()
    return timings


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite3"
        store = SQLiteStore(path)
        await store.open()
        await store.close()
        started = time.perf_counter()
        _bulk_load(path, args.rows, args.users)
        loaded = time.perf_counter() - started
        print(f"loaded {args.rows:,} messages for {args.users:,} users in {loaded:.1f} s")
        timings = await _measure(path, args.users, args.queries)
    rows = f"{args.rows:,} rows"
    print(f"/history (5 newest, with the total) over {args.queries:,} queries")
    print(f"FIGURE /history p50 at {rows}: {statistics.median(timings):.2f} ms")
    print(f"FIGURE /history p99 at {rows}: {_percentile(timings, 99):.2f} ms  [target <= 10]")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"FIGURE storage peak RSS: {peak_mb:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
