"""How results are shown in Telegram: HTML replies, /history pages, splitting under the limit.

ner/ returns data only; this module turns it into what Telegram accepts. Everything a user
typed is ``html.escape``d exactly once, here, so handlers can send the output with
``parse_mode=HTML`` without thinking about it. Lengths are measured in UTF-16 code units
because that is how Telegram counts message length (an emoji is two units, not one).
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from ner import Certainty, Entity, Label, LookUp, Mention, Relation, Subject, group_mentions

MESSAGE_LIMIT = 4096
"""Telegram's maximum message length, counted after entity parsing."""

SAFE_MESSAGE_LENGTH = 4000
"""What :func:`split_html` aims for by default: under the limit with room to spare."""

NO_ENTITIES = "No medical entities found."


@dataclass(frozen=True)
class LabelStyle:
    """How one label is presented in Telegram: an emoji and a plural heading."""

    emoji: str
    title: str


LABEL_STYLES: dict[Label, LabelStyle] = {
    Label.DISEASE: LabelStyle("🦠", "Diseases"),
    Label.SYMPTOM: LabelStyle("🤒", "Symptoms"),
    Label.DRUG: LabelStyle("💊", "Drugs"),
    Label.DOSAGE: LabelStyle("📏", "Dosage"),
    Label.BODY_PART: LabelStyle("🫀", "Body parts"),
    Label.PROCEDURE: LabelStyle("🩺", "Procedures"),
}


def _one_line(text: str) -> str:
    return " ".join(text.split())


def markers(row: Mention) -> list[str]:
    """The compact assertion marks: whose it is, how certain, whether past."""
    marks: list[str] = []
    if row.subject is Subject.FAMILY:
        marks.append(f"👪 {row.subject_word or 'family'}")
    elif row.subject is Subject.OTHER:
        marks.append(f"👤 {row.subject_word or 'someone else'}")
    if row.certainty is Certainty.POSSIBLE:
        marks.append("❓ possible")
    elif row.certainty is Certainty.HYPOTHETICAL:
        marks.append("💭 hypothetical")
    if row.historical:
        marks.append("🕘 past")
    return marks


def _mention_text(row: Mention) -> str:
    """What was written, then its concept, doses and sites: "fits → seizure", "metformin —
    500 mg", "pain (hip)" (visible text, not yet escaped)."""
    text = _one_line(row.text)
    if row.concept:
        text += f" → {row.concept_in_prose}"
    if row.dosages:
        text += " — " + ", ".join(row.dosages)
    if row.sites:
        text += f" ({', '.join(row.sites)})"
    return text


def _row_html(row: Mention) -> str:
    text = html.escape(_one_line(row.text))
    shown = f"<s>{text}</s>" if row.negated else text
    rest = _mention_text(row)[len(_one_line(row.text)) :]
    line = f"• {shown}{html.escape(rest)}"
    if row.negated:
        line += " <i>(negated)</i>"
    if row.count > 1:
        line += f" ×{row.count}"
    for mark in markers(row):
        line += f" · {html.escape(mark)}"
    if row.code:
        line += f" <code>{html.escape(row.code)}</code>"
    return line


def format_entities(
    entities: Sequence[Entity],
    relations: Sequence[Relation] = (),
    *,
    note: str | None = None,
) -> str:
    """The bot's reply: a bold header with an emoji per label, one bullet per distinct mention.

    ``note`` (e.g. "Gemini was unavailable, used the offline engine") becomes a short italic
    line at the end, so the entities stay the first thing the user reads.
    """
    sections: list[str] = []
    for label, rows in group_mentions(entities, relations).items():
        style = LABEL_STYLES[label]
        lines = [f"{style.emoji} <b>{style.title}</b>", *(_row_html(row) for row in rows)]
        sections.append("\n".join(lines))
    body = "\n\n".join(sections) if sections else f"🔍 {NO_ENTITIES}"
    if note:
        body += f"\n\n<i>ℹ️ {html.escape(_one_line(note))}</i>"
    return body


