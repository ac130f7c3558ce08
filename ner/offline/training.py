"""Training the offline engine's sequence taggers from the TRAIN splits of labeled corpora.

``medner train --data ../shared/data`` runs the whole pipeline (harvest, lexicon, taggers); this
module is its tagger half. Each tagger reads one corpus's train split, turns every sentence into
the shared token features (``_features.sequence_features``, with the rule-based pipeline's spans
as features) and the corpus's gold spans into BIO tags for the labels that corpus annotates, and
fits a linear-chain CRF with L-BFGS and elastic-net regularization. The L1 term keeps the models
small (most feature weights end at zero). The result is deterministic: same data, same lexicon,
same parameters give the same file, whose checksum goes into ``ner/data/models.json``.

Dev splits are never read here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pycrfsuite

from ner._eval import EvalExample, read_examples
from ner._models import Label
from ner.offline._features import FEATURE_VERSION, sequence_features
from ner.offline._model import MANIFEST, ModelCard
from ner.offline._recognizer import Recognizer
from ner.offline._text import Token


@dataclass(frozen=True, slots=True)
class CrfParams:
    """CRFsuite L-BFGS settings (see ``docs/engines.md`` for how they were chosen)."""

    c1: float = 0.05
    c2: float = 0.01
    max_iterations: int = 150
    #: Features seen fewer times than this in training are dropped before fitting.
    min_freq: int = 1

    def as_crfsuite(self) -> dict[str, object]:
        return {
            "c1": self.c1,
            "c2": self.c2,
            "max_iterations": self.max_iterations,
            "feature.minfreq": self.min_freq,
            "feature.possible_transitions": True,
        }


@dataclass(frozen=True, slots=True)
class TaggerSpec:
    """One tagger to train: its name, corpus train split, labels and licence notice."""

    name: str
    train_file: str
    labels: tuple[Label, ...]
    trained_on: str
    licence: str
    default: bool
    params: CrfParams = field(default_factory=CrfParams)
    #: Further train splits whose annotations of ``labels[0]`` are complete; their sentences
    #: join when the rules find none of the other labels in them (those are not annotated).
    extra_files: tuple[str, ...] = ()
    outranks: tuple[str, ...] = ()
    #: Whether the corpus annotates signs and symptoms (as Disease); see ``ModelCard.symptoms``.
    symptoms: bool = False
    #: A tagger of real people's chat text (``ModelCard.lay``): trained on surface features
    #: from the lay split (``train_taggers``'s ``lay_dir``), not on a corpus in ``data_dir``.
    lay: bool = False
    #: Everyday sentences with no entity of ``labels``, one per line ("#" for comments), in
    #: the same folder as ``train_file``: they join its examples.
    quiet_file: str = ""

    @property
    def file(self) -> str:
        return f"crf-{self.name}.crfsuite"


#: The shipped taggers, one per corpus (their terms differ; see ``ner/data/SOURCES.md``).
TAGGERS: tuple[TaggerSpec, ...] = (
    TaggerSpec(
        name="ncbi-disease",
        train_file="ncbi-disease-train.jsonl",
        labels=(Label.DISEASE,),
        trained_on="NCBI-disease corpus, TRAIN split (Dogan, Leaman & Lu 2014)",
        licence="US public domain",
        default=True,
    ),
    TaggerSpec(
        name="bc5cdr",
        train_file="bc5cdr-train.jsonl",
        labels=(Label.DISEASE, Label.DRUG),
        trained_on="BioCreative V CDR corpus, TRAIN split (Li et al. 2016), with the "
        "NCBI-disease TRAIN sentences in which the rules find no drug",
        licence="BioCreative V CDR terms: research use",
        default=True,
        extra_files=("ncbi-disease-train.jsonl",),
        outranks=("ncbi-disease",),
        symptoms=True,
    ),
    TaggerSpec(
        name="anatem",
        train_file="anatem-train.jsonl",
        labels=(Label.BODY_PART,),
        trained_on="AnatEM corpus, TRAIN split (Pyysalo & Ananiadou 2014)",
        licence="CC BY-SA 3.0 (share-alike: these weights carry the corpus's licence)",
        default=True,
    ),
    TaggerSpec(
        name="lay",
        train_file="train.jsonl",
        labels=(Label.SYMPTOM,),
        trained_on="the project's real-language set, TRAIN split (tests/data/lay_real: "
        "consumer health questions from MeQSum, Ben Abacha & Demner-Fushman 2019, "
        "annotated by the project), with the project's everyday sentences (quiet.txt)",
        licence="CC BY 4.0 (MeQSum; attribution in SOURCES.md)",
        default=True,
        lay=True,
        quiet_file="quiet.txt",
    ),
)


class TrainingError(Exception):
    """Training cannot run (a missing split, an empty corpus); the message says which."""


def read_split(path: Path) -> list[EvalExample]:
    if not path.is_file():
        raise TrainingError(f"no such training split: {path}")
    with path.open(encoding="utf-8") as handle:
        return list(read_examples(handle))


def read_quiet(path: Path) -> list[EvalExample]:
    """Everyday sentences as examples without entities (blank lines and "#" comments skipped)."""
    if not path.is_file():
        raise TrainingError(f"no such training split: {path}")
    lines = path.read_text(encoding="utf-8").splitlines()
    return [EvalExample(text=line) for line in lines if line.strip() and not line.startswith("#")]


def bio_tags(example: EvalExample, tokens: Sequence[Token], labels: Iterable[Label]) -> list[str]:
    """Per token, the gold BIO tag for ``labels`` (a token partly inside a span counts)."""
    wanted = set(labels)
    tags = ["O"] * len(tokens)
    for gold in sorted(example.entities, key=lambda g: (g.start, -g.end)):
        if gold.label not in wanted:
            continue
        inside = [i for i, t in enumerate(tokens) if t.start < gold.end and gold.start < t.end]
        if not inside or any(tags[i] != "O" for i in inside):
            continue
        tags[inside[0]] = f"B-{gold.label.value}"
        for i in inside[1:]:
            tags[i] = f"I-{gold.label.value}"
    return tags


def training_sequences(
    recognizer: Recognizer, examples: Iterable[EvalExample], labels: Sequence[Label]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(features, tags) per sentence; the features see the rules as the engine will."""
    for example in examples:
        tokens, candidates = recognizer.rule_spans(example.text)
        if tokens:
            yield sequence_features(tokens, candidates), bio_tags(example, tokens, labels)


