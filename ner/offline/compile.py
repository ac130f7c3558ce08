"""Compile the lexicon and the concept tables into ``ner/data`` (run after data edits).

    python -m ner.offline.compile

The engine loads the shipped file when its embedded key matches the installed vocabulary
versions and data files; otherwise it rebuilds into the user cache, so a stale file costs time,
never correctness.
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from ner.offline._concepts import SHIPPED_CARDS, SHIPPED_NAMES, build_tables, dump_table
from ner.offline._concepts import cache_key as concepts_cache_key
from ner.offline._equivalence import SHIPPED_EQUIVALENCES, derive, dump
from ner.offline._lexicon import (
    SHIPPED_LEXICON,
    build_lexicon,
    cache_key,
    dump_compiled,
    key_parts,
)

#: Sidecar naming what the shipped build was made from, so a test can tell "data edited but not
#: recompiled" (a mistake) from "different vocabulary versions installed" (rebuilt at run time).
KEY_FILE = "lexicon.key.json"


def main() -> int:
    started = time.perf_counter()
    lexicon = build_lexicon()
    payload = gzip.compress(dump_compiled(lexicon, cache_key()), compresslevel=9, mtime=0)
    target = Path(__file__).resolve().parents[1] / "data" / SHIPPED_LEXICON
    target.write_bytes(payload)
    sidecar = json.dumps(key_parts(), indent=2, sort_keys=True) + "\n"
    (target.parent / KEY_FILE).write_text(sidecar, encoding="utf-8")
    key = concepts_cache_key()
    names, cards = build_tables()
    for filename, table in ((SHIPPED_NAMES, names), (SHIPPED_CARDS, cards)):
        (target.parent / filename).write_bytes(dump_table(table, key))
    pairs = derive()
    (target.parent / SHIPPED_EQUIVALENCES).write_text(dump(pairs), encoding="utf-8")
    elapsed = time.perf_counter() - started
    print(f"{len(names)} concepts, {len(pairs)} HPO -> ICD-10-CM pairs -> {target.parent}")
    print(f"{len(lexicon)} keys -> {target} ({len(payload) / 1e6:.1f} MB) in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
