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

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

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


class DataFileError(ValueError):
    """A shipped data file breaks its format; the message names the file and the entry."""


_Phrases = tuple[str, ...]


class ContextRule(BaseModel):
    """Context a curated everyday word needs (or must not have) to count as medical.

    Validated like medspaCy's ConTextRule: an unknown key is an error, not silently ignored, so
    a misspelt ``forbid_afer`` cannot quietly switch a rule off.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    term: str = Field(min_length=1)
    window: int = Field(default=2, ge=1)
    require_before: _Phrases = ()
    require_after: _Phrases = ()
    forbid_before: _Phrases = ()
    forbid_after: _Phrases = ()

    @field_validator("require_before", "require_after", "forbid_before", "forbid_after")
    @classmethod
    def _distinct_phrases(cls, phrases: _Phrases) -> _Phrases:
        if any(not phrase.strip() for phrase in phrases):
            raise ValueError("a phrase is empty")
        repeated = sorted({phrase for phrase in phrases if phrases.count(phrase) > 1})
        if repeated:
            raise ValueError(f"repeated phrases {repeated}")
        return phrases


class _ContextRulesFile(BaseModel):
    """The file: the rules, and a note for whoever edits it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    why: str = Field(default="", alias="_why")
    rules: list[dict[str, Any]]


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


CONTEXT_RULES_FILE = "context_rules.json"


def read_context_rules() -> list[ContextRule]:
    """The disambiguation rules of ``context_rules.json``, validated."""
    return parse_context_rules(read_json(CONTEXT_RULES_FILE), source=CONTEXT_RULES_FILE)


def parse_context_rules(document: object, *, source: str) -> list[ContextRule]:
    """Context rules from a decoded JSON ``document``; DataFileError names the broken rule."""
    try:
        rules_file = _ContextRulesFile.model_validate(document)
    except ValidationError as exc:
        raise DataFileError(f"{source}: {_first_problem(exc)}") from None
    return [_context_rule(raw, index, source) for index, raw in enumerate(rules_file.rules)]


def _context_rule(raw: dict[str, Any], index: int, source: str) -> ContextRule:
    try:
        # Lists in JSON, tuples in the (frozen) rule.
        return ContextRule.model_validate(
            {key: tuple(value) if isinstance(value, list) else value for key, value in raw.items()}
        )
    except ValidationError as exc:
        name = raw.get("term")
        rule = f"rule {index + 1} ({name!r})" if isinstance(name, str) else f"rule {index + 1}"
        raise DataFileError(f"{source}: {rule}: {_first_problem(exc)}") from None


def _first_problem(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"unknown key {where!r}"
    return f"{where}: {error['msg']}" if where else str(error["msg"])
