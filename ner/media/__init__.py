"""Text out of photos, documents and voice notes: offline OCR (Tesseract) and PDF text layers.

Nothing here knows Telegram: it takes bytes and a MIME type. What needs a model (voice, or a
photo read by Gemini) is done by an engine's ``read``; this package holds the shared types.
"""

from ner.media._models import (
    Media,
    MediaError,
    MediaKind,
    OcrFailed,
    OcrUnavailable,
    Reading,
    UnreadableFile,
    with_caption,
)

__all__ = [
    "Media",
    "MediaError",
    "MediaKind",
    "OcrFailed",
    "OcrUnavailable",
    "Reading",
    "UnreadableFile",
    "with_caption",
]
