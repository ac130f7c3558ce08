"""The offline engine's sequence taggers: features, training, loading and combination.

Training runs on a tiny corpus written by the test (a made-up disease name the lexicon cannot
know), so these tests need no shared data and take seconds.
"""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pycrfsuite
import pytest

from ner import Label
from ner.offline import ModelSelectionError, Recognizer, read_manifest
from ner.offline._features import candidate_tags, sequence_features, word_shape
from ner.offline._model import (
    LITERATURE,
    MANIFEST,
    Prediction,
    decode_bio,
    defined_abbreviations,
    is_shouted,
    select_cards,
)
from ner.offline._spans import CUE, LEXICON, MODEL, Span, token_range
from ner.offline._text import Token, tokenize
from ner.offline.training import (
    TAGGERS,
    TrainingError,
    bio_tags,
    select_specs,
    train_taggers,
)
from tests.ner.conftest import spans

NCBI = next(spec for spec in TAGGERS if spec.name == "ncbi-disease")
LAY = next(spec for spec in TAGGERS if spec.name == "lay")

_SENTENCES = [
    ("Patients with grelmish had a mutation .", "grelmish"),
    ("The grelmish phenotype was severe in two families .", "grelmish"),
    ("We studied 40 children with grelmish and their parents .", "grelmish"),
    ("Grelmish is inherited as an autosomal recessive trait .", "Grelmish"),
    ("Carriers of the allele never develop grelmish .", "grelmish"),
    ("The gene was mapped in a large family .", None),
    ("Expression was measured in all samples .", None),
    ("A second family with grelmish was described .", "grelmish"),
]


def _example(text: str, mention: str | None) -> dict[str, object]:
    entities = []
    if mention is not None:
        start = text.index(mention)
        entities.append({"start": start, "end": start + len(mention), "label": "DISEASE"})
    return {"text": text, "entities": entities, "labels": ["DISEASE"]}


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    lines = [json.dumps(_example(text, mention)) for text, mention in _SENTENCES * 3]
    (folder / NCBI.train_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def trained(
    tiny_corpus: Path, tmp_path_factory: pytest.TempPathFactory, offline_recognizer: Recognizer
) -> Path:
    out = tmp_path_factory.mktemp("models")
    train_taggers([NCBI], tiny_corpus, out, offline_recognizer)
    return out


# --- features ---------------------------------------------------------------------------


def test_word_shape_collapses_runs() -> None:
    assert word_shape("Parkinson") == "Xx"
    assert word_shape("IL-2") == "X-d"
    assert word_shape("mg") == "x"


def test_candidate_tags_mark_rule_spans_in_bio() -> None:
    found = [
        Span(0, 5, 0, 2, Label.DISEASE, None, LEXICON),
        Span(6, 9, 3, 4, Label.DRUG, None, CUE),
    ]
    assert candidate_tags(5, found) == ["B-DISEASE:lex", "I-DISEASE:lex", "O", "B-DRUG:cue", "O"]


def test_sequence_features_see_the_word_its_neighbours_and_the_rules() -> None:
    tokens = tokenize("Took Aspirin today", {})
    aspirin = Span(5, 12, 1, 2, Label.DRUG, None, LEXICON)
    features = sequence_features(tokens, [aspirin])
    assert len(features) == 3
    assert "BOS" in features[0] and "EOS" in features[2]
    assert {"w=aspirin", "sh=Xx", "title", "L=B-DRUG:lex", "-1w=took", "+1w=today"} <= set(
        features[1]
    )
    assert "+1L=B-DRUG:lex" in features[0]
    assert "-1L=B-DRUG:lex" in features[2]


def test_bio_tags_from_gold_character_spans() -> None:
    from ner._eval import EvalExample

    example = EvalExample.model_validate(_example("Carriers develop grelmish syndrome .", None))
    example = example.model_copy(
        update={"entities": (*example.entities, _gold(17, 34, Label.DISEASE))}
    )
    tokens = tokenize(example.text, {})
    assert bio_tags(example, tokens, [Label.DISEASE]) == [
        "O",
        "O",
        "B-DISEASE",
        "I-DISEASE",
        "O",
    ]
    assert bio_tags(example, tokens, [Label.DRUG]) == ["O"] * 5


def _gold(start: int, end: int, label: Label) -> object:
    from ner._eval import GoldEntity

    return GoldEntity(start=start, end=end, label=label)


def _model_span(tokens: list[Token], first: int, last: int, label: Label) -> Span:
    return Span(tokens[first].start, tokens[last - 1].end, first, last, label, "X:1", MODEL)


def test_a_tagger_span_defines_its_abbreviation_everywhere_in_the_message() -> None:
    text = "EMT of bone marrow - derived ECs ( BMECs ) was studied ; BMECs and ECs grew ."
    tokens = tokenize(text, {})
    spans_found = [_model_span(tokens, 2, 7, Label.BODY_PART)]
    found = defined_abbreviations(tokens, spans_found)
    assert [(text[s.start : s.end], s.label, s.code, s.source) for s in found] == [
        ("BMECs", Label.BODY_PART, "X:1", MODEL),
        ("BMECs", Label.BODY_PART, "X:1", MODEL),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "bone marrow cells ( 12 ) grew",  # a number is not an abbreviation
        "bone marrow cells ( cells ) grew",  # nor a lowercase word
        "bone marrow cells ( ABCDEFGHIJKL ) grew",  # nor a long capitalised run
        "bone marrow cells ( BMC grew",  # no closing parenthesis
    ],
)
def test_only_a_short_form_in_parentheses_is_an_abbreviation(text: str) -> None:
    tokens = tokenize(text, {})
    assert defined_abbreviations(tokens, [_model_span(tokens, 0, 3, Label.BODY_PART)]) == []


