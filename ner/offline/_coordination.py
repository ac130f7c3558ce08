"""Body parts coordinated in front of one symptom: "back and neck pain", "hip, knee and back
pain", "muscle and joint aches".

People share the symptom word between body parts. Read word by word, only the last body part
forms the symptom ("neck pain") and the others are left as bare anatomy, or dropped where a
lone everyday word such as "back" needs context to be anatomy; the reader loses that the back
hurts too. The project's sets, like BC5CDR ("Leg and back pain"), mark the whole coordination
as one mention, so the pipeline offers it as one SYMPTOM candidate that outlasts its parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from ner._models import Label
from ner.offline import _resources
from ner.offline._lexicon import Lexicon
from ner.offline._spans import PHRASE, Span
from ner.offline._text import Token

#: Words that join two body parts sharing a symptom ("back and neck", "back/neck").
_JOINS = frozenset({"and", "&", "or", "/", ",", "+"})
#: A preposition before the first body part (or before its possessive) that ties it to a
#: complaint right before: "pain in my arm and back pain", "swelling of the ankles and knee
#: pain". After anything else ("complaining of back and neck pain") it opens the coordination.
_PREPOSITIONS = frozenset(
    {"in", "on", "of", "to", "at", "from", "into", "under", "around", "behind", "between"}
    | {"across", "along", "through", "down", "up"}
)
#: Possessives and articles that may open the coordination without being part of it.
_OPENERS = frozenset({"my", "his", "her", "your", "their", "our", "the", "both"})
#: Words the first body part never follows in a coordination ("a back and neck pain").
_NOT_AFTER = frozenset({"a", "an"})
#: Words after which body parts joined by commas alone still open a coordination ("have
#: neck, back pain", "with knee, hip pain").
_LIST_OPENERS = frozenset({"have", "has", "had", "having", "got", "get", "gets", "with", "and"})
#: Labels of the complaint a preposition ties the first body part to.
_COMPLAINTS = frozenset({Label.SYMPTOM, Label.DISEASE})
#: The most words one body part of the coordination may have ("lower back", "left big toe").
_MAX_PART_WORDS = 3
#: Symptom words a coordination shares where the last body part and the word form no
#: vocabulary compound ("hand and foot cramps", "muscle, joint and bone pain", "face and neck
#: flushing"): the dictionary reads the last part as anatomy and the word as the symptom.
_SHARED_HEADS = frozenset(
    {"cramps", "cramp", "cramping", "spasms", "spasm", "pain", "pains", "ache", "aches"}
    | {"aching", "stiffness", "swelling", "numbness", "tingling", "weakness", "soreness"}
    | {"tenderness", "tightness", "flushing", "itching", "twitching", "twitches", "rash"}
    | {"rashes", "redness", "puffiness", "burning", "tics", "tic"}
)


def coordinated_symptoms(
    tokens: Sequence[Token], spans: Sequence[Span], lexicon: Lexicon
) -> list[Span]:
    """One SYMPTOM span per body-part symptom preceded by coordinated body parts."""
    found: list[Span] = []
    symptom_ends = {span.last for span in spans if span.label is Label.SYMPTOM}
    complaint_ends = {span.last for span in spans if span.label in _COMPLAINTS}
    for first, last in _body_part_symptoms(tokens, spans):
        sides = _coordinated_sides(tokens, first)
        if sides is not None:
            # "upper and lower back pain", "left and right knee pain": sides share the rest
            found.append(
                Span(
                    tokens[sides].start,
                    tokens[last - 1].end,
                    sides,
                    last,
                    Label.SYMPTOM,
                    None,
                    PHRASE,
                )
            )
            continue
        part_end = _body_part_end(tokens, first, last - 1, lexicon)
        if part_end is None:
            continue  # "fatigue and neck pain": the symptom must open with a body part
        start = _coordination_start(tokens, first, lexicon, complaint_ends)
        if start is None or start in symptom_ends:
            continue  # "itchy eyes and eye pain": the first part has its own symptom
        if _folded(tokens[start : first - 1]) == _folded(tokens[first:part_end]):
            continue
        found.append(
            Span(
                tokens[start].start, tokens[last - 1].end, start, last, Label.SYMPTOM, None, PHRASE
            )
        )
    return found


def _body_part_symptoms(tokens: Sequence[Token], spans: Sequence[Span]) -> list[tuple[int, int]]:
    """Token ranges that may end a coordination: a symptom of several words ("neck pain"),
    and a body part followed right away by a shared symptom word the vocabularies hold no
    compound for ("foot" + "cramps")."""
    ranges = [
        (span.first, span.last)
        for span in spans
        if span.label is Label.SYMPTOM and span.last - span.first >= 2
    ]
    heads = {
        span.first: span.last
        for span in spans
        if span.label is Label.SYMPTOM
        and span.last - span.first == 1
        and tokens[span.first].norm in _SHARED_HEADS
    }
    for span in spans:
        if span.label is Label.BODY_PART and span.last in heads:
            ranges.append((span.first, heads[span.last]))
    return ranges


def _coordinated_sides(tokens: Sequence[Token], first: int) -> int | None:
    """Where sides coordinated in front of the symptom at token ``first`` begin ("upper and
    lower back pain", "left and right knee pain"), or None. The side next to the symptom may
    be its own first word ("lower back pain") or stand right before it ("right" + "knee
    pain")."""
    positions = _positions()
    start = first if tokens[first].norm in positions else first - 1
    if start < 2 or tokens[start].norm not in positions:
        return None
    join = start - 1
    found: int | None = None
    while join > 0 and tokens[join].norm in _JOINS and tokens[join - 1].norm in positions:
        found = join - 1
        join = found - 1
    if found is None or (found > 0 and tokens[found - 1].norm in _PREPOSITIONS | _NOT_AFTER):
        return None  # "pain in the left and right knee pain" never; "a left and right..."
    return found


def _coordination_start(
    tokens: Sequence[Token], first: int, lexicon: Lexicon, complaint_ends: set[int]
) -> int | None:
    """Where the body parts coordinated before token ``first`` begin, or None if there are none
    (or the first of them belongs to a complaint before it)."""
    start: int | None = None
    commas_only = True
    join = first - 1
    while join > 0 and tokens[join].norm in _JOINS:
        part = _body_part_start(tokens, join, lexicon)
        if part is None:
            break
        commas_only = commas_only and tokens[join].norm == ","
        start = part
        join = part - 1
        if join > 0 and tokens[join].norm == "," and tokens[join - 1].norm in _JOINS:
            join -= 1  # ", and" joins like "and"
    if start is None or _bound(tokens, start, complaint_ends):
        return None
    if commas_only and _inside_a_list_item(tokens, start):
        return None
    return start


def _inside_a_list_item(tokens: Sequence[Token], start: int) -> bool:
    """Body parts joined by commas alone, the first after a word of its own: "dry eyes, back
    pain" and "heavy limbs, throat tightness" are items of a list of effects, not "eyes, back
    pain"; "neck, back pain" at the start of a clause or after "my" still shares the pain."""
    if start == 0:
        return False
    before = tokens[start - 1]
    if not before.norm.isalpha():
        return False
    return before.norm not in _OPENERS | _PREPOSITIONS | _LIST_OPENERS


def _bound(tokens: Sequence[Token], start: int, complaint_ends: set[int]) -> bool:
    """The body part at ``start`` ends another phrase: it follows "a" or "an", or it locates
    a complaint before it ("pain in my arm and back pain")."""
    if start > 0 and tokens[start - 1].norm in _NOT_AFTER:
        return True
    return locates_a_complaint(tokens, start, complaint_ends)


def locates_a_complaint(tokens: Sequence[Token], start: int, complaint_ends: set[int]) -> bool:
    """The body part at token ``start`` follows a preposition (and a possessive or article)
    right after a symptom or disease (whose spans end at ``complaint_ends``): "pain in my
    knee", "swelling of the ankle". It locates that complaint, so it starts no compound."""
    before = start - 1
    if before >= 0 and tokens[before].norm in _OPENERS:
        before -= 1
    if before < 0 or tokens[before].norm not in _PREPOSITIONS:
        return False
    return before in complaint_ends


def _body_part_start(tokens: Sequence[Token], end: int, lexicon: Lexicon) -> int | None:
    """The first token of the longest body part ending just before token ``end``, with the
    position words in front of it."""
    for size in range(min(_MAX_PART_WORDS, end), 0, -1):
        if _is_body_part(tokens[end - size : end], lexicon):
            start = end - size
            while start > 0 and tokens[start - 1].norm in _positions():
                start -= 1
            return start
    return None


def _body_part_end(tokens: Sequence[Token], first: int, limit: int, lexicon: Lexicon) -> int | None:
    """The end of the longest body part starting at token ``first`` and ending by ``limit``."""
    for end in range(min(first + _MAX_PART_WORDS, limit), first, -1):
        if _is_body_part(tokens[first:end], lexicon):
            return end
    return None


@cache
def _positions() -> frozenset[str]:
    """Position words that belong to the body part they precede ("my left knee and hip pain"),
    the same the compound rules put in front of one (``modifiers.txt``)."""
    return frozenset(_resources.read_words("modifiers.txt"))


def _folded(words: Sequence[Token]) -> str:
    return " ".join(t.folded for t in words)


def _is_body_part(words: Sequence[Token], lexicon: Lexicon) -> bool:
    for key in (" ".join(t.norm for t in words), " ".join(t.folded for t in words)):
        entry = lexicon.lookup(key)
        if entry is not None and entry[0] is Label.BODY_PART:
            return True
    return False
