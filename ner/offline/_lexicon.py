"""The compiled lexicon: normalized n-gram keys to (label, code), built once and cached.

Building reads every vocabulary package and the curated data files (seconds, and a lot of
memory while the packages' pickles are open). The result is keyed by the package versions, the data
files' hash and this module's format version: ``ner/data/lexicon.marshal.gz`` ships a current
build (``python -m ner.offline.compile``), and when the key no longer matches (a vocabulary
upgrade, a data edit) the engine rebuilds once into its cache directory. Start-up is then a
single ``marshal`` load.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ner._models import Label
from ner.offline import _resources, _sources
from ner.offline._text import fold_plural, normalize_phrase, tokenize
from ner.offline._tumours import is_tumour_word

log = logging.getLogger(__name__)

#: Bump when the compiled format or the build rules change.
FORMAT_VERSION = 13
#: Terms longer than this never occur in messages; skipping them keeps the lexicon small.
MAX_TERM_TOKENS = 8
#: Single-token vocabulary entries shorter than this are mostly ambiguous abbreviations.
MIN_SINGLE_TOKEN_CHARS = 4
#: The compiled lexicon shipped in ``ner/data`` (gzip of the marshal payload).
SHIPPED_LEXICON = "lexicon.marshal.gz"

#: Vocabularies in priority order: when two give a key different labels the earlier wins.
VOCABULARIES: tuple[tuple[str, Callable[[], Iterable[_sources.VocabTerm]]], ...] = (
    ("drug", _sources.drug_terms),
    ("mesh", _sources.mesh_disease_terms),
    ("icd10cm", _sources.icd10cm_terms),
    ("hpo", _sources.hpo_terms),
)


def default_cache_dir() -> Path:
    """``~/.cache/medner``: where the compiled lexicon goes unless the caller says otherwise."""
    return Path.home() / ".cache" / "medner"


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Normalized phrase -> record index, records of (label, code), and per-first-token lengths."""

    entries: dict[str, int]
    records: list[tuple[Label, str | None]]
    max_tokens: dict[str, int]
    #: Case-sensitive abbreviations ("MI", "AZT"), keyed by their tokens as written.
    acronyms: dict[str, int] = field(default_factory=dict)
    acronym_max_tokens: dict[str, int] = field(default_factory=dict)
    #: Keys from the project's curated files (vocabulary phrases may be split, these never).
    curated: frozenset[str] = frozenset()
    #: Per first two words, the most words any key starting with them has: most windows of
    #: chat text ("pain on", "fever and") start no key of two or more words, and this rules
    #: out all their longer probes at once. Derived from ``entries``, so never out of step.
    pair_max_tokens: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pair_max_tokens", _pair_max_tokens(self.entries))

    def lookup(self, key: str) -> tuple[Label, str | None] | None:
        index = self.entries.get(key)
        return None if index is None else self.records[index]

    def lookup_acronym(self, written: str) -> tuple[Label, str | None] | None:
        index = self.acronyms.get(written)
        return None if index is None else self.records[index]

    def __len__(self) -> int:
        return len(self.entries)


#: Which vocabulary's identifier a label prefers. MeSH disease ids are not used: the packaged
#: MeSH disease table's descriptor ids do not match current MeSH, so ICD-10-CM/HPO ids are given.
_CODE_PREFERENCE: dict[Label, tuple[str, ...]] = {
    Label.DRUG: ("drug",),
    Label.DISEASE: ("icd10cm", "hpo"),
    Label.SYMPTOM: ("hpo", "icd10cm"),
}


