"""Span shaping after dictionary lookup: how matched words combine into the project's spans.

Each rule is one small method with the examples it exists for; ``CompoundRules.apply`` runs
them in order. They only ever merge adjacent spans, extend a span over neighbouring tokens, or
split a vocabulary phrase along curated terms, so offsets stay exact and spans never overlap.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ner._models import Label
from ner.offline import _resources
from ner.offline._coordination import locates_a_complaint
from ner.offline._lexicon import Lexicon
from ner.offline._spans import LEXICON, PHRASE, Span
from ner.offline._text import Token

#: Words allowed between a symptom and its site when a vocabulary phrase is split.
_LINKING_WORDS = frozenset({"of", "in", "on", "the", "my", "his", "her", "both", "your", "a"})
#: How many tokens of modifiers an anatomy head may absorb ("HT - 29 colon cells").
_MAX_ANATOMY_MODIFIERS = 4
#: Possessives and articles before a body part: after one, "aches" is a verb ("my jaw aches").
_OPENERS = frozenset({"my", "his", "her", "your", "their", "our", "the", "both", "a", "an"})
#: Articles a lay term may open with ("the flu") that stay outside a procedure built on it.
_ARTICLES = frozenset({"the", "a", "an"})


#: Heads that name how a drug is given, not a procedure of their own, after a DRUG.
_DRUG_GIVING_HEADS = frozenset({"shot", "shots", "jab", "jabs"})


class CompoundRules:
    """The compound rules, configured from ``cues.json`` and ``modifiers.txt``."""

    def __init__(self, lexicon: Lexicon, common_words: set[str]) -> None:
        cues = _resources.read_json("cues.json")
        self._lexicon = lexicon
        self._common = frozenset(common_words)
        self._modifiers = frozenset(_resources.read_words("modifiers.txt"))
        self._procedure_heads = frozenset(cues["procedure_heads"])
        self._head_verb_particles = frozenset(cues["procedure_head_verb_particles"])
        self._site_heads = frozenset(cues["disease_site_heads"])
        self._site_symptom_heads = frozenset(cues["site_symptom_heads"])
        self._site_verbs = frozenset(cues["site_symptom_verbs"])
        self._site_adjectives = frozenset(cues["site_adjectives"])
        self._anatomy_heads = frozenset(cues["anatomy_heads"])
        self._adjective_endings = tuple(cues["anatomy_adjective_endings"])

    def apply(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """All rules, in an order where each sees the previous one's result."""
        spans = self._split_symptom_phrases(tokens, spans)
        spans = self._extend_body_parts(tokens, spans)
        spans = self._site_symptoms(tokens, spans)
        spans = self._extend_anatomy(tokens, spans)
        spans = self._procedure_compounds(tokens, spans)
        return self._disease_sites(tokens, spans)

    def _curated_label(self, words: Sequence[str]) -> Label | None:
        key = " ".join(words)
        found = self._lexicon.lookup(key) if key in self._lexicon.curated else None
        return None if found is None else found[0]

    def _split_symptom_phrases(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """Vocabulary phrases "itchy eyes", "swelling of the lips" become symptom + body part.

        The project's convention (tests/data/README.md) keeps only lexicalized compounds whole
        ("sore throat", "chest pain"); those are curated, and curated keys are never split.
        """
        result: list[Span] = []
        for span in spans:
            parts = self._symptom_split(tokens, span) if span.label is Label.SYMPTOM else None
            result.extend(parts or [span])
        return result

    def _symptom_split(self, tokens: Sequence[Token], span: Span) -> list[Span] | None:
        words = [token.norm for token in tokens[span.first : span.last]]
        if len(words) < 2 or " ".join(words) in self._lexicon.curated:
            return None
        for cut in range(1, len(words)):
            if self._curated_label(words[:cut]) is not Label.SYMPTOM:
                continue
            rest = cut
            while rest < len(words) - 1 and words[rest] in _LINKING_WORDS:
                rest += 1
            if self._curated_label(words[rest:]) is Label.BODY_PART:
                first, body = span.first, span.first + rest
                found_symptom = self._lexicon.lookup(" ".join(words[:cut]))
                code = found_symptom[1] if found_symptom else None
                return [
                    Span(
                        tokens[first].start,
                        tokens[first + cut - 1].end,
                        first,
                        first + cut,
                        Label.SYMPTOM,
                        code,
                        LEXICON,
                    ),
                    Span(
                        tokens[body].start,
                        span.end,
                        body,
                        span.last,
                        Label.BODY_PART,
                        None,
                        LEXICON,
                    ),
                ]
        return None

    def _extend_body_parts(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "left knee", "right upper arm": side and position words join a body part."""
        taken = {position for span in spans for position in range(span.first, span.last)}
        extended: list[Span] = []
        for span in spans:
            first = span.first
            while (
                span.label is Label.BODY_PART
                and first > 0
                and first - 1 not in taken
                and tokens[first - 1].norm in self._modifiers
            ):
                first -= 1
            if first != span.first:
                span = replace(span, start=tokens[first].start, first=first)
            extended.append(span)
        return extended

    def _site_symptoms(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "waist pain", "thigh pain", "left calf swelling": a body part right before a
        symptom head is one symptom, as "back pain" is in the vocabulary; people name any part
        so, and a split reads as a bare body part beside an unlocated pain. A part that locates
        a complaint before it stays apart ("numbness in my foot, cramps" has no compound, nor
        does "swelling in my ankle pain")."""
        result: list[Span] = []
        for span in spans:
            previous = result[-1] if result else None
            if (
                previous is not None
                and previous.label is Label.BODY_PART
                and previous.last == span.first
                and span.label is Label.SYMPTOM
                and span.last - span.first == 1
                and self._site_symptom_head(tokens, result, previous, span.first)
            ):
                result[-1] = Span(
                    previous.start,
                    span.end,
                    previous.first,
                    span.last,
                    Label.SYMPTOM,
                    span.code,
                    PHRASE,  # built by a rule, like a descriptive phrase: a tagger keeps it whole
                )
            else:
                result.append(span)
        return result

    def _site_symptom_head(
        self, tokens: Sequence[Token], spans: list[Span], part: Span, head: int
    ) -> bool:
        """Token ``head`` makes one symptom with the body part ``part`` before it: a
        symptom noun, not a verb ("my jaw aches"), after a body part of everyday anatomy (the
        abstracts keep "bone" apart in "bone pain") that locates no complaint before it."""
        word = tokens[head].norm
        if word not in self._site_symptom_heads:
            return False
        if tokens[part.last - 1].norm in self._anatomy_heads:
            return False
        opened = part.first > 0 and tokens[part.first - 1].norm in _OPENERS
        if word in self._site_verbs and opened:
            return False
        complaint_ends = {s.last for s in spans if s.label in (Label.SYMPTOM, Label.DISEASE)}
        return not locates_a_complaint(tokens, part.first, complaint_ends)

    def _modifier_like(self, token: Token) -> bool:
        """A cell-line name ("HT", "29", "B16F10") or a relational adjective ("sciatic")."""
        word = token.text
        capitals = sum(map(str.isupper, word))
        if word.isalnum() and (any(ch.isdigit() for ch in word) or capitals >= 2):
            return True
        return (
            word.isalpha()
            and word.islower()
            and len(word) >= 5
            and word.endswith(self._adjective_endings)
            and word not in self._common
        )

    def _extend_anatomy(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "HT - 29 cells", "sciatic nerve", "cancer cells": modifiers join an anatomy head."""
        result: list[Span] = []
        for span in spans:
            head = tokens[span.last - 1]
            if span.label is not Label.BODY_PART or (
                head.norm not in self._anatomy_heads and head.folded not in self._anatomy_heads
            ):
                result.append(span)
                continue
            first = span.first
            while first > 0 and span.first - first < _MAX_ANATOMY_MODIFIERS:
                previous = result[-1] if result else None
                if (
                    previous is not None
                    and previous.last == first
                    and (
                        previous.label is Label.BODY_PART
                        or (previous.label is Label.DISEASE and head.folded == "cell")
                    )
                ):
                    first = previous.first
                    result.pop()
                elif (previous is None or previous.last < first) and (
                    self._modifier_like(tokens[first - 1])
                    or (
                        tokens[first - 1].text == "-"
                        and first > 1
                        and self._modifier_like(tokens[first - 2])
                    )
                ):
                    first -= 1
                else:
                    break
            if first != span.first:
                span = replace(span, start=tokens[first].start, first=first)
            result.append(span)
        return result

    def _procedure_compounds(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "malaria test", "knee surgery", "flu jab": a head word makes the whole a PROCEDURE.

        A head word that is itself a one-word match ("jab") is absorbed into the compound. A
        head followed by a verb particle is a verb ("my BP shot up"), not a procedure.
        """
        by_first = {span.first: span for span in spans}
        absorbed: set[int] = set()
        result: list[Span] = []
        for span in spans:
            if span.first in absorbed:
                continue
            last = span.last
            if span.label is Label.DRUG and self._drug_given_by(tokens, last):
                result.append(span)  # "Toradol shot", "B12 shots": the drug given, not a jab
                continue
            while self._is_procedure_head(tokens, last):
                follower = by_first.get(last)
                if follower is not None and follower.last != last + 1:
                    break
                if follower is not None:
                    absorbed.add(last)
                last += 1
            if last != span.last:
                first = span.first
                if tokens[first].norm in _ARTICLES and last - first > 2:
                    first += 1  # the lay term "the flu" inside "the flu shot"
                span = Span(
                    tokens[first].start,
                    tokens[last - 1].end,
                    first,
                    last,
                    Label.PROCEDURE,
                    None,
                    span.source,
                )
            result.append(span)
        return result

    def _drug_given_by(self, tokens: Sequence[Token], index: int) -> bool:
        """A medicine named before "shot" or "jab" is the medicine given ("a Toradol shot",
        "B12 shots", "my Depo-Medrol shot"), as annotation.md reads a drug given as therapy;
        curated procedures ("flu shot", "cortisone shot") are one term and never get here."""
        return index < len(tokens) and tokens[index].norm in _DRUG_GIVING_HEADS

    def _is_procedure_head(self, tokens: Sequence[Token], index: int) -> bool:
        if index >= len(tokens) or tokens[index].norm not in self._procedure_heads:
            return False
        return index + 1 >= len(tokens) or tokens[index + 1].norm not in self._head_verb_particles

    def _disease_sites(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "prostate carcinoma", "renal failure": an organ word joins a generic disease head."""
        result: list[Span] = []
        for span in spans:
            head = tokens[span.last - 1]
            previous = result[-1] if result else None
            if span.label is not Label.DISEASE or (
                head.norm not in self._site_heads and head.folded not in self._site_heads
            ):
                result.append(span)
            elif (
                previous is not None
                and previous.last == span.first
                and (previous.label is Label.BODY_PART)
            ):
                result[-1] = Span(
                    previous.start,
                    span.end,
                    previous.first,
                    span.last,
                    Label.DISEASE,
                    span.code,
                    span.source,
                )
            elif (
                span.first > 0
                and tokens[span.first - 1].norm in self._site_adjectives
                and (previous is None or previous.last < span.first)
            ):
                first = span.first - 1
                result.append(
                    Span(
                        tokens[first].start,
                        span.end,
                        first,
                        span.last,
                        Label.DISEASE,
                        span.code,
                        span.source,
                    )
                )
            else:
                result.append(span)
        return result