def test_only_a_tagger_span_defines_an_abbreviation() -> None:
    """The rules define abbreviations of their own spans themselves (``_abbreviation_spans``)."""
    tokens = tokenize("bone marrow cells ( BMCs ) grew", {})
    rule = Span(tokens[0].start, tokens[2].end, 0, 3, Label.BODY_PART, None, LEXICON)
    assert defined_abbreviations(tokens, [rule]) == []


def test_decode_bio_opens_a_span_on_a_stray_inside_tag() -> None:
    tokens = tokenize("a b c d e", {})
    found = decode_bio(["B-DISEASE", "I-DISEASE", "O", "I-DRUG", "B-DRUG"], tokens)
    assert [(s.first, s.last, s.label) for s in found] == [
        (0, 2, Label.DISEASE),
        (3, 4, Label.DRUG),
        (4, 5, Label.DRUG),
    ]


# --- training and loading -----------------------------------------------------------------


def test_training_writes_the_tagger_and_its_card(trained: Path) -> None:
    cards = read_manifest(trained)
    assert [card.name for card in cards] == ["ncbi-disease"]
    card = cards[0]
    payload = (trained / card.file).read_bytes()
    assert card.sha256 == hashlib.sha256(payload).hexdigest()
    assert card.labels == (Label.DISEASE,)
    assert "public domain" in card.licence


def test_training_is_deterministic(
    tiny_corpus: Path, trained: Path, tmp_path: Path, offline_recognizer: Recognizer
) -> None:
    train_taggers([NCBI], tiny_corpus, tmp_path, offline_recognizer)
    assert (tmp_path / NCBI.file).read_bytes() == (trained / NCBI.file).read_bytes()


def test_a_trained_tagger_finds_what_the_lexicon_cannot(trained: Path) -> None:
    text = "Two more families with grelmish were found ."
    assert spans(Recognizer(models=["none"]).recognize(text)) == []
    tagged = Recognizer(models=["ncbi-disease"], models_dir=trained)
    assert tagged.models is not None and tagged.models.names == ("ncbi-disease",)
    assert ("grelmish", "DISEASE") in spans(tagged.recognize(text))


def test_missing_split_is_a_training_error(tmp_path: Path, offline_recognizer: Recognizer) -> None:
    with pytest.raises(TrainingError, match="no such training split"):
        train_taggers([NCBI], tmp_path, tmp_path / "out", offline_recognizer)
    with pytest.raises(TrainingError, match="unknown tagger"):
        select_specs(["bogus"])


def _copy_models(trained: Path, target: Path) -> Path:
    target.mkdir()
    for path in trained.iterdir():
        (target / path.name).write_bytes(path.read_bytes())
    return target


