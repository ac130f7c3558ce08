"""The webhook server: Telegram's POSTs, a health check and Prometheus metrics on one port.

PTB's built-in webhook server serves only the webhook path; a deployment behind a load
balancer also needs /healthz (container HEALTHCHECK, balancer probes) and /metrics, so this is
the "custom webhook server" PTB documents: verify the secret token, decode the Update and put it
on the application's update queue.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Awaitable, Callable

import tornado.web
from telegram import Update
from telegram.ext import Application
from tornado.httpserver import HTTPServer

from bot._metrics import Metrics

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HealthProbe = Callable[[], Awaitable[bool]]


class _WebhookHandler(tornado.web.RequestHandler):
    def initialize(self, app: Application, secret: str) -> None:  # type: ignore[type-arg]
        self._app = app
        self._secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self._secret.encode()):
            log.warning("webhook request without the right secret token refused")
            raise tornado.web.HTTPError(403)
        try:
            payload = json.loads(self.request.body)
            update = Update.de_json(payload, self._app.bot)
        except (ValueError, TypeError, KeyError):
            log.warning("webhook request with an undecodable body refused")
            raise tornado.web.HTTPError(400) from None
        await self._app.update_queue.put(update)
        self.set_status(200)

    def get(self) -> None:
        raise tornado.web.HTTPError(405)


class _HealthHandler(tornado.web.RequestHandler):
    def initialize(self, probe: HealthProbe) -> None:
        self._probe = probe

    async def get(self) -> None:
        healthy = await self._probe()
        self.set_status(200 if healthy else 503)
        self.finish({"status": "ok" if healthy else "unhealthy"})


class _MetricsHandler(tornado.web.RequestHandler):
    def initialize(self, metrics: Metrics) -> None:
        self._metrics = metrics

    def get(self) -> None:
        body, content_type = self._metrics.exposition()
        self.set_header("Content-Type", content_type)
        self.finish(body)


def make_web_app(
    app: Application,  # type: ignore[type-arg]
    *,
    webhook_path: str,
    secret: str,
    metrics: Metrics,
    probe: HealthProbe,
) -> tornado.web.Application:
    """Routes: POST /<webhook_path>, GET /healthz, GET /metrics."""
    path = "/" + webhook_path.strip("/")
    return tornado.web.Application(
        [
            (path, _WebhookHandler, {"app": app, "secret": secret}),
            (r"/healthz", _HealthHandler, {"probe": probe}),
            (r"/metrics", _MetricsHandler, {"metrics": metrics}),
        ]
    )


async def start_web_server(web_app: tornado.web.Application, host: str, port: int) -> HTTPServer:
    """Listen now; the caller stops the returned server on shutdown."""
    server = HTTPServer(web_app, xheaders=True)
    server.listen(port, address=host)
    return server
