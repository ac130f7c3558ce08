"""Text out of photos, documents and voice notes: offline OCR (Tesseract) and PDF text layers.

Nothing here knows Telegram: it takes bytes and a MIME type. What needs a model (voice, or a
photo read by Gemini) is done by an engine's ``read``; this package holds the shared types.
"""

from ner.media._images import image_for_model, image_for_ocr
from ner.media._kinds import (
    TELEGRAM_DOWNLOAD_LIMIT,
    gemini_audio_type,
    media_kind,
    normalised_mime,
)
from ner.media._models import (
    FileTooLarge,
    Media,
    MediaError,
    MediaKind,
    OcrFailed,
    OcrUnavailable,
    Reading,
    UnreadableFile,
    with_caption,
)
from ner.media._ocr import OcrConfig, Tesseract
from ner.media._pdf import pdf_text

__all__ = [
    "TELEGRAM_DOWNLOAD_LIMIT",
    "FileTooLarge",
    "Media",
    "MediaError",
    "MediaKind",
    "OcrConfig",
    "OcrFailed",
    "OcrUnavailable",
    "Reading",
    "Tesseract",
    "UnreadableFile",
    "gemini_audio_type",
    "image_for_model",
    "image_for_ocr",
    "media_kind",
    "normalised_mime",
    "pdf_text",
    "with_caption",
]
