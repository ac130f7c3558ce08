"""Everything the bot says, in one place, so wording is reviewed (and changed) together.

Strings marked HTML are sent with parse_mode=HTML; anything user-supplied is escaped by the
function that inserts it.
"""

from __future__ import annotations

import html

from handlers._format import LABEL_STYLES
from ner import Label
from service import MediaNotRead, MediaProblem
from storage import StorageProblem

COMMANDS: tuple[tuple[str, str], ...] = (
    ("ner", "Analyse text (in groups: /ner <text> or reply /ner)"),
    ("what", "Look up a term or code: /what amodiaquine"),
    ("history", "Your recent analyses: /history [n]"),
    ("model", "Show or switch the recognition engine"),
    ("clear", "Start a fresh conversation (history is kept)"),
    ("forget", "Delete all your data"),
    ("help", "What I do and how to use me"),
    ("start", "Say hello"),
)
"""The command menu registered with set_my_commands, also listed by /help."""

DISCLAIMER = "⚕️ Not medical advice: an automatic text tool that can be wrong. Ask a clinician."

_EXAMPLES = {
    Label.DISEASE: "malaria, asthma",
    Label.SYMPTOM: "fever, fits, pain",
    Label.DRUG: "amodiaquine, ibuprofen",
    Label.DOSAGE: "10 mg, twice daily",
    Label.BODY_PART: "hip, liver",
    Label.PROCEDURE: "MRI, blood test",
}


def start_text(first_name: str) -> str:
    """HTML greeting."""
    return (
        f"Hi {html.escape(first_name)}! 👋\n\n"
        "Send me a sentence such as <i>she has fever and pain in the hip</i> and I will list "
        "the medical terms in it: diseases, symptoms, drugs, dosages, body parts and "
        "procedures.\n\n/help shows everything I can do.\n\n"
        f"<i>{DISCLAIMER}</i>"
    )


def help_text(bot_username: str) -> str:
    """HTML: what the bot does, the labels, the commands and the disclaimer."""
    labels = "\n".join(
        f"{style.emoji} {style.title} — {_EXAMPLES[label]}" for label, style in LABEL_STYLES.items()
    )
    commands = "\n".join(f"/{name} — {html.escape(text)}" for name, text in COMMANDS)
    mention = html.escape(f"@{bot_username}")
    return (
        "<b>I find medical terms in text</b> and list them by kind.\n\n"
        f"<b>What I look for</b>\n{labels}\n"
        "Crossed-out terms are negated (<i>no fever</i>); <i>fits → seizure</i> gives the "
        "plain-English name. Marks: 👪 a relative's, 👤 someone else's, ❓ possible, "
        "💭 hypothetical, 🕘 in the past.\n\n"
        "<b>Where</b>\n"
        "• Here: send me text, a photo of printed text, or a PDF (voice notes with Gemini).\n"
        "• In groups: /ner &lt;text&gt;, reply /ner to a message, mention me, or reply to me.\n"
        f"• In any chat: type {mention} followed by your text.\n"
        "• Anywhere: /what &lt;term&gt; (or ?&lt;term&gt; inline) explains a term.\n\n"
        f"<b>Commands</b>\n{commands}\n\n"
        f"<i>{DISCLAIMER}</i>"
    )


PRIVATE_BOT = "Sorry, this bot is private."
RATE_LIMITED = (
    "You are sending messages faster than I can keep up with, so I am skipping them for now. "
    "Please wait a minute, then send again what you still need."
)
SLOW_DOWN = "Too many requests. Please wait a minute."
NON_TEXT = (
    "I can read text, photos of printed text, PDF and text documents, and voice notes. "
    "Please send one of those, or type the words you would like me to analyse."
)
UNKNOWN_COMMAND = "I don't know that command. /help lists what I can do."
NER_USAGE = "Send /ner followed by some text, or reply /ner to a message with text."
MENTION_USAGE = "Mention me together with some text, for example: @{username} she has a fever."
HISTORY_USAGE = (
    "Usage: /history [n], where n is how many analyses to show per page, 1 to {max} "
    "(default {default})."
)
EDITED_HEADER = "<i>✏️ Analysis of your edited message:</i>"
CLEARED = (
    "🧹 Started a fresh conversation. Your history is kept: /history shows it, /forget deletes it."
)
FORGET_ASK = (
    "This deletes all your analyses and your settings, and cannot be undone. Delete everything?"
)
FORGET_YES = "🗑 Delete everything"
FORGET_NO = "Cancel"
FORGOTTEN = "🗑 Done: deleted {count} analyses and your settings."
FORGET_PENDING = (
    "🗑 Deleted {count} analyses and your settings from the database. A copy is still in the "
    "database's write-ahead log, because another program (a backup, most likely) is reading "
    "the database right now. I keep clearing it and will tell you here when it is gone."
)
FORGET_SCRUBBED = "✅ Your deleted data is now gone from the bot's storage, with no copy left."
FORGET_CANCELLED = "Cancelled: nothing was deleted."
NOT_YOURS = "These buttons belong to someone else."
STALE_BUTTON = "This button has expired. Send the command again."
ENGINE_GONE = "That engine is not available any more."
OLDER = "◀ Older"
NEWER = "Newer ▶"
SOMETHING_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."
NOT_SAVED = (
    "Sorry, I couldn't save your message just now, so I haven't analysed it. "
    "Please send it again in a moment."
)