class _Builder:
    """Accumulates keys with first-writer-wins semantics and interned records."""

    def __init__(self) -> None:
        self.entries: dict[str, int] = {}
        self.acronyms: dict[str, int] = {}
        #: Keys from corpus harvests: their plural/singular evidence is already in the corpus.
        self.harvested: set[str] = set()
        self.curated: set[str] = set()
        self.records: list[tuple[str, str | None]] = []
        self._record_index: dict[tuple[str, str | None], int] = {}
        #: Every vocabulary key's code per source, filtered or not, to attach by label.
        self.codes: dict[str, dict[str, str]] = {}

    def _record(self, label: Label, code: str | None) -> int:
        record = (label.value, code)
        index = self._record_index.get(record)
        if index is None:
            index = len(self.records)
            self.records.append(record)
            self._record_index[record] = index
        return index

    def add(self, key: str, label: Label, code: str | None, *, override: bool = False) -> None:
        if not key or (key in self.entries and not override):
            return
        self.entries[key] = self._record(label, code)

    def add_acronym(self, written: str, label: Label, code: str | None) -> None:
        self.acronyms.setdefault(written, self._record(label, code))

    def label_of(self, key: str) -> Label | None:
        index = self.entries.get(key)
        return None if index is None else Label(self.records[index][0])

    def remember_code(self, key: str, source: str, code: str | None) -> None:
        if code:
            self.codes.setdefault(key, {}).setdefault(source, code)

    def code_of(self, key: str, label: Label) -> str | None:
        """The preferred identifier any vocabulary gives ``key`` for ``label``."""
        by_source = self.codes.get(key)
        if not by_source:
            return None
        for source in _CODE_PREFERENCE.get(label, ()):
            if source in by_source:
                return by_source[source]
        return None


def _is_word(token: str) -> bool:
    return any(ch.isalpha() for ch in token)


def keep_vocabulary_key(key: str, common: set[str], stoplist: set[str]) -> bool:
    """Precision filter for vocabulary keys: drop everyday words, stubs and unusable forms."""
    tokens = key.split(" ")
    if len(tokens) > MAX_TERM_TOKENS or key in stoplist:
        return False
    if not _is_word(tokens[0]) and not tokens[0].isdigit():
        return False
    if not _is_word(tokens[-1]) and not tokens[-1].isdigit():
        return False
    words = [token for token in tokens if _is_word(token)]
    if not words or all(word in common for word in words):
        return False
    return not (len(tokens) == 1 and len(key) < MIN_SINGLE_TOKEN_CHARS)


def _vocabulary_keys(
    builder: _Builder, corrections: dict[str, str], common: set[str], stoplist: set[str]
) -> None:
    kept: list[tuple[str, Label]] = []
    for name, reader in VOCABULARIES:
        for term in reader():
            key = normalize_phrase(term.term, corrections)
            builder.remember_code(key, name, term.code)
            if keep_vocabulary_key(key, common, stoplist):
                kept.append((key, term.label))
    for key, label in kept:
        builder.add(key, label, builder.code_of(key, label))


def _harvested_keys(
    builder: _Builder, corrections: dict[str, str], common: set[str], stoplist: set[str]
) -> None:
    """Surface forms harvested from training corpora (see ``ner/offline/train.py``).

    Disease forms outrank the generic vocabularies. Anatomy forms only fill gaps or replace
    other anatomy: AnatEM also tags tumours and cells, which must stay DISEASE where a disease
    source says so, and an AnatEM form ending in a tumour word ("gastric carcinoma", "primary
    tumor", "myeloma") enters as a disease even where no source knows it: a tumour is never
    anatomy to a user.
    """
    for filename, protected in (
        ("harvest_ncbi_disease.tsv", frozenset[Label]()),
        ("harvest_anatem.tsv", frozenset({Label.DISEASE, Label.SYMPTOM, Label.DRUG})),
    ):
        for term in _resources.read_labeled_terms(filename):
            key = normalize_phrase(term.term, corrections)
            if not keep_vocabulary_key(key, common, stoplist):
                continue
            label = term.label
            if label is Label.BODY_PART and is_tumour_word(key.rsplit(" ", 1)[-1]):
                label = Label.DISEASE
            current = builder.label_of(key)
            if current is not None and (current in protected or label is not term.label):
                continue
            code = term.code or builder.code_of(key, label)
            builder.add(key, label, code, override=True)
            builder.harvested.add(key)


def _curated_terms() -> Iterator[_resources.CuratedTerm]:
    yield from _resources.read_labeled_terms("lay_terms.tsv")
    for phrase in _resources.read_phrases("chemicals.txt"):
        yield _resources.CuratedTerm(phrase, Label.DRUG, None)
    for phrase in _resources.read_phrases("body_parts.txt"):
        yield _resources.CuratedTerm(phrase, Label.BODY_PART, None)
    for phrase in _resources.read_phrases("procedures.txt"):
        yield _resources.CuratedTerm(phrase, Label.PROCEDURE, None)


