"""``medner run``: the bot's main job — Telegram long polling, or a webhook server.

With no token, run by a person, it still shows the product working: it says exactly what to
set to go live and then runs the terminal conversation (``medner chat``) through the same
service. Run as a service, it refuses instead (see ``_why_no_demo``): a container without a
token must fail, not exit 0 after a demo and be restarted into another one, each writing a demo
row into the deployment's database.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import sys
from typing import TextIO
from urllib.parse import urlsplit

from bot._config import Settings
from bot._logging import short_error
from bot.cli._chat import chat
from bot.cli._common import CliError, run_async, settings_or_exit, setup

NO_TOKEN_HINT = """\
medner: no Telegram bot token is set, so the bot cannot go live yet.
  To go live: create a bot with @BotFather in Telegram, then
      export TELEGRAM_BOT_TOKEN='123456:ABC...'
  (or write TELEGRAM_BOT_TOKEN=123456:ABC... in a .env file, without quotes), then
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
        refusal = _why_no_demo(settings, sys.stdin)
        if refusal is not None:
            raise CliError(
                f"TELEGRAM_BOT_TOKEN is not set, so the bot cannot start ({refusal}); set it to "
                "the token from @BotFather, or use `medner chat` to talk to the bot in a terminal"
            )
        setup(settings, quiet=True)
        sys.stderr.write(NO_TOKEN_HINT)
        sys.stderr.flush()
        return run_async(chat(settings, 0, sys.stdin, sys.stdout, demo_if_empty=True))
    setup(settings)
    if settings.webhook_url and settings.webhook_secret is None:
        raise CliError("webhook mode needs MEDNER_WEBHOOK_SECRET (a random string, 1-256 chars)")
    return _serve(settings)


DEPLOYMENT_SETTINGS = (
    ("database_url", "MEDNER_DATABASE_URL"),
    ("db_path", "MEDNER_DB_PATH"),
    ("webhook_url", "MEDNER_WEBHOOK_URL"),
    ("webhook_secret", "MEDNER_WEBHOOK_SECRET"),
)
"""Settings that say "this is a deployment": the terminal demo never runs where one is set, so
it never writes into a database that holds real users' history."""


def _why_no_demo(settings: Settings, stdin: TextIO | None) -> str | None:
    """Why the terminal demo must not run instead of the bot, or None when it may."""
    configured = [name for field, name in DEPLOYMENT_SETTINGS if field in settings.model_fields_set]
    if configured:
        verb = "is" if len(configured) == 1 else "are"
        return f"{' and '.join(configured)} {verb} set: the terminal demo stays out of deployments"
    if not _has_input(stdin):
        return "no terminal or input for the terminal demo"
    return None


def _has_input(stdin: TextIO | None) -> bool:
    """True for a terminal, a pipe or a file on standard input; False for none at all or a
    device such as /dev/null, which is what a container or a service manager provides."""
    try:
        fd = stdin.fileno() if stdin is not None else -1
        if fd < 0:
            return False
        if os.isatty(fd):
            return True
        mode = os.fstat(fd).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISREG(mode) or stat.S_ISSOCK(mode)


def _serve(settings: Settings) -> int:
    """Run the bot; what stops it from starting becomes one line that says what to check."""
    from telegram.error import InvalidToken, NetworkError, TelegramError

    from bot._app import serve
    from bot._transport import InvalidAnswer

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
    except InvalidAnswer as exc:
        raise CliError(
            f"the Telegram Bot API at {_api_host(settings)} gave an answer that is not the Bot "
            f"API's ({_reason(exc, settings)}); check TELEGRAM_API_BASE_URL"
        ) from None
    except NetworkError as exc:
        raise CliError(
            f"cannot reach the Telegram Bot API at {_api_host(settings)} "
            f"({_reason(exc, settings)}); check the network, "
            "or TELEGRAM_API_BASE_URL for a self-hosted Bot API server"
        ) from None
    except TelegramError as exc:
        raise CliError(
            f"the Telegram Bot API at {_api_host(settings)} refused to start the bot "
            f"({_reason(exc, settings)}); check TELEGRAM_API_BASE_URL, and in webhook mode "
            "MEDNER_WEBHOOK_URL and MEDNER_WEBHOOK_SECRET"
        ) from None


def _api_host(settings: Settings) -> str:
    return urlsplit(settings.telegram_api_base_url).netloc


def _reason(exc: Exception, settings: Settings) -> str:
    """The error's text on one short line, without a secret or the body of an answer."""
    text = short_error(exc)
    for secret in settings.secrets:
        text = text.replace(secret, "***")
    return text