def _edit_card(folder: Path, **changes: object) -> None:
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    manifest["models"][0].update(changes)
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("missing", "is missing"),
        ("checksum", "fails its checksum"),
        ("corrupt", "is unreadable"),
        ("version", "feature version"),
    ],
)
def test_an_unusable_tagger_is_skipped_with_a_warning(
    trained: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str, reason: str
) -> None:
    folder = _copy_models(trained, tmp_path / "models")
    model = folder / NCBI.file
    if damage == "missing":
        model.unlink()
    elif damage == "checksum":
        model.write_bytes(model.read_bytes()[:100])  # a truncated file would crash CRFsuite
    elif damage == "corrupt":
        model.write_bytes(b"not a model")
        _edit_card(folder, sha256=hashlib.sha256(b"not a model").hexdigest())
    else:
        _edit_card(folder, feature_version=-1)
    with caplog.at_level(logging.WARNING, logger="ner.offline._model"):
        recognizer = Recognizer(models=["ncbi-disease"], models_dir=folder)
    assert recognizer.models is None
    assert reason in caplog.text
    assert spans(recognizer.recognize("she had malaria")) == [("malaria", "DISEASE")]


def test_an_unreadable_manifest_means_lexicon_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="ner.offline._model"):
        assert read_manifest(tmp_path) == []
    assert "unreadable" in caplog.text
    assert read_manifest(tmp_path / "absent") == []


def test_model_selection() -> None:
    cards = read_manifest()
    names = {card.name for card in cards}
    assert {"ncbi-disease", "bc5cdr", "anatem", "lay"} <= names
    assert select_cards(cards, ["none"]) == []
    assert [c.name for c in select_cards(cards, None)] == [
        "ncbi-disease",
        "bc5cdr",
        "anatem",
        "lay",
    ]
    assert [c.name for c in cards if c.lay] == ["lay"]
    assert [c.name for c in select_cards(cards, ["anatem", "ncbi-disease", "anatem"])] == [
        "anatem",
        "ncbi-disease",
    ]
    # bc5cdr learned from NCBI-disease too: on a near tie its DISEASE spans win
    assert "ncbi-disease" in next(c for c in cards if c.name == "bc5cdr").outranks
    with pytest.raises(ModelSelectionError, match="unknown offline model 'bogus'"):
        select_cards(cards, ["bogus"])


# --- the lay tagger (real people's text, surface features, gaps in chat only) --------------

#: Chat messages with a made-up complaint ("glorpy zindles") no vocabulary or rule can know.
_LAY_MESSAGES = [
    ("since monday i have glorpy zindles all day", "glorpy zindles"),
    ("my son gets glorpy zindles after school", "glorpy zindles"),
    ("is it normal to have glorpy zindles at night?", "glorpy zindles"),
    ("i had glorpy zindles and a fever", "glorpy zindles"),
    ("my ear went zindled last week", "ear went zindled"),
    ("her knee went zindled again", "knee went zindled"),
    ("what is the dose of ibuprofen for a child", None),
    ("where can i buy the tablets", None),
]
#: Everyday sentences for the lay tagger's "quiet" file.
_QUIET = ["# written for the test", "the zindles in the garden are glorpy this year", ""]


def _lay_example(text: str, mention: str | None) -> dict[str, object]:
    example = _example(text, mention)
    for entity in example["entities"]:  # type: ignore[attr-defined]
        entity["label"] = "SYMPTOM"
    example["labels"] = ["SYMPTOM"]
    return example


@pytest.fixture(scope="module")
def lay_trained(tmp_path_factory: pytest.TempPathFactory, offline_recognizer: Recognizer) -> Path:
    folder = tmp_path_factory.mktemp("lay")
    lines = [json.dumps(_lay_example(text, mention)) for text, mention in _LAY_MESSAGES * 4]
    (folder / LAY.train_file).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / LAY.quiet_file).write_text("\n".join(_QUIET) + "\n", encoding="utf-8")
    out = tmp_path_factory.mktemp("lay-model")
    train_taggers([LAY], folder / "no corpora", out, offline_recognizer, lay_dir=folder)
    return out


def test_the_lay_tagger_reads_surface_features_only() -> None:
    tokens = tokenize("I have fever", {})
    candidates = [Span(7, 12, 2, 3, Label.SYMPTOM, None, LEXICON)]
    rules = ("L=", "Lw=", "-1L=", "+1L=")
    surface = sequence_features(tokens, None)
    assert not any(f.startswith(rules) for token in surface for f in token)
    full = sequence_features(tokens, candidates)
    assert [[f for f in fs if not f.startswith(rules)] for fs in full] == surface


