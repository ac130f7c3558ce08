"""HPO -> ICD-10-CM equivalences, so a DISEASE carries the ICD-10-CM code a clinician files.

Issue 15 asks a DISEASE to prefer ICD-10-CM and a SYMPTOM HPO. Many lay disease words ("high
BP", "HTN", "type 2 diabetes") reach the engine through HPO names and synonyms only, so their
span carries an HPO code. ``ner/data/hpo_icd10cm.tsv`` pairs an HPO term with the ICD-10-CM code
that means the same thing: derived pairs are an HPO name or exact/layperson synonym that equals
an ICD-10-CM description or inclusion term after normalisation (kept only when every match is
the same code or its descendants, the most general one chosen); curated pairs cover common lay
conditions whose ICD wording differs ("Hypertension" vs "Essential (primary) hypertension").
The name shown is the shortest of the ICD-10-CM description and its HPO equivalents' names
("Hypertension", not "Essential (primary) hypertension"): all name the same condition, and
the shortest is the plain-English one a reader wants. A term with no confident equivalent
("Diabetes mellitus", whose ICD codes all name a type) keeps its HPO code. Rebuilt by
``python -m ner.offline.compile``.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator, Mapping
from importlib import resources

from ner._models import Label
from ner.offline import _sources
from ner.offline._text import normalize_phrase

SHIPPED_EQUIVALENCES = "hpo_icd10cm.tsv"

#: Common lay conditions whose HPO and ICD-10-CM wordings differ; every code exists in
#: ``simple-icd-10-cm`` (a test checks).
CURATED: Mapping[str, str] = {
    "HP:0000822": "ICD10CM:I10",  # Hypertension -> Essential (primary) hypertension
    "HP:0005978": "ICD10CM:E11",  # Type II diabetes mellitus -> Type 2 diabetes mellitus
    "HP:0100651": "ICD10CM:E10",  # Type I diabetes mellitus -> Type 1 diabetes mellitus
    "HP:0002020": "ICD10CM:K21",  # Gastroesophageal reflux -> Gastro-esophageal reflux disease
}


def derive() -> dict[str, str]:
    """Curated pairs plus the exact name matches between the installed vocabularies."""
    icd_by_name: dict[str, set[str]] = defaultdict(set)
    for term in _sources.icd10cm_terms():
        if term.label is Label.DISEASE and term.code:
            icd_by_name[normalize_phrase(term.term, {})].add(term.code)
    hpo_names: dict[str, set[str]] = defaultdict(set)
    for term in _sources.hpo_terms():
        if term.code:
            hpo_names[term.code].add(normalize_phrase(term.term, {}))
    pairs: dict[str, str] = {}
    for hpo_code, names in hpo_names.items():
        found = set().union(*(icd_by_name.get(name, set()) for name in names))
        general = _most_general(found)
        if general is not None:
            pairs[hpo_code] = general
    pairs.update(CURATED)
    return dict(sorted(pairs.items()))


def _most_general(codes: set[str]) -> str | None:
    """The one code every other code descends from, or None when the matches disagree."""
    if not codes:
        return None
    best = min(codes, key=lambda code: (len(code), code))
    return best if all(code.startswith(best) for code in codes) else None


def dump(pairs: Mapping[str, str]) -> str:
    header = "# hpo\ticd10cm (python -m ner.offline.compile; see ner/offline/_equivalence.py)\n"
    return header + "".join(f"{hpo}\t{icd}\n" for hpo, icd in pairs.items())


def _parse(text: str) -> Iterator[tuple[str, str]]:
    for line in text.splitlines():
        if line and not line.startswith("#"):
            hpo, icd = line.split("\t")
            yield hpo, icd


@functools.cache
def equivalences() -> Mapping[str, str]:
    """The shipped HPO -> ICD-10-CM table (read once)."""
    path = resources.files("ner.data").joinpath(SHIPPED_EQUIVALENCES)
    return dict(_parse(path.read_text(encoding="utf-8")))


@functools.cache
def hpo_sources() -> Mapping[str, tuple[str, ...]]:
    """ICD-10-CM code -> the HPO terms that mean the same (the table read backwards)."""
    reverse: dict[str, list[str]] = defaultdict(list)
    for hpo, icd in equivalences().items():
        reverse[icd].append(hpo)
    return {icd: tuple(hpos) for icd, hpos in reverse.items()}


def preferred_code(code: str | None, label: Label) -> str | None:
    """The code an entity of ``label`` should carry: a DISEASE's HPO code becomes its ICD-10-CM
    equivalent where one is known; everything else is kept."""
    if label is Label.DISEASE and code is not None and code.startswith("HP:"):
        return equivalences().get(code, code)
    return code
