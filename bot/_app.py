"""The Telegram application: every handler wired in one place, and the ways to run it.

``build_application`` is the table of contents of the bot. ``serve`` is what ``medner run``
calls: it builds the service, then long-polls or serves a webhook until SIGINT/SIGTERM, and
closes everything in order.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import signal
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
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
    MessageHandler,
    TypeHandler,
)

import handlers
from bot._config import Settings, SettingsError
from bot._polling import DurablePoller
from bot._transport import AiohttpRequest, UpdatesRequest
from bot._wiring import build_service, close_service
from service import ConversationService
from storage import StorageError

log = logging.getLogger(__name__)


class AppData(handlers.BotData):
    """The handlers' shared data, plus what only the composition root needs of it."""

    def __init__(self) -> None:
        super().__init__()
        self.updates_request: UpdatesRequest | None = None
        """The getUpdates connection, whose answers the poller stores as Telegram sent them."""


BotApplication = Application[
    ExtBot[Any],
    handlers.BotContext,
    dict[Any, Any],
    dict[Any, Any],
    AppData,
    None,
]

CONTEXT_TYPES = ContextTypes(context=handlers.BotContext, bot_data=AppData)

CONCURRENT_UPDATES = 256
"""Updates handled at once: different users never wait for each other (the service and the
handlers keep each user's own messages in order)."""

REQUEST_POOL_SIZE = 512
"""Connections to the Bot API for answers (PTB's own default): one per update in flight, and
room for the typing indicators of slow answers."""

RATE_LIMIT_RETRIES = 3
"""How often AIORateLimiter retries a request Telegram answered with 429 retry_after."""

GIL_SWITCH_INTERVAL_S = 0.001
"""How long the event loop may keep the GIL while SQLite's worker thread waits for it.

Every database statement finishes on aiosqlite's thread, which needs the GIL for a moment.
Under load the event loop always has work and only gives the GIL up when Python forces it, by
default after 5 ms: up to 5 ms added to each of the several statements of every message.
"""

PURGE_INTERVAL_S = 3600.0
"""How often history older than MEDNER_RETENTION_DAYS is deleted while the bot runs."""


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
    updates_request = UpdatesRequest()
    app = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.telegram_api_base_url)
        .base_file_url(_file_url(settings.telegram_api_base_url))
        .request(AiohttpRequest(connection_pool_size=REQUEST_POOL_SIZE))
        .get_updates_request(updates_request)
        .rate_limiter(
            AIORateLimiter(
                overall_max_rate=settings.telegram_max_rate, max_retries=RATE_LIMIT_RETRIES
            )
        )
        .concurrent_updates(CONCURRENT_UPDATES)
        .context_types(CONTEXT_TYPES)
        .job_queue(None)  # retention runs as a task of its own (purge_periodically)
        .post_init(_register_commands)
        .build()
    )
    app.bot_data.service = service
    app.bot_data.updates_request = updates_request

    # Every update: metrics, channel posts dropped, allow-list.
    app.add_handler(TypeHandler(Update, handlers.gatekeeper), group=-1)

    # Commands (private chats and groups).
    only_new = handlers.NEW_MESSAGE
    app.add_handler(CommandHandler("start", handlers.start, filters=only_new))
    app.add_handler(CommandHandler("help", handlers.help_command, filters=only_new))
    app.add_handler(CommandHandler("ner", handlers.ner_command, filters=only_new))
    app.add_handler(CommandHandler("what", handlers.what_command, filters=only_new))
    app.add_handler(CommandHandler("history", handlers.history, filters=only_new))
    app.add_handler(CommandHandler("model", handlers.model, filters=only_new))
    app.add_handler(CommandHandler("clear", handlers.clear, filters=only_new))
    app.add_handler(CommandHandler("forget", handlers.forget, filters=only_new))

    # Buttons.
    history_button, model_button = handlers.HistoryButton, handlers.ModelButton
    forget_yes = handlers.ForgetButton.pattern(confirm=True)
    forget_no = handlers.ForgetButton.pattern(confirm=False)
    app.add_handler(CallbackQueryHandler(handlers.history_page, pattern=history_button.pattern()))
    app.add_handler(CallbackQueryHandler(handlers.model_chosen, pattern=model_button.pattern()))
    app.add_handler(CallbackQueryHandler(handlers.forget_confirmed, pattern=forget_yes))
    app.add_handler(CallbackQueryHandler(handlers.forget_cancelled, pattern=forget_no))
    details_button = handlers.DetailsButton.pattern()
    app.add_handler(CallbackQueryHandler(handlers.details_pressed, pattern=details_button))
    app.add_handler(CallbackQueryHandler(handlers.unknown_button))

    # Inline mode: "@bot text" in any chat.
    app.add_handler(InlineQueryHandler(handlers.inline_query))

    # Messages: private text, edits, groups (mentions and replies), everything else.
    app.add_handler(MessageHandler(handlers.PRIVATE_TEXT, handlers.private_text))
    app.add_handler(MessageHandler(handlers.PRIVATE_EDITED_TEXT, handlers.edited_text))
    app.add_handler(MessageHandler(handlers.GROUP_ADDRESSED_TEXT, handlers.group_text))
    app.add_handler(MessageHandler(handlers.PRIVATE_UNKNOWN_COMMAND, handlers.unknown_command))
    app.add_handler(MessageHandler(handlers.PRIVATE_FILE, handlers.file_message))
    app.add_handler(MessageHandler(handlers.GROUP_ADDRESSED_FILE, handlers.file_message))
    app.add_handler(MessageHandler(handlers.PRIVATE_NON_TEXT, handlers.non_text))

    app.add_error_handler(handlers.error_handler)
    return app