def lay_sequences(
    recognizer: Recognizer, examples: Iterable[EvalExample], labels: Sequence[Label]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """(surface features, tags) per message, tokenized as chat, as the engine tags it."""
    for example in examples:
        tokens, _ = recognizer.rule_spans(example.text, literature=False)
        if tokens:
            yield sequence_features(tokens, None), bio_tags(example, tokens, labels)


def _partial_sequences(
    recognizer: Recognizer, examples: Iterable[EvalExample], labels: Sequence[Label]
) -> Iterator[tuple[list[list[str]], list[str]]]:
    """Sentences of a corpus that annotates only ``labels[0]``, kept where the rules find
    none of the other labels (an unannotated drug would otherwise be taught as "O")."""
    others = set(labels[1:])
    for example in examples:
        tokens, candidates = recognizer.rule_spans(example.text)
        if tokens and not any(span.label in others for span in candidates):
            yield sequence_features(tokens, candidates), bio_tags(example, tokens, labels[:1])


def fit(
    sequences: Iterable[tuple[list[list[str]], list[str]]], params: CrfParams, path: Path
) -> None:
    """Fit one CRF on ``sequences`` and write it to ``path``."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    count = 0
    for features, tags in sequences:
        trainer.append(pycrfsuite.ItemSequence(features), tags)
        count += 1
    if count == 0:
        raise TrainingError("no training sentences")
    trainer.set_params(params.as_crfsuite())
    path.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(path))


def train_tagger(
    spec: TaggerSpec, data_dir: Path, out_dir: Path, recognizer: Recognizer
) -> ModelCard:
    """Train ``spec`` on its train split in ``data_dir`` into ``out_dir``; the manifest card
    describing it."""
    examples = read_split(data_dir / spec.train_file)
    if spec.quiet_file:
        examples += read_quiet(data_dir / spec.quiet_file)
    if spec.lay:
        sequences = list(lay_sequences(recognizer, examples, spec.labels))
    else:
        sequences = list(training_sequences(recognizer, examples, spec.labels))
    for extra in spec.extra_files:
        sequences += _partial_sequences(recognizer, read_split(data_dir / extra), spec.labels)
    path = out_dir / spec.file
    fit(sequences, spec.params, path)
    return ModelCard(
        name=spec.name,
        file=spec.file,
        labels=spec.labels,
        trained_on=spec.trained_on,
        licence=spec.licence,
        default=spec.default,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        feature_version=FEATURE_VERSION,
        outranks=spec.outranks,
        symptoms=spec.symptoms,
        lay=spec.lay,
    )


def write_manifest(out_dir: Path, cards: Sequence[ModelCard]) -> Path:
    """``models.json`` listing ``cards`` (the engine loads what it lists)."""
    path = out_dir / MANIFEST
    payload = {
        "_about": "Sequence taggers of the offline engine, written by `medner train`. "
        "See SOURCES.md for what each was trained on and under which terms.",
        "models": [card.to_json() for card in cards],
    }
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def select_specs(names: Sequence[str] | None) -> list[TaggerSpec]:
    """The specs ``names`` picks (all when None); an unknown name is a TrainingError."""
    if not names:
        return list(TAGGERS)
    by_name = {spec.name: spec for spec in TAGGERS}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise TrainingError(f"unknown tagger {unknown[0]!r} (known: {', '.join(by_name)})")
    return [by_name[name] for name in dict.fromkeys(names)]


def train_taggers(
    specs: Sequence[TaggerSpec],
    data_dir: Path,
    out_dir: Path,
    recognizer: Recognizer,
    lay_dir: Path | None = None,
) -> list[ModelCard]:
    """Train ``specs`` into ``out_dir`` and write its manifest.

    The manifest keeps the cards of taggers already in ``out_dir`` that were not retrained, so
    retraining one corpus leaves the others shipped. ``recognizer`` computes the rule-based
    features; ``medner train`` gives it the lexicon without the corpus harvests. The corpora's
    splits are in ``data_dir``, the lay tagger's in ``lay_dir`` (the project's own set).
    """

    def folder(spec: TaggerSpec) -> Path:
        if not spec.lay:
            return data_dir
        if lay_dir is None:
            raise TrainingError(f"tagger {spec.name!r} needs the lay set's folder")
        return lay_dir

    for spec in specs:  # fail before minutes of training, not after
        for name in (spec.train_file, *spec.extra_files, *filter(None, [spec.quiet_file])):
            if not (folder(spec) / name).is_file():
                raise TrainingError(f"no such training split: {folder(spec) / name}")
    trained = {spec.name: train_tagger(spec, folder(spec), out_dir, recognizer) for spec in specs}
    kept = [card for card in _existing_cards(out_dir) if card.name not in trained]
    order = {spec.name: index for index, spec in enumerate(TAGGERS)}
    cards = sorted([*kept, *trained.values()], key=lambda c: order.get(c.name, len(order)))
    write_manifest(out_dir, cards)
    return cards


def _existing_cards(out_dir: Path) -> list[ModelCard]:
    path = out_dir / MANIFEST
    if not path.is_file():
        return []
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        cards = [ModelCard.from_json(item) for item in raw["models"]]
    except (ValueError, KeyError, TypeError):
        return []
    return [card for card in cards if (out_dir / card.file).is_file()]
