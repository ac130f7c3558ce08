"""How much a model may think before answering: a level for Gemini 3.x, a budget for 2.5.

Gemini 3 and later models take ``thinking_level``; each model accepts its own subset of the
levels (a 3.7+ Flash has no MINIMAL, a Pro no MINIMAL either). Gemini 2.5 models reject a level
and take ``thinking_budget`` (tokens) instead; older models and names this module cannot place
(a tuned endpoint, whose base model is unknown) get no thinking configuration at all, which
every model accepts. Sending both fields is an error, so exactly one is ever set.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from google.genai import types

THINKING_LEVELS: tuple[str, ...] = ("minimal", "low", "medium", "high")
"""What MEDNER_GEMINI_THINKING accepts, least thinking first."""

DEFAULT_THINKING = "low"
"""A short structured answer needs little reasoning; more only costs time and tokens."""

_ORDER = (
    types.ThinkingLevel.MINIMAL,
    types.ThinkingLevel.LOW,
    types.ThinkingLevel.MEDIUM,
    types.ThinkingLevel.HIGH,
)
_ALL = frozenset(_ORDER)
_NO_MINIMAL = frozenset(_ORDER[1:])
_LOW_HIGH = frozenset({types.ThinkingLevel.LOW, types.ThinkingLevel.HIGH})

# Gemini 2.5 budgets in tokens, per level. Flash and Flash-Lite can switch thinking off (0);
# Pro cannot and takes 128 to 32768.
_BUDGETS = {"minimal": 0, "low": 1024, "medium": 8192, "high": 24576}
_PRO_BUDGETS = {"minimal": 128, "low": 1024, "medium": 8192, "high": 32768}

_NAME = re.compile(r"^gemini-(?P<major>\d+)(?:\.(?P<minor>\d+))?(?:-(?P<variant>.*))?$")


@dataclass(frozen=True)
class ModelFamily:
    """What a model name says about its thinking controls."""

    major: int
    minor: int
    variant: str

    @property
    def pro(self) -> bool:
        return self.variant.startswith("pro")

    @property
    def lite(self) -> bool:
        return "lite" in self.variant


def model_family(model: str) -> ModelFamily | None:
    """``gemini-3.8-flash`` -> (3, 8, 'flash'); None for names that are not Gemini versions."""
    match = _NAME.match(model.removeprefix("models/"))
    if match is None:
        return None
    return ModelFamily(int(match["major"]), int(match["minor"] or 0), match["variant"] or "")


def accepted_levels(family: ModelFamily) -> frozenset[types.ThinkingLevel]:
    """The thinking levels a Gemini 3+ model accepts."""
    if family.pro:
        return _LOW_HIGH if (family.major, family.minor) == (3, 0) else _NO_MINIMAL
    if family.lite or (family.major, family.minor) < (3, 7):
        return _ALL
    return _NO_MINIMAL


def nearest_level(
    wanted: types.ThinkingLevel, accepted: frozenset[types.ThinkingLevel]
) -> types.ThinkingLevel:
    """``wanted`` when accepted, else the next accepted level up (or, failing that, down)."""
    index = _ORDER.index(wanted)
    for level in (*_ORDER[index:], *reversed(_ORDER[:index])):
        if level in accepted:
            return level
    return wanted


def thinking_config(model: str, level: str | None) -> types.ThinkingConfig | None:
    """The thinking configuration ``model`` accepts for ``level``; None to send none."""
    if level is None:
        return None
    family = model_family(model)
    if family is None or family.major < 2 or (family.major == 2 and family.minor < 5):
        return None
    if family.major == 2:
        budgets = _PRO_BUDGETS if family.pro else _BUDGETS
        return types.ThinkingConfig(thinking_budget=budgets[level])
    wanted = types.ThinkingLevel(level.upper())
    return types.ThinkingConfig(thinking_level=nearest_level(wanted, accepted_levels(family)))
