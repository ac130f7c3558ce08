"""Hypothesis strategies for hostile message texts, shared by the property tests.

Each strategy aims at one way input has broken chat bots: markup that must be escaped, UTF-16
length surprises (emoji, astral planes), invisible characters that shift offsets, text right at
and beyond Telegram's 4096-character limit, and medical words so that entities (and therefore
offsets and formatting) are actually exercised.
"""

from __future__ import annotations

from hypothesis import strategies as st

MEDICAL = (
    "fever", "malaria", "fits", "pain", "hip", "amodiaquine", "asthma", "ibuprofen",
    "10 mg", "twice daily", "MRI", "blood test", "chest pain", "no fever", "type 2 diabetes",
    "left knee", "liver", "Tylenol", "shortness of breath", "for 5 days",
)  # fmt: skip
MARKUP = (
    "<", ">", "&", "&amp;", "&lt;", "&#60;", "&#x3c;", "&bogus;", "<b>", "</b>", "<i>",
    "<a href='x'>", "</a>", "<pre>", "<code>", "<tg-spoiler>", "<script>", "<!--", "-->",
    "*bold*", "_it_", "`code`", "```", "[link](http://x)", "~~", "||spoiler||", "\\", '"', "'",
)  # fmt: skip
INVISIBLE = (
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069",
    "\u2060", "\ufeff", "\u00ad", "\u034f", "\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85",
    "\t", "\r", "\n", "\u2028", "\u2029", "\u00a0", "\u3000",
)  # fmt: skip
EXOTIC = (
    "😀", "🤒", "👩‍⚕️", "🇬🇧", "🏳️‍🌈", "👍🏽", "𝔣𝔢𝔳𝔢𝔯", "𐍈", "ﬁ", "İ", "ß", "ǅ",
    "שלום", "חום", "مرحبا", "حمى", "漢字", "발열", "ไข้", "à", "é", "n\u0303", "Ω", "∑",
)  # fmt: skip

_PIECES = st.sampled_from((*MEDICAL, *MARKUP, *INVISIBLE, *EXOTIC, " ", " ", " ", "\n"))

pieces_text = st.lists(_PIECES, max_size=40).map("".join)
"""Mixtures of medical words, markup look-alikes, invisible characters and emoji."""

any_unicode = st.text(st.characters(exclude_categories=["Cs"]), max_size=200)
"""Every Unicode category except lone surrogates (which cannot travel as UTF-8 JSON)."""

blank_text = st.lists(st.sampled_from((*INVISIBLE, " ")), max_size=10).map("".join)
"""Empty, whitespace-only and invisible-only texts."""


@st.composite
def long_text(draw: st.DrawFn, min_size: int = 3_900, max_size: int = 6_000) -> str:
    """Around and beyond Telegram's 4096-character limit, built from repeated pieces."""
    unit = draw(st.lists(_PIECES, min_size=1, max_size=12).map("".join).filter(bool))
    target = draw(st.integers(min_size, max_size))
    return (unit * (target // len(unit) + 1))[:target]


hostile_text = st.one_of(pieces_text, any_unicode, blank_text, pieces_text, long_text())
"""Everything above, for tests that want one strategy."""

chat_text = st.one_of(pieces_text, any_unicode, blank_text)
"""Like hostile_text but short: for the full-stack tests, where each example is a round trip."""
