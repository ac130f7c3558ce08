"""DOSAGE: strengths, counts, frequencies, routes and durations, found by regex over the text.

Pieces come from ``ner/data/dosage.json``. Contiguous pieces merge into one span ("500mg twice a
day for 5 days"). A piece is *strong* when it cannot be anything but a dosage (a number with a
unit, "twice a day", "q8h", "1-0-1", "PRN"); *weak* pieces ("daily", "at night", "for 5 days",
"iv") count only next to a strong piece or shortly after a drug name in the same sentence, so
"pain at night" or "fever for 5 days" are not dosages. A frequency in everyday words ("3 times a
day", "twice a day", "every 2 hours") is how often a dose is taken only in a sentence that names
a drug or a way of taking one ("take it 3 times a day"); elsewhere it is how often something
happens ("I get up 4 times a night to pee", "diarrhea 6 times a day").

A dose phrase names each of its parts once ("500mg" "twice a day" "for 5 days"), so a piece of a
kind the span already has starts a new span, and no span grows past ``MAX_DOSAGE_CHARS``: text
that repeats a dose over and over is many short DOSAGE entities, never one that swallows the
message.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ner.offline import _resources
from ner.offline._text import has_digit

_NUMBER = r"\d+(?:[.,]\d+)?"
_LETTERS = re.compile(r"[a-z]+")
_RANGE = rf"{_NUMBER}(?:\s*(?:-|to|/)\s*{_NUMBER})?"
_SENTENCE_END = re.compile(r"[.!?\n;]\s|\n")
#: Where a new sentence starts, for what a sentence is about: not at the point of "1 . 0 mg" or
#: "s . c ." in a tokenized abstract.
_NEW_SENTENCE = re.compile(r"[.!?]\s+(?=[A-Z])|\n")

#: Frequencies that are also everyday words or short abbreviations; weak alone.
_WEAK_FREQUENCIES = frozenset(
    {
        "a day",
        "per day",
        "daily",
        "every day",
        "everyday",
        "each day",
        "every morning",
        "every night",
        "every evening",
        "each morning",
        "each night",
        "at night",
        "at bedtime",
        "before bed",
        "before meals",
        "after meals",
        "after food",
        "before food",
        "with food",
        "with meals",
        "on an empty stomach",
        "empty stomach",
        "on empty stomach",
        "at bed time",
        "before sleeping",
        "morning and evening",
        "morning and night",
        "od",
        "o.d.",
        "qd",
        "hs",
        "stat",
        "sos",
        "weekly",
        "monthly",
        "hourly",
        "every other day",
        "alternate days",
        "on alternate days",
        "bid",
        "mane",
        "nocte",
        "before breakfast",
        "after breakfast",
        "with breakfast",
        "before dinner",
        "after dinner",
        "after lunch",
        "before lunch",
        "before sleep",
        "single dose",
        "a single dose",
        "one dose",
        "stat dose",
        "one time",
    }
)


MAX_DOSAGE_CHARS = 80
"""The longest DOSAGE span, and the longest piece considered; real dose phrases are far shorter
("40mg once daily before breakfast")."""


#: Household measures, which measure food as often as medicine.
_HOUSEHOLD = re.compile(r"spoon|scoop|sachet", re.IGNORECASE)
#: A measure of food or drink, not of a medicine: "2 spoons of sugar", "a scoop of rice".
_OF_FOOD = re.compile(
    r"\s+of\s+(?:sugar|honey|salt|coffee|tea|milk|water|rice|flour|butter|oil|jam|ghee|food|"
    r"cereal|oats|protein|peanut butter|yogurt|yoghurt)\b",
    re.IGNORECASE,
)

#: How sure a piece is of being a dosage: alone, in a dosing sentence, or beside a drug only.
STRONG, EVERYDAY, WEAK = 2, 1, 0

#: A frequency in everyday words ("3 times a day", "twice daily", "every 2 hours"), or a
#: duration written "x2 days", which a note uses for a symptom as for a drug.
_EVERYDAY_FREQUENCY = re.compile(
    r"\b(?:times?|once|twice|thrice|every)\b|^[x×]\s?\d|^\d\s?[x×]\s", re.IGNORECASE
)
#: Words that make a sentence about taking a medicine ("take it 3 times a day").
_DOSING_WORDS = re.compile(
    r"\b(?:take|takes|taking|took|taken|use|uses|using|used|apply|applies|applying|applied|"
    r"spray|sprays|puff|puffs|inject|injects|injecting|injected|dose|doses|dosing|dosed|give|"
    r"gives|giving|gave|given|prescribed|swallow|chew|insert|instil|instill|drops?|tablets?|"
    r"pills?|capsules?|tabs?|meds?|medicines?|medications?|shots?|inhaler|syrup|cream|ointment|"
    r"doctor|dr|gp|pharmacist|prescription|regimen|dosage|administered|administering|"
    r"administration|received|receiving|treated|treatment|infusion|injection|injections|"
    r"orally|intravenously|subcutaneous|subcutaneously|intraperitoneally|gavage|intragastrically|"
    r"mg|ml|mcg|microg|kg)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Piece:
    start: int
    end: int
    strength: int
    """``STRONG``, ``EVERYDAY`` or ``WEAK``; a merged piece has its strongest part's."""
    kinds: frozenset[int]
    """Which patterns found it: a strength, a count, a frequency, a duration..."""


