"""The documentation promises what the code does: every setting is in docs/configuration.md, and
every relative link in README.md and docs/ reaches a file (and a heading, when it names one)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import AliasChoices

from bot._config import Settings

REPO = Path(__file__).resolve().parents[2]
DOCUMENTS = [REPO / "README.md", REPO / "benchmarks" / "README.md", *sorted(REPO.glob("docs/*.md"))]
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_CODE = re.compile(r"`[^`]*`")


def _variables() -> list[str]:
    names: list[str] = []
    for field in Settings.model_fields.values():
        if isinstance(field.validation_alias, AliasChoices):
            names.extend(str(choice) for choice in field.validation_alias.choices)
        elif field.alias:
            names.append(field.alias)
    return names


@pytest.mark.parametrize("variable", _variables())
def test_every_setting_is_in_the_configuration_document(variable: str) -> None:
    assert f"`{variable}`" in (REPO / "docs" / "configuration.md").read_text()


def _anchors(document: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+\s+(.+)$", document.read_text(), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: str(p.relative_to(REPO)))
def test_relative_links_resolve(document: Path) -> None:
    broken = []
    for link in _LINK.findall(_CODE.sub("", document.read_text())):
        if link.startswith(("http://", "https://", "mailto:")):
            continue
        path, _, anchor = link.partition("#")
        target = (document.parent / path).resolve() if path else document
        if not target.exists() or (
            anchor and target.suffix == ".md" and anchor not in _anchors(target)
        ):
            broken.append(link)
    assert broken == []