def _curated_keys(builder: _Builder, corrections: dict[str, str]) -> None:
    """Curated terms override everything; ``=term`` codes borrow a vocabulary's identifier."""
    for term in _curated_terms():
        key = normalize_phrase(term.term, corrections)
        code = term.code
        if code and code.startswith("="):
            borrowed = normalize_phrase(code[1:], corrections)
            code = builder.code_of(borrowed, term.label) or builder.code_of(key, term.label)
        elif code is None:
            code = builder.code_of(key, term.label)
        builder.add(key, term.label, code, override=True)
        builder.curated.add(key)


def _acronym_keys(
    builder: _Builder, corrections: dict[str, str], common: set[str], *, use_harvest: bool = True
) -> None:
    """Case-sensitive abbreviations: curated ones, then those harvested from NCBI-disease.

    Harvested ones that are also everyday words when lowercased ("WAS", "AT") are skipped.
    """
    curated = _resources.read_labeled_terms("acronyms.tsv")
    harvested = _resources.read_labeled_terms("harvest_ncbi_acronyms.tsv") if use_harvest else []
    for term in curated + [t for t in harvested if t.term.lower() not in common]:
        written = " ".join(token.text for token in tokenize(term.term, {}))
        code = term.code
        if code and code.startswith("="):
            code = builder.code_of(normalize_phrase(code[1:], corrections), term.label)
        builder.add_acronym(written, term.label, code)


def _singular_variants(builder: _Builder, common: set[str], stoplist: set[str]) -> None:
    """Add "statin" for a lexicon that only knows "statins" (text-side folding does the reverse)."""
    for key, index in list(builder.entries.items()):
        if key in builder.harvested:
            continue
        head, _, last = key.rpartition(" ")
        folded = fold_plural(last)
        if folded == last or (not head and folded in common):
            continue
        singular = f"{head} {folded}" if head else folded
        if singular not in builder.entries and singular not in stoplist:
            builder.entries[singular] = index


def _drug_form_codes(builder: _Builder) -> None:
    """A drug named with its form ("salbutamol inhaler", "ibuprofen tablets") takes the code of
    the drug: the vocabularies list such keys without one, and a user's /what or Details
    button should still reach the drug."""
    forms = frozenset(_resources.read_json("cues.json")["drug_triggers_after"])
    drug = Label.DRUG.value
    for key, index in list(builder.entries.items()):
        label, code = builder.records[index]
        head, _, form = key.rpartition(" ")
        if label != drug or code is not None or not head or form not in forms:
            continue
        base = builder.entries.get(head)
        if base is None:
            continue
        base_label, base_code = builder.records[base]
        if base_label == drug and base_code is not None:
            builder.entries[key] = builder._record(Label.DRUG, base_code)


def build_lexicon(*, use_stoplist: bool = True, use_harvest: bool = True) -> Lexicon:
    """Compile the lexicon from the vocabulary packages and the curated data files.

    ``use_stoplist=False`` is for the harvesting script, which recomputes the stoplist.
    ``use_harvest=False`` leaves out the forms harvested from the training corpora: the tagger
    training computes its lexicon features with it, so that on its training sentences the
    lexicon is no more reliable than it will be on unseen text.
    """
    corrections = _resources.read_pairs("misspellings.tsv")
    common = _resources.read_words("common_words.txt")
    stoplist = {
        normalize_phrase(line, corrections)
        for line in _resources.read_phrases("corpus_stoplist.txt")
        if use_stoplist
    } | {normalize_phrase(line, corrections) for line in _resources.read_phrases("exclusions.txt")}
    builder = _Builder()
    _vocabulary_keys(builder, corrections, common, stoplist)
    if use_harvest:
        _harvested_keys(builder, corrections, common, stoplist)
    _curated_keys(builder, corrections)
    _acronym_keys(builder, corrections, common, use_harvest=use_harvest)
    _singular_variants(builder, common, stoplist)
    _drug_form_codes(builder)
    return _from_raw(builder.entries, builder.records, builder.acronyms, builder.curated)


