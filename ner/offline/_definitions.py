"""Abbreviations a message defines itself: "Duchenne muscular dystrophy ( DMD )", "wild type
( WT )", "bone mineral density ( BMD )".

A short form in parentheses after the words it abbreviates means those words wherever it stands
in the message, whatever the vocabularies' acronym lists say it usually means ("WT" is Wilms
tumour there, "BP" a lay name of hypertension). So, once the rules and the taggers have
spoken: where the defining words are an entity, the short form and its later uses take its
label and code; where they hold no entity ("wild type", "blood pressure"), a disease or
symptom reading of the short form goes.

This runs on the combined spans, not on the rule spans the taggers learn from: the taggers were
trained on the rules' reading of short forms, and they keep it as a feature.

Which words a short form abbreviates is decided by the letter-matching rule of Schwartz and
Hearst (2003, "A simple algorithm for identifying abbreviation definitions in biomedical
text"): every letter and digit of the short form, right to left, is found in order in the words
before it, the first one at the start of a word. Where the letters match no words ("cisplatin
( CDDP )", a synonym rather than an abbreviation) the span right before the parenthesis defines
the short form, as it always did."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ner._models import Label
from ner.offline._spans import LEXICON, Span
from ner.offline._text import Token

#: The longest a short form may be, in characters.
MAX_SHORT_FORM = 10
#: The readings of a short form that a definition naming no entity takes away. Disease and
#: symptom short forms are the ones the literature reuses for other things ("WT" wild type,
#: "BP" blood pressure, "BMD" bone mineral density); a drug's or a test's ("SAHA", "PCR",
#: "MRI") keeps its reading where the vocabularies lack the words that define it.
_REREAD = frozenset({Label.DISEASE, Label.SYMPTOM})


@dataclass(frozen=True, slots=True)
class Definition:
    """What a short form stands for in the message: ``span`` where its defining words are an
    entity; otherwise the labels of the entities inside them. A reading of the short form
    from the vocabularies stands only with one of those labels: "nonsteroidal [anti -
    inflammatory] drugs ( NSAIDs )" keeps the drug, "wild type ( WT )" drops the tumour."""

    span: Span | None
    inside: frozenset[Label] = frozenset()


def looks_like_short_form(word: str) -> bool:
    """What may stand in parentheses as an abbreviation: a short word with a capital, not a
    number ("( 12 )") or a sentence."""
    return 2 <= len(word) <= MAX_SHORT_FORM and any(c.isupper() for c in word) and word[0].isalpha()


def apply_definitions(tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
    """``spans`` with the message's own definitions applied to every use of each short form,
    in text order (``spans`` itself, untouched, where the message defines nothing)."""
    definitions = _definitions(tokens, spans)
    if not definitions:
        return spans
    uses = {
        index: definitions[token.text]
        for index, token in enumerate(tokens)
        if token.text in definitions
    }
    kept = [span for span in spans if not _is_use(span, uses)]
    taken = {position for span in kept for position in range(span.first, span.last)}
    for index, definition in sorted(uses.items()):
        source = definition.span
        if source is None or index in taken:
            continue
        token = tokens[index]
        kept.append(
            Span(token.start, token.end, index, index + 1, source.label, source.code, LEXICON)
        )
    return sorted(kept, key=lambda span: span.start)


def _is_use(span: Span, uses: dict[int, Definition]) -> bool:
    """A one-token span of a defined short form that its definition does not bear out."""
    definition = uses.get(span.first)
    if definition is None or span.last != span.first + 1:
        return False
    if definition.span is None:
        return span.label in _REREAD and span.label not in definition.inside
    return span.label is not definition.span.label


def _definitions(tokens: Sequence[Token], spans: Sequence[Span]) -> dict[str, Definition]:
    """Each short form defined in the message, by its first definition."""
    ending_at = {span.last: span for span in spans}
    found: dict[str, Definition] = {}
    for paren in range(1, len(tokens) - 2):
        if tokens[paren].text != "(" or tokens[paren + 2].text != ")":
            continue
        short = tokens[paren + 1].text
        if not looks_like_short_form(short) or short in found:
            continue
        before = ending_at.get(paren)
        start = _long_form_start(tokens, paren, short)
        if start is None:
            if before is not None:
                found[short] = Definition(before)
            continue
        inside = frozenset(s.label for s in spans if s.first < paren and start < s.last)
        found[short] = Definition(_entity_of(before, start), inside)
    return found


def _entity_of(before: Span | None, start: int) -> Span | None:
    """The span the defining words starting at token ``start`` stand for, if they are one: the
    span ending at the parenthesis, unless it reaches further back than the defining words
    ("[low parathyroid hormone] ( PTH )" names a level, "PTH" the hormone)."""
    if before is None or before.first < start:
        return None
    return before


def _long_form_start(tokens: Sequence[Token], paren: int, short: str) -> int | None:
    """The first token of the words ``short`` abbreviates, ending before token ``paren``."""
    letters = [c.lower() for c in short if c.isalnum()]
    reach = min(len(letters) + 5, 2 * len(letters))
    first = paren
    words = 0
    while first > 0 and words < reach:
        first -= 1
        words += tokens[first].text[:1].isalnum()
    text = " ".join(token.text for token in tokens[first:paren]).lower()
    at = _match_letters(letters, text)
    if at is None:
        return None
    offset = 0
    for index in range(first, paren):
        if offset >= at:
            return index
        offset += len(tokens[index].text) + 1
    return None


def _match_letters(letters: Sequence[str], text: str) -> int | None:
    """Where in ``text`` the words matching ``letters`` start (Schwartz and Hearst), or None."""
    position = len(text) - 1
    for index in range(len(letters) - 1, -1, -1):
        letter = letters[index]
        while position >= 0 and (
            text[position] != letter
            or (index == 0 and position > 0 and text[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        position -= 1
    return text.rfind(" ", 0, position + 1) + 1  # the word holding the first letter
