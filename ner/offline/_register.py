"""Which register a message is written in: chat, or the scientific/clinical literature.

People paste abstracts, articles and clinical letters as well as chatting. The sequence taggers
were trained on abstracts and are trusted there; in chat the project's curated vocabulary and
its guards come first (``docs/engines.md``, "Register: chat or literature"). The decision is a
hand-set score of plain linguistic signals, cheap enough for every message:

* chat: first and second person ("I", "my", "you"), contractions ("don't", "I'm"), chat words
  ("lol", "pls"), question and exclamation marks, emoji, a lowercase start, a reviewer's rating
  ("8/10", "5 stars": a post about a medicine written tersely, with few pronouns);
* chat, whatever the words: a terse list written without sentences ("nausea vomiting diarrhea
  abdominal cramping dehydration"), a review's inventory of effects. Literature is written in
  sentences, with function words and a closing full stop, and the taggers that learned from it
  read a run of symptom names as one long name;
* literature: the abstract voice ("we", "our"), study words ("patients", "study", "results"),
  technical morphology ("-itis", "-osis", "-emia", "-ase", "-ectomy"), nominalisations,
  numbers with units or percentages, abbreviations defined in parentheses ("(PTH)"), long
  sentences.

The corpora the taggers learned from are space-tokenised ("renal failure ( RF ) , and"); the
text is normalised first so that artefact carries no weight: an abstract pasted with ordinary
punctuation gets the same decision as its tokenised form. A message of a few words is chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from ner.offline._text import has_digit


class Register(Enum):
    """How a message is written, which decides how taggers and rules combine."""

    CHAT = "chat"
    LITERATURE = "literature"


#: Fewer words than this is a chat message whatever its words are ("metformin 500 mg?").
MIN_WORDS = 8
#: Literature when the literature signals outweigh the chat signals by at least this much.
THRESHOLD = 3.0

#: A terse list has at most one function word in this many words, and no closing punctuation.
TERSE_WORDS_PER_FUNCTION_WORD = 10

_SPACED_CLOSE = re.compile(r"\s+([,.;:!?)\]%])")
_SPACED_OPEN = re.compile(r"([(\[])\s+")
_SPACED_JOIN = re.compile(r"(\w)\s+([-/'’])\s+(\w)")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf]")
_UNIT = re.compile(
    r"\b\d+(?:[.,]\d+)?\s*(?:%|mg|g|kg|ml|mL|l|L|mmol|µg|ug|mcg|ng|nm|mm|cm|IU|U|h|hr|hrs|"
    r"mmHg|bpm|Gy)\b|\d+(?:\.\d+)?\s*%"
)
_STATISTIC = re.compile(r"\b[Pp]\s*[<=>]\s*0?\.\d|\b95\s*%|\bn\s*=\s*\d|\bCI\b|\bOR\b")
#: A reviewer's rating: "8/10", "10/10 would recommend", "0 stars". Not a proportion of a
#: study: "(1/10)", "3/10 patients", "1/10,000" have a bracket, a plural noun or digits around.
_RATING = re.compile(
    r"(?<![\d/.,(])\b(?:10|\d)\s*/\s*10\b(?![\d.]\d|\s*,\s*\d|\s*[()%]|\s+(?:of\b|[a-z]+s\b))"
    r"|\b(?:[0-5](?:\.5)?|zero|one|two|three|four|five)\s+stars?\b",
    re.IGNORECASE,
)
_SCORE_WORDS = frozenset(
    {"pain", "score", "scores", "scale", "vas", "nrs", "from", "to", "at", "of", "was", "is"}
)
#: "(PTH)", "(RF)", "(CDR1)": bounded, so a long run of capitals cannot make it backtrack.
_DEFINED_ABBREVIATION = re.compile(r"\(\s*[A-Z][A-Z0-9][A-Za-z0-9-]{0,10}\s*\)")

_FIRST_SECOND_PERSON = frozenset(
    {"i", "me", "my", "mine", "myself", "you", "your", "yours", "u", "ur", "im", "ive", "id"}
)
_CHAT_WORDS = frozenset(
    {"lol", "pls", "plz", "please", "thx", "thanks", "thank", "omg", "idk", "btw", "hi", "hello"}
    | {"hey", "ok", "okay", "yeah", "ya", "gonna", "wanna", "kinda", "sooo", "ugh", "anyone"}
    | {"help", "doc", "meds", "dr", "mum", "mom", "dad", "hubby", "wife", "husband", "kid"}
)
#: What sentences are glued with; a list of effects does without them.
_FUNCTION_WORDS = frozenset(
    {"the", "a", "an", "of", "and", "in", "with", "to", "was", "were", "is", "are", "for", "by"}
    | {"on", "that", "as", "at", "from", "or", "be", "been", "this", "which", "these", "those"}
    | {"its", "their", "than", "after", "during", "between", "into", "not", "no", "among"}
    | {"within", "without", "against", "via", "per", "versus", "vs", "has", "have", "had", "but"}
    | {"also", "both"}
)
_SENTENCE_END = (".", "?", "!", ".)", '."')
_PRONOUN_IS = frozenset({"it's", "that's", "he's", "she's", "what's", "there's", "who's"})
_ABSTRACT_VOICE = frozenset({"we", "our", "us"})
_STUDY_WORDS = frozenset(
    {"patients", "patient", "study", "studies", "studied", "results", "result", "conclusion"}
    | {"conclusions", "methods", "background", "objective", "aim", "associated", "association"}
    | {"significant", "significantly", "compared", "observed", "showed", "demonstrated"}
    | {"induced", "treated", "treatment", "subjects", "cohort", "trial", "controls", "mice"}
    | {"rats", "cells", "expression", "analysis", "clinical", "incidence", "findings"}
    | {"presented", "admitted", "examination", "diagnosis", "diagnosed", "history", "mutations"}
    | {"mutation", "gene", "protein", "levels", "therapy", "dose", "doses", "effect", "effects"}
    | {"reported", "revealed", "respectively", "however", "thus", "whereas", "including"}
)
_TECHNICAL_ENDINGS = (
    "itis", "osis", "oses", "emia", "aemia", "ase", "ases", "ectomy", "otomy", "ostomy", "ology",
    "pathy", "oma", "omas", "genic", "genesis", "plasia", "trophy", "algia", "uria", "ine",
    "ines", "ide", "ides", "azole", "mycin", "cillin", "olol", "pril", "sartan", "statin",
    "ocyte", "ocytes", "ular", "eal", "ic",
)  # fmt: skip
_NOMINAL_ENDINGS = ("tion", "tions", "sion", "ment", "ments", "ity", "ness", "ance", "ence")


def _is_rating(text: str, match: re.Match[str]) -> bool:
    """A verdict ("Overall 7/10"), not a pain score ("pain 8/10", "VAS 3/10", "from 8/10")."""
    before = text[: match.start()].split()
    return not before or before[-1].lower().strip(":,") not in _SCORE_WORDS


def normalise_spacing(text: str) -> str:
    """``text`` with corpus-style spaces around punctuation removed ("( RF ) ," -> "(RF),")."""
    text = _SPACED_CLOSE.sub(r"\1", text)
    text = _SPACED_OPEN.sub(r"\1", text)
    return _SPACED_JOIN.sub(r"\1\2\3", text)


@dataclass(slots=True)
class _WordSignals:
    """How many words of a message carry each word-level signal (one pass over them)."""

    person: int = 0
    chat_words: int = 0
    contractions: int = 0
    abstract_voice: int = 0
    study_words: int = 0
    technical: int = 0
    nominal: int = 0

    @classmethod
    def of(cls, lowered: list[str]) -> _WordSignals:
        signals = cls()
        for word in lowered:
            if "'" in word:
                signals.person += word.replace("'", "") in _FIRST_SECOND_PERSON
                signals.contractions += not word.endswith("'s") or word in _PRONOUN_IS
            else:
                signals.person += word in _FIRST_SECOND_PERSON
            signals.chat_words += word in _CHAT_WORDS
            signals.abstract_voice += word in _ABSTRACT_VOICE
            signals.study_words += word in _STUDY_WORDS
            if len(word) > 5:
                signals.technical += word.endswith(_TECHNICAL_ENDINGS)
                signals.nominal += word.endswith(_NOMINAL_ENDINGS)
        return signals


def _ratings(text: str) -> int:
    """How many verdicts ("8/10", "5 stars") ``text`` gives; most messages have no "/" and
    no "star", and are spared the expression."""
    if "/" not in text and "star" not in text.casefold():
        return 0
    return sum(_is_rating(text, match) for match in _RATING.finditer(text))


def register_score(text: str) -> float:
    """Literature signals minus chat signals, per the module's list (positive: literature)."""
    text = normalise_spacing(text)
    words: list[str] = _WORD.findall(text)
    if not words:
        return -1.0
    lowered = [word.lower().replace("’", "'") for word in words]
    count = len(lowered)
    signals = _WordSignals.of(lowered)
    chat = 2.5 * signals.person
    chat += signals.chat_words
    chat += signals.contractions
    chat += 1.5 * text.count("?") + text.count("!") + 2.0 * len(_EMOJI.findall(text))
    chat += 2.0 if text.lstrip()[:1].islower() else 0.0
    chat += 2.0 * _ratings(text)
    literature = 0.7 * signals.abstract_voice
    literature += 0.7 * signals.study_words
    literature += 0.6 * signals.technical
    literature += 0.4 * signals.nominal
    units = len(_UNIT.findall(text)) if has_digit(text) else 0
    literature += 0.5 * units + 1.5 * len(_STATISTIC.findall(text))
    literature += 1.5 * len(_DEFINED_ABBREVIATION.findall(text))
    sentences = max(1, len(re.findall(r"[.!?](?:\s|$)", text)))
    literature += max(0.0, count / sentences - 18) / 6
    literature += max(0.0, sum(len(w) for w in lowered) / count - 5.0) * 2
    return literature - chat


def is_terse_list(words: list[str], text: str) -> bool:
    """Whether ``text`` (of ``words``) is a list of items rather than a sentence: hardly a
    function word, and no full stop at its end (an abstract's sentences end in one)."""
    glue = sum(word.lower() in _FUNCTION_WORDS for word in words)
    terse = glue * TERSE_WORDS_PER_FUNCTION_WORD <= len(words)
    return terse and not text.rstrip().endswith(_SENTENCE_END)


def detect_register(text: str) -> Register:
    """The register of ``text``: literature only for a message of some length, written in
    sentences, whose literature signals clearly outweigh its chat signals."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS or is_terse_list(words, text):
        return Register.CHAT
    return Register.LITERATURE if register_score(text) >= THRESHOLD else Register.CHAT
