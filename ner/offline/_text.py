"""Tokenization and normalization shared by the lexicon builder and the recognizer.

Both sides must normalize identically, so a vocabulary term and a chat message meet on the same
keys: lowercase word runs, punctuation as single tokens (so "non-small-cell" and the corpora's
"non - small - cell" agree), regional and misspelled forms mapped to one spelling, and a plural
fold tried only from the text side.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

_TOKEN_RE = re.compile(r"[^\W_]+|[^\w\s]|_")

_PUNCT_FOLD = str.maketrans({"’": "'", "‘": "'", "`": "'", "“": '"', "”": '"', "–": "-", "—": "-"})

_NO_FOLD_ENDINGS = ("ss", "us", "is", "ous", "ics", "ys", "as", "os")

#: A letter written three or more times in a row, which English spelling never does: emphasis
#: ("sooo tired", "dizzzy", "my head hurtsss").
_ELONGATED_RE = re.compile(r"([a-z])\1{2,}")


@dataclass(frozen=True, slots=True)
class Token:
    """One token of a message: its character span, surface form and normalized forms."""

    start: int
    end: int
    text: str
    norm: str
    folded: str


_DIGIT = re.compile(r"\d")


def has_digit(text: str) -> bool:
    """Whether ``text`` holds a digit: a cheap test before expressions that need one."""
    return _DIGIT.search(text) is not None


def fold_plural(word: str) -> str:
    """Singular-ish form of ``word``; deterministic, not linguistic ("rashes" -> "rash").

    Only applied to text tokens and only as a second lookup, so a wrong fold can cost a match
    but never invents a term that was not in the lexicon.
    """
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_NO_FOLD_ENDINGS):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "shes")) or (
        word.endswith("ches") and not word.endswith("aches")
    ):
        return word[:-2]
    return word[:-1]


def normalize_word(word: str, corrections: Mapping[str, str]) -> str:
    """Lowercase, unify quotes/dashes and apply the spelling corrections table."""
    lowered = word.lower().translate(_PUNCT_FOLD)
    return corrections.get(lowered, lowered)


#: Doubles English words end in ("assess", "spell", "staff", "buzz"): never a slip of the
#: finger, and their one-letter forms are often other words ("asses").
_ENGLISH_DOUBLE = re.compile(r"(?:ss|ll|ff|zz)$").search


def shorten_elongation(
    norm: str,
    corrections: Mapping[str, str],
    vocabulary: Collection[str],
    written_lower: bool = True,
) -> str:
    """The plain word behind a word stretched for emphasis ("dizzzy" -> "dizzy", "hurtsss" ->
    "hurts", "soooo" -> "so", "sickk" -> "sick"), or ``norm`` itself. Each run of three or more
    letters is cut to two, and failing that to one; a word of four letters or more that ends in
    a double is tried without its last letter, where it was written in lower case (a
    capitalised "Marr" or "NACC" is a name). The result must be a word of ``vocabulary``
    (directly, after the corrections table, or as a plural), so a stretched word nobody knows
    stays as written, and a word the vocabulary has ("aaa", "kiss") is never touched."""
    if norm in vocabulary or len(set(norm)) < 2:
        return norm
    candidates: list[str] = []
    if _ELONGATED_RE.search(norm):
        candidates += [_ELONGATED_RE.sub(r"\1\1", norm), _ELONGATED_RE.sub(r"\1", norm)]
    elif (
        len(norm) >= 4
        and norm[-1] == norm[-2]
        and norm.isalpha()
        and written_lower
        and not _ENGLISH_DOUBLE(norm)
    ):
        candidates.append(norm[:-1])
    for candidate in candidates:
        candidate = corrections.get(candidate, candidate)
        if candidate in vocabulary or fold_plural(candidate) in vocabulary:
            return candidate
    return norm


def tokenize(
    text: str, corrections: Mapping[str, str], vocabulary: Collection[str] = frozenset()
) -> list[Token]:
    """Split ``text`` into word runs and single punctuation marks with exact offsets; with a
    ``vocabulary``, a word stretched for emphasis is read as the plain word."""
    tokens: list[Token] = []
    for match in _TOKEN_RE.finditer(text):
        surface = match.group()
        norm = normalize_word(surface, corrections)
        if vocabulary:
            norm = shorten_elongation(norm, corrections, vocabulary, surface[:1].islower())
        tokens.append(Token(match.start(), match.end(), surface, norm, fold_plural(norm)))
    return tokens


def is_dash(token: Token) -> bool:
    """A hyphen, en dash or em dash (the dashes fold to "-")."""
    return token.norm == "-"


def spaces_around(tokens: Sequence[Token], index: int) -> tuple[bool, bool]:
    """Whether the token at ``index`` has a space (or the text's edge) before and after it: a
    dash standing apart ends a clause in a post ("Lyrica - dizzy"), while a tokenized abstract
    writes every hyphen so ("5 - fluorouracil"), which is why the callers ask in chat only."""
    token = tokens[index]
    before = index == 0 or tokens[index - 1].end < token.start
    after = index + 1 >= len(tokens) or tokens[index + 1].start > token.end
    return before, after


def normalize_phrase(phrase: str, corrections: Mapping[str, str]) -> str:
    """The lexicon key of ``phrase``: its normalized tokens joined by single spaces."""
    return " ".join(normalize_word(m.group(), corrections) for m in _TOKEN_RE.finditer(phrase))