_STORAGE_CAUSES = {
    StorageProblem.FULL: "the bot's storage is full",
    StorageProblem.READ_ONLY: "the bot's storage is read-only",
    StorageProblem.FAILING: "the bot's storage is failing",
    StorageProblem.GONE: "the bot's database file went missing",
    StorageProblem.BUSY: "the bot's storage is busy",
    StorageProblem.UNAVAILABLE: "the bot's storage cannot be reached",
}
_PASSES = frozenset({StorageProblem.BUSY, StorageProblem.UNAVAILABLE, StorageProblem.OTHER})
"""Problems that usually pass within moments; the others wait for the bot's operator."""


def _when(problem: StorageProblem) -> str:
    return "in a moment" if problem in _PASSES else "later, once the bot's operator has fixed it"


def not_saved(problem: StorageProblem) -> str:
    """A message could not be stored (so it was not analysed): why, and when to resend."""
    cause = _STORAGE_CAUSES.get(problem)
    if cause is None:
        return NOT_SAVED
    return (
        f"Sorry, I couldn't save your message: {cause}, so I haven't analysed it. "
        f"Please send it again {_when(problem)}."
    )


def not_saved_retrying(problem: StorageProblem) -> str:
    """A message could not be stored, and Telegram will deliver it again (webhook): the
    analysis may still come; if not, the user sends it again."""
    cause = _STORAGE_CAUSES.get(problem, "the bot's storage had a problem")
    return (
        f"Sorry, I couldn't save your message just now: {cause}. I'll try it again "
        f"{_when(problem)}; if no answer comes, please send it again."
    )


def storage_failed(problem: StorageProblem) -> str:
    """A command or button could not read or write its data: why; nothing changed."""
    cause = _STORAGE_CAUSES.get(problem, "the bot's storage had a problem")
    return f"Sorry, I couldn't do that: {cause}. Nothing was changed; please try {_when(problem)}."


def forget_failed(problem: StorageProblem) -> str:
    """/forget could not delete: why, and that nothing was deleted."""
    cause = _STORAGE_CAUSES.get(problem, "the bot's storage had a problem")
    return (
        f"Sorry, I couldn't delete your data: {cause}. Nothing was deleted; "
        f"please send /forget again {_when(problem)}."
    )


INLINE_HINT = "Type some medical text to analyse, or ?term to look it up"
WHAT_USAGE = (
    "Send /what followed by a term or a code, for example: /what amodiaquine, /what fits, "
    "/what B54."
)
DETAILS = "🔎 Details"
DETAILS_NONE = "No look-up cards for this answer."
INLINE_LOOK_UP_PREFIXES = ("?", "/what ")
"""Inline queries that start like this are look-ups, not text to analyse."""
INLINE_SLOW_DOWN = "Too many requests, try again in a minute"
INLINE_START_PARAMETER = "inline-help"


def model_text(current_title: str, choices: int) -> str:
    """HTML for /model."""
    lead = f"Engine in use: <b>{html.escape(current_title)}</b>"
    if choices <= 1:
        return f"{lead}\n\nIt is the only engine configured here."
    return f"{lead}\n\nChoose the engine for your next messages:"


def switched_text(title: str) -> str:
    return f"Switched to {title}."


def already_text(title: str) -> str:
    return f"Already using {title}."


# --- photos, documents and voice notes ------------------------------------------------------

TRANSCRIPT_HEADER = "📝 <b>What I read</b>"
_SWITCH = " Or choose Gemini with /model: it reads photos and voice notes itself."
_MEDIA_PROBLEMS = {
    MediaProblem.UNSUPPORTED: (
        "I can't read this kind of file. Send a photo, a PDF or text document, or a voice note."
    ),
    MediaProblem.TOO_LARGE: "This file is too large for me (the limit is 20 MB). "
    "Please send a smaller photo, or the pages that matter.",
    MediaProblem.UNREADABLE: "I couldn't open this file: it seems damaged or protected. "
    "Please send it again, or as a photo.",
    MediaProblem.DOWNLOAD_FAILED: "I couldn't download this file from Telegram just now. "
    "Please send it again in a moment.",
    MediaProblem.NO_OCR: "Reading photos offline needs Tesseract, which is not installed here "
    "(the bot's operator can install the tesseract-ocr package).",
    MediaProblem.OCR_FAILED: "Reading the text in this photo failed or took too long. "
    "Please try a sharper photo, or type the text.",
    MediaProblem.NO_TEXT: "I found no text to analyse in this file. "
    "Please send a sharper photo, or type the words.",
    MediaProblem.VOICE_NEEDS_MODEL: "Voice notes need the Gemini engine, which the offline "
    "engine can't replace. Please type your message instead.",
    MediaProblem.SCAN_NEEDS_MODEL: "This PDF is a scan without a text layer, which I can't "
    "read offline. Please send photos of its pages instead.",
    MediaProblem.MODEL_FAILED: "Sorry, {engine} couldn't read this file ({reason}). "
    "Please try again in a moment, or type the text.",
}
_SWITCH_HELPS = frozenset(
    {MediaProblem.NO_OCR, MediaProblem.VOICE_NEEDS_MODEL, MediaProblem.SCAN_NEEDS_MODEL}
)


def media_problem_text(problem: MediaNotRead, engine_title: str = "Gemini") -> str:
    """One plain line saying why a file was not analysed, and what to do instead."""
    line = _MEDIA_PROBLEMS[problem.problem].format(
        engine=engine_title, reason=problem.reason or "no answer"
    )
    if problem.problem is MediaProblem.VOICE_NEEDS_MODEL and problem.model_available:
        return "Voice notes need the Gemini engine: choose it with /model, then send it again."
    if problem.problem in _SWITCH_HELPS and problem.model_available:
        line += _SWITCH
    return line
