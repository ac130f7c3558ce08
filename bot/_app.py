"""The Telegram application: every handler wired in one place, and the ways to run it.

``build_application`` is the table of contents of the bot. ``serve`` is what ``medner run``
calls: it builds the service, then long-polls or serves a webhook until SIGINT/SIGTERM, and
closes everything in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    JobQueue,
    MessageHandler,
    TypeHandler,
)

import handlers
from bot._config import Settings, SettingsError
from bot._service import ConversationService
from bot._wiring import build_service, close_service

log = logging.getLogger(__name__)

BotApplication = Application[
    ExtBot[int],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]

CONCURRENT_UPDATES = 64
"""Updates handled at once: different users never wait for each other (the service and the
handlers keep each user's own messages in order)."""

RATE_LIMIT_RETRIES = 3
"""How often AIORateLimiter retries a request Telegram answered with 429 retry_after."""


async def _register_commands(app: BotApplication) -> None:
    """post_init: the command menu. A failure is logged, not fatal: the bot works without it."""
    commands = [BotCommand(name, description) for name, description in handlers.COMMANDS]
    try:
        await app.bot.set_my_commands(commands)
    except TelegramError as exc:
        log.warning("could not register the command menu: %s", exc)


def _file_url(base_url: str) -> str:
    """Files live beside the API: ``.../bot`` -> ``.../file/bot`` (Telegram or a local server)."""
    head, _, _ = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/bot"


def build_application(settings: Settings, service: ConversationService) -> BotApplication:
    """The PTB Application for ``settings``, its handlers calling ``service``."""
    if settings.telegram_bot_token is None:
        raise SettingsError("Setting TELEGRAM_BOT_TOKEN is missing: the bot needs a token")
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(_file_url(settings.telegram_api_base_url))
        .rate_limiter(AIORateLimiter(max_retries=RATE_LIMIT_RETRIES))
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_register_commands)
        .build()
    )
    app.bot_data[handlers.SERVICE_KEY] = service

    # Every update: metrics, channel posts dropped, allow-list.
    app.add_handler(TypeHandler(Update, handlers.gatekeeper), group=-1)

    # Commands (private chats and groups).
    only_new = handlers.NEW_MESSAGE
    app.add_handler(CommandHandler("start", handlers.start, filters=only_new))
    app.add_handler(CommandHandler("help", handlers.help_command, filters=only_new))
    app.add_handler(CommandHandler("ner", handlers.ner_command, filters=only_new))
    app.add_handler(CommandHandler("history", handlers.history, filters=only_new))
    app.add_handler(CommandHandler("model", handlers.model, filters=only_new))
    app.add_handler(CommandHandler("clear", handlers.clear, filters=only_new))
    app.add_handler(CommandHandler("forget", handlers.forget, filters=only_new))

    # Buttons.
    app.add_handler(CallbackQueryHandler(handlers.history_page, pattern=handlers.HISTORY_PATTERN))
    app.add_handler(CallbackQueryHandler(handlers.model_chosen, pattern=handlers.MODEL_PATTERN))
    app.add_handler(
        CallbackQueryHandler(handlers.forget_confirmed, pattern=handlers.FORGET_YES_PATTERN)
    )
    app.add_handler(
        CallbackQueryHandler(handlers.forget_cancelled, pattern=handlers.FORGET_NO_PATTERN)
    )

    # Inline mode: "@bot text" in any chat.
    app.add_handler(InlineQueryHandler(handlers.inline_query))

    # Messages: private text, edits, groups (mentions and replies), everything else.
    app.add_handler(MessageHandler(handlers.PRIVATE_TEXT, handlers.private_text))
    app.add_handler(MessageHandler(handlers.PRIVATE_EDITED_TEXT, handlers.edited_text))
    app.add_handler(MessageHandler(handlers.GROUP_ADDRESSED_TEXT, handlers.group_text))
    app.add_handler(MessageHandler(handlers.PRIVATE_UNKNOWN_COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(handlers.PRIVATE_NON_TEXT, handlers.non_text))

    app.add_error_handler(handlers.error_handler)
    return app


async def _post_init(app: BotApplication) -> None:
    """What PTB's own run_polling/run_webhook do after initialize(); ours must too."""
    if app.post_init is not None:
        await app.post_init(app)


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_polling(app: BotApplication, stop: asyncio.Event) -> None:
    """Long-poll Telegram until ``stop`` is set, then shut down in order."""
    if app.updater is None:
        raise RuntimeError("the application was built without an updater")
    async with app:
        await _post_init(app)
        await app.start()
        try:
            await app.updater.start_polling(allowed_updates=Update.ALL_TYPES)
            log.info("polling Telegram as @%s", app.bot.username)
            await stop.wait()
        finally:
            if app.updater.running:
                await app.updater.stop()
            await app.stop()


async def run_webhook(app: BotApplication, settings: Settings, stop: asyncio.Event) -> None:
    """Serve the webhook (plus /healthz and /metrics) until ``stop`` is set.

    Telegram is told the URL and the secret token at start-up; every POST must carry the
    token in X-Telegram-Bot-Api-Secret-Token. The webhook stays registered on shutdown so
    Telegram queues updates while a new version starts.
    """
    from bot._web import make_web_app, start_web_server

    if settings.webhook_url is None or settings.webhook_secret is None:
        raise SettingsError("webhook mode needs MEDNER_WEBHOOK_URL and MEDNER_WEBHOOK_SECRET")
    service = app.bot_data[handlers.SERVICE_KEY]
    if not isinstance(service, ConversationService):
        raise TypeError("build the application with build_application")
    secret = settings.webhook_secret.get_secret_value()

    async def healthy() -> bool:
        try:
            await service.store.schema_version()
        except Exception:
            return False
        return True

    web_app = make_web_app(
        app,
        webhook_path=urlsplit(settings.webhook_url).path or "/",
        secret=secret,
        metrics=service.metrics,
        probe=healthy,
    )
    async with app:
        await _post_init(app)
        await app.start()
        server = await start_web_server(web_app, settings.webhook_listen, settings.webhook_port)
        try:
            await app.bot.set_webhook(
                settings.webhook_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            log.info("serving the webhook on port %d", settings.webhook_port)
            await stop.wait()
        finally:
            server.stop()
            await app.stop()


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """``medner run``: polling, or a webhook when MEDNER_WEBHOOK_URL is set; 0 on a clean stop."""
    if stop is None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
    service = await build_service(settings)
    try:
        app = build_application(settings, service)
        if settings.webhook_url:
            await run_webhook(app, settings, stop)
        else:
            await run_polling(app, stop)
    finally:
        await close_service(service)
    return 0
