"""Which files can be read, and how: by MIME type (and, failing that, by file name)."""

from __future__ import annotations

import mimetypes

from ner.media._models import MediaKind

TELEGRAM_DOWNLOAD_LIMIT = 20 * 1024 * 1024
"""Bots may download files of up to 20 MB through the Bot API; larger ones are refused."""

IMAGE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "image/gif", "image/bmp"}
)
"""Images Pillow (or Gemini, for HEIC) can read."""

AUDIO_TYPES = frozenset(
    {
        "audio/ogg",
        "audio/opus",
        "audio/mpeg",
        "audio/mp3",
        "audio/wav",
        "audio/x-wav",
        "audio/aac",
        "audio/flac",
        "audio/aiff",
    }
)
"""Audio Gemini takes inline; Telegram voice notes are OGG/Opus."""

_GEMINI_AUDIO = {
    "audio/opus": "audio/ogg",
    "audio/mp3": "audio/mpeg",
    "audio/x-wav": "audio/wav",
}


def media_kind(mime_type: str | None, file_name: str | None = None) -> MediaKind | None:
    """How a file of this type is read; None when it cannot be (a video, a spreadsheet...)."""
    mime = normalised_mime(mime_type, file_name)
    if mime in IMAGE_TYPES:
        return MediaKind.IMAGE
    if mime in AUDIO_TYPES:
        return MediaKind.AUDIO
    if mime == "application/pdf":
        return MediaKind.PDF
    if mime == "text/plain":
        return MediaKind.TEXT
    return None


def normalised_mime(mime_type: str | None, file_name: str | None = None) -> str:
    """The MIME type in lower case without parameters, guessed from the name when missing."""
    mime = (mime_type or "").split(";")[0].strip().lower()
    if (not mime or mime == "application/octet-stream") and file_name:
        mime = mimetypes.guess_type(file_name)[0] or mime
    return mime


def gemini_audio_type(mime_type: str) -> str:
    """The name Gemini knows an audio type by."""
    mime = normalised_mime(mime_type)
    return _GEMINI_AUDIO.get(mime, mime)
