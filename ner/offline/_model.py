"""The offline engine's trained sequence taggers and how their spans join the rule-based ones.

Each tagger is a linear-chain CRF (CRFsuite) trained on one corpus, kept apart per source so an
operator can leave out a licence they cannot accept (``ner/data/SOURCES.md``). The corpora are
partially annotated (BC5CDR marks diseases and chemicals, NCBI-disease only diseases, AnatEM only
anatomy), so a single tagger over their union would learn that the unannotated labels are "O":
one tagger per corpus instead, all reading one shared feature sequence per message.

``ner/data/models.json`` lists the shipped taggers: file, labels, what each was trained on and
under which terms, whether it is on by default, its checksum and the feature version it needs.
A tagger that is missing, corrupt or stale is skipped with a logged warning: the engine then
answers from the lexicon alone for its labels, it never fails to start.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from itertools import pairwise
from pathlib import Path
from typing import Any

import pycrfsuite

from ner._models import Label
from ner.offline import _resources
from ner.offline._context import ContextRules
from ner.offline._definitions import looks_like_short_form
from ner.offline._features import FEATURE_VERSION, sequence_features
from ner.offline._lexicon import Lexicon
from ner.offline._spans import CUE, MODEL, PHRASE, Span
from ner.offline._text import Token, is_dash, spaces_around
from ner.offline._tumours import is_tumour_word

log = logging.getLogger(__name__)

DATA_PACKAGE = "ner.data"
MANIFEST = "models.json"
#: Model selections that are not names: every shipped tagger, or none (lexicon only).
ALL, NONE = "all", "none"


class ModelSelectionError(ValueError):
    """A model selection names a tagger that is not shipped; the message lists the names."""


@dataclass(frozen=True, slots=True)
class ModelCard:
    """One shipped tagger as ``models.json`` describes it."""

    name: str
    file: str
    labels: tuple[Label, ...]
    trained_on: str
    licence: str
    default: bool
    sha256: str
    feature_version: int
    #: Taggers of the same label this one outranks when both run: on a near tie between
    #: overlapping spans, this one's wins (it learned from their corpus too).
    outranks: tuple[str, ...] = ()
    #: Whether its corpus annotates signs and symptoms (BC5CDR does, as Disease; NCBI-disease
    #: hardly): only then is its "nothing here" over a symptom entry a veto (literature only).
    symptoms: bool = False
    #: A tagger of real people's chat text: it reads the surface features only (no rules'
    #: tags; the rules were tuned on its training text) and, in chat, adds its spans where
    #: nothing else was found or over body parts only (``SequenceModels.combine``).
    lay: bool = False

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> ModelCard:
        return cls(
            name=str(raw["name"]),
            file=str(raw["file"]),
            labels=tuple(Label(label) for label in raw["labels"]),
            trained_on=str(raw["trained_on"]),
            licence=str(raw["licence"]),
            default=bool(raw["default"]),
            sha256=str(raw["sha256"]),
            feature_version=int(raw["feature_version"]),
            outranks=tuple(str(name) for name in raw.get("outranks", ())),
            symptoms=bool(raw.get("symptoms", False)),
            lay=bool(raw.get("lay", False)),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "file": self.file,
            "labels": [label.value for label in self.labels],
            "trained_on": self.trained_on,
            "licence": self.licence,
            "default": self.default,
            "sha256": self.sha256,
            "feature_version": self.feature_version,
            "outranks": list(self.outranks),
            "symptoms": self.symptoms,
            "lay": self.lay,
        }


def _data_dir(directory: Path | None) -> Traversable:
    return directory if directory is not None else resources.files(DATA_PACKAGE)


def read_manifest(directory: Path | None = None) -> list[ModelCard]:
    """The taggers ``models.json`` lists ([] when there is none or it is unreadable).

    ``directory`` defaults to the package's ``ner/data``; tests and ``medner train --out``
    point elsewhere.
    """
    path = _data_dir(directory).joinpath(MANIFEST)
    if not path.is_file():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return [ModelCard.from_json(item) for item in raw["models"]]
    except (ValueError, KeyError, TypeError) as exc:
        log.warning("offline models: %s is unreadable (%s); using the lexicon only", MANIFEST, exc)
        return []


def select_cards(cards: Sequence[ModelCard], selection: Sequence[str] | None) -> list[ModelCard]:
    """The cards a selection names: None = the defaults, "all", "none", or a list of names."""
    if selection is None:
        return [card for card in cards if card.default]
    names = [name.strip().lower() for name in selection if name.strip()]
    if names == [ALL]:
        return list(cards)
    if names in ([], [NONE]):
        return []
    by_name = {card.name: card for card in cards}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        known = ", ".join([*by_name, ALL, NONE])
        raise ModelSelectionError(f"unknown offline model {unknown[0]!r} (known: {known})")
    return [by_name[name] for name in dict.fromkeys(names)]


def open_tagger(card: ModelCard, directory: Path | None = None) -> LoadedTagger | None:
    """The tagger of ``card``, or None (with a warning saying why) when it cannot be used."""
    if card.feature_version != FEATURE_VERSION:
        log.warning(
            "offline model %s was trained on feature version %s, this engine computes %s; "
            "skipped (retrain with `medner train`)",
            card.name,
            card.feature_version,
            FEATURE_VERSION,
        )
        return None
    path = _data_dir(directory).joinpath(card.file)
    if not path.is_file():
        log.warning("offline model %s: %s is missing; skipped", card.name, card.file)
        return None
    payload = path.read_bytes()
    if hashlib.sha256(payload).hexdigest() != card.sha256:
        log.warning("offline model %s: %s fails its checksum; skipped", card.name, card.file)
        return None
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open_inmemory(payload)
    except (ValueError, OSError) as exc:
        log.warning("offline model %s: %s is unreadable (%s); skipped", card.name, card.file, exc)
        return None
    return LoadedTagger(card, tagger, payload)


#: A rule span of a tagger's label stays when the tagger is less sure than this that it is
#: nothing: the lexicon is a second opinion the tagger can overrule only with confidence.
RULE_DOUBT = 0.98


@dataclass(frozen=True, slots=True)
class Combination:
    """How far the rules are trusted against the taggers; one per register.

    ``chat_guards``: the curated chat vocabulary is authoritative, possessives, verbs and a
    sentence-opening everyday word are trimmed from tagger spans, and an abbreviation that is
    also a word needs medical company. ``doubt``: a vocabulary entry of a tagger's label stays
    where that tagger is less sure than this that there is nothing. ``tagger_vetoes_symptoms``:
    the same applies to symptom entries under a DISEASE tagger (the corpora's "Disease" covers
    signs and symptoms), from a tagger whose corpus annotates them (``ModelCard.symptoms``);
    otherwise they always stay.
    """

    chat_guards: bool
    doubt: float
    tagger_vetoes_symptoms: bool


#: Chat: the rules first, the taggers where the rules doubt.
CHAT = Combination(chat_guards=True, doubt=RULE_DOUBT, tagger_vetoes_symptoms=False)
#: Literature: the taggers first; a vocabulary entry of their labels, or a span the rules built
#: from vocabulary words, only where they found it too. The rules still add what no tagger
#: finds (procedures, dosages) and word-ending cues.
LITERATURE = Combination(chat_guards=False, doubt=0.0, tagger_vetoes_symptoms=True)

#: A tagger span less confident than this stands only where it coincides with a rule span.
UNSURE = 0.6
#: How much less confident an outranked tagger's spans count (see ``ModelCard.outranks``).
OUTRANKED = 0.05
#: In literature, a tagger span of everyday words ("body", "vessel", "organ") stands as anatomy
#: when the tagger is at least this sure; in chat such words stay everyday whatever it says.
SURE_OF_EVERYDAY = 0.95
#: A tagger's anatomy span inside a disease span a tagger is at least this sure of yields to
#: it ("renal" in "decreased renal function"), as it yields to a rule's disease span.
SURE_DISEASE = 0.99
#: In chat, a lay tagger's span counts only when the tagger is at least this sure of it,
#: and only a phrase of at least this many words: a single word is the vocabulary's to read,
#: and where the rules left a word they know quiet, the context said so ("a real headache").
LAY_SURE = 0.6
LAY_WORDS = 2


@dataclass(frozen=True, slots=True)
class Prediction:
    """The taggers' spans as (span, confidence, tagger rank), per rule span index the
    probability the covering tagger gives to "nothing here", and the lay taggers' spans as
    (span, confidence)."""

    spans: list[tuple[Span, float, int]]
    rule_none: dict[int, float]
    gaps: list[tuple[Span, float]]


@dataclass(frozen=True, slots=True)
class LoadedTagger:
    """An open tagger with the bytes it reads from (CRFsuite keeps pointing into them, so they
    must live as long as the tagger)."""

    card: ModelCard
    tagger: pycrfsuite.Tagger
    payload: bytes


def decode_bio(tags: Sequence[str], tokens: Sequence[Token]) -> list[Span]:
    """Spans from BIO tags ("B-DISEASE", "I-DISEASE", "O"); a stray I- opens a span."""
    spans: list[Span] = []
    first = -1
    label: Label | None = None

    def close(last: int) -> None:
        if label is not None and first >= 0:
            spans.append(
                Span(tokens[first].start, tokens[last - 1].end, first, last, label, None, MODEL)
            )

    for i, tag in enumerate(tags):
        prefix, _, name = tag.partition("-")
        if prefix == "I" and label is not None and name == label.value:
            continue
        close(i)
        if prefix in ("B", "I") and name in Label.__members__:
            first, label = i, Label(name)
        else:
            first, label = -1, None
    close(len(tags))
    return spans


class SequenceModels:
    """The loaded taggers, tagging one shared feature sequence and merging with the rules.

    Combination (``docs/engines.md`` has the measurements behind it):

    * the taggers' spans, most confident first (an outranked tagger's a little less), each
      kept unless it overlaps one already kept or the rules know better (``_against_rules``):
      the taggers learned from annotated text where a mention starts and ends, which a
      dictionary cannot know;
    * a tagger's DISEASE span becomes SYMPTOM where the lexicon calls it a symptom (the
      corpora's "Disease" covers signs and symptoms), and takes the lexicon's identifier;
    * then the rule spans fill the gaps: always those of labels no tagger produces (symptoms,
      procedures, dosages), those from the curated chat vocabulary and those the rules built
      rather than looked up; a vocabulary entry of a tagger's labels unless that tagger is
      sure (``RULE_DOUBT``) there is nothing there.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        taggers: Sequence[LoadedTagger],
        *,
        common_words: frozenset[str] = frozenset(),
        context: ContextRules | None = None,
        unsure: float = UNSURE,
        reviewed_drugs: frozenset[str] = frozenset(),
    ) -> None:
        self._unsure = unsure
        #: Medicines people review by name (``typo_drugs.txt``): in chat a tagger's silence
        #: over one is no veto ("the fog lifted after 2 weeks off prozac").
        self._reviewed_drugs = reviewed_drugs
        self._lay = [t for t in taggers if t.card.lay]
        self._taggers = [t for t in taggers if not t.card.lay]
        outranked = {name for t in self._taggers for name in t.card.outranks}
        self._penalty = [OUTRANKED if t.card.name in outranked else 0.0 for t in self._taggers]
        self._lexicon = lexicon
        self._context = context
        self._common = common_words
        self._positions = frozenset(_resources.read_words("modifiers.txt"))
        self.min_confidence = 0.0
        # CRFsuite taggers hold per-call state: one message at a time per process.
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        lexicon: Lexicon,
        selection: Sequence[str] | None = None,
        directory: Path | None = None,
        common_words: frozenset[str] = frozenset(),
        context: ContextRules | None = None,
        reviewed_drugs: frozenset[str] = frozenset(),
    ) -> SequenceModels | None:
        """The selected taggers that can be used, or None when none can."""
        taggers = []
        for card in select_cards(read_manifest(directory), selection):
            loaded = open_tagger(card, directory)
            if loaded is not None:
                taggers.append(loaded)
        if not taggers:
            return None
        return cls(
            lexicon,
            taggers,
            common_words=common_words,
            context=context,
            reviewed_drugs=reviewed_drugs,
        )

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(loaded.card.name for loaded in (*self._taggers, *self._lay))

    def predict(
        self, tokens: Sequence[Token], candidates: Sequence[Span], chat: bool = True
    ) -> Prediction:
        """Every tagger's spans, and how sure the taggers are that each rule span is nothing.

        A span's confidence is the least marginal probability of its tags; a rule span's
        "none" probability is the least marginal of "O" over its tokens under the tagger that
        covers its label (spans of labels no tagger covers are absent). The lay taggers run
        on chat only, on the same sequence: they were trained without the rules' tags, and
        CRFsuite ignores features a model never saw, so they read its surface features alone.
        """
        features = pycrfsuite.ItemSequence(sequence_features(tokens, candidates))
        prediction = Prediction([], {}, [])
        with self._lock:
            for rank, loaded in enumerate(self._taggers):
                tagger = loaded.tagger
                tagger.set(features)
                tags = tagger.tag()
                for span in decode_bio(tags, tokens):
                    prediction.spans.append((span, _confidence(tagger, tags, span), rank))
                for index, rule in enumerate(candidates):
                    if _can_veto(loaded.card, rule.label) and rule.source != CUE:
                        none = min(tagger.marginal("O", i) for i in range(rule.first, rule.last))
                        prediction.rule_none[index] = none
            if chat:
                for loaded in self._lay:
                    tagger = loaded.tagger
                    tagger.set(features)
                    tags = tagger.tag()
                    for span in decode_bio(tags, tokens):
                        prediction.gaps.append((span, _confidence(tagger, tags, span)))
        return prediction

    def combine(
        self,
        tokens: Sequence[Token],
        candidates: list[Span],
        policy: Combination = CHAT,
        complaints: frozenset[int] = frozenset(),
        known: Callable[[str], bool] | None = None,
    ) -> list[Span]:
        """The final non-overlapping spans: the taggers' first, then the rules' in the gaps,
        as ``policy`` (the register's, ``_register.py``) lets them. ``complaints`` are the
        indices of candidates that name a complaint people report ("nightmares", "blisters"):
        in chat they stay where a tagger trained on abstracts is silent ("Chantix -
        nightmares, nausea").

        Every look-up against the rule spans and the spans kept goes through sorted indexes
        (``RuleIndex``, ``Disjoint``), so a long dense text costs near-linear time, not the
        product of its tagger and rule spans."""
        prediction = self.predict(tokens, candidates, chat=policy.chat_guards)
        penalty = self._penalty
        ranked = sorted(
            (self._tumour_as_disease(p, tokens) for p in prediction.spans),
            key=lambda p: (p[3], -(p[1] - penalty[p[2]]), p[0].start),
        )
        rules = RuleIndex(candidates)
        # "raw overlaps every tagger span" is "raw starts before the first end and ends after
        # the last start": computed once, not per span.
        first_end = min((p[0].end for p in ranked), default=0)
        last_start = max((p[0].start for p in ranked), default=0)
        chosen = Disjoint()
        # the taggers learned from mixed-case text: in a shouted chat message every word looks
        # like an abbreviation to them, so there they only confirm the rules' spans
        unsure = 2.0 if policy.chat_guards and is_shouted(tokens) else self._unsure
        diseases = RuleIndex(
            [p[0] for p in ranked if p[0].label is Label.DISEASE and p[1] >= SURE_DISEASE]
        )
        tokenized = _looks_tokenized(tokens)
        for raw, confidence, rank, tumour in ranked:
            if raw.label is Label.BODY_PART and _inside_any(raw, diseases):
                continue  # "renal" in "decreased renal function": the mention is the disease
            span = _trimmed(raw, tokens, self._common) if policy.chat_guards else raw
            if span is None:
                continue
            if policy.chat_guards and not tokenized and _crosses_a_spaced_dash(span, tokens):
                continue  # "SE's - constipation": in chat a dash between spaces ends a clause
            if confidence < unsure and not rules.coincides(span):
                continue  # an unsure tagger does not redraw the rules' spans
            if policy.chat_guards and _tiles_complaints(span, rules):
                continue  # "constipation insomnia" in a run-on list: two mentions, as in the rules
            labels = (Label.DISEASE,) if tumour else self._taggers[rank].card.labels
            alone = (
                policy.chat_guards
                and not candidates
                and raw.start < first_end
                and last_start < raw.end
            )
            everyday_ok = not policy.chat_guards and confidence >= SURE_OF_EVERYDAY
            span = self._against_rules(
                span, labels, tokens, rules, alone, policy.chat_guards, everyday_ok
            )
            if span is not None and not chosen.overlaps(span):
                chosen.add(span)
        rest = [
            span
            for index, span in enumerate(candidates)
            if prediction.rule_none.get(index, -1.0) < policy.doubt
            or (
                span.label is Label.SYMPTOM
                and (not policy.tagger_vetoes_symptoms or self._lay_symptom(span, tokens))
            )
            or span.source == CUE
            or (policy.chat_guards and self._curated(span, tokens))
            or (policy.chat_guards and index in complaints)
            or (policy.chat_guards and self._reviewed(span, tokens))
            or (
                not self._in_lexicon(span, tokens)
                and (policy.chat_guards or index not in prediction.rule_none)
            )
        ]
        for span in rest:
            if not chosen.overlaps(span):
                chosen.add(span)
        for span in defined_abbreviations(tokens, chosen.spans()):
            if not chosen.overlaps(span):
                chosen.add(span)
        if not prediction.gaps:
            return chosen.spans()
        return self._with_lay_spans(chosen.spans(), prediction, tokens, known)

    def _with_lay_spans(
        self,
        kept: list[Span],
        prediction: Prediction,
        tokens: Sequence[Token],
        known: Callable[[str], bool] | None,
    ) -> list[Span]:
        """``kept`` with the lay taggers' sure spans (most confident first, trimmed as chat
        trims a tagger's span). A lay span fills a gap, or takes the place of the body parts it
        covers, since it learned from real messages where a described symptom keeps its body
        part ("loss of ear pressure", "blood level fell to 1.3"). Where it overlaps anything
        else, what was found stays.

        Where the rules know its words and stayed quiet, the context said so, and the rules
        are right: a lay span is dropped where a word of it is one the lexicon's context rules
        rule out here ("it hurts my feelings"), where its words are a vocabulary entry ("red
        blood cells"), or where ``known`` (the rules on these words alone) finds something in
        them ("I can't keep up with the emails")."""
        spans = list(kept)
        ranked = sorted(prediction.gaps, key=lambda gap: (-gap[1], gap[0].start))
        for raw, sure in ranked:
            span = _trimmed(raw, tokens, self._common) if sure >= LAY_SURE else None
            if span is None or span.last - span.first < LAY_WORDS:
                continue
            if self._in_lexicon(span, tokens) or self._forbidden(span, tokens):
                continue
            if known is not None and known(
                " ".join(t.text for t in tokens[span.first : span.last])
            ):
                continue
            overlapping = [s for s in spans if s.start < span.end and span.start < s.end]
            if all(s.label is Label.BODY_PART for s in overlapping):  # none at all, too
                spans = [s for s in spans if s not in overlapping]
                spans.append(span)
        return sorted(spans, key=lambda s: s.start)

    def _tumour_as_disease(
        self, predicted: tuple[Span, float, int], tokens: Sequence[Token]
    ) -> tuple[Span, float, int, bool]:
        """A tagger's prediction, and whether it is an anatomy span naming a tumour ("gastric
        carcinomas", "lymph node metastases"), which becomes a DISEASE span: AnatEM annotates
        tumours as anatomy, but to a user a tumour is a disease, as it is where a rule span
        says so (``_against_rules``). Such a span comes after every other tagger span, so it
        only fills a place no disease tagger took (their boundaries follow the disease
        corpora)."""
        span, confidence, rank = predicted
        if span.label is not Label.BODY_PART or not is_tumour_word(tokens[span.last - 1].norm):
            return span, confidence, rank, False
        return Span(*_position(span), Label.DISEASE, None, MODEL), confidence, rank, True

    def _against_rules(
        self,
        span: Span,
        labels: Sequence[Label],
        tokens: Sequence[Token],
        rules: RuleIndex,
        alone: bool = True,
        curated_authority: bool = True,
        everyday_ok: bool = False,
    ) -> Span | None:
        """``span`` as the rules let it stand: the tagger's span (labelled from the lexicon),
        the rule span where they coincide, or None where the rules know better.

        The rules know better where the project's curated chat vocabulary has a different span
        ("big toe", "left ear", "coughs"; only modifiers in front of a term are the tagger's to
        add) and where a rule span of a label the tagger cannot
        produce is not inside the tagger's span (an AnatEM tagger's "neck" in "neck pain" or
        "heart" in "heart failure"; but "breast cancer cells" contains "breast cancer").
        ``everyday_ok``: the tagger is sure enough that everyday words are anatomy here.
        """
        for rule in rules.overlapping(span):
            same = rule.start == span.start and rule.end == span.end
            if curated_authority and self._curated(rule, tokens):
                if same:
                    return rule if _can_tag(labels, rule.label) else None
                if rule.source == PHRASE:
                    return None  # a descriptive phrase is never cut or swallowed ("ear hurts")
                inside = span.start <= rule.start and rule.end <= span.end
                if inside and (rule.end == span.end or not _can_tag(labels, rule.label)):
                    # modifiers before a known term ("hereditary breast cancer"), or a term of
                    # another kind inside a longer mention ("fish - eye disease")
                    continue
                return None
            if _can_tag(labels, rule.label):
                continue
            if same or rule.start < span.start or span.end < rule.end:
                return None
        if self._everyday(span, tokens, rules, alone, everyday_ok):
            return None
        return self._labelled(span, tokens, rules)

    def _forbidden(self, span: Span, tokens: Sequence[Token]) -> bool:
        """Whether the lexicon's context rules name a neighbour that rules out a word of
        ``span`` here ("it hurts my feelings", "a rash decision"): the rules know that idiom.
        A body part's rules say where it is no organ ("heart rate"), which a described
        symptom may well say ("excessive heart rate")."""
        if self._context is None:
            return False
        norms = [t.norm for t in tokens]
        return any(
            self._context.forbids(norms[i], norms, i, i + 1) and not self._anatomy(norms[i])
            for i in range(span.first, span.last)
        )

    def _anatomy(self, word: str) -> bool:
        entry = self._lexicon.lookup(word)
        return entry is not None and entry[0] is Label.BODY_PART

    def _everyday(
        self,
        span: Span,
        tokens: Sequence[Token],
        rules: RuleIndex,
        alone: bool,
        everyday_ok: bool = False,
    ) -> bool:
        """Everyday words the lexicon would not tag either: a word its context rules rule out
        here, "blood" or "body" as anatomy (unless ``everyday_ok``), and an abbreviation that
        is also a word ("DM", "WAS") where nothing else in the message is medical."""
        if rules.coincides(span):
            return False
        window = tokens[span.first : span.last]
        key = " ".join(t.norm for t in window)
        if self._context is not None and key in self._context:
            norms = [t.norm for t in tokens]
            if not self._context.allows(key, norms, span.first, span.last):
                return True  # the lexicon's context rules: "cell phone", "back home"
        if len(window) == 1 and window[0].text.isupper() and window[0].norm in self._common:
            return alone  # "DM me the details"; "patients with DM and cataract" is medical
        if everyday_ok:
            return False
        words = [t.norm for t in window if t.norm.isalpha()]
        return span.label is Label.BODY_PART and all(word in self._common for word in words)

    def _in_lexicon(self, rule: Span, tokens: Sequence[Token]) -> bool:
        """Whether ``rule`` is a vocabulary entry, not a span the rules built ("thyroid
        pills", "prostate carcinoma"): only entries are a second opinion a tagger may veto."""
        window = tokens[rule.first : rule.last]
        lexicon = self._lexicon
        return (
            lexicon.lookup(" ".join(t.norm for t in window)) is not None
            or lexicon.lookup(" ".join(t.folded for t in window)) is not None
            or lexicon.lookup_acronym(" ".join(t.text for t in window)) is not None
        )

    def _lay_symptom(self, rule: Span, tokens: Sequence[Token]) -> bool:
        """A complaint in the project's own lay words ("brain fog", "hives", "crying spells"):
        abstracts hardly contain them, so a tagger's silence over one says nothing, and a list
        of side effects pasted in an abstract's style keeps them. A single everyday word
        ("temperature", "rage") still needs a tagger there."""
        if not self._curated(rule, tokens):
            return False
        window = tokens[rule.first : rule.last]
        return len(window) > 1 or window[0].norm not in self._common

    def _reviewed(self, rule: Span, tokens: Sequence[Token]) -> bool:
        """A one-word DRUG span naming a medicine people review ("prozac", "lipitor")."""
        return (
            rule.label is Label.DRUG
            and rule.last - rule.first == 1
            and tokens[rule.first].norm in self._reviewed_drugs
        )

    def _curated(self, rule: Span, tokens: Sequence[Token]) -> bool:
        """From the project's own chat vocabulary: a curated term or a descriptive phrase. The
        position words the rules put in front of a body part count with it ("upper right
        abdomen"), so that a tagger does not trim them."""
        if rule.source == PHRASE:
            return True
        window = tokens[rule.first : rule.last]
        if rule.label is Label.BODY_PART:
            while len(window) > 1 and window[0].norm in self._positions:
                window = window[1:]
        curated = self._lexicon.curated
        return (
            " ".join(t.norm for t in window) in curated
            or " ".join(t.folded for t in window) in curated
        )

    def _labelled(self, span: Span, tokens: Sequence[Token], rules: RuleIndex) -> Span:
        """The tagger's span with the lexicon's label refinement and identifier."""
        for candidate in rules.same(span):
            if candidate.label is span.label or _is_symptom_of(candidate.label, span.label):
                return Span(*_position(span), candidate.label, candidate.code, MODEL)
        key = " ".join(token.norm for token in tokens[span.first : span.last])
        found = self._lexicon.lookup(key)
        if found is not None and (found[0] is span.label or _is_symptom_of(found[0], span.label)):
            return Span(*_position(span), found[0], found[1], MODEL)
        inside = rules.overlapping(span)
        if span.label is Label.DISEASE and inside and all(c.label is Label.SYMPTOM for c in inside):
            return Span(*_position(span), Label.SYMPTOM, None, MODEL)
        return span


