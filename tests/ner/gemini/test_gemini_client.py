"""The shared google-genai client: a lean aiohttp session unless the environment shapes requests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from ner import Conversation
from ner.gemini import GeminiConfig, GeminiEngine, build_gemini_engines
from ner.gemini._client import SharedClient, gemini_api_client
from tests.fakes.gemini_server import GEMINI_ENVIRONMENT, FakeGemini, entities_reply

KEY = "test-key"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in (*GEMINI_ENVIRONMENT, *PROXY_VARIABLES, *(v.upper() for v in PROXY_VARIABLES)):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-such-netrc"))


@pytest.fixture
def fake() -> Iterator[FakeGemini]:
    # Raw SDK calls, not the engine's: none of the bot's few-shot or thinking promises apply.
    with FakeGemini(require_api_key=KEY, seed_pairs=0, require_thinking=False) as server:
        yield server


def config(fake: FakeGemini) -> GeminiConfig:
    return GeminiConfig(api_key=KEY, base_url=fake.base_url, timeout_s=3.0, retry_attempts=1)


def shared(fake: FakeGemini) -> SharedClient:
    return SharedClient(lambda session: gemini_api_client(config(fake), session), 1, lean=True)


async def generate(client: SharedClient) -> str | None:
    response = await client.client.aio.models.generate_content(
        model="gemini-3.8-flash", contents="fever"
    )
    return response.text


async def test_a_clean_environment_gets_a_session_that_does_not_look_it_up(
    fake: FakeGemini,
) -> None:
    client = shared(fake)
    fake.script(entities_reply(("fever", "SYMPTOM")))
    try:
        assert client.client is client.client, "one client per event loop"
        session = client.session
        assert session is not None and session.trust_env is False
        assert await generate(client)
        # The requests really go through this session: closed, it can send nothing.
        await session.close()
        with pytest.raises(RuntimeError, match="closed"):
            await generate(client)
    finally:
        await client.release()
    assert len(fake.generate_requests()) == 1


@pytest.mark.parametrize("variable", ["HTTPS_PROXY", "http_proxy", "ALL_PROXY"])
async def test_a_proxy_in_the_environment_keeps_the_sdks_own_session(
    fake: FakeGemini, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "http://127.0.0.1:9")
    client = shared(fake)
    assert client.client is not None and client.session is None
    await client.release()


async def test_a_netrc_file_keeps_the_sdks_own_session(
    fake: FakeGemini, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine example.org login me password secret\n")
    monkeypatch.setenv("NETRC", str(netrc))
    client = shared(fake)
    assert client.client is not None and client.session is None
    await client.release()


@pytest.fixture
async def forward_proxy() -> AsyncIterator[tuple[str, list[str]]]:
    """A plain-HTTP forward proxy on 127.0.0.1 that records the URLs it carried."""
    carried: list[str] = []

    async def forward(request: web.Request) -> web.Response:
        carried.append(str(request.url))
        headers = {k: v for k, v in request.headers.items() if k.lower() != "host"}
        async with (
            aiohttp.ClientSession() as session,
            session.request(
                request.method, request.url, headers=headers, data=await request.read()
            ) as answer,
        ):
            body = await answer.read()
            return web.Response(status=answer.status, body=body, content_type=answer.content_type)

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", forward)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    try:
        yield f"http://127.0.0.1:{port}", carried
    finally:
        await runner.cleanup()


async def test_requests_go_through_a_proxy_the_environment_names(
    fake: FakeGemini, forward_proxy: tuple[str, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    proxy_url, carried = forward_proxy
    monkeypatch.setenv("HTTP_PROXY", proxy_url)
    [engine] = build_gemini_engines(config(fake))
    assert isinstance(engine, GeminiEngine)
    fake.script(entities_reply(("fever", "SYMPTOM")))
    try:
        entities = await engine.extract("fever", Conversation(user_id=1))
    finally:
        await engine.aclose()
    assert [e.text for e in entities] == ["fever"]
    assert len(carried) == 1 and carried[0].endswith(":generateContent")
    assert len(fake.generate_requests()) == 1
