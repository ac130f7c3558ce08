"""Every storage test runs on each backend: SQLite in a temp file, PostgreSQL in a fresh schema.

PostgreSQL comes from ``MEDNER_TEST_POSTGRES_URL`` (``.ci/postgres.sh start`` provides one). Without
it, or with the server unreachable, the PostgreSQL cases skip — unless ``CI=true`` and the URL is
set, where an unreachable server is an error rather than a silently thinner test run.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import asyncpg
import pytest

from storage import Store, open_store

_URL_VARIABLE = "MEDNER_TEST_POSTGRES_URL"


def _where(url: str) -> str:
    """Host, port and database of a URL, never its password."""
    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path}"


async def _probe(url: str) -> str | None:
    """Why the server cannot be used, or None when it answers."""
    try:
        conn = await asyncpg.connect(url, timeout=3.0)
    except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return f"{type(exc).__name__}: {exc}"
    await conn.close()
    return None


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The server URL, checked once per session; skips (or fails on CI) when there is none."""
    url = os.environ.get(_URL_VARIABLE)
    if not url:
        pytest.skip(f'{_URL_VARIABLE} is not set (eval "$(.ci/postgres.sh start)" sets it)')
    problem = asyncio.run(_probe(url))
    if problem is not None:
        message = f"PostgreSQL at {_where(url)} is unreachable: {problem}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return url


def with_search_path(url: str, schema: str) -> str:
    """The URL with its connections confined to ``schema`` (asyncpg passes it as a setting)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "search_path"]
    query.append(("search_path", schema))
    return urlunsplit(parts._replace(query=urlencode(query)))


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A URL whose tables live in a schema of their own, dropped after the test."""
    schema = f"medner_test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
        yield with_search_path(postgres_server, schema)
        await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
    finally:
        await admin.close()


@pytest.fixture(
    params=[pytest.param("sqlite"), pytest.param("postgres", marks=pytest.mark.postgres)]
)
def backend(request: pytest.FixtureRequest) -> str:
    """The backend under test; ``-m "not postgres"`` leaves the server-bound half out."""
    name: str = request.param
    return name


@pytest.fixture
def store_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database of the backend under test."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'medner.sqlite3'}"
    url: str = request.getfixturevalue("postgres_url")
    return url


@pytest.fixture
async def store(store_url: str) -> AsyncIterator[Store]:
    """An opened, migrated, empty store; closed after the test."""
    opened = await open_store(store_url)
    try:
        yield opened
    finally:
        await opened.close()
