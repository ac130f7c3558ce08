"""``medner run``: the bot's main job — Telegram long polling, or a webhook server.

With no token it still shows the product working: it says exactly what to set to go live and
then runs the terminal conversation (``medner chat``) through the same service.
"""

from __future__ import annotations

import argparse
import sys

from bot._config import Settings
from bot.cli._chat import chat
from bot.cli._common import CliError, run_async, settings_or_exit, setup

NO_TOKEN_HINT = """\
medner: no Telegram bot token is set, so the bot cannot go live yet.
  To go live: create a bot with @BotFather in Telegram, then
      export TELEGRAM_BOT_TOKEN='123456:ABC...'    (or put it in a .env file)
      medner run
  Until then, talk to the same bot here (this is `medner chat`):
"""


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "run",
        help="run the Telegram bot (long polling, or --webhook-url)",
        description="Run the bot. Long polling by default; with --webhook-url it serves a "
        "webhook (secret token from MEDNER_WEBHOOK_SECRET) on MEDNER_WEBHOOK_LISTEN:PORT.",
    )
    parser.add_argument("--webhook-url", default=None, help="public HTTPS URL of this bot")
    parser.add_argument("--port", type=int, default=None, help="webhook listen port")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    overrides: dict[str, object] = {}
    if args.webhook_url:
        overrides["MEDNER_WEBHOOK_URL"] = args.webhook_url
    if args.port:
        overrides["MEDNER_WEBHOOK_PORT"] = args.port
    settings = settings_or_exit(**overrides)
    if settings.telegram_bot_token is None:
        setup(settings, quiet=True)
        sys.stderr.write(NO_TOKEN_HINT)
        sys.stderr.flush()
        return run_async(chat(settings, 0, sys.stdin, sys.stdout, demo_if_empty=True))
    setup(settings)
    if settings.webhook_url and settings.webhook_secret is None:
        raise CliError("webhook mode needs MEDNER_WEBHOOK_SECRET (a random string, 1-256 chars)")
    return _serve(settings)


def _serve(settings: Settings) -> int:
    from bot._app import serve

    return run_async(serve(settings))
