"""The composition root: settings, wiring, the Telegram application, polling, webhook, CLI.

It sits above every other package and is the only one that knows them all: it builds the
service from Settings, hands it to the handlers, and runs the application. The application
and the web server load Telegram and tornado, so they are imported on first use: the CLI's
offline commands start without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from bot._config import Settings, SettingsError, load_settings
from bot._logging import configure_logging
from bot._wiring import build_engines, build_service, close_service

if TYPE_CHECKING:
    from bot._app import (
        GIL_SWITCH_INTERVAL_S,
        BotApplication,
        build_application,
        run_polling,
        serve,
        webhook_address,
    )
    from bot._web import (
        SECRET_HEADER,
        InFlight,
        health_server,
        make_web_app,
        start_web_server,
        store_probe,
    )

_LAZY = {
    "GIL_SWITCH_INTERVAL_S": "bot._app",
    "BotApplication": "bot._app",
    "build_application": "bot._app",
    "run_polling": "bot._app",
    "serve": "bot._app",
    "webhook_address": "bot._app",
    "SECRET_HEADER": "bot._web",
    "InFlight": "bot._web",
    "health_server": "bot._web",
    "make_web_app": "bot._web",
    "start_web_server": "bot._web",
    "store_probe": "bot._web",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'bot' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "GIL_SWITCH_INTERVAL_S",
    "SECRET_HEADER",
    "BotApplication",
    "InFlight",
    "Settings",
    "SettingsError",
    "build_application",
    "build_engines",
    "build_service",
    "close_service",
    "configure_logging",
    "health_server",
    "load_settings",
    "make_web_app",
    "run_polling",
    "serve",
    "start_web_server",
    "store_probe",
    "webhook_address",
]