#: Words a tagger trained on abstracts may pull into a chat mention ("my ear infection",
#: "has palpitations"): possessives, articles and the verbs that introduce a complaint.
_LEADING_WORDS = frozenset(
    {"my", "your", "his", "her", "our", "their", "its", "the", "a", "an", "this", "that"}
    | {"these", "those", "has", "have", "had", "is", "was", "are", "were", "got", "get"}
)


def _confidence(tagger: pycrfsuite.Tagger, tags: Sequence[str], span: Span) -> float:
    """The least marginal probability of ``span``'s tags."""
    return min(float(tagger.marginal(tags[i], i)) for i in range(span.first, span.last))


def _trimmed(span: Span, tokens: Sequence[Token], common: frozenset[str]) -> Span | None:
    """``span`` without leading possessives, articles, verbs and dashes ("Slynd - irregular
    bleeding": the taggers take in the dash a review writes after the drug), nor an everyday word
    that opens a sentence ("Reports vomiting"); None if nothing is left."""
    first = span.first
    opener = tokens[first]
    everyday = opener.norm in common or opener.folded in common
    if first + 1 < span.last and everyday and _opens_sentence(tokens, first):
        first += 1
    while first < span.last and (
        tokens[first].text.lower() in _LEADING_WORDS or is_dash(tokens[first])
    ):
        capital_a = tokens[first].text in ("A", "An")
        if capital_a and first + 1 < span.last and not _lower(tokens, first + 1):
            break  # "A - T" (ataxia-telangiectasia), not an article
        first += 1
    if first == span.first:
        return span
    if first == span.last:
        return None
    return Span(tokens[first].start, span.end, first, span.last, span.label, span.code, MODEL)


