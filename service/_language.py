"""A cheap guess whether a message is written in a language other than English.

The offline engine's vocabularies and taggers are English: a Spanish or French message gets
no entities, and "No medical entities found." alone reads as "nothing medical here". When an
answer is empty and the text looks foreign, the reply says why. A stopword count is enough
for that: it only has to tell ordinary sentences apart, never to name the language.
"""

from __future__ import annotations

import re

#: Frequent English function words; a sentence of a few words has some of them.
_ENGLISH = frozenset(
    [
        "i",
        "me",
        "my",
        "you",
        "your",
        "he",
        "she",
        "his",
        "her",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "the",
        "a",
        "an",
        "and",
        "or",
        "but",
        "not",
        "no",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "been",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "from",
        "this",
        "that",
        "since",
        "after",
        "so",
        "very",
    ]
)
#: Frequent function words of the languages chat messages most often come in besides English
#: (Spanish, French, Portuguese, Italian, German), none of them also an English word.
_FOREIGN = frozenset(
    [
        "el",
        "la",
        "los",
        "las",
        "del",
        "que",
        "y",
        "en",
        "un",
        "una",
        "es",
        "con",
        "por",
        "para",
        "mi",
        "mis",
        "tengo",
        "tiene",
        "muy",
        "desde",
        "pero",
        "le",
        "les",
        "des",
        "et",
        "je",
        "ai",
        "une",
        "est",
        "mon",
        "ma",
        "mes",
        "pas",
        "avec",
        "pour",
        "dans",
        "du",
        "au",
        "il",
        "elle",
        "j",
        "depuis",
        "mais",
        "da",
        "não",
        "com",
        "uma",
        "meu",
        "minha",
        "tem",
        "muito",
        "eu",
        "e",
        "il",
        "di",
        "che",
        "ho",
        "sono",
        "della",
        "ich",
        "und",
        "der",
        "das",
        "nicht",
        "mit",
        "ist",
        "habe",
        "mein",
        "meine",
        "seit",
        "sehr",
        "aber",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")

NON_ENGLISH_HINT = (
    "The offline engine reads English only. Try writing in English, or switch to Gemini "
    "with /model (where it is set up), which reads other languages."
)


def looks_non_english(text: str) -> bool:
    """Whether ``text`` reads as another language: mostly non-Latin letters, or more foreign
    than English function words (at least two)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if _LATIN.match(c))
    if latin < len(letters) / 2:
        return True
    words = _WORD.findall(text.lower())
    english = sum(1 for word in words if word in _ENGLISH)
    foreign = sum(1 for word in words if word in _FOREIGN)
    return foreign >= 2 and foreign > english
