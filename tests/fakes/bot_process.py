"""The environment of a real ``python -m bot`` subprocess started by tests and benchmarks."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_BOT_SETTINGS = ("MEDNER_", "TELEGRAM_", "GEMINI_", "GOOGLE_")


def bot_environment(**values: object) -> dict[str, str]:
    """This process's environment without any bot setting, plus ``values``.

    Whatever the developer exported (a real token, a Gemini key) must not leak into the bot
    under test; the offline engine's cache location is kept, so no process rebuilds it.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith(_BOT_SETTINGS)}
    if "MEDNER_CACHE_DIR" in os.environ:
        env["MEDNER_CACHE_DIR"] = os.environ["MEDNER_CACHE_DIR"]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update({name: str(value) for name, value in values.items()})
    return env
