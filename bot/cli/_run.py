"""``medner run``: the bot's main job — Telegram long polling, or a webhook server.

With no token it still shows the product working: it says exactly what to set to go live and
then runs the terminal conversation (``medner chat``) through the same service.
"""

from __future__ import annotations

import argparse
import errno
import sys
from urllib.parse import urlsplit

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
    """Run the bot; what stops it from starting becomes one line that says what to check."""
    from telegram.error import InvalidToken, NetworkError

    from bot._app import serve

    try:
        return run_async(serve(settings))
    except OSError as exc:
        if exc.errno not in (errno.EADDRINUSE, errno.EACCES, errno.EADDRNOTAVAIL):
            raise
        raise CliError(
            f"cannot listen for Telegram or health checks: {exc.strerror} "
            "(MEDNER_WEBHOOK_LISTEN, MEDNER_WEBHOOK_PORT, MEDNER_HEALTH_PORT)"
        ) from None
    except InvalidToken:
        raise CliError(
            "Telegram refused TELEGRAM_BOT_TOKEN: check it with @BotFather (/token)"
        ) from None
    except NetworkError as exc:
        api = urlsplit(settings.telegram_api_base_url).netloc
        token = (
            settings.telegram_bot_token.get_secret_value() if settings.telegram_bot_token else ""
        )
        reason = exc.message.replace(token, "***") if token else exc.message
        raise CliError(
            f"cannot reach the Telegram Bot API at {api} ({reason}); check the network, "
            "or TELEGRAM_API_BASE_URL for a self-hosted Bot API server"
        ) from None
