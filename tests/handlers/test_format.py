"""Formatting replies: grouping, escaping, negation, splitting — checked with Telegram's parser.

``parse_html`` is the fake Bot API's validator: whatever it accepts, Telegram accepts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from handlers import (
    MESSAGE_LIMIT,
    NO_ENTITIES,
    format_entities,
    format_history_item,
    format_history_page,
    format_quoted,
    split_html,
    summarize_entities,
    utf16_length,
)
from ner import Entity, Label, Relation
from tests.fakes.telegram_server import parse_html


def entity(
    text: str, label: Label, start: int = 0, *, negated: bool = False, code: str | None = None
) -> Entity:
    return Entity(
        text=text, label=label, start=start, end=start + len(text), negated=negated, code=code
    )


CANONICAL = [
    entity("Malaria", Label.DISEASE, 23, code="ICD10CM:B54"),
    entity("fits", Label.SYMPTOM, 35),
    entity("amodiaquine", Label.DRUG, 61),
    entity("fever", Label.SYMPTOM, 94),
    entity("pain", Label.SYMPTOM, 104),
    entity("hip", Label.BODY_PART, 112),
]


def visible(html_text: str) -> str:
    return parse_html(html_text).text


def test_groups_by_label_in_a_fixed_order() -> None:
    shown = visible(format_entities(list(reversed(CANONICAL))))

    headings = ["Diseases", "Symptoms", "Drugs", "Body parts"]
    positions = [shown.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Dosage" not in shown and "Procedures" not in shown
    symptoms = shown.split("Symptoms")[1].split("Drugs")[0]
    assert symptoms.index("fits") < symptoms.index("fever") < symptoms.index("pain")


def test_headers_are_bold_with_an_emoji() -> None:
    html_text = format_entities(CANONICAL)

    assert "🦠 <b>Diseases</b>" in html_text
    assert "🤒 <b>Symptoms</b>" in html_text
    assert "💊 <b>Drugs</b>" in html_text
    assert "🫀 <b>Body parts</b>" in html_text


def test_entity_text_is_escaped() -> None:
    nasty = [
        entity('<b>fever</b> & "chills"', Label.SYMPTOM),
        entity("R&D <drug>", Label.DRUG, code='X<1>&"'),
        entity("it's", Label.DISEASE),
    ]

    html_text = format_entities(nasty, note="a <note> & more")

    assert "<b>fever</b>" not in html_text
    assert "&lt;b&gt;fever&lt;/b&gt; &amp; &quot;chills&quot;" in html_text
    shown = visible(html_text)  # Telegram accepts it...
    assert '<b>fever</b> & "chills"' in shown  # ...and shows exactly what was typed
    assert "R&D <drug>" in shown and 'X<1>&"' in shown and "it's" in shown
    assert "a <note> & more" in shown


def test_duplicates_collapse_case_insensitively_with_a_count() -> None:
    entities = [
        entity("Fever", Label.SYMPTOM, 0),
        entity("fever", Label.SYMPTOM, 10),
        entity("FEVER", Label.SYMPTOM, 20),
        entity("fever", Label.DISEASE, 30),
    ]

    shown = visible(format_entities(entities))

    assert "Fever ×3" in shown
    assert shown.count("ever") == 2  # once per label


def test_negated_entities_are_struck_through_and_kept_apart() -> None:
    entities = [entity("fever", Label.SYMPTOM, 3, negated=True), entity("fever", Label.SYMPTOM, 20)]

    html_text = format_entities(entities)

    assert "• <s>fever</s> <i>(negated)</i>" in html_text
    assert "• fever\n" in html_text + "\n"
    strikes = [e for e in parse_html(html_text).entities if e["type"] == "strikethrough"]
    assert len(strikes) == 1


def test_code_is_shown_as_code() -> None:
    html_text = format_entities([entity("Malaria", Label.DISEASE, code="ICD10CM:B54")])

    assert "• Malaria <code>ICD10CM:B54</code>" in html_text


def test_no_entities() -> None:
    assert NO_ENTITIES in visible(format_entities([]))


def test_note_is_a_short_italic_line_at_the_end() -> None:
    html_text = format_entities(CANONICAL, note="Gemini was unavailable\n(quota)")

    last = html_text.splitlines()[-1]
    assert last == "<i>ℹ️ Gemini was unavailable (quota)</i>"


def test_summary_line() -> None:
    summary = summarize_entities([*CANONICAL, entity("cough", Label.SYMPTOM, 300, negated=True)])

    assert summary.startswith("🦠 Malaria · 🤒 fits, fever, pain, no cough · 💊 amodiaquine")


# --- splitting ------------------------------------------------------------------------------


def many_entities(count: int, width: int = 0) -> list[Entity]:
    return [entity(f'drug{i:04d} <&> "x"' + "y" * width, Label.DRUG, i) for i in range(count)]


def test_short_reply_is_one_chunk() -> None:
    html_text = format_entities(CANONICAL)

    assert split_html(html_text) == [html_text]


def test_short_text_with_a_tag_left_open_is_still_closed() -> None:
    assert split_html("<b>Fever") == ["<b>Fever</b>"]
    assert split_html("<b> </b>\n") == []


def test_long_reply_splits_at_lines_under_the_limit() -> None:
    html_text = format_entities(many_entities(600))
    assert utf16_length(html_text) > 3 * MESSAGE_LIMIT

    chunks = split_html(html_text)

    assert len(chunks) >= 4
    for chunk in chunks:
        assert utf16_length(chunk) < MESSAGE_LIMIT
        parse_html(chunk)  # well-formed
        assert not chunk.startswith("\n") and not chunk.endswith("\n")
    lines = [line for chunk in chunks for line in chunk.split("\n")]
    assert lines == html_text.split("\n")  # only ever cut between lines here


def test_one_overlong_line_is_cut_safely_and_tags_are_reopened() -> None:
    line = "<b>" + "fever &amp; chills &lt;3 " * 1000 + "</b>"

    chunks = split_html(line, limit=500)

    assert len(chunks) > 10
    for chunk in chunks:
        assert utf16_length(chunk) <= 500
        assert chunk.startswith("<b>") and chunk.endswith("</b>")
        parse_html(chunk)
    assert "".join(visible(c) for c in chunks).replace(" ", "") == visible(line).replace(" ", "")


def test_pre_block_spanning_a_cut_stays_a_block() -> None:
    block = "<pre>" + "\n".join(f"line {i} &lt;x&gt;" for i in range(200)) + "</pre>"

    chunks = split_html(block, limit=300)

    assert len(chunks) > 1
    for chunk in chunks:
        assert chunk.startswith("<pre>") and chunk.endswith("</pre>")
        parse_html(chunk)


def test_emoji_count_twice() -> None:
    text = "🦠" * 3000  # 6000 UTF-16 units, one "line"

    chunks = split_html(text)

    assert all(utf16_length(c) <= 4000 for c in chunks)
    assert "".join(chunks) == text


def test_entities_are_never_cut() -> None:
    text = "&amp;" * 2000

    for chunk in split_html(text, limit=333):
        assert visible(chunk) == "&" * (len(chunk) // 5)


_WORD = st.text(alphabet="abc <>&\"'é🦠\n", min_size=0, max_size=12)


@st.composite
def html_documents(draw: st.DrawFn) -> tuple[str, str]:
    """Random Telegram HTML (nested tags, escapes, newlines) and its visible text."""
    import html as std_html

    def build(depth: int) -> tuple[str, str]:
        parts, shown = [], []
        for _ in range(draw(st.integers(0, 4))):
            if depth < 3 and draw(st.booleans()):
                tag = draw(st.sampled_from(["b", "i", "u", "s", "code", "tg-spoiler"]))
                inner_html, inner_text = build(depth + 1)
                parts.append(f"<{tag}>{inner_html}</{tag}>")
                shown.append(inner_text)
            else:
                word = draw(_WORD)
                parts.append(std_html.escape(word))
                shown.append(word)
        return "".join(parts), "".join(shown)

    return build(0)


@settings(max_examples=300, deadline=None)
@given(document=html_documents(), limit=st.integers(min_value=100, max_value=300))
def test_split_property_every_chunk_is_valid_and_nothing_is_lost(
    document: tuple[str, str], limit: int
) -> None:
    html_text, _ = document
    chunks = split_html(html_text, limit=limit)

    for chunk in chunks:
        assert utf16_length(chunk) <= limit
        parse_html(chunk)
    joined = "".join(visible(c) for c in chunks)
    assert "".join(joined.split()) == "".join(visible(html_text).split())


# --- /history -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    created_at: datetime
    engine: str
    text: str
    entities: list[Entity]
    relations: list[Relation] = field(default_factory=list)


def test_history_item_shows_date_engine_text_and_entities() -> None:
    item = Item(
        datetime(2026, 3, 4, 5, 6, tzinfo=UTC),
        "local",
        "she was suffering from Malaria <&> and fits\nand more " + "words " * 40,
        CANONICAL,
    )

    html_text = format_history_item(item)
    shown = visible(html_text)

    assert "04 Mar 2026, 05:06 UTC" in shown and "local" in shown
    assert "Malaria <&> and fits and" in shown and "…" in shown
    assert "🦠 Malaria · 🤒 fits, fever, pain · 💊 amodiaquine · 🫀 hip" in shown


def test_full_history_page_fits_one_message() -> None:
    worst = Item(
        datetime(2026, 3, 4, tzinfo=UTC),
        "gemini-tuned:projects/p/locations/l/endpoints/1234567890",
        '<&"> ' * 500,
        many_entities(100, width=80),
    )

    html_text = format_history_page([worst] * 20, total=100, offset=40)
    shown = visible(html_text)

    assert shown.startswith("Your analyses 41–60 of 100")
    assert utf16_length(shown) < MESSAGE_LIMIT
    assert "more" in shown


def test_empty_history_pages() -> None:
    assert "no analyses yet" in format_history_page([], total=0, offset=0)
    assert "No more analyses" in format_history_page([], total=3, offset=5)


def test_quoted_analysis_for_inline_results() -> None:
    html_text = format_quoted("she has <fever> & pain " * 300, CANONICAL)

    assert utf16_length(visible(html_text)) < MESSAGE_LIMIT
    assert visible(html_text).startswith("she has <fever> & pain")
    assert "Symptoms" in visible(html_text)
