"""Cut MeQSum's consumer health questions into chat-sized messages for annotation.

    python tests/data/lay_real/extract_meqsum.py MeQSum_ACL2019_BenAbacha_Demner-Fushman.xlsx

The workbook comes from the GitHub repository abachaa/MeQSum (CC BY 4.0; see README.md here).
Posts are taken in the order of a hash of their file name, so the sample does not depend on
anything the engine does; each post is cut at line breaks and sentence ends, as a person
typing into a chat would send it, and every message is an exact substring of the post.
Messages that carry contact details are left out, and at most ``PER_POST`` messages come from
one post so that no single long story dominates the set. Output: ``candidates.tsv`` (post id,
message), which the annotator copies into ``annotated.txt`` and marks up.
"""

from __future__ import annotations

import hashlib
import re
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

HERE = Path(__file__).resolve().parent
SHEET_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
HEADER = re.compile(r"^(SUBJECT|MESSAGE):\s*", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
CONTACT = re.compile(r"@|https?://|www\.|\d{3}[-. ]\d{3}[-. ]\d{4}|\[(CONTACT|NAME)\]")
PER_POST = 6
MIN_CHARS, MAX_CHARS = 12, 320


def read_questions(workbook: Path) -> list[tuple[str, str]]:
    """(file name, consumer question) for every row of the first sheet."""
    with zipfile.ZipFile(workbook) as archive:
        strings = [
            "".join(node.text or "" for node in item.iter(f"{SHEET_NS}t"))
            for item in ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
        ]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    rows: list[tuple[str, str]] = []
    for row in sheet.iter(f"{SHEET_NS}row"):
        cells: dict[str, str] = {}
        for cell in row.findall(f"{SHEET_NS}c"):
            value = cell.find(f"{SHEET_NS}v")
            if value is None or value.text is None:
                continue
            column = re.sub(r"\d", "", cell.get("r", ""))
            cells[column] = strings[int(value.text)] if cell.get("t") == "s" else value.text
        if cells.get("A") and cells.get("B") and cells["A"] != "File":
            rows.append((cells["A"], cells["B"]))
    return rows


def messages(question: str) -> list[str]:
    """The post cut at line breaks and sentence ends, headers dropped, text kept exactly."""
    out: list[str] = []
    for line in question.splitlines():
        body = HEADER.sub("", line.strip())
        for piece in SENTENCE_END.split(body):
            piece = piece.strip()
            if MIN_CHARS <= len(piece) <= MAX_CHARS and not CONTACT.search(piece):
                out.append(piece)
    return out[:PER_POST]


def post_order(name: str) -> str:
    return hashlib.sha1(name.encode("utf-8")).hexdigest()


def main(argv: list[str]) -> int:
    questions = sorted(read_questions(Path(argv[1])), key=lambda row: post_order(row[0]))
    with (HERE / "candidates.tsv").open("w", encoding="utf-8") as handle:
        for name, question in questions:
            for message in messages(question):
                handle.write(f"{name}\t{message}\n")
    print(f"{len(questions)} posts -> candidates.tsv")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
