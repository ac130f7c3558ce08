"""Turn the hand-annotated markup files into the evaluation JSONL format.

    python tests/data/make_jsonl.py

Markup: ``[surface](LABEL)``, or ``[surface](LABEL!)`` for a negated mention. Offsets are
computed here, so the annotations are written as text and can never be off by one; the script
also checks that every span slices the text exactly. Lines starting with ``#`` are comments.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAIRS = (("lay_dev.txt", "lay_dev.jsonl"), ("lay_messages.txt", "lay_messages.jsonl"))
MARKUP = re.compile(r"\[(?P<surface>[^\[\]]+)\]\((?P<label>[A-Z_]+)(?P<neg>!?)\)")
LABELS = {"DISEASE", "SYMPTOM", "DRUG", "DOSAGE", "BODY_PART", "PROCEDURE"}


def convert_line(line: str) -> dict[str, object]:
    text_parts: list[str] = []
    entities: list[dict[str, object]] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    length = 0
    for match in MARKUP.finditer(line):
        plain = line[position : match.start()]
        text_parts.append(plain)
        length += len(plain)
        surface, label = match["surface"], match["label"]
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in: {line}")
        offsets.append((length, length + len(surface)))
        entities.append(
            {
                "start": length,
                "end": length + len(surface),
                "label": label,
                "negated": bool(match["neg"]),
            }
        )
        text_parts.append(surface)
        length += len(surface)
        position = match.end()
    text_parts.append(line[position:])
    text = "".join(text_parts)
    for (start, end), match in zip(offsets, MARKUP.finditer(line), strict=True):
        if text[start:end] != match["surface"]:
            raise ValueError(f"offset check failed in: {line}")
    return {"text": text, "entities": entities}


def main() -> int:
    for source, target in PAIRS:
        lines = [
            line.rstrip("\n")
            for line in (HERE / source).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        ]
        records = [convert_line(line) for line in lines]
        with (HERE / target).open("w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(f"{source}: {len(records)} messages -> {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
