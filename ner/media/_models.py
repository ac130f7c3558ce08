"""What a photo, document or voice note is once downloaded, and what reading it gives."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from ner._models import Entity


class MediaKind(StrEnum):
    """How a file is read: an image (OCR or Gemini), audio (Gemini), a PDF, or plain text."""

    IMAGE = "image"
    AUDIO = "audio"
    PDF = "pdf"
    TEXT = "text"


@dataclass(frozen=True)
class Media:
    """The bytes of one file and the MIME type they are sent to a model with."""

    data: bytes = field(repr=False)
    mime_type: str
    kind: MediaKind


@dataclass(frozen=True)
class Reading:
    """What a model read from a file: its transcription and the entities of ``text``.

    ``text`` is what was analysed: the caption (when there is one), a blank line, and the
    transcription; the entities' offsets point into it, as for a typed message.
    """

    transcript: str
    text: str
    entities: Sequence[Entity]


class MediaError(Exception):
    """A file cannot be read this way; the service turns it into one friendly line."""


class UnreadableFile(MediaError):
    """The bytes are not what the file claims to be (a corrupt image, a broken PDF)."""


class FileTooLarge(MediaError):
    """Larger than can be downloaded or sent to a model."""


class OcrUnavailable(MediaError):
    """Tesseract is not installed (or cannot run) on this machine."""


class OcrFailed(MediaError):
    """Tesseract ran but gave no result in time."""


def with_caption(caption: str, transcript: str) -> str:
    """The text analysed for a file: the sender's caption first, then what the file says."""
    parts = [part.strip() for part in (caption, transcript) if part.strip()]
    return "\n\n".join(parts)
