"""Loaders for the curated data files shipped in ``ner/data``.

The files are plain text (TSV, one-per-line lists, JSON) so a reviewer can read and edit them;
this module is the only place that knows their formats.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ner._models import Label

DATA_PACKAGE = "ner.data"

#: Every data file the compiled lexicon depends on; their content is part of the cache key.
LEXICON_FILES = (
    "lay_terms.tsv",
    "body_parts.txt",
    "procedures.txt",
    "misspellings.tsv",
    "common_words.txt",
    "harvest_ncbi_disease.tsv",
    "harvest_anatem.tsv",
    "corpus_stoplist.txt",
    "exclusions.txt",
    "chemicals.txt",
    "acronyms.tsv",
    "harvest_ncbi_acronyms.tsv",
)


@dataclass(frozen=True, slots=True)
class CuratedTerm:
    """A project-curated term; ``code`` may be ``=term`` to borrow a vocabulary's code."""

    term: str
    label: Label
    code: str | None


@dataclass(frozen=True, slots=True)
class ContextRule:
    """Context a curated everyday word needs (or must not have) to count as medical."""

    term: str
    window: int
    require_before: tuple[str, ...]
    require_after: tuple[str, ...]
    forbid_before: tuple[str, ...]
    forbid_after: tuple[str, ...]


def read_text(name: str) -> str:
    """The text of data file ``name``, or "" when it is absent (optional harvested lists)."""
    path = resources.files(DATA_PACKAGE).joinpath(name)
    if not path.is_file():
        return ""
    return path.read_text(encoding="utf-8")


def data_fingerprint() -> str:
    """A hash of every lexicon data file, so editing one invalidates the compiled cache."""
    digest = hashlib.sha256()
    for name in LEXICON_FILES:
        digest.update(name.encode())
        digest.update(read_text(name).encode())
    return digest.hexdigest()[:16]


def _lines(name: str) -> Iterator[str]:
    """Non-empty, non-comment lines of a data file."""
    for raw in read_text(name).splitlines():
        line = raw.strip("\n\r")
        if line.strip() and not line.lstrip().startswith("#"):
            yield line


def read_words(name: str) -> set[str]:
    """A whitespace-separated word list (several words per line allowed)."""
    return {word.lower() for line in _lines(name) for word in line.split()}


def read_phrases(name: str) -> list[str]:
    """A one-phrase-per-line list."""
    return [line.strip() for line in _lines(name)]


def read_pairs(name: str) -> dict[str, str]:
    """A two-column TSV as a mapping from the first column to the second."""
    pairs: dict[str, str] = {}
    for line in _lines(name):
        left, _, right = line.partition("\t")
        if right.strip():
            pairs[left.strip().lower()] = right.strip()
    return pairs


def read_labeled_terms(name: str) -> list[CuratedTerm]:
    """A ``term<TAB>LABEL[<TAB>code]`` TSV."""
    terms: list[CuratedTerm] = []
    for line in _lines(name):
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) < 2:
            continue
        code = parts[2] if len(parts) > 2 and parts[2] else None
        terms.append(CuratedTerm(parts[0], Label(parts[1]), code))
    return terms


def read_json(name: str) -> dict[str, Any]:
    """A JSON data file as a dictionary (callers turn it into typed records at once)."""
    loaded: dict[str, Any] = json.loads(read_text(name))
    return loaded


def read_context_rules() -> list[ContextRule]:
    """The disambiguation rules of ``context_rules.json``."""
    rules: list[ContextRule] = []
    for raw in read_json("context_rules.json")["rules"]:
        rules.append(
            ContextRule(
                term=str(raw["term"]),
                window=int(raw.get("window", 2)),
                require_before=tuple(raw.get("require_before", ())),
                require_after=tuple(raw.get("require_after", ())),
                forbid_before=tuple(raw.get("forbid_before", ())),
                forbid_after=tuple(raw.get("forbid_after", ())),
            )
        )
    return rules
