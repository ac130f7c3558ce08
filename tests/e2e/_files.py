"""Files a phone would send, made in the test: a photographed prescription, PDFs, a voice note."""

from __future__ import annotations

import io
import shutil
import struct

import pytest
from PIL import Image, ImageDraw, ImageFont

PRESCRIPTION = (
    "Rx: Amoxicillin 500 mg",
    "three times daily for 7 days",
    "Diagnosis: otitis media",
)

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="the tesseract program is not installed (Debian: apt-get install tesseract-ocr)",
)


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for name in ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"):
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


def printed(lines: tuple[str, ...] = PRESCRIPTION, *, fmt: str = "PNG", width: int = 1100) -> bytes:
    """Black text on white, as a printed label photographed square on."""
    image = Image.new("RGB", (width, 100 + 70 * len(lines)), "white")
    draw = ImageDraw.Draw(image)
    font = _font(44)
    for index, line in enumerate(lines):
        draw.text((50, 50 + 70 * index), line, fill="black", font=font)
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def photo(width: int = 4000, height: int = 3000) -> bytes:
    """A large phone-camera JPEG (a plain gradient): what Gemini must get downscaled."""
    image = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def scanned_pdf() -> bytes:
    """A PDF whose page is only an image: a scan, no text layer."""
    out = io.BytesIO()
    Image.open(io.BytesIO(printed())).convert("RGB").save(out, format="PDF")
    return out.getvalue()


def text_pdf(lines: tuple[str, ...]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), built by hand with a correct xref."""
    escaped = [line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for line in lines]
    text = "BT /F1 14 Tf 72 720 Td 18 TL " + " ".join(f"({line}) '" for line in escaped) + " ET"
    stream = text.encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def voice_note() -> bytes:
    """The start of an OGG/Opus file, as Telegram voice notes are: enough for a fake to check."""
    header = b"OggS" + struct.pack("<BBqIIIB", 0, 2, 0, 1, 0, 0, 1) + bytes([19])
    return header + b"OpusHead" + bytes(11) + bytes(200)
