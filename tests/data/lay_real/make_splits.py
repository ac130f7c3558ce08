"""Check the hand annotations of the real-language set and write its dev, test and train splits.

    python tests/data/lay_real/make_splits.py

``annotated.txt`` holds one line per message of ``candidates.tsv``: the candidate's line number,
a tab and the message marked up as ``[surface](LABEL)`` / ``[surface](LABEL!)`` (the number
alone when the message has no entity). The markup is stripped and the result must equal the
candidate text exactly, so no message is ever edited by accident; offsets are computed here.

Messages from the first ``POOL_LINES`` candidate lines form the scored pool, split 60/40 into dev
and test by a hash of the post they come from (the messages of one post never straddle the
split); annotated lines beyond the pool go to the train split.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from make_jsonl import convert_line  # type: ignore[import-not-found]  # noqa: E402

POOL_LINES = 580
DEV_SHARE = 6  # of 10 hash buckets


def read_candidates() -> list[tuple[str, str]]:
    rows = (HERE / "candidates.tsv").read_text(encoding="utf-8").splitlines()
    return [tuple(row.split("\t", 1)) for row in rows]  # type: ignore[misc]


def read_annotations(candidates: list[tuple[str, str]]) -> dict[int, dict[str, object]]:
    records: dict[int, dict[str, object]] = {}
    lines = (HERE / "annotated.txt").read_text(encoding="utf-8").splitlines()
    for raw in lines:
        if not raw.strip() or raw.startswith("#"):
            continue
        number_text, _, markup = raw.partition("\t")
        number = int(number_text)
        if number in records:
            raise ValueError(f"line {number} is annotated twice")
        post, text = candidates[number - 1]
        record = convert_line(markup) if markup else {"text": text, "entities": []}
        if record["text"] != text:
            raise ValueError(f"line {number}: the markup does not reproduce the message")
        records[number] = {"text": text, "entities": record["entities"], "post": post}
    return records


def split_of(number: int, post: str) -> str:
    if number > POOL_LINES:
        return "train"
    bucket = int(hashlib.sha1(post.encode("utf-8")).hexdigest(), 16) % 10
    return "dev" if bucket < DEV_SHARE else "test"


def main() -> int:
    candidates = read_candidates()
    records = read_annotations(candidates)
    missing = [
        n for n in range(1, min(POOL_LINES, max(records, default=0)) + 1) if n not in records
    ]
    if missing:
        raise ValueError(f"pool lines not annotated: {missing[:10]}")
    splits: dict[str, list[dict[str, object]]] = {"dev": [], "test": [], "train": []}
    for number in sorted(records):
        record = records[number]
        splits[split_of(number, str(record["post"]))].append(record)
    for name, rows in splits.items():
        if not rows:
            continue
        with (HERE / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        spans = sum(len(row["entities"]) for row in rows)  # type: ignore[misc,arg-type]
        print(f"{name}: {len(rows)} messages, {spans} entities")
    return 0


if __name__ == "__main__":
    sys.exit(main())
