"""Photos, documents and voice notes: from an upload to text (offline) or to a model's turn.

The service decides how a file is read, by kind and by the user's engine:

- an engine that reads files itself (Gemini) gets images, audio and scanned PDFs as inline
  data and answers with a transcription and its entities;
- offline, an image is read by Tesseract (when installed), a PDF by its text layer, a text
  file as it is, and the text then goes through the normal analysis; audio needs a model.

Whatever cannot be read becomes one MediaNotRead with a reason the handlers word for the user.
Nothing here knows Telegram: an Upload carries a MIME type, a size and a way to fetch bytes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from ner.media import (
    TELEGRAM_DOWNLOAD_LIMIT,
    FileTooLarge,
    Media,
    MediaKind,
    OcrFailed,
    OcrUnavailable,
    Tesseract,
    UnreadableFile,
    gemini_audio_type,
    image_for_model,
    pdf_text,
)

log = logging.getLogger(__name__)

MAX_INLINE_BYTES = 14 * 1024 * 1024
"""The largest file sent to Gemini inline: base64 makes it a third larger, and a request may
be at most 20 MB."""

MAX_TEXT_CHARS = 20_000
"""Text taken from one file at most (a few pages); the rest is left out, and the reply says so."""

PDF_TIMEOUT_S = 20.0


class MediaProblem(StrEnum):
    """Why a file was not analysed; each has one line for the user (handlers/_texts.py)."""

    UNSUPPORTED = "unsupported"
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    DOWNLOAD_FAILED = "download_failed"
    NO_OCR = "no_ocr"
    OCR_FAILED = "ocr_failed"
    NO_TEXT = "no_text"
    VOICE_NEEDS_MODEL = "voice_needs_model"
    SCAN_NEEDS_MODEL = "scan_needs_model"
    MODEL_FAILED = "model_failed"


class MediaNotRead(Exception):
    """A file could not be analysed. ``reason`` is the engine's short, user-safe reason (for
    MODEL_FAILED); ``model_available`` says whether /model offers an engine that reads files."""

    def __init__(
        self, problem: MediaProblem, *, reason: str | None = None, model_available: bool = False
    ) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.reason = reason
        self.model_available = model_available


@dataclass(frozen=True)
class Upload:
    """A file a user sent, not yet downloaded: fetched inside the user's turn, so a photo and
    the message after it are answered in the order they were sent."""

    kind: MediaKind | None
    mime_type: str
    size: int | None
    fetch: Callable[[], Awaitable[bytes]]


@dataclass(frozen=True)
class FileText:
    """Text read from a file offline, and whether the end was left out."""

    text: str
    truncated: bool = False


class MediaReader:
    """Downloads uploads within limits and reads them offline, or prepares them for a model."""

    def __init__(self, ocr: Tesseract | None = None, *, max_bytes: int = TELEGRAM_DOWNLOAD_LIMIT):
        self._ocr = ocr or Tesseract()
        self._max_bytes = max_bytes

    @property
    def ocr_available(self) -> bool:
        return self._ocr.available

    async def download(self, upload: Upload) -> bytes:
        """The file's bytes; TOO_LARGE is decided from the announced size, before any download."""
        if upload.size is not None and upload.size > self._max_bytes:
            raise MediaNotRead(MediaProblem.TOO_LARGE)
        try:
            data = await upload.fetch()
        except FileTooLarge:
            raise MediaNotRead(MediaProblem.TOO_LARGE) from None
        except Exception as exc:  # the transport's errors: the file did not arrive
            log.warning("download failed: %s", type(exc).__name__)
            raise MediaNotRead(MediaProblem.DOWNLOAD_FAILED) from None
        if len(data) > self._max_bytes:
            raise MediaNotRead(MediaProblem.TOO_LARGE)
        if not data:
            raise MediaNotRead(MediaProblem.UNREADABLE)
        return bytes(data)

    async def text_of(self, kind: MediaKind, data: bytes) -> FileText:
        """The text of a file read offline: OCR for images, the text layer of a PDF."""
        try:
            if kind is MediaKind.IMAGE:
                text = await self._ocr.read(data)
            elif kind is MediaKind.PDF:
                text = await asyncio.wait_for(asyncio.to_thread(pdf_text, data), PDF_TIMEOUT_S)
            elif kind is MediaKind.TEXT:
                text = data.decode("utf-8", errors="replace").replace("\x00", "")
            else:
                raise MediaNotRead(MediaProblem.VOICE_NEEDS_MODEL)
        except OcrUnavailable:
            raise MediaNotRead(MediaProblem.NO_OCR) from None
        except (OcrFailed, TimeoutError):
            raise MediaNotRead(MediaProblem.OCR_FAILED) from None
        except UnreadableFile:
            raise MediaNotRead(MediaProblem.UNREADABLE) from None
        text = text.strip()
        if len(text) > MAX_TEXT_CHARS:
            return FileText(text[:MAX_TEXT_CHARS].rstrip(), truncated=True)
        return FileText(text)

    async def for_model(self, kind: MediaKind, mime_type: str, data: bytes) -> Media:
        """The file as a model's inline data: images downscaled, audio under Gemini's name."""
        if kind is MediaKind.IMAGE:
            try:
                media = await asyncio.to_thread(image_for_model, data, mime_type)
            except UnreadableFile:
                raise MediaNotRead(MediaProblem.UNREADABLE) from None
        elif kind is MediaKind.AUDIO:
            media = Media(data, gemini_audio_type(mime_type), kind)
        else:
            media = Media(data, "application/pdf", MediaKind.PDF)
        if len(media.data) > MAX_INLINE_BYTES:
            raise MediaNotRead(MediaProblem.TOO_LARGE)
        return media