@dataclass(frozen=True, slots=True)
class _Trigger:
    """What a message must contain for a dosage pattern to match in it: a digit (where the
    pattern can open with one) or one of the words the pattern can open with. Every pattern
    opens after a non-word character, so in ASCII text its first word is a whole run of
    letters; most messages hold no dose at all and are spared most expressions."""

    digit: bool
    words: frozenset[str]

    @classmethod
    def of(cls, digit: bool, *phrase_lists: Iterable[str]) -> _Trigger:
        firsts = {_LETTERS.match(phrase.lower()) for phrases in phrase_lists for phrase in phrases}
        return cls(digit, frozenset(m.group() for m in firsts if m is not None))

    def possible(self, has_digit: bool, words: frozenset[str]) -> bool:
        return (self.digit and has_digit) or not self.words.isdisjoint(words)


@dataclass(frozen=True, slots=True)
class _Expression:
    """One dosage pattern with the words it can open with."""

    pattern: re.Pattern[str]
    trigger: _Trigger

    @classmethod
    def of(cls, pattern: str, trigger: _Trigger, case_sensitive: bool = False) -> _Expression:
        return cls(re.compile(pattern, 0 if case_sensitive else re.IGNORECASE), trigger)


def _alternation(phrases: Iterable[str]) -> str:
    """Regex alternation, longest first, with flexible inner whitespace."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered)


class DosageFinder:
    """Compiled dosage patterns; ``find`` returns merged DOSAGE spans."""

    def __init__(self) -> None:
        config = _resources.read_json("dosage.json")
        units = _alternation(config["units"])
        counts = _alternation(config["count_units"])
        # "a spoon of sugar" is not a dose: a bare article only counts next to a drug.
        numbers = _alternation(w for w in config["number_words"] if w not in ("a", "an"))
        strong_freq = [f for f in config["frequencies"] if f not in _WEAK_FREQUENCIES]
        weak_freq = [f for f in config["frequencies"] if f in _WEAK_FREQUENCIES]
        durations = _alternation(config["duration_units"])
        starters = _alternation(config["duration_starters"])
        boundary_end = r"(?![\w/])"
        number_words = [w for w in config["number_words"] if w not in ("a", "an")]
        small = ("one", "two", "three", "four", "five", "six")
        digit = _Trigger.of(True)
        strong = [
            _Expression.of(rf"(?<![\w.]){_RANGE}\s?(?:{units}){boundary_end}", digit),
            _Expression.of(
                rf"(?<![\w.])(?:{_NUMBER}|{numbers}|½)\s+(?:{counts}){boundary_end}",
                _Trigger.of(True, number_words),
            ),
            _Expression.of(
                rf"(?<![\w.])(?:{_NUMBER}|one|two|three|four|five|six)\s*(?:x\s*)?times?\s+"
                r"(?:a|per|each|every)\s+(?:day|week|night|month)\b",
                _Trigger.of(True, small),
            ),
            _Expression.of(
                rf"(?<![\w.])(?:{_alternation(strong_freq)}){boundary_end}",
                _Trigger.of(False, strong_freq),
            ),
            # "3x a day", "2x daily", "1x/week" (reviews write "x" for "times")
            _Expression.of(
                r"(?<![\w.])[1-6]\s?[x×]\s?(?:(?:a|per|each|every)\s+(?:day|week|night)|daily"
                r"|weekly|/\s?(?:day|d|wk|week))(?![\w/])",
                digit,
            ),
            _Expression.of(
                r"(?<![\w.])q\.?\s?\d{1,2}\s?(?:h|hr|hrs|hours?)\b", _Trigger.of(False, ["q"])
            ),
            _Expression.of(
                r"(?<![\w.])every\s+\d{1,2}\s*(?:-\s*\d{1,2}\s*)?(?:h|hrs?|hours?)\b",
                _Trigger.of(False, ["every"]),
            ),
            _Expression.of(
                r"(?<![\w.\-])[0-2](?:\.5|½)?-[0-2](?:\.5|½)?-[0-2](?:\.5|½)?(?![\w\-])",
                digit,
                case_sensitive=True,
            ),
            _Expression.of(
                r"(?<![\w.])x\s?\d{1,2}\s?(?:days?|weeks?|/7|/52)(?!\w)", _Trigger.of(False, ["x"])
            ),
        ]
        weak = [
            _Expression.of(
                rf"(?<![\w.])(?:{_alternation(weak_freq)}){boundary_end}",
                _Trigger.of(False, weak_freq),
            ),
            _Expression.of(
                rf"(?<![\w.])(?:{starters})\s+(?:{_NUMBER}|a|an|one|two|three|four|five|six|"
                rf"seven|eight|nine|ten|a\s+couple\s+of|a\s+few)\s+(?:more\s+)?(?:{durations})\b",
                _Trigger.of(False, config["duration_starters"]),
            ),
            _Expression.of(
                rf"(?<![\w.])(?:{_alternation(config['routes'])}){boundary_end}",
                _Trigger.of(False, config["routes"]),
            ),
            _Expression.of(
                rf"(?<![\w.])an?\s+(?:{counts}){boundary_end}", _Trigger.of(False, ["a", "an"])
            ),
        ]
        self._strong = [expression.pattern for expression in strong]
        #: Every expression, strong first; a piece's ``kinds`` are indices into this list.
        self._expressions = [(e, True) for e in strong] + [(e, False) for e in weak]

    def _pieces(self, text: str) -> list[_Piece]:
        possible = self._possible(text)
        pieces = [
            _Piece(m.start(), m.end(), _strength(m.group(), strong), frozenset({kind}))
            for kind, (expression, strong) in enumerate(self._expressions)
            if possible(expression.trigger)
            for m in expression.pattern.finditer(text)
            if m.end() - m.start() <= MAX_DOSAGE_CHARS and not _food_measure(text, m)
        ]
        pieces.sort(key=lambda p: (p.start, -(p.end - p.start)))
        kept: list[_Piece] = []
        for piece in pieces:
            if kept and piece.start < kept[-1].end:
                last = kept[-1]
                if piece.end > last.end and piece.end - last.start <= MAX_DOSAGE_CHARS:
                    # Overlapping pieces join.
                    kept[-1] = _Piece(
                        last.start,
                        piece.end,
                        max(last.strength, piece.strength),
                        last.kinds | piece.kinds,
                    )
                continue
            kept.append(piece)
        return kept

    @staticmethod
    def _possible(text: str) -> Callable[[_Trigger], bool]:
        """Whether an expression with a given trigger can match in ``text``: every one can
        outside ASCII, where case folding may make other letters match."""
        if not text.isascii():
            return lambda trigger: True
        digit = has_digit(text)
        words = frozenset(_LETTERS.findall(text.lower()))
        return lambda trigger: trigger.possible(digit, words)

    def is_weak(self, found: str) -> bool:
        """No strong piece inside ``found``: only everyday timing words ("every night", "for 3
        days", "at night"), which say when something happens as readily as how a dose is
        taken."""
        return not any(pattern.search(found) for pattern in self._strong)

    def find(
        self, text: str, drug_spans: Sequence[tuple[int, int]], chat: bool = True
    ) -> list[tuple[int, int]]:
        """Merged DOSAGE spans: an everyday frequency needs a sentence about taking a drug,
        weak-only groups a drug shortly before, in the same sentence (in ``chat``, in the same
        clause: not after a dash or colon that opens a list of effects)."""
        pieces = self._pieces(text)
        pieces += _bare_strengths(text, drug_spans, pieces, chat)
        if chat:
            pieces += _percent_strengths(text, drug_spans, pieces)
        pieces.sort(key=lambda p: p.start)
        groups = _merge_contiguous(text, pieces)
        spans: list[tuple[int, int]] = []
        for start, end, strength in groups:
            if (
                strength == STRONG
                or (strength == EVERYDAY and _dosing_sentence(text, start, end, drug_spans))
                or _follows_drug(text, start, drug_spans, chat)
            ):
                spans.append((start, end))
        return spans


def _food_measure(text: str, match: re.Match[str]) -> bool:
    """ "2 spoons of sugar": a household measure of a food is no dose."""
    return bool(_HOUSEHOLD.search(match.group())) and bool(_OF_FOOD.match(text, match.end()))


def _strength(found: str, strong: bool) -> int:
    """A strong pattern's match in everyday words ("3 times a day") is ``EVERYDAY``."""
    if not strong:
        return WEAK
    return EVERYDAY if _EVERYDAY_FREQUENCY.search(found) else STRONG


def _dosing_sentence(
    text: str, start: int, end: int, drug_spans: Sequence[tuple[int, int]]
) -> bool:
    """The sentence around ``[start, end)`` names a drug or a way of taking one, or says
    nothing else ("3 times a day?", a reply about a dose)."""
    first = 0
    for match in _NEW_SENTENCE.finditer(text, 0, start):
        first = match.end()
    found = _NEW_SENTENCE.search(text, end)
    last = found.start() if found else len(text)
    if any(first <= d_start and d_end <= last for d_start, d_end in drug_spans):
        return True
    if not any(ch.isalnum() for ch in text[first:start] + text[end:last]):
        return True
    return _DOSING_WORDS.search(text, first, last) is not None


#: A number written right after a drug's name with no unit is its strength, as prescriptions
#: and chat in South Asia write it ("Glycomet 500", "Pantocid 40", "Metrogyl 400 thrice a day").
#: Not a 0 or a 1 (a count, or the start of a decimal the abstracts write "0 . 5"), nor a number
#: before a bracket or a decimal point ("nimesulide 62 ( 8 . 6 % )"). A decimal written without
#: spaces is a pen's strength in reviews ("Wegovy 1.7", "Ozempic 0.5"), and an opioid with
#: paracetamol is written as its two strengths ("Norco 10/325", "Percocet 7.5/325").
_BARE_STRENGTH = re.compile(
    r"[ \t]+([2-9]|[1-9]\d{1,3}|\d\.\d{1,2}|\d{1,2}(?:\.\d)?/(?:300|325|500|650|750))"
    r"(?![\w/%\-]|\s*[.,(]\s*\d|\s*\()"
    r"(?:[ \t]+([a-z']+))?",
    re.IGNORECASE,
)
#: What may follow such a number for it to be a strength: the end of the clause, another dose
#: piece ("500 1-0-1", "400 thrice a day"), or one of these words. Anything else ("glutamate 7
#: receptor", "MIBG 4 hr", "Crocin 2 days ago", "aspirin 100 patients") is no dose.
_STRENGTH_FOLLOWERS = frozenset(
    {"tablet", "tablets", "tab", "tabs", "for", "at", "after", "before", "daily"}
    | {"once", "twice", "thrice", "empty", "morning", "night", "every", "since"}
    # the release forms written after a strength ("Wellbutrin 150 XL", "Effexor 75 XR")
    | {"xl", "xr", "er", "sr", "cr"}
    # a verdict right after it in a review ("meloxicam 15 helped my knee", "soma 350 knocks me
    # out")
    | {"helped", "helps", "works", "worked", "gave", "gives", "made", "makes", "knocks"}
    | {"knocked", "barely", "didn't", "doesn't", "didnt", "doesnt"}
)
#: The end of the message or of a clause, written as people write it: a comma, colon or full
#: stop right after the number ("Wegovy 1.7: reflux"). The abstracts' tokenized " ." and " )"
#: ("at amino acid 286 .", "timolol 115 )") are a position or a count.
_CLAUSE_END = re.compile(r"(?:$|[,;:!?]|\.(?:\s|$)|[ \t]*\n)")


def _bare_strengths(
    text: str,
    drug_spans: Sequence[tuple[int, int]],
    pieces: Sequence[_Piece],
    chat: bool = True,
) -> list[_Piece]:
    """The unit-less strength right after each drug, where no other piece already reads it
    (in chat also before a dash that opens a list of effects: "Relpax 40 - weakness")."""
    found: list[_Piece] = []
    for _, end in drug_spans:
        match = _BARE_STRENGTH.match(text, end)
        if match is None:
            continue
        start, stop = match.span(1)
        if any(p.start < stop and start < p.end for p in pieces):
            continue
        follower = (match.group(2) or "").lower()
        after = stop + len(text[stop:]) - len(text[stop:].lstrip(" \t"))
        next_piece = any(p.start == after for p in pieces)
        dash = chat and _CHAT_DASH.match(text, stop) is not None
        if follower in _STRENGTH_FOLLOWERS or next_piece or dash or _CLAUSE_END.match(text, stop):
            found.append(_Piece(start, stop, STRONG, frozenset({0})))
    return found


#: A percentage written as people write a topical's strength, without spaces ("1%", "0.05%").
#: The abstracts write "0 . 5 %" and give percentages of everything, so this is chat only.
_PERCENT = re.compile(r"(?<![\w.%])\d{1,2}(?:\.\d{1,3})?%(?![\w%])")
#: Between a drug and its percentage: spaces, or a form word ("hydrocortisone cream 1%").
_DRUG_TO_PERCENT = re.compile(
    r"[ \t]+(?:(?:cream|ointment|gel|lotion|solution|drops|wash|shampoo|foam|spray)[ \t]+)?",
    re.IGNORECASE,
)


def _percent_strengths(
    text: str, drug_spans: Sequence[tuple[int, int]], pieces: Sequence[_Piece]
) -> list[_Piece]:
    """A percentage right before a drug ("1% hydrocortisone") or right after it or its form
    word ("Hydrocortisone 1% cream", "hydrocortisone cream 1%") is its strength; a percentage
    anywhere else ("90% better", "a 5% chance") is none."""
    found: list[_Piece] = []
    for match in _PERCENT.finditer(text):
        start, stop = match.span()
        if any(p.start < stop and start < p.end for p in pieces):
            continue
        if any(
            (d_end <= start and _DRUG_TO_PERCENT.fullmatch(text, d_end, start))
            or (stop <= d_start and not text[stop:d_start].strip(" \t") and stop < d_start)
            for d_start, d_end in drug_spans
        ):
            found.append(_Piece(start, stop, STRONG, frozenset({0})))
    return found


#: A dash between spaces before a lower-case word: in chat it ends a clause ("Relpax 40 -
#: weakness"); a tokenized abstract writes every hyphen so ("serotonin 5 - HT2", "5 - fold").
_CHAT_DASH = re.compile(
    r"[ \t]+[-\u2013\u2014][ \t]+(?!(?:fold|times|year|day|week|month|hour|min|dose|hydroxy"
    r"|methyl|amino|nitro|fluoro|chloro)\w*)[a-z]{3,}"
)


def _merge_contiguous(text: str, pieces: list[_Piece]) -> list[tuple[int, int, int]]:
    """Pieces separated only by whitespace join into one span, unless the span already has a
    piece of that kind (a repeated dose starts a new one) or would grow too long."""
    groups: list[_Piece] = []
    for piece in pieces:
        last = groups[-1] if groups else None
        if (
            last is not None
            and not text[last.end : piece.start].strip()
            and not last.kinds & piece.kinds
            and piece.end - last.start <= MAX_DOSAGE_CHARS
        ):
            groups[-1] = _Piece(
                last.start, piece.end, max(last.strength, piece.strength), last.kinds | piece.kinds
            )
        else:
            groups.append(piece)
    return [(group.start, group.end, group.strength) for group in groups]


#: How far (characters) a weak dosage piece may follow its drug: "paracetamol at night".
_WEAK_REACH = 30


def _follows_drug(
    text: str, position: int, drug_spans: Sequence[tuple[int, int]], chat: bool = True
) -> bool:
    """True when a drug ends shortly before ``position`` with no sentence break between (nor,
    in chat, a dash or colon opening a list of effects)."""
    for _, end in drug_spans:
        if (
            end <= position <= end + _WEAK_REACH
            and not _SENTENCE_END.search(text, end, position)
            and not (chat and _LIST_OPENS.search(text, end, position))
        ):
            return True
    return False


#: A chat clause that opens a list of effects after a drug ("boniva - flu like symptoms for 3
#: days", "cipro: tendon pain for weeks"): a duration after it is the effect's, not the dose's.
#: Chat only: a tokenized abstract writes every hyphen " - " ("IL - 1 beta for 24 hours").
_LIST_OPENS = re.compile(r"\s[-\u2013\u2014]\s|:\s")
