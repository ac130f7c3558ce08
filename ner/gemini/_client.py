"""google-genai clients: one per backend per process, shared by the engines that use it."""

from __future__ import annotations

import asyncio
import os
import urllib.request
from collections.abc import Callable
from pathlib import Path

import aiohttp
import httpx
from google import genai
from google.genai import types

from ner.gemini._config import GeminiConfig, endpoint_location

_RETRY_STATUS = [408, 429, 500, 502, 503, 504]


MAX_CONNECTIONS = 1000
"""Concurrent Gemini requests one process may have open."""


READ_BUFSIZE = 2**22
"""The read buffer google-genai gives its own aiohttp sessions (long streamed lines)."""


def http_options(
    config: GeminiConfig,
    *,
    base_url: str | None,
    session: aiohttp.ClientSession | None = None,
) -> types.HttpOptions:
    """Per-request timeout and a short retry, so a failing Gemini falls back within seconds."""
    return types.HttpOptions(
        base_url=base_url,
        aiohttp_client=session,
        timeout=int(config.timeout_s * 1000),
        # google-genai sends async requests with aiohttp when it is installed (a dependency,
        # cheaper per request than httpx) and never caps its connections; with httpx
        # (100 connections by default) the 101st concurrent user would queue behind a whole
        # Gemini answer. One client serves every user of the process.
        async_client_args={"limits": httpx.Limits(max_connections=MAX_CONNECTIONS)},
        retry_options=types.HttpRetryOptions(
            attempts=max(1, config.retry_attempts),
            initial_delay=config.retry_initial_delay_s,
            max_delay=max(config.retry_initial_delay_s, 1.0),
            jitter=config.retry_initial_delay_s,
            http_status_codes=_RETRY_STATUS,
        ),
    )


def environment_shapes_requests() -> bool:
    """Whether proxy variables or a netrc file could change how a request is sent.

    google-genai's own aiohttp session trusts the environment, and aiohttp then looks both up
    again for every request, each lookup a hop to a worker thread: a sizeable share of what the
    SDK spends on a request. Where there is nothing to find, a session that does not look is
    the same session, only cheaper.
    """
    proxies = urllib.request.getproxies()
    if any(proxies.get(scheme) for scheme in ("http", "https", "all")):
        return True
    netrc = os.environ.get("NETRC")
    return Path(netrc).is_file() if netrc else (Path.home() / ".netrc").is_file()


def lean_session() -> aiohttp.ClientSession:
    """What google-genai would make for itself, less the per-request environment lookups.

    Must be called in the event loop that will use it.
    """
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0), trust_env=False, read_bufsize=READ_BUFSIZE
    )


def gemini_api_client(
    config: GeminiConfig, session: aiohttp.ClientSession | None = None
) -> genai.Client:
    """The Gemini Developer API client; base_url as GOOGLE_GEMINI_BASE_URL would set it."""
    return genai.Client(
        vertexai=False,
        api_key=config.api_key,
        http_options=http_options(config, base_url=config.base_url, session=session),
    )


def vertex_client(
    config: GeminiConfig, *, project: str, location: str, base_url: str | None = None
) -> genai.Client:
    """A Vertex AI client; credentials come from Application Default Credentials.

    ``enterprise=True`` is the SDK's current name for the ``vertexai=True`` flag.
    """
    return genai.Client(
        enterprise=True,
        project=project,
        location=location,
        http_options=http_options(config, base_url=base_url or config.vertex_base_url),
    )


def tuned_endpoint_client(config: GeminiConfig) -> genai.Client:
    """The Vertex client in the tuned endpoint's own project and region."""
    assert config.tuned_endpoint is not None
    project, location = endpoint_location(config.tuned_endpoint)
    return vertex_client(config, project=project, location=location)


ClientFactory = Callable[[aiohttp.ClientSession | None], genai.Client]
"""Makes a client, on the given aiohttp session or (None) on one google-genai makes."""


class SharedClient:
    """A client several engines use; closed when the last of them is closed.

    The client is made on first use, in the event loop that uses it, because an aiohttp
    session belongs to one loop: with ``lean`` it gets a lean_session() (unless the environment
    asks for proxies or netrc, which google-genai's own session honours). A later loop (a
    second ``asyncio.run`` in one process) gets a client of its own.
    """

    def __init__(self, make: ClientFactory, users: int, *, lean: bool = False) -> None:
        self._make = make
        self._lean = lean
        self._users = users
        self._lock = asyncio.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._client: genai.Client | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def client(self) -> genai.Client:
        """The client for the running event loop."""
        loop = asyncio.get_running_loop()
        if self._client is None or self._loop is not loop:
            lean = self._lean and not environment_shapes_requests()
            self._session = lean_session() if lean else None
            self._client = self._make(self._session)
            self._loop = loop
        return self._client

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The lean session the client sends with, if it has one."""
        return self._session

    async def release(self) -> None:
        async with self._lock:
            self._users -= 1
            if self._users > 0 or self._client is None:
                return
            client, session, self._client, self._session = self._client, self._session, None, None
            await client.aio.aclose()
            client.close()
            if session is not None:
                await session.close()
