"""The bot's HTTP client for the Bot API: aiohttp behind PTB's ``BaseRequest`` interface.

PTB's default, ``HTTPXRequest``, spends much of the bot's CPU per answered message in httpx
and httpcore, in pure Python. aiohttp does the same work for far less (its parser and
connection pool are written in C), so the same core answers more messages; the figures are in
benchmarks/README.md. PTB documents ``BaseRequest``
as the way to bring another HTTP library; everything above it (retries, rate limiting, error
classes, JSON decoding) is PTB's own and unchanged.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.request
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from handlers import MaybeCarriedOut

_TOKEN_IN_URL = re.compile(r"/bot[^/\s]+")
"""The Bot API puts the token in the path (``/bot<token>/method``); error texts may quote it."""

_UNSET = type(BaseRequest.DEFAULT_NONE)
"""What PTB passes for a timeout the caller left alone: use this request's own default."""

log = logging.getLogger(__name__)


class InvalidAnswer(NetworkError, MaybeCarriedOut):
    """The Bot API's answer is not JSON (cut off, or an HTML page from a proxy).

    A ``NetworkError``: like a dropped connection, the request may be tried again (polling backs
    off and asks again; Telegram still holds unconfirmed updates). The message says how long the
    answer was, never what it said: an answer quotes users' messages. Raised for a successful
    status, it also means Telegram may well have carried the request out (``MaybeCarriedOut``):
    a reply that failed this way is not sent again, nor apologised for.
    """


class AiohttpRequest(BaseRequest):
    """A PTB request backend on one pooled ``aiohttp.ClientSession``.

    Timeouts mean what they mean for ``HTTPXRequest``: ``connect`` covers waiting for a pooled
    connection plus opening a new one, ``read`` is the longest silence while reading the answer.
    aiohttp has no separate write timeout; a request that cannot be written within the read
    timeout fails the same way, as ``TimedOut``.
    """

    __slots__ = (
        "_connect_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_read_timeout",
        "_session",
    )

    def __init__(
        self,
        connection_pool_size: int = 256,
        *,
        read_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        """PTB's decoding, without its log line: PTB writes an undecodable answer whole at
        ERROR, and an answer carries users' messages and names."""
        try:
            data = json.loads(payload.decode("utf-8", "replace"))
        except ValueError:
            log.debug("the Bot API answered with %d bytes that are not JSON", len(payload))
            raise InvalidAnswer(f"the answer was not JSON ({len(payload)} bytes)") from None
        if not isinstance(data, dict):
            raise InvalidAnswer("the answer was not a JSON object")
        return data

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: object = BaseRequest.DEFAULT_NONE,
        write_timeout: object = BaseRequest.DEFAULT_NONE,
        connect_timeout: object = BaseRequest.DEFAULT_NONE,
        pool_timeout: object = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See ``BaseRequest.do_request``: the status code and the raw body."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        timeout = self._timeout(read_timeout, connect_timeout, pool_timeout)
        body = _body(request_data)
        try:
            async with self._session.request(
                method,
                url,
                data=body,
                headers=_JSON if isinstance(body, bytes) else None,
                timeout=timeout,
                proxy=self._proxy_for(url),
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's timeout errors are TimeoutError subclasses
            raise TimedOut(f"aiohttp.{type(exc).__name__}: {_redacted(exc)}") from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {_redacted(exc)}") from exc

    def _proxy_for(self, url: str) -> str | None:
        """The proxy from HTTPS_PROXY/HTTP_PROXY/NO_PROXY, as httpx would use it.

        Looked up once per host: aiohttp's own ``trust_env`` reads the environment in a worker
        thread on every request, a thread handoff per message for a value that never changes.
        """
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxies:
            self._proxies[key] = _environment_proxy(*key)
        return self._proxies[key]

    def _timeout(self, read: object, connect: object, pool: object) -> aiohttp.ClientTimeout:
        read_s = _seconds(read, self._read_timeout)
        connect_s = _seconds(connect, self._connect_timeout)
        pool_s = _seconds(pool, self._pool_timeout)
        acquire_s = None if connect_s is None or pool_s is None else connect_s + pool_s
        return aiohttp.ClientTimeout(
            total=None, connect=acquire_s, sock_connect=connect_s, sock_read=read_s
        )


class UpdatesRequest(AiohttpRequest):
    """The getUpdates connection: ``AiohttpRequest``, keeping each update's JSON as it came.

    The poller stores every update before confirming it to Telegram. Serialising PTB's parsed
    ``Update`` back (``to_dict``, then ``json.dumps``) walks every object of it again; the JSON
    Telegram sent is already at hand. ``parse_json_payload`` is PTB's documented hook for
    decoding answers, and PTB parses updates from copies, so what is kept is exactly what
    Telegram sent. Only getUpdates uses this connection, one request at a time, so the latest
    answer is the one the poller holds.
    """

    __slots__ = ("_received",)

    def __init__(self, connection_pool_size: int = 2, **timeouts: float | None) -> None:
        super().__init__(connection_pool_size, **timeouts)
        self._received: dict[int, dict[str, Any]] = {}

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:  # type: ignore[override]
        data = super().parse_json_payload(payload)
        result = data.get("result") if isinstance(data, dict) else None
        self._received = {
            item["update_id"]: item
            for item in (result if isinstance(result, list) else ())
            if isinstance(item, dict) and isinstance(item.get("update_id"), int)
        }
        return data

    def received(self, update_id: int) -> dict[str, Any] | None:
        """The JSON of ``update_id`` in the latest answer, if it was there."""
        return self._received.get(update_id)


_JSON = {"Content-Type": "application/json"}


def _body(request_data: RequestData | None) -> aiohttp.FormData | bytes | None:
    """The parameters as the Bot API takes them: a JSON object, or multipart when files go along.

    JSON (PTB's own ``json_payload``; nested values such as ``reply_markup`` travel as JSON
    strings, which the Bot API reads as it reads form fields) is much cheaper than
    url-encoding, which quotes an answer's HTML character by character in Python.
    """
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_payload
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        form.add_field(name, content, filename=filename, content_type=mimetype)
    return form


def _environment_proxy(scheme: str, host: str) -> str | None:
    proxies = urllib.request.getproxies_environment()
    if not proxies or urllib.request.proxy_bypass(host):
        return None
    return proxies.get(scheme) or proxies.get("all")


def _seconds(value: object, default: float | None) -> float | None:
    """A timeout argument as seconds: PTB's "not given" marker means ``default``."""
    if isinstance(value, _UNSET):
        return default
    if value is None or isinstance(value, int | float):
        return value
    raise TypeError(f"a timeout must be seconds or None, not {type(value).__name__}")


def _redacted(exc: BaseException) -> str:
    """The error's text without the token: it can quote the request URL."""
    return _TOKEN_IN_URL.sub("/bot<token>", str(exc) or type(exc).__name__)
