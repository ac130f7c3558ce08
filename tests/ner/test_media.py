"""ner.media: which files can be read, images prepared for Gemini and for Tesseract, the
tesseract subprocess (its absence, failure and timeout) and PDF text layers."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from ner.media import (
    MediaKind,
    OcrConfig,
    OcrFailed,
    OcrUnavailable,
    Tesseract,
    UnreadableFile,
    image_for_model,
    image_for_ocr,
    media_kind,
    pdf_text,
    with_caption,
)
from tests.e2e._files import needs_tesseract, photo, printed, scanned_pdf, text_pdf


@pytest.mark.parametrize(
    ("mime", "name", "kind"),
    [
        ("image/jpeg", None, MediaKind.IMAGE),
        ("IMAGE/PNG; charset=binary", None, MediaKind.IMAGE),
        ("audio/ogg", None, MediaKind.AUDIO),
        ("audio/mpeg", "song.mp3", MediaKind.AUDIO),
        ("application/pdf", None, MediaKind.PDF),
        (None, "letter.pdf", MediaKind.PDF),
        ("application/octet-stream", "scan.png", MediaKind.IMAGE),
        ("text/plain", "note.txt", MediaKind.TEXT),
        ("video/mp4", "clip.mp4", None),
        ("application/zip", None, None),
        (None, None, None),
    ],
)
def test_media_kind(mime: str | None, name: str | None, kind: MediaKind | None) -> None:
    assert media_kind(mime, name) is kind


def test_the_caption_comes_first() -> None:
    assert with_caption(" for my ear ", "Rx: drops\n") == "for my ear\n\nRx: drops"
    assert with_caption("", "Rx") == "Rx" and with_caption("hi", "") == "hi"


def _size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        return image.size


def test_a_small_upright_image_goes_to_the_model_unchanged() -> None:
    png = printed()
    media = image_for_model(png, "image/png")
    assert media.data == png and media.mime_type == "image/png" and media.kind is MediaKind.IMAGE


def test_a_large_photo_is_downscaled_to_a_jpeg() -> None:
    media = image_for_model(photo(4000, 3000), "image/jpeg")
    assert media.mime_type == "image/jpeg" and _size(media.data) == (2048, 1536)


def test_a_sideways_phone_photo_is_turned_upright() -> None:
    image = Image.new("RGB", (300, 200), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    media = image_for_model(out.getvalue(), "image/jpeg")
    assert _size(media.data) == (200, 300)


def test_heic_is_passed_to_the_model_as_it_is() -> None:
    assert image_for_model(b"....ftypheic", "image/heic").data == b"....ftypheic"


@pytest.mark.parametrize("data", [b"not an image", b"\x89PNG\r\n\x1a\n truncated", b""])
def test_a_broken_image_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableFile):
        image_for_model(data, "image/png")
    with pytest.raises(UnreadableFile):
        image_for_ocr(data)


def test_an_image_with_too_many_pixels_is_refused_before_decoding() -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 7_000)).save(out, format="PNG")
    with pytest.raises(UnreadableFile, match="too large"):
        image_for_model(out.getvalue(), "image/png")


def test_ocr_input_is_a_grey_png_large_enough_to_read() -> None:
    small = io.BytesIO()
    Image.new("RGB", (400, 100), "white").save(small, format="JPEG")
    prepared = image_for_ocr(small.getvalue())
    with Image.open(io.BytesIO(prepared)) as image:
        assert image.format == "PNG" and image.mode == "L" and max(image.size) >= 1200


def _program(tmp_path: Path, body: str) -> str:
    script = tmp_path / "fake-tesseract"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


async def test_without_the_program_ocr_is_unavailable() -> None:
    tesseract = Tesseract(OcrConfig(command="no-such-tesseract-here"))
    assert not tesseract.available
    with pytest.raises(OcrUnavailable):
        await tesseract.read(printed())


async def test_a_failing_program_is_an_ocr_failure(tmp_path: Path) -> None:
    tesseract = Tesseract(OcrConfig(command=_program(tmp_path, "echo 'no lang' >&2; exit 1")))
    with pytest.raises(OcrFailed):
        await tesseract.read(printed())


async def test_a_slow_program_is_killed_at_the_timeout(tmp_path: Path) -> None:
    marker = tmp_path / "pid"
    body = f"echo $$ > {marker}; exec sleep 30"
    tesseract = Tesseract(OcrConfig(command=_program(tmp_path, body), timeout_s=0.5))
    with pytest.raises(OcrFailed, match="too long"):
        await tesseract.read(printed())
    pid = int(marker.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)


async def test_the_program_gets_the_image_on_stdin(tmp_path: Path) -> None:
    program = _program(tmp_path, 'head -c 8 | od -c | head -1 >/dev/null; echo "Rx:  fever \\f"')
    assert await Tesseract(OcrConfig(command=program)).read(printed()) == "Rx:  fever"


@needs_tesseract
async def test_tesseract_reads_a_printed_prescription() -> None:
    text = await Tesseract().read(printed())
    assert "Amoxicillin 500 mg" in text and "otitis media" in text


def test_a_pdf_text_layer_is_read() -> None:
    text = pdf_text(text_pdf(("Diagnosis: asthma", "Salbutamol 100 mcg")))
    assert text == "Diagnosis: asthma\nSalbutamol 100 mcg"


def test_a_scan_has_no_text() -> None:
    assert pdf_text(scanned_pdf()) == ""


def test_only_the_first_pages_are_read() -> None:
    writer = PdfWriter()
    for number in range(3):
        writer.append(PdfReader(io.BytesIO(text_pdf((f"page {number}",)))))
    out = io.BytesIO()
    writer.write(out)
    assert pdf_text(out.getvalue(), max_pages=2) == "page 0\n\npage 1"


@pytest.mark.parametrize("data", [b"%PDF-1.4 garbage", b"", b"hello"])
def test_a_broken_pdf_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableFile):
        pdf_text(data)


def test_a_password_protected_pdf_is_unreadable() -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(("secret",)))))
    writer.encrypt("hunter2")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(UnreadableFile, match="password"):
        pdf_text(out.getvalue())
