"""Offline OCR: the ``tesseract`` program, run as a subprocess, never on the event loop.

Tesseract is a system package (Debian ``tesseract-ocr``), not a Python dependency: where it is
missing, ``available`` says so and callers tell the user what to install. Each run gets a
timeout and is killed when it passes; runs at once are capped so a burst of photos cannot
start one process per photo on a small machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import shutil
from dataclasses import dataclass

from ner.media._images import image_for_ocr
from ner.media._models import OcrFailed, OcrUnavailable

log = logging.getLogger(__name__)

_BLANK_LINES = re.compile(r"\n{3,}")


@dataclass(frozen=True)
class OcrConfig:
    """How Tesseract is run: the program, its languages (``eng+deu``), and limits."""

    command: str = "tesseract"
    languages: str = "eng"
    timeout_s: float = 30.0
    concurrency: int = 2


class Tesseract:
    """Reads the text of images with the tesseract program."""

    def __init__(self, config: OcrConfig = OcrConfig()) -> None:
        self._config = config
        self._slots = asyncio.Semaphore(max(1, config.concurrency))

    @property
    def available(self) -> bool:
        """Whether the program is installed (looked up on PATH at every call: cheap)."""
        return shutil.which(self._config.command) is not None

    async def read(self, image: bytes) -> str:
        """The text of ``image`` (any format Pillow opens); "" when there is none.

        Raises OcrUnavailable without Tesseract, OcrFailed when it fails or takes too long,
        UnreadableFile when the bytes are not an image.
        """
        program = shutil.which(self._config.command)
        if program is None:
            raise OcrUnavailable(self._config.command)
        png = await asyncio.to_thread(image_for_ocr, image)
        try:
            async with asyncio.timeout(self._config.timeout_s), self._slots:
                output = await self._run(program, png)
        except TimeoutError:
            raise OcrFailed("tesseract took too long") from None
        return tidy(output.decode("utf-8", errors="replace"))

    async def _run(self, program: str, png: bytes) -> bytes:
        process = await asyncio.create_subprocess_exec(
            program, "stdin", "stdout", "-l", self._config.languages, "--psm", "3",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            # One thread per run: parallel runs already use the cores, OpenMP on top thrashes.
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )  # fmt: skip
        try:
            output, errors = await process.communicate(png)
        finally:
            if process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    process.kill()
                await process.wait()
        if process.returncode != 0:
            # Tesseract's own diagnostics (a missing language pack...), never the image's text.
            log.warning(
                "tesseract exited with %s: %s", process.returncode, errors.decode()[-300:].strip()
            )
            raise OcrFailed(f"tesseract exited with {process.returncode}")
        return output


def tidy(text: str) -> str:
    """Tesseract's output without page breaks, trailing spaces or runs of blank lines."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