def _looks_tokenized(tokens: Sequence[Token]) -> bool:
    """A comma or full stop written apart from the word before it, as a corpus's tokenized
    sentence has them ("C9 - deficient subject ."), where people write "dry mouth, nausea"."""
    return any(
        tokens[i].text in (",", ".") and tokens[i - 1].end < tokens[i].start
        for i in range(1, len(tokens))
    )


def _crosses_a_spaced_dash(span: Span, tokens: Sequence[Token]) -> bool:
    """A dash with a space on each side inside ``span``: in a post it separates a heading or a
    drug from a list of effects ("Lyrica - dizzy, swollen feet"), where an abstract's tokenized
    text has " - " inside names ("5 - fluorouracil"), so this is asked in chat only."""
    return any(
        is_dash(tokens[i]) and all(spaces_around(tokens, i))
        for i in range(span.first + 1, span.last - 1)
    )


def _opens_sentence(tokens: Sequence[Token], index: int) -> bool:
    return tokens[index].text[:1].isupper() and (
        index == 0 or tokens[index - 1].text in (".", "!", "?")
    )


def _lower(tokens: Sequence[Token], index: int) -> bool:
    return tokens[index].text.islower()


class RuleIndex:
    """The rule spans, sorted by start, for overlap and same-place queries in logarithmic time;
    answers keep the rules' original order, which ``_against_rules`` depends on."""

    def __init__(self, rules: Sequence[Span]) -> None:
        order = sorted(range(len(rules)), key=lambda i: rules[i].start)
        self._rules = rules
        self._order = order
        self._starts = [rules[i].start for i in order]
        self._longest = max((rule.end - rule.start for rule in rules), default=0)
        self._by_place: dict[tuple[int, int], list[Span]] = {}
        for rule in rules:
            self._by_place.setdefault((rule.start, rule.end), []).append(rule)

    def overlapping(self, span: Span) -> list[Span]:
        """The rules sharing a character with ``span``, in their original order."""
        low = bisect.bisect_right(self._starts, span.start - self._longest)
        high = bisect.bisect_left(self._starts, span.end)
        hits = sorted(i for i in self._order[low:high] if span.start < self._rules[i].end)
        return [self._rules[i] for i in hits]

    def same(self, span: Span) -> list[Span]:
        """The rules over exactly ``span``'s characters, in their original order."""
        return self._by_place.get((span.start, span.end), [])

    def coincides(self, span: Span) -> bool:
        return (span.start, span.end) in self._by_place