async def _post_init(app: BotApplication) -> None:
    """What PTB's own run_polling/run_webhook do after initialize(); ours must too."""
    if app.post_init is not None:
        await app.post_init(app)


@contextlib.asynccontextmanager
async def _initialized(app: BotApplication) -> AsyncIterator[BotApplication]:
    """``async with app``, but a failed start-up (a refused token, an unreachable Bot API) also
    closes the bot's HTTP sessions: PTB's shutdown skips them when initialize did not finish."""
    try:
        await app.initialize()
    except BaseException:
        await app.bot.shutdown()
        raise
    try:
        yield app
    finally:
        await app.shutdown()


def _stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


def service_of_app(app: BotApplication) -> ConversationService:
    """The service build_application attached to ``app``."""
    service = app.bot_data.service
    if service is None:
        raise RuntimeError("build the application with build_application")
    return service


async def run_polling(app: BotApplication, stop: asyncio.Event) -> None:
    """Long-poll Telegram until ``stop`` is set, then shut down in order.

    Updates go through the store's inbox (bot/_polling.py), so a crash loses none of them.
    """
    updates = app.bot_data.updates_request
    poller = DurablePoller(
        app.bot,
        app.process_update,
        service_of_app(app).store,
        concurrency=CONCURRENT_UPDATES,
        received=updates.received if updates is not None else None,
    )
    async with _initialized(app):
        await _post_init(app)
        await app.start()
        try:
            log.info("polling Telegram as @%s", app.bot.username)
            await poller.run(stop)
        finally:
            await app.stop()


WEBHOOK_DRAIN_S = 20.0
"""How long shutdown waits for updates still being processed (a slow Gemini answer, with its
fallback). Give the container a longer stop grace period than this (compose: 30 s)."""

CLOSE_CONNECTIONS_S = 2.0
"""How long shutdown waits for the load balancer's idle keep-alive connections to close."""


def webhook_address(settings: Settings) -> tuple[str, str]:
    """The URL Telegram is given and the path this server answers on.

    The path is the URL's own; a URL without one gets MEDNER_WEBHOOK_PATH appended, so that a
    bare ``https://bot.example.org`` never exposes the webhook on ``/``.
    """
    if settings.webhook_url is None:
        raise SettingsError("webhook mode needs MEDNER_WEBHOOK_URL")
    url = settings.webhook_url
    path = urlsplit(url).path
    if path.strip("/") == "":
        path = "/" + settings.webhook_path.strip("/")
        url = url.rstrip("/") + path
    return url, path