def test_the_lay_tagger_ignores_the_rules_tags_it_never_saw(lay_trained: Path) -> None:
    """At run time it reads the full sequence the corpus taggers read: same tags, same
    marginals as on the surface features it was trained on."""
    (card,) = read_manifest(lay_trained)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(lay_trained / card.file))
    tokens = tokenize("i had glorpy zindles and a fever", {})
    candidates = [Span(27, 32, 6, 7, Label.SYMPTOM, None, LEXICON)]
    read = []
    for candidate_spans in (candidates, None):
        tagger.set(pycrfsuite.ItemSequence(sequence_features(tokens, candidate_spans)))
        tags = tagger.tag()
        read.append((tags, [round(tagger.marginal(t, i), 9) for i, t in enumerate(tags)]))
    assert read[0] == read[1]
    assert "B-SYMPTOM" in read[0][0]


def test_the_lay_tagger_is_trained_from_the_lay_folder(lay_trained: Path) -> None:
    (card,) = read_manifest(lay_trained)
    assert (card.name, card.labels, card.lay) == ("lay", (Label.SYMPTOM,), True)
    assert "CC BY 4.0" in card.licence and "MeQSum" in card.trained_on


def test_the_lay_tagger_needs_its_folder(tmp_path: Path, offline_recognizer: Recognizer) -> None:
    with pytest.raises(TrainingError, match="lay set"):
        train_taggers([LAY], tmp_path, tmp_path / "out", offline_recognizer)
    with pytest.raises(TrainingError, match="no such training split"):
        train_taggers([LAY], tmp_path, tmp_path / "out", offline_recognizer, lay_dir=tmp_path)


def test_the_lay_tagger_fills_gaps_in_chat(lay_trained: Path) -> None:
    lay = Recognizer(models=["lay"], models_dir=lay_trained)
    assert lay.models is not None and lay.models.names == ("lay",)
    text = "she has glorpy zindles again"
    assert spans(Recognizer(models=["none"]).recognize(text)) == []
    assert spans(lay.recognize(text)) == [("glorpy zindles", "SYMPTOM")]
    # it never redraws what the rules found, but for the body parts its symptom describes
    assert spans(lay.recognize("i had glorpy zindles with a fever")) == [
        ("glorpy zindles", "SYMPTOM"),
        ("fever", "SYMPTOM"),
    ]
    assert spans(Recognizer(models=["none"]).recognize("my knee went zindled")) == [
        ("knee", "BODY_PART")
    ]
    assert spans(lay.recognize("my knee went zindled")) == [("knee went zindled", "SYMPTOM")]


@pytest.mark.parametrize(
    ("text", "words", "kept"),
    [
        # a described complaint the rules do not know: kept
        ("I notice a weird smell in the house", "weird smell", True),
        # over body parts only: kept, in their place
        ("I have a loss of ear pressure", "loss of ear pressure", True),
        # a single word is the vocabulary's to read
        ("the fluid in the ear", "fluid", False),
        # a word the context rules rule out here ("a real headache")
        ("the paperwork is a real headache", "real headache", False),
        # words the rules know on their own: their silence was the context's
        ("I can't keep up with all the emails", "can't keep up", False),
        # a vocabulary entry of another label
        ("count the red blood cells", "red blood cells", False),
    ],
)
def test_where_a_lay_span_stands(
    offline_recognizer: Recognizer, text: str, words: str, kept: bool
) -> None:
    models = offline_recognizer.models
    assert models is not None
    tokens, candidates = offline_recognizer.rule_spans(text, literature=False)
    start = text.index(words)
    first, last = token_range(tokens, start, start + len(words))
    gap = Span(start, start + len(words), first, last, Label.SYMPTOM, None, MODEL)
    chosen = models._with_lay_spans(
        candidates,
        Prediction([], {}, [(gap, 0.9)]),
        tokens,
        offline_recognizer._rules_find_something,
    )
    assert (gap in chosen) is kept
    if kept:
        assert not any(s.label is Label.BODY_PART for s in chosen if s.start < gap.end)


