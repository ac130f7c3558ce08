"""Turn ``assertions.txt`` (assertions and relations markup) into ``assertions.jsonl``.

    python tests/data/make_assertions.py

Markup (docs/annotation.md, "Assertions and relations"): ``[surface](LABEL flags)`` where
flags are ``!`` (negated, right after the label), ``fam:WORD``, ``oth:WORD``, ``pos``, ``hyp``,
``hist``, ``#id`` and ``>id``. Offsets and relation indices are computed here and checked, so
the annotations are written as text and can never be off by one. ``--check`` only verifies
that the JSONL is up to date.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE, TARGET = HERE / "assertions.txt", HERE / "assertions.jsonl"
MARKUP = re.compile(
    r"\[(?P<surface>[^\[\]]+)\]\((?P<label>[A-Z_]+)(?P<neg>!?)(?P<flags>(?: [^()\s]+)*)\)"
)
LABELS = {"DISEASE", "SYMPTOM", "DRUG", "DOSAGE", "BODY_PART", "PROCEDURE"}
RELATION_TYPES = {
    ("DOSAGE", "DRUG"): "dosage_of",
    ("BODY_PART", "SYMPTOM"): "site_of",
    ("BODY_PART", "DISEASE"): "site_of",
}


def _apply_flag(entity: dict[str, object], flag: str, line: str) -> tuple[str | None, str | None]:
    """Set ``flag`` on ``entity``; returns (id defined, id pointed at)."""
    if flag.startswith(("fam:", "oth:")):
        entity["subject"] = "family" if flag.startswith("fam:") else "other"
        entity["subject_word"] = flag[4:].replace("_", " ")
    elif flag in ("pos", "hyp"):
        entity["certainty"] = "possible" if flag == "pos" else "hypothetical"
    elif flag == "hist":
        entity["historical"] = True
    elif flag.startswith("#"):
        return flag[1:], None
    elif flag.startswith(">"):
        return None, flag[1:]
    else:
        raise ValueError(f"unknown flag {flag!r} in: {line}")
    return None, None


def convert_line(line: str) -> dict[str, object]:
    text_parts: list[str] = []
    entities: list[dict[str, object]] = []
    ids: dict[str, int] = {}
    pointers: list[tuple[int, str]] = []
    position = length = 0
    for match in MARKUP.finditer(line):
        plain = line[position : match.start()]
        text_parts.append(plain)
        length += len(plain)
        surface, label = match["surface"], match["label"]
        if label not in LABELS:
            raise ValueError(f"unknown label {label!r} in: {line}")
        entity: dict[str, object] = {
            "start": length,
            "end": length + len(surface),
            "label": label,
            "negated": bool(match["neg"]),
            "subject": "patient",
            "certainty": "certain",
            "historical": False,
        }
        for flag in match["flags"].split():
            defined, pointed = _apply_flag(entity, flag, line)
            if defined is not None:
                ids[defined] = len(entities)
            if pointed is not None:
                pointers.append((len(entities), pointed))
        entities.append(entity)
        text_parts.append(surface)
        length += len(surface)
        position = match.end()
    text_parts.append(line[position:])
    text = "".join(text_parts)
    for entity, match in zip(entities, MARKUP.finditer(line), strict=True):
        if text[int(entity["start"]) : int(entity["end"])] != match["surface"]:  # type: ignore[call-overload]
            raise ValueError(f"offset check failed in: {line}")
    relations = []
    for source, name in pointers:
        if name not in ids:
            raise ValueError(f"relation to unknown #{name} in: {line}")
        target = ids[name]
        kind = RELATION_TYPES.get((str(entities[source]["label"]), str(entities[target]["label"])))
        if kind is None:
            raise ValueError(f"no relation joins these labels (#{name}) in: {line}")
        relations.append({"type": kind, "from": source, "to": target})
    return {"text": text, "entities": entities, "relations": relations}


def build() -> str:
    lines = [
        line.rstrip("\n")
        for line in SOURCE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return "".join(json.dumps(convert_line(line), ensure_ascii=False) + "\n" for line in lines)


def main() -> int:
    built = build()
    if "--check" in sys.argv[1:]:
        current = TARGET.read_text(encoding="utf-8") if TARGET.is_file() else ""
        if current != built:
            print(f"{TARGET.name} is out of date: run python tests/data/make_assertions.py")
            return 1
        return 0
    TARGET.write_text(built, encoding="utf-8")
    print(f"{TARGET.name}: {built.count(chr(10))} messages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