class Disjoint:
    """Non-overlapping spans kept in insertion order, with a sorted index for overlap tests."""

    def __init__(self) -> None:
        self._kept: list[Span] = []
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, span: Span) -> bool:
        """Whether ``span`` shares a character with a kept span: only the kept span starting
        last before ``span`` ends can (kept spans never overlap, so their ends are sorted too)."""
        index = bisect.bisect_left(self._starts, span.end)
        return index > 0 and self._ends[index - 1] > span.start

    def add(self, span: Span) -> None:
        index = bisect.bisect_left(self._starts, span.start)
        self._starts.insert(index, span.start)
        self._ends.insert(index, span.end)
        self._kept.append(span)

    def spans(self) -> list[Span]:
        """The kept spans in text order (ties keep insertion order, as a stable sort does)."""
        return sorted(self._kept, key=lambda span: span.start)


def defined_abbreviations(tokens: Sequence[Token], spans: Sequence[Span]) -> list[Span]:
    """Short forms a tagger's span defines, with its label and code, everywhere in the message:
    "bone marrow - derived ECs ( BMECs )" makes both "BMECs" anatomy. The rules do the same
    for their own spans; this covers the mentions only a tagger found."""
    defined: dict[str, Span] = {}
    for span in spans:
        after = span.last
        if span.source != MODEL or after + 2 >= len(tokens):
            continue
        word = tokens[after + 1].text
        if (
            tokens[after].text == "("
            and tokens[after + 2].text == ")"
            and looks_like_short_form(word)
        ):
            defined.setdefault(word, span)
    return [
        Span(token.start, token.end, index, index + 1, source.label, source.code, MODEL)
        for index, token in enumerate(tokens)
        if (source := defined.get(token.text)) is not None
    ]


