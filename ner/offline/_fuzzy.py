"""One-typo tolerance for curated single words ("paracetemol", "diarrhia", "seziures").

The misspellings table covers the common misspellings by name; this catches the long tail with
a deletion index (SymSpell-style, edit distance 1): every curated word and every one-letter
deletion of it point back to the word, and an unmatched message word is looked up the same way.
To keep real words safe it only considers words of at least ``MIN_LENGTH`` letters that are
neither common words nor any word of the lexicon ("chloride" is not a typo of "chlorine"), and
the first letter must agree (people rarely mistype that one). Words given as ``chat_words`` (the
medicines people review, ``typo_drugs.txt``) are corrected in chat only: in the literature
register the index answers exactly as it would without them.
"""

from __future__ import annotations

from collections.abc import Iterable

MIN_LENGTH = 7
#: Shorter words (down to this length) are corrected in chat for one slip only: a letter of a
#: double written once or a letter written twice ("numbb", "sickk", "coughh", "stif"), the
#: commonest typo that turns no everyday word into another ("couch" is no "cough", "tried" no
#: "tired": those are substitutions and swaps, never accepted under ``MIN_LENGTH``).
MIN_DOUBLING_LENGTH = 4

#: Everyday words a double away from a curated word that the lexicon's words do not include
#: (found by listing every such variant of the curated words): never corrected.
REAL_WORDS = frozenset({"noose", "nappa", "hipp", "boone", "droll"})


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class TypoIndex:
    """Maps a possibly misspelled word to the single curated word one edit away, if unique."""

    def __init__(
        self, words: Iterable[str], known_words: Iterable[str], chat_words: Iterable[str] = ()
    ) -> None:
        self._known = frozenset(known_words) | REAL_WORDS
        everywhere = frozenset(
            w for w in words if len(w) >= MIN_DOUBLING_LENGTH - 1 and w.isalpha()
        )
        chat = frozenset(w for w in chat_words if len(w) >= MIN_DOUBLING_LENGTH - 1 and w.isalpha())
        #: Words corrected in chat only (not in the literature register).
        self._chat_only = chat - everywhere
        self._words = everywhere | chat
        index: dict[str, set[str]] = {}
        for word in self._words:
            for variant in {word} | _deletions(word):
                index.setdefault(variant, set()).add(word)
        self._index = index
        #: No word longer than this is one edit from a curated word; it is never looked up (a
        #: very long "word" would cost time quadratic in its length for its deletions).
        self._max_length = max(map(len, self._words), default=0) + 1

    def correct(self, word: str, *, literature: bool = False) -> str | None:
        """The curated word ``word`` is one typo away from, or None (unknown or ambiguous);
        in the ``literature`` register the chat-only words are no candidates."""
        short = len(word) < MIN_LENGTH
        if short and (literature or len(word) < MIN_DOUBLING_LENGTH):
            return None
        if len(word) > self._max_length or not word.isalpha() or word in self._known:
            return None
        candidates: set[str] = set()
        for variant in {word} | _deletions(word):
            candidates |= self._index.get(variant, set())
        if literature:
            candidates -= self._chat_only
        same_slip = _doubling if short else _one_edit
        matches = {c for c in candidates if c[0] == word[0] and same_slip(word, c)}
        return matches.pop() if len(matches) == 1 else None


def _doubling(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one letter of a double ("numbb", "stif")."""
    if abs(len(a) - len(b)) != 1:
        return False
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(
        long_[i] == long_[i + 1] and long_[:i] + long_[i + 1 :] == short
        for i in range(len(long_) - 1)
    )


def _one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of
    adjacent letters ("seziures")."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        swapped = (
            len(diffs) == 2
            and diffs[1] == diffs[0] + 1
            and (a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
        )
        return len(diffs) == 1 or swapped
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))
