"""What google-genai spends per request, by how the few-shot turns are sent.

    python benchmarks/profile_gemini.py [--requests 400] [--turns 4] [--profile]

Real SDK, public calls only, against the fake Gemini REST server (in threads of this process).
The figure is the event loop thread's CPU time per request (``time.thread_time``), which leaves
out the fake's threads: building, validating and converting the request, sending it, parsing
the answer. Three ways of sending the same request (the seed turns, then the user's message):

- ``chat``: ``client.aio.chats.create(history=[types.Content...])`` + ``send_message``: the
  previous build's way;
- ``dicts``: ``client.aio.models.generate_content(contents=[types.ContentDict...])`` with the
  seed built once: this build's way;
- ``message only``: no seed turns at all, the floor.

``--profile`` prints where the ``chat`` way spends its time (cProfile, by own time).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import statistics
import time
from collections.abc import Awaitable, Callable

from _bot import figure
from google import genai
from google.genai import types

from ner.gemini import demonstration_contents, fewshot_turns
from ner.gemini._prompt import generation_config, system_instruction, user_content
from ner.gemini._thinking import thinking_config
from tests.fakes.gemini_server import FakeGemini, entities_reply

MODEL = "gemini-3.8-flash"
TEXT = "she has fever and malaria"

Send = Callable[[genai.Client], Awaitable[object]]


def ways(turns: int) -> dict[str, Send]:
    seed_dicts = demonstration_contents(turns)
    seed_models = [types.Content.model_validate(content) for content in seed_dicts]
    config = generation_config(
        instruction=system_instruction(fewshot_turns()[turns:]),
        thinking=thinking_config(MODEL, "low"),
    )

    async def chat(client: genai.Client) -> object:
        session = client.aio.chats.create(model=MODEL, config=config, history=list(seed_models))
        return await session.send_message(TEXT)

    async def dicts(client: genai.Client) -> object:
        contents = [*seed_dicts, user_content(TEXT)]
        return await client.aio.models.generate_content(
            model=MODEL,
            contents=contents,  # type: ignore[arg-type]
            config=config,
        )

    async def message_only(client: genai.Client) -> object:
        return await client.aio.models.generate_content(
            model=MODEL,
            contents=[user_content(TEXT)],  # type: ignore[arg-type]
            config=config,
        )

    return {"chat": chat, "dicts": dicts, "message only": message_only}


async def cpu_per_request(client: genai.Client, send: Send, requests: int) -> float:
    """Milliseconds of this thread's CPU per request, 50 requests in flight at a time."""
    for _ in range(20):
        await send(client)  # warm-up: connections, lazily built validators
    started = time.thread_time()
    for _ in range(requests // 50):
        await asyncio.gather(*(send(client) for _ in range(50)))
    return (time.thread_time() - started) * 1000 / (requests // 50 * 50)


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--turns", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    answer = entities_reply(("fever", "SYMPTOM"))
    with FakeGemini(responder=lambda _: answer, seed_pairs=0) as fake:
        client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url=fake.base_url))
        sends = ways(args.turns)
        results: dict[str, list[float]] = {name: [] for name in sends}
        for _ in range(args.rounds):  # interleaved, so a slower minute slows every way alike
            for name, send in sends.items():
                results[name].append(await cpu_per_request(client, send, args.requests))
        for name, values in results.items():
            label = f"SDK CPU per request, {name}"
            if name != "message only":
                label += f" ({args.turns} seed pairs)"
            print(figure(label, statistics.median(values), "ms"))
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            await cpu_per_request(client, sends["chat"], args.requests)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(12)
        await client.aio.aclose()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