def _max_tokens(keys: Iterable[str]) -> dict[str, int]:
    """Per first token, the most tokens any key starting with it has (bounds the probing)."""
    result: dict[str, int] = {}
    for key in keys:
        first, _, _ = key.partition(" ")
        length = key.count(" ") + 1
        if result.get(first, 0) < length:
            result[first] = length
    return result


def first_two_words(phrase: str) -> str:
    """The key prefix ``pair_max_tokens`` is indexed by."""
    return " ".join(phrase.split(" ", 2)[:2])


def _pair_max_tokens(keys: Iterable[str]) -> dict[str, int]:
    """Per first two words, the most words any key of two or more words starting with them has."""
    result: dict[str, int] = {}
    for key in keys:
        length = key.count(" ") + 1
        if length < 2:
            continue
        pair = first_two_words(key)
        if result.get(pair, 0) < length:
            result[pair] = length
    return result


def _from_raw(
    entries: dict[str, int],
    records: list[tuple[str, str | None]],
    acronyms: dict[str, int],
    curated: Iterable[str],
) -> Lexicon:
    typed = [(Label(label), code) for label, code in records]
    return Lexicon(
        entries, typed, _max_tokens(entries), acronyms, _max_tokens(acronyms), frozenset(curated)
    )


def key_parts() -> dict[str, str]:
    """What one build depends on: format version, Python, vocabulary versions, data-file hash."""
    return {
        "format": str(FORMAT_VERSION),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "vocabularies": repr(sorted(_sources.source_versions().items())),
        "data": _resources.data_fingerprint(),
    }


def cache_key() -> str:
    """Identifies one build (a hash of ``key_parts``)."""
    parts = key_parts()
    joined = "|".join(parts[name] for name in ("format", "python", "vocabularies", "data"))
    return hashlib.sha256(joined.encode()).hexdigest()[:20]


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_dir / f"lexicon-{key}.marshal"


def dump_compiled(lexicon: Lexicon, key: str) -> bytes:
    """Serialize with its cache key inside, so a stale file is recognized and ignored."""
    raw_records = [(label.value, code) for label, code in lexicon.records]
    payload = (key, lexicon.entries, raw_records, lexicon.acronyms, sorted(lexicon.curated))
    return marshal.dumps(payload)


def load_compiled(payload: bytes, key: str) -> Lexicon | None:
    """The lexicon in ``payload`` if it was compiled under ``key``, else None."""
    try:
        stored_key, entries, records, acronyms, curated = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    if stored_key != key:
        return None
    return _from_raw(entries, records, acronyms, curated)


def _write_cache(path: Path, payload: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".lexicon-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only home must not stop the engine
        log.warning("could not write lexicon cache %s: %s", path, exc)


def _read_shipped(key: str) -> Lexicon | None:
    """The lexicon compiled into ``ner/data`` by ``python -m ner.offline.compile``, if current."""
    path = resources.files(_resources.DATA_PACKAGE).joinpath(SHIPPED_LEXICON)
    if not path.is_file():
        return None
    return load_compiled(gzip.decompress(path.read_bytes()), key)


def load_lexicon(cache_dir: Path | None = None) -> Lexicon:
    """The compiled lexicon: shipped if current, else cached in ``cache_dir``, else built.

    ``cache_dir`` defaults to ``~/.cache/medner``. Building is slow and memory-hungry (the
    vocabulary packages' pickles are large), which is why a current compiled lexicon ships
    in ``ner/data`` and the cache is only the fallback after a vocabulary upgrade.
    """
    key = cache_key()
    shipped = _read_shipped(key)
    if shipped is not None:
        return shipped
    path = _cache_path(cache_dir if cache_dir is not None else default_cache_dir(), key)
    if path.is_file():
        try:
            cached = load_compiled(path.read_bytes(), key)
        except OSError:
            cached = None
        if cached is not None:
            return cached
    lexicon = build_lexicon()
    _write_cache(path, dump_compiled(lexicon, key))
    return lexicon
