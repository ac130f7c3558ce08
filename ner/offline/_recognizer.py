"""The offline recognition pipeline: tokens -> lexicon matches (context rules, case-sensitive
abbreviations) -> compound rules -> defined abbreviations -> word-shape cues -> dosages ->
descriptive symptom phrases -> body parts coordinated before a symptom -> one non-overlapping
set of spans (combined with the sequence taggers') -> the message's own abbreviation
definitions -> negation -> entities.

Everything is linear in the message length: one regex tokenization, then at each token at most
``max_tokens[first]`` dictionary probes (longest first), so typical chat messages take well
under a millisecond.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ner._models import Concept, Entity, Label, sort_entities
from ner._vocabulary import LookUp
from ner.offline import _resources
from ner.offline._assertions import Assertion, AssertionDetector
from ner.offline._compounds import CompoundRules
from ner.offline._concepts import Concepts, load_concepts
from ner.offline._context import ContextRules, CueFinder
from ner.offline._coordination import coordinated_symptoms
from ner.offline._definitions import apply_definitions, looks_like_short_form
from ner.offline._dosage import DosageFinder
from ner.offline._equivalence import hpo_sources, preferred_code
from ner.offline._fuzzy import REAL_WORDS, TypoIndex
from ner.offline._lexicon import Lexicon, first_two_words, load_lexicon
from ner.offline._lookup import LookUpIndex
from ner.offline._model import CHAT, LITERATURE, Combination, SequenceModels
from ner.offline._negation import NegationDetector
from ner.offline._phrases import ComplaintLabels, DrugHeads, PhraseMatch, PhraseMatcher
from ner.offline._register import Register, detect_register
from ner.offline._sources import CHAT_QUIET_WORDS
from ner.offline._spans import CUE, DOSAGE, LEXICON, PHRASE, Span, resolve, token_range
from ner.offline._text import Token, fold_plural, tokenize

#: Labels whose dictionary match inside a descriptive phrase means the phrase is something else
#: ("can't swallow Xanax" is about a drug). A dosage is not one: in "put on 15 kg" the amount
#: belongs to the phrase.
_PHRASE_BLOCKERS = frozenset({Label.DRUG, Label.PROCEDURE, Label.DISEASE})
#: Phrase patterns that read a measurement with its number ("my sugar was 300") or a sudden
#: change in one ("my BP shot up"): an event, where the bare level ("my sugar is high") is the
#: disease.
_READING_PATTERNS = frozenset(
    {"my_lab_value", "lab_reading", "lab_value_list", "level_jump", "my_level_jump"}
    | {
        "lab_decade",
        "my_lab_decade",
        "caused_level_to",
        "made_level_jump",
        "lab_bare_number",
        "lab_bare_pair",
        "lab_is_number",
        "owner_lab_value",
        "stat_lab_over",
    }
    | {"my_sugar_low", "relative_sugar_low"}  # a hypo; "my sugar is high" is the disease
)
#: Phrase patterns that read what a medicine does to the one who takes it, where the
#: dictionary reads the same word as an injury: "Adapalene *burns*", "Restasis *stings*".
_EFFECT_PATTERNS = frozenset(
    {"drug_hurts"}
    # acne or migraines a medicine brought on or back ("Yaz gave me migraines", "my acne came
    # back with a vengeance"): the complaint, where the dictionary reads the diagnosis
    | {"wh_flare_changed", "wh_flare_given", "wh_flare_broke_out", "wh_flare_made_worse"}
    | {"wh_flare_listed"}
    # a complaint that came back ("my migraines came back"): lived through, not diagnosed
    | {"pain_came_back"}
    # visual disturbances a medicine brought on ("Clomid: visual disturbances"), in chat only:
    # the dictionary's diagnosis, which the corpora's text keeps
    | {"wh_visual_disturbed"}
)
#: Readings of a level without a number ("my iron levels are very low", "low platelets"),
#: where the project still reads a bare "my sugar is high" as the disease.
_LEVEL_PATTERNS = frozenset(
    {"my_lab_level", "lab_level_list", "lab_tail_level", "level_before_lab", "owner_lab_level"}
    | {"stat_lab_rise", "stat_lab_fall"}  # a bare value said to rise or fall: "creatinine up"
)
#: Words between a complaint and a weak dose piece that still say how often the complaint
#: comes ("palpitations, maybe once or twice a week", "headaches about 3 times a week").
_TIMING_HEDGE = re.compile(
    r"(?:[\s,]|\b(?:maybe|about|around|roughly|like|usually|probably|only|at least|up to|"
    r"once or|one or|two or|three or|four or)\b)*$",
    re.IGNORECASE,
)
#: How far before a dose piece a hedge is looked for (a few words).
_HEDGE_REACH = 40
_HEDGE_WORD = re.compile(
    r"\b(?:maybe|about|around|roughly|like|usually|probably|once|one|two|three|four)\b", re.I
)
#: What a reading measures, besides a disease's marker: a substance the dictionary reads as a
#: drug ("potassium", "vitamin D"), a cell or fluid it reads as anatomy ("platelets"), a test
#: it reads as a procedure ("eGFR").
_MEASURED_LABELS = frozenset({Label.DRUG, Label.BODY_PART, Label.PROCEDURE})
#: What a drug-class word ("meds") can follow to name a drug class.
_DRUG_CLASS_BASES = frozenset({Label.SYMPTOM, Label.DISEASE, Label.BODY_PART})


class Recognizer:
    """Synchronous recognizer; build once (loads the lexicon and the taggers), call
    ``recognize`` per message.

    ``models`` selects the shipped sequence taggers (names from ``ner/data/models.json``, or
    "all" / "none"); None means the ones marked default. ``models_dir`` reads the taggers from
    another folder than ``ner/data`` (a fresh ``medner train --out``). An unknown name raises
    ``ModelSelectionError``; a tagger that cannot be loaded is skipped with a warning.
    """

    def __init__(
        self,
        lexicon: Lexicon | None = None,
        cache_dir: Path | None = None,
        concepts: Concepts | None = None,
        models: Sequence[str] | None = None,
        models_dir: Path | None = None,
    ) -> None:
        self._lexicon = lexicon if lexicon is not None else load_lexicon(cache_dir)
        self._concepts = concepts if concepts is not None else load_concepts(cache_dir)
        self._corrections = _resources.read_pairs("misspellings.tsv")
        common = _resources.read_words("common_words.txt")
        self._rules = ContextRules(self._corrections)
        reviewed = frozenset(_resources.read_words("typo_drugs.txt"))
        self._models = SequenceModels.load(
            self._lexicon,
            models,
            models_dir,
            common_words=frozenset(common),
            context=self._rules,
            reviewed_drugs=reviewed,
        )
        self._cues = CueFinder(common)
        self._dosage = DosageFinder()
        self._negation = NegationDetector(self._corrections)
        self._assertions = AssertionDetector(self._corrections, common)
        self._compounds = CompoundRules(self._lexicon, common)
        self._phrases = PhraseMatcher(self._corrections)
        self._complaints = ComplaintLabels(self._corrections)
        self._drug_heads = DrugHeads(self._corrections)
        known = {word for key in self._lexicon.entries for word in key.split(" ")} | common
        #: Words a stretched word ("sooo", "dizzzy") may be read as: the lexicon's, the
        #: everyday ones, and the targets of the corrections table ("so", "really").
        self._vocabulary = frozenset(known | set(self._corrections.values()) | REAL_WORDS)
        self._typos = TypoIndex(
            (k for k in self._lexicon.curated if " " not in k),
            known,
            chat_words=reviewed,
        )
        #: The words of curated terms of several words ("attacks" of "panic attacks", "shortness"
        #: of "shortness of breath"), corrected in chat only, where a whole term then matches.
        self._phrase_typos = TypoIndex(
            (),
            known,
            chat_words={w for k in self._lexicon.curated if " " in k for w in k.split(" ")},
        )
        self._look_ups = LookUpIndex(self._lexicon, self._concepts, self._corrections, self._typos)

    @property
    def lexicon(self) -> Lexicon:
        return self._lexicon

    @property
    def concepts(self) -> Concepts:
        return self._concepts

    @property
    def models(self) -> SequenceModels | None:
        """The loaded sequence taggers, or None when the engine runs on the lexicon alone."""
        return self._models

    def recognize(self, text: str) -> list[Entity]:
        """Entities in ``text``: exact offsets, no overlaps, document order."""
        combination = self.combination(text)
        tokens, chosen = self.rule_spans(text, literature=combination is LITERATURE)
        if self._models is not None and tokens:
            complaints = frozenset(
                index
                for index, span in enumerate(chosen)
                if span.label is Label.DISEASE
                and self._complaints.is_term(tokens, span.first, span.last)
            )
            chosen = self._models.combine(
                tokens, chosen, combination, complaints, known=self._rules_find_something
            )
        chosen = apply_definitions(tokens, chosen)
        return self._entities(text, tokens, chosen, chat=combination is not LITERATURE)

    def _rules_find_something(self, words: str) -> bool:
        """Whether the rules, reading ``words`` as a chat message of their own, find anything
        but a body part: words they know, so their silence over them in a message was the
        context's (a lay span may cover body parts: "loss of ear pressure")."""
        _, spans = self.rule_spans(words, literature=False)
        return any(span.label is not Label.BODY_PART for span in spans)

    @staticmethod
    def combination(text: str) -> Combination:
        """How taggers and rules combine for ``text``: taggers first in the literature
        register (abstracts, articles, clinical letters), rules first in chat."""
        return LITERATURE if detect_register(text) is Register.LITERATURE else CHAT

    def rule_spans(
        self, text: str, literature: bool | None = None
    ) -> tuple[list[Token], list[Span]]:
        """The tokens of ``text`` and the rule-based pipeline's non-overlapping spans (what
        the sequence taggers see as features and combine with). ``literature`` is the
        register when the caller has decided it already; the phrase patterns written for
        chat only are left out in the literature register."""
        if literature is None:
            literature = detect_register(text) is Register.LITERATURE
        # stretched letters are chat's; an abstract's words (and gene names) stay as written
        tokens = tokenize(text, self._corrections, frozenset() if literature else self._vocabulary)
        spans = self._compounds.apply(tokens, self._lexicon_spans(tokens, literature))
        spans += self._abbreviation_spans(tokens, spans)
        spans += self._cue_spans(tokens, spans)
        spans += self._dosage_spans(text, tokens, spans, chat=not literature)
        phrases = self._phrase_spans(tokens, spans, literature)
        spans = _without_named_parts(spans, phrases) + phrases
        if not literature:
            spans = self._without_complaint_timing(text, tokens, spans)
        spans += self._drug_class_spans(tokens, spans)
        spans += coordinated_symptoms(tokens, spans, self._lexicon)
        return tokens, resolve(spans)

    def _entities(
        self, text: str, tokens: list[Token], chosen: list[Span], chat: bool = True
    ) -> list[Entity]:
        ranges = [(s.first, s.last) for s in chosen]
        labels = [s.label for s in chosen]
        negated = self._negation.negated(tokens, ranges, labels)
        assertions = self._assertions.assess(tokens, ranges, labels)
        drug_starts = frozenset(s.first for s in chosen if s.label is Label.DRUG)
        entities = []
        for index, (s, assertion) in enumerate(zip(chosen, assertions, strict=True)):
            label = self._complaints.label(tokens, s.first, s.last, s.label, drug_starts, chat)
            code = preferred_code(s.code, label)
            entities.append(
                Entity(
                    text=text[s.start : s.end],
                    label=label,
                    start=s.start,
                    end=s.end,
                    negated=index in negated,
                    code=code,
                    concept=self._concept(code),
                    **_assertion_fields(assertion),
                )
            )
        return sort_entities(entities)

    def look_up(self, query: str) -> LookUp:
        """What the vocabularies say about a term or code (``/what``); see ``LookUpIndex``."""
        return self._look_ups.look_up(query)

    def link_concepts(self, text: str, entities: Sequence[Entity]) -> list[Entity]:
        """Concepts for another engine's entities: where one is missing, from the entity's code
        or else the lexicon entry its text matches (same label only); where one has a name but
        no code (a model's own wording), the vocabulary concept of that name, if any."""
        return [self._linked(entity) for entity in entities]

    def _linked(self, entity: Entity) -> Entity:
        given = entity.concept
        if given is not None and given.code is not None:
            return entity
        if given is None:
            concept = self._concept(entity.code or self._code_of(entity.text, entity.label))
        else:
            concept = self._concept(self._code_of(given.name, entity.label)) or given
        if concept is None or concept == given:
            return entity
        return entity.model_copy(update={"concept": concept})

    def _concept(self, code: str | None) -> Concept | None:
        """The concept of ``code``, named by the shortest name of its HPO equivalents where that
        is plainer than the ICD-10-CM description (see ``ner.offline._equivalence``)."""
        concept = self._concepts.concept(code)
        if concept is None or code is None:
            return concept
        names = [concept.name]
        for hpo in hpo_sources().get(code, ()):
            equivalent = self._concepts.concept(hpo)
            if equivalent is not None:
                names.append(equivalent.name)
        shortest = min(names, key=len)
        if shortest == concept.name:
            return concept
        return concept.model_copy(update={"name": shortest})

    def _code_of(self, phrase: str, label: Label) -> str | None:
        tokens = tokenize(phrase, self._corrections)
        for key in _keys(tokens) if tokens else ():
            found = self._lexicon.lookup(key)
            if found is not None and found[0] is label:
                return preferred_code(found[1], label)
        return None

    def _match_at(self, tokens: Sequence[Token], norms: list[str], i: int) -> Span | None:
        """Longest lexicon match starting at token ``i`` that its context rules allow.

        Case-sensitive abbreviations are tried at each length before the case-insensitive
        keys; a key that spans "X - induced Y" is skipped so drug and disease come out apart.
        """
        lexicon = self._lexicon
        acronym_longest = lexicon.acronym_max_tokens.get(tokens[i].text, 0)
        longest = max(
            # a correction may expand one token into several ("xray" -> "x - ray")
            lexicon.max_tokens.get(norms[i].partition(" ")[0], 0),
            lexicon.max_tokens.get(tokens[i].folded, 0),
            acronym_longest,
        )
        longest = min(longest, len(tokens) - i)
        pair_longest = self._pair_longest(tokens, norms, i) if longest > 1 else 0
        for length in range(longest, 0, -1):
            window = tokens[i : i + length]
            if length <= acronym_longest:
                acronym = self._acronym(tokens, window, i, length)
                if acronym is not None:
                    return acronym
            if length > 1 and length > pair_longest:
                continue  # no key of this many words starts with these two
            if length > 2 and "induced" in norms[i + 1 : i + length]:
                continue
            for key in _keys(window):
                if key in self._rules and not self._rules.allows(key, norms, i, i + length):
                    break  # its own rule vetoes the folded form too ("it pains me to")
                found = self._lexicon.lookup(key)
                if found is None:
                    continue
                label, code = found
                return Span(window[0].start, window[-1].end, i, i + length, label, code, LEXICON)
        return None

    def _pair_longest(self, tokens: Sequence[Token], norms: list[str], i: int) -> int:
        """The most tokens a key starting at token ``i`` can span, judged by its first two
        words (as written and plural-folded): every key of a window of two or more tokens
        starts with those words and has at least as many words as the window has tokens."""
        pairs = self._lexicon.pair_max_tokens
        exact = pairs.get(first_two_words(f"{norms[i]} {norms[i + 1]}"), 0)
        folded = pairs.get(first_two_words(f"{tokens[i].folded} {tokens[i + 1].folded}"), 0)
        return max(exact, folded)

    def _acronym(
        self, tokens: Sequence[Token], window: Sequence[Token], i: int, length: int
    ) -> Span | None:
        found = self._lexicon.lookup_acronym(" ".join(token.text for token in window))
        if found is None or _shouting(tokens, i, i + length):
            return None
        key = " ".join(token.norm for token in window)
        if key in self._rules and not self._rules.allows(
            key, [t.norm for t in tokens], i, i + length
        ):
            return None  # an abbreviation that is also a word ("my boss is a real SOB")
        label, code = found
        return Span(window[0].start, window[-1].end, i, i + length, label, code, LEXICON)

    def _typo_at(
        self, tokens: Sequence[Token], norms: list[str], i: int, literature: bool = False
    ) -> Span | None:
        """A one-typo match of a curated word ("paracetemol"), under the same context rules;
        a plural is corrected through its singular ("hedaches" -> "headache"). The medicines
        listed for chat ("welbutrin") are corrected outside the literature register only."""
        corrected = self._typos.correct(norms[i], literature=literature)
        if corrected is None and tokens[i].folded != norms[i]:
            corrected = self._typos.correct(tokens[i].folded, literature=literature)
        found = self._lexicon.lookup(corrected) if corrected else None
        if corrected is None or found is None:
            return None
        if corrected in self._rules and not self._rules.allows(corrected, norms, i, i + 1):
            return None
        label, code = found
        return Span(tokens[i].start, tokens[i].end, i, i + 1, label, code, LEXICON)

    def _joined_at(
        self, tokens: Sequence[Token], norms: list[str], i: int, literature: bool
    ) -> Span | None:
        """Two words of a curated symptom or disease run together ("jointpain", "musclecramps",
        "backpain"), in chat only: an unknown word of at least seven letters that splits in
        exactly one place into a curated two-word SYMPTOM or DISEASE, each part at least three
        letters (the second may be a plural)."""
        word = norms[i]
        if literature or len(word) < 7 or not word.isalpha() or word in self._vocabulary:
            return None
        found: set[tuple[Label, str | None]] = set()
        for cut in range(3, len(word) - 2):
            first = self._corrections.get(word[:cut], word[:cut])
            second = self._corrections.get(word[cut:], word[cut:])
            for key in dict.fromkeys((f"{first} {second}", f"{first} {fold_plural(second)}")):
                entry = self._lexicon.lookup(key) if key in self._lexicon.curated else None
                if entry is not None and entry[0] in (Label.SYMPTOM, Label.DISEASE):
                    found.add(entry)
                    break
        if len(found) != 1:
            return None
        label, code = found.pop()
        return Span(tokens[i].start, tokens[i].end, i, i + 1, label, code, LEXICON)

    def _phrase_typo_tokens(self, tokens: Sequence[Token]) -> tuple[list[Token], set[int]]:
        """The tokens with each misspelt word of a curated multi-word term corrected ("panic
        atacks", "shortnes of breath"), and the corrected positions (chat only)."""
        fixed = list(tokens)
        changed: set[int] = set()
        for k, token in enumerate(tokens):
            if token.norm in self._vocabulary:
                continue
            corrected = self._phrase_typos.correct(token.norm)
            if corrected is not None:
                fixed[k] = replace(token, norm=corrected, folded=fold_plural(corrected))
                changed.add(k)
        return fixed, changed

    def _phrase_typo_at(self, fixed: Sequence[Token], changed: set[int], i: int) -> Span | None:
        """A curated term of several words matched once its misspelt words are corrected."""
        span = self._match_at(fixed, [t.norm for t in fixed], i)
        if span is None or span.last - span.first < 2:
            return None
        if not changed.intersection(range(span.first, span.last)):
            return None
        key = " ".join(t.norm for t in fixed[span.first : span.last])
        folded = " ".join(t.folded for t in fixed[span.first : span.last])
        if key not in self._lexicon.curated and folded not in self._lexicon.curated:
            return None
        return span

    def _lexicon_spans(self, tokens: Sequence[Token], literature: bool = False) -> list[Span]:
        norms = [token.norm for token in tokens]
        fixed, changed = ([], set()) if literature else self._phrase_typo_tokens(tokens)
        spans: list[Span] = []
        i = 0
        while i < len(tokens):
            span = (
                self._match_at(tokens, norms, i)
                or (self._phrase_typo_at(fixed, changed, i) if changed else None)
                or self._typo_at(tokens, norms, i, literature)
                or self._joined_at(tokens, norms, i, literature)
            )
            if span is None:
                i += 1
                continue
            if not literature and _chat_quiet(span, norms):
                i = span.last
                continue
            spans.append(span)
            i = span.last
        return spans

    def _abbreviation_spans(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "Duchenne muscular dystrophy ( DMD )": the short form, and its later uses, inherit."""
        taken = {position for span in spans for position in range(span.first, span.last)}
        defined: dict[str, Span] = {}
        for span in spans:
            j = span.last
            if (
                j + 2 < len(tokens)
                and tokens[j].text == "("
                and tokens[j + 2].text == ")"
                and looks_like_short_form(tokens[j + 1].text)
                and j + 1 not in taken
            ):
                defined.setdefault(tokens[j + 1].text, span)
        found: list[Span] = []
        for index, token in enumerate(tokens):
            source = defined.get(token.text)
            if source is not None and index not in taken:
                found.append(
                    Span(
                        token.start, token.end, index, index + 1, source.label, source.code, LEXICON
                    )
                )
        return found

    def _cue_spans(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        covered = [False] * len(tokens)
        for span in spans:
            for position in range(span.first, span.last):
                covered[position] = True
        return [
            Span(
                tokens[c.index].start, tokens[c.index].end, c.index, c.index + 1, c.label, None, CUE
            )
            for c in self._cues.find(tokens, covered)
        ]

    def _dosage_spans(
        self, text: str, tokens: Sequence[Token], spans: list[Span], chat: bool = True
    ) -> list[Span]:
        drugs = [(s.start, s.end) for s in spans if s.label is Label.DRUG]
        found: list[Span] = []
        for start, end in self._dosage.find(text, drugs, chat):
            first, last = token_range(tokens, start, end)
            if first < last:
                found.append(Span(start, end, first, last, Label.DOSAGE, None, DOSAGE))
        return found

    def _without_complaint_timing(
        self, text: str, tokens: Sequence[Token], spans: list[Span]
    ) -> list[Span]:
        """A weak dose piece right after a complaint says when or how long the complaint
        happens, not how a drug is taken: "waking up at 3am every night", "didn't sleep for 3
        days" (annotation.md: a duration of a symptom is no entity), also after a complaint the
        dictionary files as a disease ("teeth grinding at night", "restless legs every
        night"), also after a comma or a hedge; after a hedge word the piece may be strong
        ("palpitations, maybe once or twice a week": no dose is taken "maybe").
        Chat register only."""
        ends = {s.end for s in spans if s.label is Label.SYMPTOM}
        ends |= {
            s.end
            for s in spans
            if s.label is Label.DISEASE and self._complaints.is_term(tokens, s.first, s.last)
        }
        kept = []
        for span in spans:
            if span.label is Label.DOSAGE and span.source == DOSAGE:
                before = text[max(0, span.start - _HEDGE_REACH) : span.start]
                gap = len(before) - len(before.rstrip())
                hedge = _hedge_before(before)
                weak = self._dosage.is_weak(text[span.start : span.end])
                if weak and (span.start - gap in ends or span.start - len(hedge) in ends):
                    continue
                if span.start - len(hedge) in ends and _HEDGE_WORD.search(hedge):
                    continue  # "maybe once or twice a week": no dose is taken "maybe"
            kept.append(span)
        return kept

    def _phrase_spans(
        self, tokens: Sequence[Token], spans: list[Span], literature: bool = False
    ) -> list[Span]:
        """Descriptive symptom phrases that add to what the dictionary found (in the
        literature register, without the patterns written for chat only).

        A phrase competes with the dictionary by length, like any candidate, except where the
        dictionary has already read the words better: a drug, procedure or disease inside, or
        a symptom together with its body part ("hands shaking" stays hands/BODY_PART +
        shaking/SYMPTOM, the project's convention for free constructions).
        """
        found: list[Span] = []
        symptom_at = {s.first: s for s in spans if s.label is Label.SYMPTOM}
        by_first = sorted(spans, key=lambda s: s.first)
        firsts = [s.first for s in by_first]
        longest = max((s.last - s.first for s in spans), default=0)
        body_parts = {s.first: s.last for s in spans if s.label is Label.BODY_PART}
        symptoms = {s.first: s.last for s in spans if s.label is Label.SYMPTOM}
        drugs = {s.first: s.last for s in spans if s.label is Label.DRUG}
        for match in self._phrases.find(tokens, body_parts, symptoms, literature, drugs):
            # only spans starting within ``longest`` tokens before the phrase can touch it
            low = bisect.bisect_right(firsts, match.first - longest)
            high = bisect.bisect_left(firsts, match.last)
            touching = [s for s in by_first[low:high] if match.first < s.last]
            if _phrase_is_redundant(match, touching):
                continue
            last = match.last
            following = symptom_at.get(last)
            if (
                following is not None
                and match.label is Label.SYMPTOM
                and last - match.first == 1
                and not self._phrases.is_list_item(match.pattern)
                and not self._is_body_part(tokens[following.first])
            ):
                # "achy pain", "painful swelling": one symptom. Only a one-word phrase (a
                # modifier, not an item of a list: "shaky anxious ringing in my ears") takes
                # the symptom after it, and not one that opens with its own body part
                # ("jittery heart racing"): a whole phrase is a mention of its own in a list
                # written without commas ("vivid dreams night sweats", "gained 30 lbs tired").
                last = following.last
            start, end = tokens[match.first].start, tokens[last - 1].end
            found.append(Span(start, end, match.first, last, match.label, None, PHRASE))
        return found

    def _is_body_part(self, token: Token) -> bool:
        found = self._lexicon.lookup(token.norm)
        return found is not None and found[0] is Label.BODY_PART

    def _drug_class_spans(self, tokens: Sequence[Token], spans: list[Span]) -> list[Span]:
        """ "pain meds", "anti-seizure medication", "thyroid pills": one DRUG, not a symptom.
        A complaint ending in a verb takes the drug word as its object instead: "trouble
        swallowing pills" is a symptom and pills."""
        found: list[Span] = []
        for span in spans:
            if span.label not in _DRUG_CLASS_BASES or _ends_in_a_verb(tokens, span):
                continue
            extent = self._drug_heads.extent(tokens, span.first, span.last)
            if extent is not None:
                first, last = extent
                start, end = tokens[first].start, tokens[last - 1].end
                found.append(Span(start, end, first, last, Label.DRUG, None, LEXICON))
        return found


def _hedge_before(before: str) -> str:
    """The hedge words and separators that end ``before`` ("" where there are none)."""
    found = _TIMING_HEDGE.search(before)
    return before[found.start() :] if found is not None else ""


def _without_named_parts(spans: list[Span], phrases: Sequence[Span]) -> list[Span]:
    """Drop a dictionary reading that a phrase reads, word for word, otherwise.

    People in South Asia name a condition by its organ ("I have sinus", "suffering from
    tonsils"): a disease phrase over the same words drops the body part. A symptom phrase over
    the words of a dictionary disease is one the phrase rules let through on purpose (see
    ``_measured_disease``: "Adapalene burns" is an effect, not an injury): it drops the
    disease; so does one over the words of a body part ("took the edge off my *nerves*": the
    state, not the anatomy). A dosage phrase over a body part's words is a route: "oral"
    before a medicine or its form ("oral antibiotics", "oral suspension") is how it is taken,
    not the mouth. Either dictionary reading would otherwise win the tie of equal length.
    """
    named = {(p.first, p.last) for p in phrases if p.label in _NAMING_LABELS}
    reread = {(p.first, p.last) for p in phrases if p.label is Label.SYMPTOM}
    if not named and not reread:
        return spans
    return [
        s
        for s in spans
        if not (s.label is Label.BODY_PART and (s.first, s.last) in named)
        and not (s.label in _REREAD_LABELS and (s.first, s.last) in reread)
    ]


#: Phrase labels that replace a dictionary body part over exactly their words.
_NAMING_LABELS = frozenset({Label.DISEASE, Label.DOSAGE})

#: Dictionary readings a symptom phrase over exactly their words replaces.
_REREAD_LABELS = frozenset({Label.DISEASE, Label.BODY_PART})


def _ends_in_a_verb(tokens: Sequence[Token], span: Span) -> bool:
    """A complaint of several words ending in a gerund ("trouble swallowing"): a drug word
    after it is the verb's object. A single word ("sleeping pills") is a drug's purpose."""
    return span.last - span.first > 1 and tokens[span.last - 1].norm.endswith("ing")


def _phrase_is_redundant(match: PhraseMatch, touching: Sequence[Span]) -> bool:
    """The dictionary already read these words better (see ``Recognizer._phrase_spans``).

    A disease after the phrase's first word does not count: the vocabularies hold a few
    faculty words as diseases ("appetite"), and "lost my appetite" is still a symptom. One at
    its start does: in "my sugar is high" the project reads "sugar" as the disease. But a
    reading with its number, or a sudden change, is a measurement, not a diagnosis: "my sugar
    was 300", "my BP was 180/110", "my BP shot up".
    """
    labels = {
        span.label
        for span in touching
        if not _inside_disease(span, match) and not _measured_disease(span, match)
    }
    if labels & _PHRASE_BLOCKERS:
        return True
    return Label.SYMPTOM in labels and Label.BODY_PART in labels


def _inside_disease(span: Span, match: PhraseMatch) -> bool:
    return span.label is Label.DISEASE and match.first < span.first and span.last <= match.last


def _measured_disease(span: Span, match: PhraseMatch) -> bool:
    """The dictionary's reading of what a lab reading measures, which the reading replaces:
    the disease of "my sugar was 300", the drug of "my potassium was 5.9", the anatomy of
    "platelets are at 85,000"; and the injury the dictionary reads in a medicine's effect
    ("Adapalene burns")."""
    if not match.first <= span.first or not span.last <= match.last:
        return False
    if span.label is Label.DISEASE:
        return match.pattern in _READING_PATTERNS or match.pattern in _EFFECT_PATTERNS
    return span.label in _MEASURED_LABELS and (
        match.pattern in _READING_PATTERNS or match.pattern in _LEVEL_PATTERNS
    )


_NO_ASSERTION = Assertion()


def _assertion_fields(assertion: Assertion) -> dict[str, Any]:
    """The assertion as Entity fields, none for the defaults (most entities): a field left
    out keeps its default without being validated, which the recognizer's hot path notices."""
    if assertion == _NO_ASSERTION:
        return {}
    return {
        "subject": assertion.subject,
        "subject_word": assertion.subject_word,
        "certainty": assertion.certainty,
        "historical": assertion.historical,
    }


def _keys(window: Sequence[Token]) -> list[str]:
    """The lookup keys of a token window: as written, then with plurals folded."""
    exact = " ".join(token.norm for token in window)
    folded = " ".join(token.folded for token in window)
    return [exact] if folded == exact else [exact, folded]


def _is_loud_word(token: Token) -> bool:
    return len(token.text) >= 3 and token.text.isalpha() and token.text.isupper()


def _shouting(tokens: Sequence[Token], first: int, last: int) -> bool:
    """True in ALL-CAPS text ("IT WAS ALL FINE"), where capitals do not mark abbreviations."""
    before = tokens[first - 1] if first > 0 else None
    after = tokens[last] if last < len(tokens) else None
    return any(t is not None and _is_loud_word(t) for t in (before, after))


def _chat_quiet(span: Span, norms: Sequence[str]) -> bool:
    """A vocabulary disease that is an everyday word in chat: a behaviour word MeSH files
    under behaviour or psychological phenomena that the lexicon keeps for the corpora's sake
    ("my happiness came back", "a good attitude"; see ``_sources.CHAT_QUIET_WORDS``)."""
    return (
        span.label is Label.DISEASE
        and span.code is None
        and span.last - span.first == 1
        and norms[span.first] in CHAT_QUIET_WORDS
    )
