"""Token features for the offline engine's sequence taggers.

One feature list per token, computed once per message and shared by every tagger: the word and
its shape, prefixes and suffixes, the neighbouring words, and what the rule-based pipeline
(lexicon, word-ending cues, dosage patterns) made of the token, as a BIO tag. The lexicon tag
lets a tagger learn how far to trust the dictionary on the kind of text it was trained on, and
the surface features let it find what the dictionary does not know.

Training and tagging must call the same function with the same candidate spans: the feature
strings are the model's vocabulary, and ``FEATURE_VERSION`` names this set of strings. Bump it
whenever a feature changes, so a model trained on other features is refused, not misused.
"""

from __future__ import annotations

from collections.abc import Sequence

from ner.offline._spans import CUE, DOSAGE, LEXICON, PHRASE, Span
from ner.offline._text import Token

#: The version of the feature strings below; models record the version they were trained with.
FEATURE_VERSION = 2

_SOURCE_NAMES = {LEXICON: "lex", CUE: "cue", DOSAGE: "dose", PHRASE: "phrase"}
_SHAPE_CACHE: dict[str, str] = {}
_SHAPE_CACHE_LIMIT = 50_000


def word_shape(word: str) -> str:
    """Character classes with runs collapsed: "Parkinson" -> "Xx", "IL-2" -> "X-d"."""
    cached = _SHAPE_CACHE.get(word)
    if cached is not None:
        return cached
    shape: list[str] = []
    for ch in word:
        if ch.isupper():
            kind = "X"
        elif ch.islower():
            kind = "x"
        elif ch.isdigit():
            kind = "d"
        else:
            kind = ch
        if not shape or shape[-1] != kind:
            shape.append(kind)
    result = "".join(shape)
    if len(_SHAPE_CACHE) < _SHAPE_CACHE_LIMIT:
        _SHAPE_CACHE[word] = result
    return result


def candidate_tags(length: int, candidates: Sequence[Span]) -> list[str]:
    """Per token, the rule-based pipeline's BIO tag ("B-DISEASE:lex") or "O"."""
    tags = ["O"] * length
    for span in candidates:
        source = _SOURCE_NAMES.get(span.source, "lex")
        for position in range(span.first, min(span.last, length)):
            prefix = "B" if position == span.first else "I"
            tags[position] = f"{prefix}-{span.label.value}:{source}"
    return tags


_OWN_CACHE: dict[tuple[str, str, str], tuple[str, ...]] = {}


def _own_features(token: Token) -> list[str]:
    """Features of one token on its own, cached per surface form (chat repeats its words)."""
    key = (token.text, token.norm, token.folded)
    cached = _OWN_CACHE.get(key)
    if cached is None:
        cached = tuple(_compute_own_features(token))
        if len(_OWN_CACHE) < _SHAPE_CACHE_LIMIT:
            _OWN_CACHE[key] = cached
    return list(cached)


def _compute_own_features(token: Token) -> list[str]:
    text = token.text
    lower = token.norm
    shape = word_shape(text)
    features = [f"w={lower}", f"sh={shape}", f"len={min(len(text), 12)}"]
    if token.folded != lower:
        features.append(f"f={token.folded}")
    if len(lower) > 3:
        features += [
            f"p3={lower[:3]}",
            f"p4={lower[:4]}",
            f"s3={lower[-3:]}",
            f"s4={lower[-4:]}",
            f"s5={lower[-5:]}",
        ]
    elif len(lower) > 1:
        features.append(f"s2={lower[-2:]}")
    if text[:1].isupper():
        features.append("title" if text[1:].islower() else "upper" if text.isupper() else "cap")
    if any(ch.isdigit() for ch in text):
        features.append("digit")
    return features


def sequence_features(
    tokens: Sequence[Token], candidates: Sequence[Span] | None
) -> list[list[str]]:
    """The feature strings of every token of a message (the input of every tagger).

    ``candidates`` None gives the surface features alone, without the rules' tags: what the
    lay tagger (``ModelCard.lay``) is trained on, since the rules were tuned on its training
    text and a tagger that sees them there learns to copy them. At run time it reads the full
    sequence, whose rules' tags it never saw and CRFsuite ignores.
    """
    count = len(tokens)
    words = [token.norm for token in tokens]
    shapes = [word_shape(token.text) for token in tokens]
    tags = candidate_tags(count, candidates) if candidates is not None else None
    sequence: list[list[str]] = []
    for i, token in enumerate(tokens):
        features = _own_features(token)
        if tags is not None:
            tag = tags[i]
            features.append(f"L={tag}")
            features.append(f"Lw={tag}|{words[i]}" if tag != "O" else "Lw=O")
        if i > 0:
            features += [f"-1w={words[i - 1]}", f"-1sh={shapes[i - 1]}"]
            if tags is not None:
                features.append(f"-1L={tags[i - 1]}")
            features.append(f"-1b={words[i - 1]}|{words[i]}")
            if i > 1:
                features.append(f"-2w={words[i - 2]}")
        else:
            features.append("BOS")
        if i + 1 < count:
            features += [f"+1w={words[i + 1]}", f"+1sh={shapes[i + 1]}"]
            if tags is not None:
                features.append(f"+1L={tags[i + 1]}")
            features.append(f"+1b={words[i]}|{words[i + 1]}")
            if i + 2 < count:
                features.append(f"+2w={words[i + 2]}")
        else:
            features.append("EOS")
        sequence.append(features)
    return sequence
