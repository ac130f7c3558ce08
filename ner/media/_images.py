"""Images made ready for a model (not too large, upright) or for Tesseract (grey, sharp).

Pillow work is CPU-bound: callers run these functions in a worker thread.
"""

from __future__ import annotations

import io

from PIL import Image, ImageOps, UnidentifiedImageError

from ner.media._models import Media, MediaKind, UnreadableFile

MODEL_MAX_SIDE = 2048
"""Longest side sent to Gemini: enough for small print, and a fraction of a phone photo's bytes."""

OCR_MIN_SIDE = 1200
OCR_MAX_SIDE = 4000
MAX_PIXELS = 60_000_000
"""Beyond this an image is refused before it is decoded (a decompression bomb, or a scan of a
poster): no phone photo comes near it."""

_PASS_THROUGH = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
_MODEL_ONLY = frozenset({"image/heic", "image/heif"})
"""Types Gemini reads that Pillow cannot open without a plugin: sent as they are."""


def image_for_model(data: bytes, mime_type: str) -> Media:
    """The image as Gemini should get it: upright, at most MODEL_MAX_SIDE, JPEG when re-encoded.

    An image that is already small, upright and in a format Gemini reads goes unchanged.
    """
    if mime_type in _MODEL_ONLY:
        return Media(data, mime_type, MediaKind.IMAGE)
    image = _open(data)
    with image:
        fits = max(image.size) <= MODEL_MAX_SIDE
        if fits and image.format in _PASS_THROUGH and _orientation(image) == 1:
            _load(image)
            return Media(data, _PASS_THROUGH[image.format], MediaKind.IMAGE)
        image.draft("RGB", (MODEL_MAX_SIDE, MODEL_MAX_SIDE))  # JPEG: decode at a fraction
        _load(image)
        upright = ImageOps.exif_transpose(image).convert("RGB")
    upright.thumbnail((MODEL_MAX_SIDE, MODEL_MAX_SIDE))
    out = io.BytesIO()
    upright.save(out, format="JPEG", quality=85)
    return Media(out.getvalue(), "image/jpeg", MediaKind.IMAGE)


def image_for_ocr(data: bytes) -> bytes:
    """A greyscale PNG, upright, scaled so printed text is a size Tesseract reads well."""
    image = _open(data)
    with image:
        _load(image)
        grey = ImageOps.exif_transpose(image).convert("L")
    side = max(grey.size)
    if side < OCR_MIN_SIDE:
        factor = OCR_MIN_SIDE / side
        grey = grey.resize((round(grey.width * factor), round(grey.height * factor)))
    elif side > OCR_MAX_SIDE:
        grey.thumbnail((OCR_MAX_SIDE, OCR_MAX_SIDE))
    out = io.BytesIO()
    grey.save(out, format="PNG")
    return out.getvalue()


def _open(data: bytes) -> Image.Image:
    """The image, its header read but not yet decoded; refused when it is not one."""
    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableFile("not an image Pillow can read") from exc
    if image.width * image.height > MAX_PIXELS or min(image.size) < 1:
        image.close()
        raise UnreadableFile("the image is too large to read")
    return image


def _load(image: Image.Image) -> None:
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableFile("the image is damaged") from exc


def _orientation(image: Image.Image) -> int:
    return int(image.getexif().get(0x0112, 1))