def summarize_entities(
    entities: Sequence[Entity], relations: Sequence[Relation] = (), *, limit: int = 200
) -> str:
    """One plain line such as "🦠 Malaria · 🤒 fits, fever" for places without markup.

    Used for inline-result descriptions; negated mentions carry a leading "no ".
    """
    rows_by_label = group_mentions(entities, relations)
    if not rows_by_label:
        return NO_ENTITIES
    parts = []
    for label, rows in rows_by_label.items():
        names = ", ".join(("no " if r.negated else "") + _mention_text(r) for r in rows)
        parts.append(f"{LABEL_STYLES[label].emoji} {names}")
    return _truncate(" · ".join(parts), limit)


def format_quoted(
    text: str,
    entities: Sequence[Entity],
    relations: Sequence[Relation] = (),
    *,
    note: str | None = None,
) -> str:
    """The analysed text in a quote block, then the entities: for a message others will read.

    Inline results are posted into a chat whose members never saw the query, so the text
    goes with its analysis. Kept under the limit by cutting the quote, never the entities.
    """
    body = format_entities(entities, relations, note=note)
    room = SAFE_MESSAGE_LENGTH - utf16_length(body) - 40
    quoted = html.escape(_truncate(text.strip(), max(room // 6, 1)))
    return f"<blockquote>{quoted}</blockquote>\n{body}"


# --- /history -----------------------------------------------------------------------------


class HistoryEntry(Protocol):
    """What /history needs of a stored analysis; the service's Analysis satisfies it."""

    @property
    def created_at(self) -> datetime: ...

    @property
    def engine(self) -> str: ...

    @property
    def text(self) -> str: ...

    @property
    def entities(self) -> Sequence[Entity]: ...

    @property
    def relations(self) -> Sequence[Relation]: ...


# Per-item budgets (visible characters) that keep a page of 20 items under one message:
# ~30 (date) + 24 (engine) + 52 (text) + 70 (entities) + 14 ("… +N more") + separators.
HISTORY_TEXT_CHARS = 50
HISTORY_ENGINE_CHARS = 24
HISTORY_ENTITY_CHARS = 30
HISTORY_ENTITIES_CHARS = 70


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _compact_mention(row: Mention, limit: int) -> tuple[str, str]:
    """The written text and what follows it ("→ seizure", "— 500 mg"), together at most
    ``limit`` visible characters; the written part is cut last."""
    written, full = _one_line(row.text), _mention_text(row)
    if len(full) <= limit:
        return written, full[len(written) :]
    if len(written) < limit - 1:
        return written, full[len(written) : limit - 1].rstrip() + "…"
    return _truncate(written, limit), ""


def _compact_entities(entities: Sequence[Entity], relations: Sequence[Relation], limit: int) -> str:
    """Entities on one line — "🦠 Malaria · 🤒 fits, <s>fever</s>" — cut at ``limit`` characters.

    Truncation counts visible characters and happens between whole entities, before escaping,
    so no entity or tag is ever cut.
    """
    rows_by_label = group_mentions(entities, relations)
    if not rows_by_label:
        return f"<i>{NO_ENTITIES[0].lower()}{NO_ENTITIES[1:]}</i>"
    pieces: list[tuple[str, str]] = []  # (separator + visible text, separator + html)
    for label, rows in rows_by_label.items():
        for index, row in enumerate(rows):
            separator = " · " if pieces else ""
            lead = f"{separator}{LABEL_STYLES[label].emoji} " if index == 0 else ", "
            text, rest = _compact_mention(row, HISTORY_ENTITY_CHARS)
            rest += "".join(f" {mark}" for mark in markers(row))
            marked = f"<s>{html.escape(text)}</s>" if row.negated else html.escape(text)
            pieces.append((lead + text + rest, lead + marked + html.escape(rest)))
    line, used = "", 0
    for index, (visible, markup) in enumerate(pieces):
        if line and used + len(visible) > limit:
            return f"{line} … +{len(pieces) - index} more"
        line += markup
        used += len(visible)
    return line


def format_history_item(entry: HistoryEntry) -> str:
    """One analysis in a /history page: when and with which engine, the text, what was found."""
    when = entry.created_at.astimezone(UTC).strftime("%d %b %Y, %H:%M UTC")
    text = html.escape(_truncate(_one_line(entry.text), HISTORY_TEXT_CHARS))
    entities = _compact_entities(entry.entities, entry.relations, HISTORY_ENTITIES_CHARS)
    engine = html.escape(_truncate(entry.engine, HISTORY_ENGINE_CHARS))
    return f"🕘 <b>{when}</b> · <i>{engine}</i>\n“{text}”\n{entities}"


def format_history_page(entries: Sequence[HistoryEntry], *, total: int, offset: int) -> str:
    """A page of the caller's analyses, newest first, with where it sits in the whole history.

    Items are truncated by construction (text and entity line), so a page of 20 stays well
    under Telegram's limit and can be edited in place by the ◀ ▶ buttons.
    """
    if total == 0:
        return "You have no analyses yet. Send me some text and I will find the medical terms."
    if not entries:
        return f"No more analyses: you have {total} in total."
    first, last = offset + 1, offset + len(entries)
    header = f"<b>Your analyses {first}–{last} of {total}</b> (newest first)"
    return "\n\n".join([header, *(format_history_item(entry) for entry in entries)])


# --- look-up cards -------------------------------------------------------------------------

#: Visible characters of a definition on a /what card, and on a card under "Details".
CARD_DEFINITION_CHARS = 600
DETAILS_DEFINITION_CHARS = 220
CARD_SYNONYMS = 6
#: Cards shown under "Details": the concepts of one answer, at most this many.
DETAILS_MAX_CARDS = 8

_LABEL_NAMES: dict[Label, str] = {
    Label.DISEASE: "disease",
    Label.SYMPTOM: "symptom or sign",
    Label.DRUG: "drug",
    Label.DOSAGE: "dosage",
    Label.BODY_PART: "body part",
    Label.PROCEDURE: "procedure",
}


def _card_html(found: LookUp, definition_chars: int) -> str:
    card = found.card
    assert card is not None
    lines = [f"🔎 <b>{html.escape(card.name)}</b>"]
    kind = f"{_LABEL_NAMES[found.label]} · " if found.label is not None else ""
    lines.append(
        f"<i>{html.escape(kind)}{html.escape(card.system)}</i> <code>"
        f"{html.escape(card.bare_code)}</code>"
    )
    if card.definition:
        definition = html.escape(_truncate(_one_line(card.definition), definition_chars))
        # ICD-10-CM has no definitions; what it has is the code's full official title.
        lead = "<i>ICD-10-CM title:</i> " if card.system == "ICD-10-CM" else ""
        lines.append(lead + definition)
    if card.chapter:
        lines.append(f"📚 {html.escape(card.chapter)}")
    if card.synonyms:
        names = ", ".join(card.synonyms[:CARD_SYNONYMS])
        lines.append(f"<i>Also called:</i> {html.escape(_truncate(names, 200))}")
    if found.links:
        links = " · ".join(
            f'<a href="{html.escape(link.url, quote=True)}">{html.escape(link.title)}</a>'
            for link in found.links
        )
        lines.append(f"🔗 {links}")
    return "\n".join(lines)


def format_look_up(found: LookUp) -> str:
    """The /what card: preferred name, vocabulary and code, definition, chapter, other names
    and the official pages; or what is known of a term without a code; or "not found" with the
    closest names."""
    query = html.escape(_truncate(found.query, 60))
    if found.card is not None:
        return _card_html(found, CARD_DEFINITION_CHARS)
    if found.label is not None:
        return (
            f"🔎 <b>{query}</b>\n<i>{_LABEL_NAMES[found.label]}</i>: a term I recognise, but the "
            "installed vocabularies give it no code or definition."
        )
    lines = [f"🤷 I found nothing called “{query}” in the vocabularies."]
    if found.suggestions:
        closest = ", ".join(f"<code>/what {html.escape(s)}</code>" for s in found.suggestions)
        lines.append(f"Closest: {closest}")
    lines.append("Try a drug, disease or symptom name, or a code such as B54 or HP:0001250.")
    return "\n".join(lines)


def format_details(found: Sequence[LookUp]) -> str:
    """The cards of one answer's concepts, shorter than /what's, one after another."""
    cards = [f for f in found if f.card is not None][:DETAILS_MAX_CARDS]
    return "\n\n".join(_card_html(f, DETAILS_DEFINITION_CHARS) for f in cards)


# --- splitting ----------------------------------------------------------------------------

_ATOM = re.compile(r"<[^<>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);|.", re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z][a-zA-Z0-9-]*)")


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _closer(name: str) -> str:
    return f"</{name}>"


@dataclass(frozen=True)
class _Break:
    """Where a chunk may end: atoms[:end] go in it, the next one starts at ``resume``."""

    end: int
    resume: int
    open_tags: tuple[tuple[str, str], ...]


def _visible(fragment: str) -> str:
    return html.unescape(_TAG.sub("", fragment))


def split_html(text: str, limit: int = SAFE_MESSAGE_LENGTH) -> list[str]:
    """Split Telegram HTML into chunks of at most ``limit`` UTF-16 units, each well-formed.

    Chunks end at line boundaries where possible, else at a space, else between characters;
    never inside a tag or an ``&entity;``. Tags still open at a cut are closed at the end of
    the chunk and reopened at the start of the next, so bold text or a <pre> block survives.
    The raw HTML is measured, which is never shorter than what Telegram counts.
    """
    if _fits_whole(text, limit):
        return [text] if _visible(text).strip() else []
    atoms: list[str] = _ATOM.findall(text)
    chunks: list[str] = []
    open_tags: tuple[tuple[str, str], ...] = ()
    i = 0
    while i < len(atoms):
        prefix = "".join(tag for _, tag in open_tags)
        chunk_break = _find_break(atoms, i, open_tags, utf16_length(prefix), limit)
        closers = "".join(_closer(name) for name, _ in reversed(chunk_break.open_tags))
        chunk = prefix + "".join(atoms[i : chunk_break.end]) + closers
        if _visible(chunk).strip():
            chunks.append(chunk)
        open_tags = chunk_break.open_tags
        i = chunk_break.resume
    return chunks


def _fits_whole(text: str, limit: int) -> bool:
    """True when ``text`` can go out as it is: short enough, and every tag it opens closed.

    Nearly every reply is like this, and the check costs a fraction of splitting character by
    character, which is what the general path does.
    """
    if utf16_length(text) > limit:
        return False
    stack: list[tuple[str, str]] = []
    for tag in _TAG.findall(text):
        _track_tag(stack, tag)
    return not stack


def _find_break(
    atoms: Sequence[str],
    start: int,
    open_tags: tuple[tuple[str, str], ...],
    size: int,
    limit: int,
) -> _Break:
    """The best place to end the chunk that begins at ``atoms[start]``."""
    stack = list(open_tags)
    closers = sum(utf16_length(_closer(name)) for name, _ in stack)
    line = space = anywhere = None
    j = start
    while j < len(atoms):
        atom = atoms[j]
        if j > start and size + closers <= limit:
            here = tuple(stack)
            anywhere = _Break(j, j, here)
            if atom == "\n":
                line = _Break(j, j + 1, here)
            elif atom.isspace():
                space = _Break(j, j + 1, here)
        size += utf16_length(atom)
        if size > limit:
            break
        if atom.startswith("<") and len(atom) > 1:
            closers += _track_tag(stack, atom)
        j += 1
    else:
        if size + closers <= limit:
            return _Break(len(atoms), len(atoms), tuple(stack))
    chosen = line or space or anywhere
    if chosen is None:  # one atom longer than the limit on its own: nothing better exists
        forced = list(open_tags)
        if atoms[start].startswith("<") and len(atoms[start]) > 1:
            _track_tag(forced, atoms[start])
        chosen = _Break(start + 1, start + 1, tuple(forced))
    return chosen


def _track_tag(stack: list[tuple[str, str]], tag: str) -> int:
    """Push or pop ``tag`` on ``stack``; returns the change in closing-tag length."""
    match = _TAG_NAME.match(tag)
    if match is None:
        return 0
    name = match.group(1).lower()
    if tag.startswith("</"):
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == name:
                del stack[index]
                return -utf16_length(_closer(name))
        return 0
    stack.append((name, tag))
    return utf16_length(_closer(name))
