"""Tumour words: where AnatEM's anatomy and the product's diseases part ways.

AnatEM annotates tumours and cancers ("gastric carcinoma", "primary tumor", "myeloma") as
anatomy (pathological formations). To a user a tumour is a disease, whatever that corpus says
(``docs/engines.md``, "AnatEM"), so neither the forms harvested from AnatEM nor the AnatEM
tagger may call a mention anatomy when its last word names a tumour. Cells and tissues of a
tumour ("tumor cells", "cancer tissue") end in an anatomical word and stay anatomy.
"""

from __future__ import annotations

import re

_TUMOUR_WORD = re.compile(
    r"(?:tumou?rs?|cancers?|neoplasms?|neoplasias?|metastas[ie]s|malignanc(?:y|ies)|\w+omas?)"
)
#: Words ending in "-oma" that name anatomy, not a tumour.
_ANATOMICAL_OMA = frozenset({"stroma", "stromas", "soma", "somas", "stoma", "stomas"})


def is_tumour_word(norm: str) -> bool:
    """Whether the normalised word ``norm`` names a tumour or a cancer ("carcinomas")."""
    return _TUMOUR_WORD.fullmatch(norm) is not None and norm not in _ANATOMICAL_OMA
