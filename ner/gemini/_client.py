"""google-genai clients: one per backend per process, shared by the engines that use it."""

from __future__ import annotations

import asyncio

import httpx
from google import genai
from google.genai import types

from ner.gemini._config import GeminiConfig, endpoint_location

_RETRY_STATUS = [408, 429, 500, 502, 503, 504]


MAX_CONNECTIONS = 1000
"""Concurrent Gemini requests one process may have open."""


def http_options(config: GeminiConfig, *, base_url: str | None) -> types.HttpOptions:
    """Per-request timeout and a short retry, so a failing Gemini falls back within seconds."""
    return types.HttpOptions(
        base_url=base_url,
        timeout=int(config.timeout_s * 1000),
        # google-genai sends async requests with aiohttp when it is installed (a dependency:
        # ~0.7 ms less CPU per request than httpx) and never caps its connections; with httpx
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


def gemini_api_client(config: GeminiConfig) -> genai.Client:
    """The Gemini Developer API client; base_url as GOOGLE_GEMINI_BASE_URL would set it."""
    return genai.Client(
        vertexai=False,
        api_key=config.api_key,
        http_options=http_options(config, base_url=config.base_url),
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


class SharedClient:
    """A client several engines use; closed when the last of them is closed."""

    def __init__(self, client: genai.Client, users: int) -> None:
        self.client = client
        self._users = users
        self._lock = asyncio.Lock()

    async def release(self) -> None:
        async with self._lock:
            self._users -= 1
            if self._users == 0:
                await self.client.aio.aclose()
                self.client.close()
