"""The webhook server: Telegram's POSTs, a health check and Prometheus metrics on one port.

PTB's built-in webhook server serves only the webhook path; a deployment behind a load
balancer also needs /healthz (container HEALTHCHECK, balancer probes) and /metrics, so this is
the "custom webhook server" PTB documents.

An update is *processed before the POST is answered*. Telegram sends a chat's next update only
after the previous one was acknowledged, so answering first and processing later would let a
load balancer hand a user's second message to another replica while the first is still
queued here, and the two could be answered out of order. Processing inside the request keeps
Telegram's own per-chat ordering across replicas; different users still run concurrently
because tornado serves many requests at once. Every update Telegram could decode is answered
200, even when handling it failed (the error handler has already dealt with it): any other
status makes Telegram redeliver the same update again and again. The one exception is a
message that could not be stored (the database refused it): that POST is answered 503, so
Telegram delivers the message again later instead of it being lost.

A POST is judged by its headers before its body is read: without the right secret token it is
refused (403) and its body never buffered, and a body larger than ``MAX_UPDATE_BYTES`` (an
update is a few kilobytes) is refused with 413, whether its size is announced or streamed.

The same /healthz and /metrics can also be served alone (``health_server``), for polling mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import NoReturn

import tornado.httputil
import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.http1connection import HTTP1Connection
from tornado.httpserver import HTTPServer
from tornado.routing import URLSpec

import handlers
from service import Metrics
from storage import Store

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1024 * 1024
"""The largest webhook body accepted: Telegram's updates are far smaller (a message's text is at
most 4096 characters), so anything bigger is not from Telegram."""

DISCARD_LIMIT_BYTES = 8 * MAX_UPDATE_BYTES
"""A streamed body over the cap is read and thrown away up to this size, so the client gets a
proper 413; past it the connection is simply closed."""
HEALTH_TIMEOUT_S = 3.0
"""A probe slower than this counts as unhealthy: Docker's HEALTHCHECK gives up after 5 s."""

HealthProbe = Callable[[], Awaitable[str | None]]
"""None when healthy, else why not (a short phrase with no user data)."""


def store_probe(store: Store, timeout_s: float = HEALTH_TIMEOUT_S) -> HealthProbe:
    """Healthy = the database answers quickly, still has our schema, and can be written.

    The store says what it knows: tables gone (a dropped schema), its SQLite file deleted or
    replaced and not reopened, or writes failing lately (a full disk, read-only storage), which
    a read alone would never notice.
    """

    async def probe() -> str | None:
        try:
            problem = await asyncio.wait_for(store.health_problem(), timeout_s)
        except Exception as exc:  # whatever the failure, the answer is "unhealthy"
            log.warning("health probe: the database did not answer (%s)", type(exc).__name__)
            return "the database does not answer"
        if problem is not None:
            log.warning("health probe: %s", problem)
        return problem

    return probe


class InFlight:
    """Webhook requests being processed, so shutdown can let them finish.

    Once shutdown begins, new updates are refused with 503 rather than accepted by an
    application that is about to stop: Telegram then delivers them again, to this replica after
    its restart or to another one. Telegram also redelivers an update whose POST was cut off,
    and the service recognises a redelivered message, so nothing is lost either way; waiting
    avoids the duplicate work and the "typing…" that would hang in the chat meanwhile.
    """

    def __init__(self) -> None:
        self._count = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self.accepting = True

    @property
    def count(self) -> int:
        return self._count

    @contextlib.contextmanager
    def track(self) -> Iterator[None]:
        self._count += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._count -= 1
            if self._count == 0:
                self._idle.set()

    async def drain(self, timeout_s: float) -> bool:
        """Refuse new updates, then wait until none is in flight; False if some still were."""
        self.accepting = False
        try:
            await asyncio.wait_for(self._idle.wait(), timeout_s)
        except TimeoutError:
            return False
        return True


