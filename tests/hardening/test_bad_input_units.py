"""Hostile text at the engine and formatter level, with thousands of examples.

These are the pure functions every reply goes through, so they can afford 2,000 examples each;
the full-stack file (test_bad_input_stack.py) then checks the wiring with fewer. The fake Bot
API's own HTML parser is the judge of every formatted reply: what it accepts, Telegram accepts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handlers import (
    HISTORY_MAX,
    MESSAGE_LIMIT,
    format_entities,
    format_history_page,
    format_quoted,
    parse_page_size,
    split_html,
    utf16_length,
)
from ner import Entity, Label
from service import Analysis
from tests.fakes.telegram_server import parse_message_text
from tests.hardening._texts import any_unicode, chat_text, hostile_text, pieces_text

INLINE_QUERY_LIMIT = 256

try:
    from ner.offline import OfflineEngine
except ImportError:  # pragma: no cover - the offline engine is still being finished
    OfflineEngine = None  # type: ignore[assignment,misc]

MANY = settings(max_examples=2_000, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def engine() -> OfflineEngine:
    if OfflineEngine is None:
        pytest.skip("ner.offline.OfflineEngine is not importable")
    return OfflineEngine()


def assert_telegram_accepts(html_text: str) -> None:
    """Every chunk the bot would send parses as Telegram HTML and fits in one message."""
    chunks = split_html(html_text)
    assert chunks, "a reply must not vanish"
    for chunk in chunks:
        assert utf16_length(chunk) <= MESSAGE_LIMIT
        parse_message_text(chunk, "HTML", empty_error="empty")


@st.composite
def entities_in(
    draw: st.DrawFn, text_strategy: st.SearchStrategy[str] = pieces_text
) -> tuple[str, list[Entity]]:
    """A text and entities that slice it anywhere, with any label, negation and code."""
    text = draw(text_strategy)
    spans = draw(
        st.lists(
            st.tuples(st.integers(0, len(text)), st.integers(0, len(text))).map(sorted),
            max_size=30,
        )
    )
    entities = [
        Entity(
            text=text[start:end],
            label=draw(st.sampled_from(Label)),
            start=start,
            end=end,
            negated=draw(st.booleans()),
            code=draw(st.none() | st.text(max_size=12)),
        )
        for start, end in spans
    ]
    return text, entities


@MANY
@given(text=hostile_text)
def test_offline_entities_point_into_the_text_and_format_cleanly(
    engine: OfflineEngine, text: str
) -> None:
    entities = engine.recognize(text)

    for entity in entities:
        assert entity.matches(text), (entity, text)
        assert entity.label in Label
    assert_telegram_accepts(format_entities(entities))


@settings(max_examples=500, deadline=None)
@given(case=entities_in(), note=st.none() | hostile_text)
def test_any_entities_with_any_note_format_to_valid_telegram_html(
    case: tuple[str, list[Entity]], note: str | None
) -> None:
    _, entities = case
    assert_telegram_accepts(format_entities(entities, note=note))


@settings(max_examples=300, deadline=None)
@given(case=entities_in(chat_text.map(lambda t: t[:INLINE_QUERY_LIMIT])))
def test_quoted_inline_reply_is_one_valid_message(case: tuple[str, list[Entity]]) -> None:
    """Inline queries are at most 256 characters (Bot API), so entities are too."""
    text, entities = case
    quoted = format_quoted(text, entities)

    assert utf16_length(quoted) <= MESSAGE_LIMIT
    parse_message_text(quoted, "HTML", empty_error="empty")


def _analysis(text: str, entities: Sequence[Entity], engine: str) -> Analysis:
    return Analysis(
        message_id=1,
        user_id=1,
        chat_id=1,
        text=text,
        entities=list(entities),
        engine=engine,
        requested_engine=engine,
        latency_ms=0.0,
        note=None,
        created_at=datetime(2026, 1, 1, tzinfo=UTC),
    )


@settings(max_examples=100, deadline=None)
@given(
    cases=st.lists(entities_in(hostile_text), min_size=1, max_size=HISTORY_MAX),
    engine_name=any_unicode,
)
def test_a_full_history_page_of_hostile_entries_is_one_valid_message(
    cases: list[tuple[str, list[Entity]]], engine_name: str
) -> None:
    entries = [_analysis(text, entities, engine_name) for text, entities in cases]
    page = format_history_page(entries, total=len(entries) + 100, offset=3)

    assert utf16_length(page) <= MESSAGE_LIMIT  # edited in place by ◀ ▶: it cannot be split
    parse_message_text(page, "HTML", empty_error="empty")


@settings(max_examples=500, deadline=None)
@given(args=st.none() | st.lists(any_unicode | st.integers().map(str), max_size=4))
def test_history_argument_parses_or_is_refused_never_raises(args: list[str] | None) -> None:
    size = parse_page_size(args)

    assert size is None or 1 <= size <= HISTORY_MAX
