"""What Gemini is asked about a photo, a scanned document or a voice note, and its answer.

The file goes into the user's turn as inline data, followed by one text part that says what
to do with it (and carries the sender's caption). The answer is the usual entity list plus a
verbatim transcription; entities are aligned to the caption and transcription together, which
is also what the conversation history keeps in place of the file.
"""

from __future__ import annotations

import json

from google.genai import types
from pydantic import BaseModel, Field

from ner._engine import EngineUnavailable
from ner.gemini._parse import UnparseableAnswer, parse_answer
from ner.gemini._prompt import EntityMention
from ner.media import Media, MediaKind, Reading, with_caption


class TranscribedAnswer(BaseModel):
    """The text of the file, transcribed verbatim, and the medical entities in it."""

    transcription: str = Field(
        description="Every word of the medical text in the file, verbatim, in reading order; "
        "an empty string when there is none."
    )
    entities: list[EntityMention]


_WHAT = {
    MediaKind.IMAGE: (
        "The attached image was sent by a user (a prescription, a medicine box, a lab report, "
        "a letter...). Transcribe the medical text in it exactly as printed or written, line "
        "by line; skip logos and decoration."
    ),
    MediaKind.PDF: (
        "The attached document was sent by a user. Transcribe its medical text exactly as "
        "written, in reading order."
    ),
    MediaKind.AUDIO: (
        "The attached audio is a voice note from a user. Transcribe what they say verbatim, "
        "in the language they speak."
    ),
}

_HOW = (
    " Then list the medical entities of your transcription and of the caption below (if any), "
    "each copied exactly as it appears there. Answer only with JSON: "
    '{"transcription": ..., "entities": [...]}.'
)


def media_instruction(kind: MediaKind, caption: str) -> str:
    """The text part that follows the file in the user's turn."""
    text = _WHAT.get(kind, _WHAT[MediaKind.IMAGE]) + _HOW
    if caption.strip():
        text += f"\n\nCaption: {caption.strip()}"
    return text


def media_content(media: Media, caption: str) -> types.ContentDict:
    """The user's turn: the file as inline data, then what to do with it."""
    return types.ContentDict(
        role="user",
        parts=[
            types.PartDict(inline_data=types.BlobDict(data=media.data, mime_type=media.mime_type)),
            types.PartDict(text=media_instruction(media.kind, caption)),
        ],
    )


def parse_reading(answer: str, caption: str) -> Reading:
    """The transcription and the entities of caption + transcription, or EngineUnavailable."""
    try:
        data = json.loads(_unfenced(answer))
    except json.JSONDecodeError:
        raise EngineUnavailable("its answer could not be read") from None
    transcript = data.get("transcription") if isinstance(data, dict) else None
    if not isinstance(transcript, str):
        raise EngineUnavailable("its answer could not be read")
    text = with_caption(caption, transcript)
    try:
        entities = parse_answer(answer, text) if text else []
    except UnparseableAnswer:
        raise EngineUnavailable("its answer could not be read") from None
    return Reading(transcript=transcript.strip(), text=text, entities=entities)


def _unfenced(answer: str) -> str:
    body = answer.strip()
    if body.startswith("```"):
        body = body.strip("`").removeprefix("json").strip()
    return body
