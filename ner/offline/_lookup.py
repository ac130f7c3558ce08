"""``/what <term>``: what the installed vocabularies say about a word, without any network.

A term is found the way the recognizer finds it (normalized lexicon keys, case-sensitive
abbreviations, one-typo correction), or by its code ("HP:0001250", "B54", "DB00613"); the
concept's card then comes from the concept tables. Unknown terms get the closest known names.
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlencode

from ner._models import Label
from ner._vocabulary import ConceptCard, Link, LookUp
from ner.offline._concepts import DRUGBANK, HPO, ICD10CM, MESH, Concepts
from ner.offline._fuzzy import TypoIndex
from ner.offline._lexicon import Lexicon
from ner.offline._text import normalize_phrase, tokenize

#: Longer queries are not terms; they are cut before any work is done.
MAX_QUERY_CHARS = 100
MAX_SUGGESTIONS = 3
_SUGGESTION_CUTOFF = 0.72

_HPO_CODE = re.compile(r"^hp[:_ ]?(\d{7})$", re.IGNORECASE)
_ICD_CODE = re.compile(
    r"^(?:icd10cm:|icd-10-cm:? ?|icd10:? ?)?([a-z]\d[0-9a-z](?:\.[0-9a-z]{1,4})?)$", re.I
)
_DRUGBANK_CODE = re.compile(r"^(?:drugbank:)?(db\d{5})$", re.IGNORECASE)

MEDLINEPLUS_CONNECT = "https://connect.medlineplus.gov/application"
#: The OID MedlinePlus Connect uses for ICD-10-CM.
ICD10CM_OID = "2.16.840.1.113883.6.90"


def links_for(card: ConceptCard) -> tuple[Link, ...]:
    """The concept's page at its vocabulary's official site (MedlinePlus for ICD-10-CM)."""
    code = card.bare_code
    if card.system == HPO:
        return (Link("HPO", f"https://hpo.jax.org/browse/term/{code}"),)
    if card.system == ICD10CM:
        query = urlencode(
            {
                "mainSearchCriteria.v.cs": ICD10CM_OID,
                "mainSearchCriteria.v.c": code,
                "informationRecipient.languageCode.c": "en",
            }
        )
        return (Link("MedlinePlus", f"{MEDLINEPLUS_CONNECT}?{query}"),)
    if card.system == DRUGBANK:
        return (Link("DrugBank", f"https://go.drugbank.com/drugs/{code}"),)
    if card.system == MESH:
        return (Link("MeSH", f"https://meshb.nlm.nih.gov/record/ui?ui={code}"),)
    return ()


class LookUpIndex:
    """Term or code -> card, over the recognizer's lexicon and the concept tables."""

    def __init__(
        self,
        lexicon: Lexicon,
        concepts: Concepts,
        corrections: dict[str, str],
        typos: TypoIndex,
    ) -> None:
        self._lexicon = lexicon
        self._concepts = concepts
        self._corrections = corrections
        self._typos = typos
        self._by_initial: dict[str, list[str]] | None = None

    def look_up(self, query: str) -> LookUp:
        """The card of ``query`` (a word, a phrase or a code), or suggestions when unknown.

        The first call loads the cards and the suggestion index (a fraction of a second):
        callers on an event loop run it in a worker thread.
        """
        term = " ".join(query.split())[:MAX_QUERY_CHARS].strip(" .,;:!?\"'")
        if not term:
            return LookUp(query=term)
        code = _as_code(term)
        if code is not None:
            card = self._concepts.card(code)
            if card is not None:
                return LookUp(term, None, card, links_for(card))
        found = self._find(term)
        if found is not None:
            label, code = found
            card = self._concepts.card(code) if code else None
            return LookUp(term, label, card, links_for(card) if card else ())
        return LookUp(term, suggestions=self._suggestions(term))

    def _find(self, term: str) -> tuple[Label, str | None] | None:
        tokens = tokenize(term, self._corrections)
        if not tokens:
            return None
        written = " ".join(token.text for token in tokens)
        found = self._lexicon.lookup_acronym(written)
        for key in (
            " ".join(t.norm for t in tokens),
            " ".join(t.folded for t in tokens),
        ):
            found = found or self._lexicon.lookup(key)
        if found is None and len(tokens) == 1:
            corrected = self._typos.correct(tokens[0].norm)
            found = self._lexicon.lookup(corrected) if corrected else None
        if found is None:
            found = self._by_name(term)
        return found

    def _by_name(self, term: str) -> tuple[Label, str | None] | None:
        """A concept's preferred name typed in full ("Essential (primary) hypertension")."""
        wanted = term.casefold()
        for code, name in self._concepts.names().items():
            if name.casefold() == wanted:
                return _label_of(code), code
        return None

    def _suggestions(self, term: str) -> tuple[str, ...]:
        key = normalize_phrase(term, self._corrections)
        if not key:
            return ()
        candidates = self._index().get(key[0], [])
        close = difflib.get_close_matches(
            key, candidates, n=MAX_SUGGESTIONS, cutoff=_SUGGESTION_CUTOFF
        )
        return tuple(close)

    def _index(self) -> dict[str, list[str]]:
        """Curated terms and preferred names by first letter: what "did you mean" offers."""
        if self._by_initial is None:
            names = {name.casefold() for name in self._concepts.names().values()}
            words = names | set(self._lexicon.curated)
            index: dict[str, list[str]] = {}
            for word in sorted(words):
                if word and len(word) <= MAX_QUERY_CHARS:
                    index.setdefault(word[0], []).append(word)
            self._by_initial = index
        return self._by_initial


def _label_of(code: str) -> Label:
    if code.startswith(("DRUGBANK:", "MESH:")):
        return Label.DRUG
    if code.startswith("ICD10CM:R"):
        return Label.SYMPTOM
    return Label.DISEASE if code.startswith("ICD10CM:") else Label.SYMPTOM


def _as_code(term: str) -> str | None:
    """The project code a typed code means: "hp:0001250", "B54", "icd10cm:I10", "DB00613"."""
    compact = term.replace(" ", "")
    if (match := _HPO_CODE.match(compact)) is not None:
        return f"HP:{match[1]}"
    if (match := _DRUGBANK_CODE.match(compact)) is not None:
        return f"DRUGBANK:{match[1].upper()}"
    if (match := _ICD_CODE.match(term.strip())) is not None:
        return f"ICD10CM:{match[1].upper()}"
    return None