async def run_webhook(app: BotApplication, settings: Settings, stop: asyncio.Event) -> None:
    """Serve the webhook (plus /healthz and /metrics) until ``stop`` is set.

    Telegram is told the URL and the secret token at start-up; every POST must carry the
    token in X-Telegram-Bot-Api-Secret-Token, and is answered once its update was handled (see
    bot._web on why that keeps replicas in order). The webhook stays registered on shutdown so
    Telegram queues updates while a new version starts; updates in flight are let finish.
    """
    from bot._web import InFlight, make_web_app, start_web_server, store_probe

    if settings.webhook_url is None or settings.webhook_secret is None:
        raise SettingsError("webhook mode needs MEDNER_WEBHOOK_URL and MEDNER_WEBHOOK_SECRET")
    service = service_of_app(app)
    secret = settings.webhook_secret.get_secret_value()
    public_url, path = webhook_address(settings)
    inflight = InFlight()
    web_app = make_web_app(
        app,
        webhook_path=path,
        secret=secret,
        metrics=service.metrics,
        probe=store_probe(service.store),
        inflight=inflight,
    )
    async with _initialized(app):
        await _post_init(app)
        await app.start()
        server = await start_web_server(web_app, settings.webhook_listen, settings.webhook_port)
        try:
            await app.bot.set_webhook(
                public_url, secret_token=secret, allowed_updates=Update.ALL_TYPES
            )
            log.info("serving the webhook on port %d", settings.webhook_port)
            await stop.wait()
        finally:
            server.stop()
            if not await inflight.drain(WEBHOOK_DRAIN_S):
                log.warning("stopping with %d updates still being handled", inflight.count)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(server.close_all_connections(), CLOSE_CONNECTIONS_S)
            await app.stop()


def _separate_health_port(settings: Settings) -> int | None:
    """MEDNER_HEALTH_PORT, unless the webhook server already serves /healthz on that port."""
    port = settings.health_port
    if port is None or (settings.webhook_url and port == settings.webhook_port):
        return None
    return port


async def purge_periodically(
    service: ConversationService, retention: timedelta, interval_s: float = PURGE_INTERVAL_S
) -> None:
    """Retention: purge at start-up, then every ``interval_s``, until cancelled.

    A bot that runs for months must not keep history past the promised period just because it
    was never restarted. A failed purge (database busy) is logged and retried next time.
    """
    while True:
        try:
            await service.purge_expired(retention)
        except StorageError as exc:
            log.warning("retention purge failed, retrying later: %s", exc)
        await asyncio.sleep(interval_s)


@contextlib.asynccontextmanager
async def _purging(service: ConversationService, retention_days: int) -> AsyncIterator[None]:
    """Runs purge_periodically for the lifetime of the block."""
    retention = timedelta(days=retention_days)
    task = asyncio.create_task(purge_periodically(service, retention, PURGE_INTERVAL_S))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _freeze_startup_objects() -> None:
    """Keep what start-up built, for the life of the process, out of the garbage collector.

    The offline lexicon, the vocabularies and the libraries' modules are well over a hundred
    thousand objects that the cyclic collector would walk on every full collection: a pause,
    every few thousand messages, for every update in flight, and the largest part of the p99
    reply latency under load. ``gc.freeze`` moves them to a permanent generation that collections
    skip; collecting first keeps start-up's own garbage from being frozen with them.
    """
    gc.collect()
    gc.freeze()
    log.debug("%d start-up objects exempted from garbage collection", gc.get_freeze_count())


async def serve(settings: Settings, stop: asyncio.Event | None = None) -> int:
    """``medner run``: polling, or a webhook when MEDNER_WEBHOOK_URL is set; 0 on a clean stop.

    With MEDNER_HEALTH_PORT, /healthz and /metrics are also served on that port, in either mode,
    so one container HEALTHCHECK works however the bot receives its updates.
    """
    from bot._web import health_server, store_probe

    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    if stop is None:
        stop = asyncio.Event()
        _stop_on_signals(stop)
    service = await build_service(settings)
    try:
        app = build_application(settings, service)
        _freeze_startup_objects()
        async with contextlib.AsyncExitStack() as stack:
            if settings.retention_days is not None:
                await stack.enter_async_context(_purging(service, settings.retention_days))
            health_port = _separate_health_port(settings)
            if health_port is not None:
                probe = store_probe(service.store)
                await stack.enter_async_context(
                    health_server(settings.webhook_listen, health_port, service.metrics, probe)
                )
            if settings.webhook_url:
                await run_webhook(app, settings, stop)
            else:
                await run_polling(app, stop)
    finally:
        await close_service(service)
    return 0
