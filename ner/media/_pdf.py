"""The text layer of a PDF (pypdf): what a typed letter or an exported lab report holds.

A scan has no text layer; the caller then needs a model that reads images.
"""

from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ner.media._models import UnreadableFile

log = logging.getLogger(__name__)

MAX_PAGES = 30
"""Pages read at most: a discharge letter or a lab report, not a book."""


def pdf_text(data: bytes, max_pages: int = MAX_PAGES) -> str:
    """The text of the first ``max_pages`` pages; "" for a scan. CPU-bound: run it in a thread.

    Raises UnreadableFile for a damaged or password-protected PDF.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableFile("the PDF is protected by a password")
        pages = [page.extract_text() or "" for page in reader.pages[:max_pages]]
    except UnreadableFile:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        log.info("unreadable PDF: %s", type(exc).__name__)
        raise UnreadableFile("the PDF is damaged") from exc
    text = "\n\n".join(page.strip() for page in pages if page.strip())
    return text