@tornado.web.stream_request_body
class _WebhookHandler(tornado.web.RequestHandler):
    """Streams the body in, so nothing is buffered before the headers were judged."""

    def initialize(
        self,
        app: Application,  # type: ignore[type-arg]
        secret: str,
        metrics: Metrics,
        inflight: InFlight,
    ) -> None:
        self._app = app
        self._secret = secret
        self._metrics = metrics
        self._inflight = inflight
        self._chunks: list[bytes] = []
        self._size = 0
        self._too_large = False

    def prepare(self) -> None:
        """Runs once the headers are in, before any of the body is read."""
        if self.request.method != "POST":
            self._refuse_unread(405)
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("webhook request without the right secret token refused")
            self._refuse_unread(403)
        if _announced_size(self.request.headers) > MAX_UPDATE_BYTES:
            log.warning("webhook request with a body over %d bytes refused", MAX_UPDATE_BYTES)
            self._refuse_unread(413)
        if isinstance(self.request.connection, HTTP1Connection):
            self.request.connection.set_max_body_size(DISCARD_LIMIT_BYTES)

    def _refuse_unread(self, status: int) -> NoReturn:
        """Answer ``status`` without reading the body. Tornado then closes the connection (the
        only way not to read the rest); saying so keeps a keep-alive client from sending its
        next request down a connection that is going away."""
        self.set_status(status)
        self.set_header("Connection", "close")
        raise tornado.web.Finish()

    def data_received(self, chunk: bytes) -> None:
        """Keep the body up to the limit; past it, only note that it was too large."""
        self._size += len(chunk)
        if self._size > MAX_UPDATE_BYTES:
            self._too_large = True
            self._chunks.clear()
        elif not self._too_large:
            self._chunks.append(chunk)

    async def post(self) -> None:
        if self._too_large:
            log.warning("webhook request with a body over %d bytes refused", MAX_UPDATE_BYTES)
            self._refuse_unread(413)
        if not self._inflight.accepting:
            raise tornado.web.HTTPError(503)  # shutting down: Telegram will deliver it again
        update = self._decode(b"".join(self._chunks))
        with self._inflight.track():
            redeliver = await self._process(update)
        if redeliver:
            # The message could not be stored: Telegram retries a non-2xx answer later.
            log.warning("update=%s not stored; Telegram will deliver it again", update.update_id)
            raise tornado.web.HTTPError(503)
        self.set_status(200)

    def _decode(self, body: bytes) -> Update:
        """The update, or 400: whatever is wrong with an authenticated body is the body's fault
        (not JSON, not an object, fields of the wrong type, nesting too deep to parse)."""
        try:
            payload = json.loads(body)
            if not isinstance(payload, dict):
                raise TypeError("an update is a JSON object")
            if type(payload.get("update_id")) is not int:
                raise TypeError("an update has a numeric update_id")
            update = Update.de_json(payload, self._app.bot)
            if not isinstance(update, Update):
                raise TypeError("not an update")
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            log.warning("webhook request with an undecodable body refused")
            raise tornado.web.HTTPError(400) from None
        return update

    async def _process(self, update: Update) -> bool:
        """Run the handlers now; True when Telegram should deliver the update again.

        The handlers' own errors already reach the error handler in PTB; the one that asks for
        a redelivery is a message the database refused (see ``handlers.redelivery``).
        """
        try:
            with handlers.redelivery() as outcome:
                await self._app.process_update(update)
        except Exception as exc:
            # Only a failure of PTB itself gets here. Ids and the type only: the message of an
            # exception can quote the user's text.
            log.error(
                "processing update=%s failed outside the handlers with %s",
                update.update_id,
                type(exc).__name__,
            )
            log.debug("error detail for update=%s", update.update_id, exc_info=exc)
            self._metrics.errors.inc()
            return False
        return outcome.requested


def _announced_size(headers: tornado.httputil.HTTPHeaders) -> int:
    """The Content-Length the client announced; 0 when it streams (chunked) or says nothing
    usable (tornado itself refuses a malformed length)."""
    try:
        return int(headers.get("Content-Length", "0"))
    except ValueError:
        return 0


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, probe: HealthProbe) -> None:
        self._probe = probe

    async def get(self) -> None:
        problem = await self._probe()
        if problem is None:
            self.finish({"status": "ok"})
            return
        self.set_status(503)
        self.finish({"status": "unhealthy", "reason": problem})


class _MetricsHandler(tornado.web.RequestHandler):
    def initialize(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def get(self) -> None:
        body, content_type = self._metrics.exposition()
        self.set_header("Content-Type", content_type)
        self.finish(body)


def _health_routes(metrics: Metrics, probe: HealthProbe) -> list[URLSpec]:
    return [
        tornado.web.url(r"/healthz", _HealthHandler, {"probe": probe}),
        tornado.web.url(r"/metrics", _MetricsHandler, {"metrics": metrics}),
    ]


def make_web_app(
    app: Application,  # type: ignore[type-arg]
    *,
    webhook_path: str,
    secret: str,
    metrics: Metrics,
    probe: HealthProbe,
    inflight: InFlight | None = None,
) -> tornado.web.Application:
    """Routes: POST /<webhook_path>, GET /healthz, GET /metrics."""
    path = "/" + webhook_path.strip("/")
    webhook = {
        "app": app,
        "secret": secret,
        "metrics": metrics,
        "inflight": inflight if inflight is not None else InFlight(),
    }
    return tornado.web.Application(
        [
            tornado.web.url(re.escape(path), _WebhookHandler, webhook),
            *_health_routes(metrics, probe),
        ]
    )


def make_health_app(metrics: Metrics, probe: HealthProbe) -> tornado.web.Application:
    """Routes: GET /healthz, GET /metrics (for polling mode, which has no webhook server)."""
    return tornado.web.Application(_health_routes(metrics, probe))


async def start_web_server(web_app: tornado.web.Application, host: str, port: int) -> HTTPServer:
    """Listen now; the caller stops the returned server on shutdown."""
    # The limit covers every route; the webhook's own check answers 413 before it is reached.
    server = HTTPServer(web_app, xheaders=True, max_body_size=MAX_UPDATE_BYTES)
    server.listen(port, address=host)
    return server


@contextlib.asynccontextmanager
async def health_server(
    host: str, port: int, metrics: Metrics, probe: HealthProbe
) -> AsyncIterator[HTTPServer]:
    """/healthz and /metrics on ``host:port`` for the duration of the block."""
    server = await start_web_server(make_health_app(metrics, probe), host, port)
    log.info("serving /healthz and /metrics on port %d", port)
    try:
        yield server
    finally:
        server.stop()