#: A message is shouted when at least this share of its words (and at least ``_SHOUTED_WORDS``
#: of them) are written in capitals.
_SHOUTED_SHARE = 0.8
_SHOUTED_WORDS = 4


def is_shouted(tokens: Sequence[Token]) -> bool:
    """Whether a message is written in capitals ("I WANT TO KNOW IF LASER HAIR REMOVAL IS
    SAFE"): words of two letters or more, most of them upper case."""
    words = [t.text for t in tokens if len(t.text) > 1 and t.text.isalpha()]
    upper = sum(word.isupper() for word in words)
    return upper >= _SHOUTED_WORDS and upper >= _SHOUTED_SHARE * len(words)


def _tiles_complaints(span: Span, rules: RuleIndex) -> bool:
    """Whether ``span`` is exactly two or more rule complaints side by side, with nothing
    between them: a list written without commas ("sweating constipation insomnia"), which a
    tagger trained on abstracts reads as one name."""
    inside = sorted(
        (r for r in rules.overlapping(span) if r.label in (Label.SYMPTOM, Label.DISEASE)),
        key=lambda r: r.first,
    )
    if len(inside) < 2 or inside[0].first != span.first or inside[-1].last != span.last:
        return False
    return all(a.last == b.first for a, b in pairwise(inside))


def _inside_any(span: Span, spans: RuleIndex) -> bool:
    """Whether ``span`` lies within one of ``spans`` (the same place included)."""
    return any(
        other.start <= span.start and span.end <= other.end for other in spans.overlapping(span)
    )


def _can_tag(labels: Sequence[Label], label: Label) -> bool:
    """Whether a tagger of ``labels`` can find ``label`` (corpus "Disease" covers symptoms)."""
    return label in labels or (label is Label.SYMPTOM and Label.DISEASE in labels)


def _can_veto(card: ModelCard, label: Label) -> bool:
    """Whether a tagger's "nothing here" counts against a rule span of ``label``."""
    return label in card.labels or (label is Label.SYMPTOM and card.symptoms)


def _is_symptom_of(lexicon_label: Label, model_label: Label) -> bool:
    return lexicon_label is Label.SYMPTOM and model_label is Label.DISEASE


def _position(span: Span) -> tuple[int, int, int, int]:
    return span.start, span.end, span.first, span.last