def test_the_lay_tagger_stays_out_of_the_literature(lay_trained: Path) -> None:
    abstract = (
        "Patients were zindled in 12 of 40 cases ( 30 % ) after treatment , and serum "
        "levels were measured by ELISA in all subjects before and after the intervention ."
    )
    lay = Recognizer(models=["lay"], models_dir=lay_trained)
    assert lay.combination(abstract) is LITERATURE
    assert "zindled" not in [text for text, _ in spans(lay.recognize(abstract))]


# --- combination with the rules (shipped taggers) -----------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the curated chat vocabulary keeps its spans against corpus-trained taggers
        ("I have neck pain", [("neck pain", "SYMPTOM")]),
        ("my big toe hurts", [("big toe", "BODY_PART"), ("hurts", "SYMPTOM")]),
        # with the position words the rules put in front
        (
            "pain in my upper right abdomen",
            [("pain", "SYMPTOM"), ("upper right abdomen", "BODY_PART")],
        ),
        ("the blood test was fine", [("blood test", "PROCEDURE")]),
        ("my ear infection is back", [("ear infection", "DISEASE")]),
        ("blood in stool", [("blood in stool", "SYMPTOM")]),
        # an everyday word the rules leave alone is not anatomy, whatever AnatEM says
        ("my blood type is O", []),
        ("the body of the email", []),
        # a tumour is a disease to a user (AnatEM calls it anatomy)
        ("they found a tumor in her breast", [("tumor", "DISEASE"), ("breast", "BODY_PART")]),
        # a corpus "Disease" that the lexicon knows as a symptom is reported as SYMPTOM
        ("Patient reports seizures", [("seizures", "SYMPTOM")]),
        # verbs and a sentence-opening everyday word are trimmed from a tagger's span
        (
            "she fainted twice and has palpitations",
            [("fainted", "SYMPTOM"), ("palpitations", "SYMPTOM")],
        ),
        ("Reports vomiting since Monday", [("vomiting", "SYMPTOM")]),
        # a span the rules built (not a vocabulary entry) is not the taggers' to veto
        ("my thyroid pills ran out", [("thyroid pills", "DRUG")]),
        # a descriptive phrase is never swallowed by a tagger's longer span
        (
            "my left ear hurts and ringing",
            [("left ear", "BODY_PART"), ("hurts", "SYMPTOM"), ("ringing", "SYMPTOM")],
        ),
        ("my knee hurts when I climb stairs", [("knee", "BODY_PART"), ("hurts", "SYMPTOM")]),
    ],
)
def test_taggers_and_rules_combine(
    offline_recognizer: Recognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert offline_recognizer.models is not None
    assert spans(offline_recognizer.recognize(text)) == expected


SHOUTED = "IS LASER HAIR REMOVAL SAFE FOR SOMEONE LIKE ME OR NOT?"


def test_in_a_shouted_message_the_taggers_only_confirm_the_rules(
    offline_recognizer: Recognizer,
) -> None:
    """Taggers learned from mixed-case text take every capitalised word for an abbreviation;
    in capitals their own spans are dropped, the rules' spans stand."""
    models = offline_recognizer.models
    assert models is not None
    tokens, candidates = offline_recognizer.rule_spans(SHOUTED)
    assert candidates == []
    assert models.predict(tokens, candidates).spans  # a tagger sees "anatomy" here
    assert spans(offline_recognizer.recognize(SHOUTED)) == []
    assert spans(
        offline_recognizer.recognize(
            "MY DOCTOR SAID I HAVE HIGH BLOOD PRESSURE AND GAVE ME AMLODIPINE"
        )
    ) == [("HIGH BLOOD PRESSURE", "DISEASE"), ("AMLODIPINE", "DRUG")]


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        (SHOUTED, True),
        ("MY BACK HURTS SO MUCH", True),
        ("my back hurts so much", False),
        ("HELP ME", False),  # too few words to tell
        ("Patients with DMD and BMD were studied by PCR", False),  # abbreviations in prose
    ],
)
def test_shouted_messages(text: str, shouted: bool) -> None:
    assert is_shouted(tokenize(text, {})) is shouted


def test_taggers_find_corpus_mentions_the_lexicon_misses(offline_recognizer: Recognizer) -> None:
    text = "Selegiline - induced postural hypotension in Parkinson ' s disease"
    assert spans(offline_recognizer.recognize(text)) == [
        ("Selegiline", "DRUG"),
        ("postural hypotension", "DISEASE"),
        ("Parkinson ' s disease", "DISEASE"),
    ]
