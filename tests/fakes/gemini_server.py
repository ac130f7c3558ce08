"""A fake of the Gemini REST API (Developer API and Vertex AI), served over real HTTP.

The real google-genai SDK is pointed at it with ``HttpOptions(base_url=...)``; nothing in the
SDK is patched. It records every request so tests can assert on what really went over the
wire (the ``contents`` of a chat, headers, the tuning job body), and answers with whatever the
test scripts: JSON answers, Google-format errors (429/500/503...), slow answers,
safety-blocked prompts or candidates, empty candidates, and tuning jobs that are polled to
completion.

Like the real API it refuses what it cannot accept (400 INVALID_ARGUMENT): a thinking level the
model does not take, a thinking level sent to a 2.5 model, a level and a budget together, and
malformed inline data. Beyond that it checks what this bot promises, and refuses the request
(recording the reason in ``violations``) when it is missing: every request opens with
``seed_pairs`` few-shot user/model pairs before the user's message, Gemini 2.5+ requests carry
a thinking configuration, sampling parameters appear only when the test says the operator set
them (``sampling``), and a file (inline data) is only ever in the newest user turn, never in
the history.

It runs ``ThreadingHTTPServer`` in a background thread, so it serves sync and async clients
alike and many slow requests at once (one thread per connection).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

JsonObject = dict[str, Any]

_GENERATE = re.compile(r"^/(?P<version>v1[a-z0-9]*)/(?P<resource>.+):generateContent$")
_TUNING_JOBS = re.compile(
    r"^/(?P<version>v1[a-z0-9]*)/(?P<parent>projects/[^/]+/locations/[^/]+)/tuningJobs$"
)
_TUNING_JOB = re.compile(
    r"^/(?P<version>v1[a-z0-9]*)/(?P<name>projects/[^/]+/locations/[^/]+/tuningJobs/[^/]+)$"
)

_STATUS_NAMES = {
    400: "INVALID_ARGUMENT",
    401: "UNAUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
    503: "UNAVAILABLE",
    504: "DEADLINE_EXCEEDED",
}


INLINE_MIME_TYPES = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/webp",
        "image/heic",
        "image/heif",
        "audio/wav",
        "audio/mp3",
        "audio/mpeg",
        "audio/aiff",
        "audio/aac",
        "audio/ogg",
        "audio/flac",
        "application/pdf",
        "text/plain",
    }
)
"""MIME types the Gemini API takes as inline data (its image, audio and document pages)."""

INLINE_LIMIT = 20 * 1024 * 1024
"""A request with inline data may be at most 20 MB in all."""

_MAGIC = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "audio/ogg": (b"OggS",),
    "application/pdf": (b"%PDF",),
}

_MODEL = re.compile(r"^models/gemini-(?P<major>\d+)(?:\.(?P<minor>\d+))?(?:-(?P<variant>.*))?$")
_LEVELS = ("MINIMAL", "LOW", "MEDIUM", "HIGH")


def accepted_thinking_levels(resource: str) -> frozenset[str] | None:
    """The levels a Gemini 3+ model takes (from the API's thinking documentation); None for
    models that take a budget (2.5) or no thinking configuration at all."""
    match = _MODEL.match(resource)
    if match is None or int(match["major"]) < 3:
        return None
    version = (int(match["major"]), int(match["minor"] or 0))
    variant = match["variant"] or ""
    if variant.startswith("pro"):
        return frozenset({"LOW", "HIGH"} if version == (3, 0) else _LEVELS[1:])
    if "lite" in variant or version < (3, 7):
        return frozenset(_LEVELS)
    return frozenset(_LEVELS[1:])


def takes_thinking_budget(resource: str) -> bool:
    match = _MODEL.match(resource)
    return match is not None and (int(match["major"]), int(match["minor"] or 0)) == (2, 5)


def decode_bytes(value: str) -> bytes:
    """A JSON ``bytes`` field: base64 in the standard or the URL-safe alphabet (both accepted)."""
    return base64.b64decode(value.replace("-", "+").replace("_", "/"), validate=True)


def _field(data: JsonObject, camel: str) -> Any:
    """A field by its JSON (camelCase) or proto (snake_case) name: the API takes both."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", camel).lower()
    return data.get(camel, data.get(snake))


@dataclass(frozen=True)
class Reply:
    """One scripted HTTP answer; ``delay_s`` makes it slow."""

    body: JsonObject
    status: int = 200
    delay_s: float = 0.0


@dataclass(frozen=True)
class Recorded:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]
    body: JsonObject

    @property
    def resource(self) -> str:
        """``models/gemini-...`` or ``projects/.../endpoints/...``: what was asked."""
        match = _GENERATE.match(self.path)
        return match["resource"] if match else ""

    @property
    def contents(self) -> list[JsonObject]:
        contents: list[JsonObject] = self.body.get("contents", [])
        return contents

    @property
    def texts(self) -> list[tuple[str, str]]:
        """(role, text) of every content turn, in order."""
        return [
            (c.get("role", ""), "".join(p.get("text", "") for p in c.get("parts", [])))
            for c in self.contents
        ]

    @property
    def last_user_text(self) -> str:
        users = [text for role, text in self.texts if role == "user"]
        return users[-1] if users else ""

    @property
    def system_instruction(self) -> str:
        instruction = self.body.get("systemInstruction") or {}
        return "".join(p.get("text", "") for p in instruction.get("parts", []))

    @property
    def generation_config(self) -> JsonObject:
        config: JsonObject = self.body.get("generationConfig", {})
        return config

    @property
    def thinking(self) -> JsonObject | None:
        """The thinking configuration with camelCase keys, or None when none was sent."""
        config = _field(self.generation_config, "thinkingConfig")
        if not isinstance(config, dict):
            return None
        return {
            key: _field(config, key)
            for key in ("thinkingLevel", "thinkingBudget", "includeThoughts")
            if _field(config, key) is not None
        }

    @property
    def sampling(self) -> JsonObject:
        """The sampling parameters sent (temperature, topP, topK)."""
        return {
            key: _field(self.generation_config, key)
            for key in ("temperature", "topP", "topK")
            if _field(self.generation_config, key) is not None
        }

    @property
    def inline_data(self) -> list[tuple[int, str, bytes]]:
        """(content index, MIME type, decoded bytes) of every inline data part."""
        found = []
        for index, content in enumerate(self.contents):
            for part in content.get("parts", []):
                blob = _field(part, "inlineData")
                if isinstance(blob, dict):
                    data = decode_bytes(blob.get("data") or "")
                    found.append((index, str(_field(blob, "mimeType")), data))
        return found


# -- answers a test can script ----------------------------------------------------------------


def text_reply(text: str, *, finish_reason: str = "STOP", delay_s: float = 0.0) -> Reply:
    """A normal answer whose single candidate says ``text``."""
    return Reply(
        {
            "candidates": [
                {
                    "content": {"role": "model", "parts": [{"text": text}]},
                    "finishReason": finish_reason,
                    "index": 0,
                }
            ],
            "usageMetadata": {"promptTokenCount": 10, "candidatesTokenCount": 5},
            "modelVersion": "fake",
        },
        delay_s=delay_s,
    )


def entities_reply(
    *entities: tuple[str, str] | tuple[str, str, bool] | JsonObject, delay_s: float = 0.0
) -> Reply:
    """A JSON answer in the response schema: (text, label[, negated]) per entity, or an entity
    object as the schema has it (with concept and assertion fields)."""
    items = [
        e
        if isinstance(e, dict)
        else {"text": e[0], "label": e[1], "negated": bool(e[2]) if len(e) > 2 else False}
        for e in entities
    ]
    return text_reply(json.dumps({"entities": items}), delay_s=delay_s)


def error_reply(status: int, message: str = "fake failure", *, delay_s: float = 0.0) -> Reply:
    """An error in Google's JSON error format."""
    return Reply(
        {
            "error": {
                "code": status,
                "message": message,
                "status": _STATUS_NAMES.get(status, HTTPStatus(status).phrase.upper()),
            }
        },
        status=status,
        delay_s=delay_s,
    )


def prompt_blocked_reply(reason: str = "SAFETY") -> Reply:
    """The prompt itself was blocked: promptFeedback.blockReason and no candidates."""
    return Reply({"promptFeedback": {"blockReason": reason}, "modelVersion": "fake"})


def safety_stopped_reply() -> Reply:
    """A candidate stopped by the safety filters, with no content."""
    return Reply(
        {
            "candidates": [
                {
                    "finishReason": "SAFETY",
                    "index": 0,
                    "safetyRatings": [
                        {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}
                    ],
                }
            ],
            "modelVersion": "fake",
        }
    )


def no_candidates_reply() -> Reply:
    return Reply({"candidates": [], "modelVersion": "fake"})


# -- the server -------------------------------------------------------------------------------


@dataclass
class TuningJob:
    name: str
    created: JsonObject
    polls: int = 0


@dataclass
class FakeGemini:
    """The fake service. Use as a context manager or call start()/stop().

    ``responder`` answers every generateContent not covered by ``script`` (a queue of replies
    consumed in order); the default answers ``{"entities": []}``.
    """

    responder: Callable[[Recorded], Reply] = field(default=lambda _: entities_reply())
    require_api_key: str | None = None
    seed_pairs: int = 4
    """Few-shot user/model pairs every request must open with (0: not checked)."""
    require_thinking: bool = True
    """Gemini 2.5+ models must be sent a thinking configuration."""
    sampling: JsonObject | None = None
    """The sampling parameters the bot must send, exactly; None: it must send none."""
    violations: list[str] = field(default_factory=list)
    tuning_polls_to_finish: int = 2
    tuning_fails: bool = False
    requests: list[Recorded] = field(default_factory=list)
    jobs: dict[str, TuningJob] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._script: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._ids = itertools.count(1)
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # lifecycle

    def start(self) -> FakeGemini:
        server = _Server(("127.0.0.1", 0), _Handler)
        server.fake = self
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.02,), name="fake-gemini", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeGemini:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        assert self._server is not None, "start() the fake first"
        return f"http://127.0.0.1:{self._server.server_port}/"

    # scripting and inspection

    def script(self, *replies: Reply) -> None:
        """Answer the next generateContent calls with these, in order."""
        with self._lock:
            self._script.extend(replies)

    def generate_requests(self) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if r.path.endswith(":generateContent")]

    # request handling (called from server threads)

    def handle(self, request: Recorded) -> Reply:
        with self._lock:
            self.requests.append(request)
        if (denied := self._auth_problem(request)) is not None:
            return denied
        if _GENERATE.match(request.path) and request.method == "POST":
            problem = generate_problem(self, request)
            if problem is not None:
                with self._lock:
                    self.violations.append(problem)
                return error_reply(400, problem)
            with self._lock:
                scripted = self._script.popleft() if self._script else None
            return scripted or self.responder(request)
        if (match := _TUNING_JOBS.match(request.path)) and request.method == "POST":
            return self._create_job(match["parent"], request.body)
        if (match := _TUNING_JOB.match(request.path)) and request.method == "GET":
            return self._poll_job(match["name"])
        return error_reply(404, f"no such method: {request.method} {request.path}")

    def sleep(self, seconds: float) -> None:
        self._stopping.wait(seconds)

    def _auth_problem(self, request: Recorded) -> Reply | None:
        vertex = "/projects/" in request.path
        if vertex and not request.headers.get("authorization", "").startswith("Bearer "):
            return error_reply(401, "missing bearer token")
        key = request.headers.get("x-goog-api-key")
        if not vertex and self.require_api_key is not None and key != self.require_api_key:
            return error_reply(403, "API key not valid")
        return None

    def _create_job(self, parent: str, body: JsonObject) -> Reply:
        name = f"{parent}/tuningJobs/{next(self._ids)}"
        with self._lock:
            self.jobs[name] = TuningJob(name=name, created=body)
        return Reply(self._job_body(name, body, "JOB_STATE_PENDING"))

    def _poll_job(self, name: str) -> Reply:
        with self._lock:
            job = self.jobs.get(name)
            if job is None:
                return error_reply(404, f"{name} not found")
            job.polls += 1
            polls = job.polls
        if polls < self.tuning_polls_to_finish:
            return Reply(self._job_body(name, job.created, "JOB_STATE_RUNNING"))
        if self.tuning_fails:
            body = self._job_body(name, job.created, "JOB_STATE_FAILED")
            body["error"] = {"code": 3, "message": "training data is invalid"}
            return Reply(body)
        body = self._job_body(name, job.created, "JOB_STATE_SUCCEEDED")
        parent = name.split("/tuningJobs/")[0]
        body["tunedModel"] = {
            "model": f"{parent}/models/777@1",
            "endpoint": f"{parent}/endpoints/888",
        }
        body["endTime"] = _now()
        return Reply(body)

    @staticmethod
    def _job_body(name: str, created: JsonObject, state: str) -> JsonObject:
        return {
            "name": name,
            "state": state,
            "createTime": _now(),
            "baseModel": created.get("baseModel"),
            "tunedModelDisplayName": created.get("tunedModelDisplayName"),
            "supervisedTuningSpec": created.get("supervisedTuningSpec"),
        }


def generate_problem(fake: FakeGemini, request: Recorded) -> str | None:
    """Why the API (or this bot's promises) would refuse a generateContent; None when fine."""
    for check in (_inline_problem, _thinking_problem, _sampling_problem, _seed_problem):
        problem = check(fake, request)
        if problem is not None:
            return problem
    return None


def _inline_problem(fake: FakeGemini, request: Recorded) -> str | None:
    last = len(request.contents) - 1
    total = 0
    for content in request.contents:
        for part in content.get("parts", []):
            blob = _field(part, "inlineData")
            if blob is None:
                continue
            mime = _field(blob, "mimeType")
            if mime not in INLINE_MIME_TYPES:
                return f"Unsupported MIME type: {mime}"
            try:
                data = decode_bytes(blob.get("data") or "")
            except binascii.Error:
                return "Invalid value at 'inline_data.data' (TYPE_BYTES): invalid base64"
            if not data:
                return "inline_data.data is empty"
            if not data.startswith(_MAGIC.get(mime, (b"",))):
                return f"inline data is not {mime}"
            total += len(data)
    if total > INLINE_LIMIT:
        return "Request payload size exceeds the limit: 20971520 bytes."
    files = {index for index, _, _ in request.inline_data}
    if files - {last}:
        return "bot promise: a file (inline data) is in the history, not only in the new turn"
    return None


def _thinking_problem(fake: FakeGemini, request: Recorded) -> str | None:
    thinking = request.thinking or {}
    level, budget = thinking.get("thinkingLevel"), thinking.get("thinkingBudget")
    if level is not None and budget is not None:
        return "thinking_level and thinking_budget cannot be used together"
    accepted = accepted_thinking_levels(request.resource)
    if level is not None and accepted is None:
        return "Thinking level is not supported for this model."
    if level is not None and accepted is not None and str(level).upper() not in accepted:
        return f"Thinking level {level} is not supported for this model."
    if not fake.require_thinking:
        return None
    if accepted is not None and level is None:
        return "bot promise: a Gemini 3+ request without a thinking level"
    if takes_thinking_budget(request.resource) and budget is None:
        return "bot promise: a Gemini 2.5 request without a thinking budget"
    return None


def _sampling_problem(fake: FakeGemini, request: Recorded) -> str | None:
    if request.sampling != (fake.sampling or {}):
        return f"bot promise: sampling {request.sampling} sent, {fake.sampling or {}} set"
    return None


def _seed_problem(fake: FakeGemini, request: Recorded) -> str | None:
    contents = request.contents
    roles = [content.get("role") for content in contents]
    if not roles or roles[-1] != "user":
        return "bot promise: the last content is not the user's message"
    if any(a == b for a, b in itertools.pairwise(roles)):
        return "bot promise: user and model turns do not alternate"
    if len(contents) < 2 * fake.seed_pairs + 1:
        return f"bot promise: fewer than {fake.seed_pairs} few-shot pairs before the message"
    for content in contents[1 : 2 * fake.seed_pairs : 2]:
        text = "".join(part.get("text", "") for part in content.get("parts", []))
        try:
            answer = json.loads(text)
        except json.JSONDecodeError:
            answer = None
        if not isinstance(answer, dict) or not isinstance(answer.get("entities"), list):
            return "bot promise: a few-shot model turn is not an entity answer"
    return None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    fake: FakeGemini


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm on, the client's
    # delayed ACK would stall every keep-alive answer by ~40 ms.
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def log_message(self, format: str, *args: Any) -> None:
        return None

    def _serve(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        body = json.loads(raw) if raw else {}
        headers = {k.lower(): v for k, v in self.headers.items()}
        fake = self.server.fake
        reply = fake.handle(Recorded(method, self.path.split("?")[0], headers, body))
        if reply.delay_s:
            fake.sleep(reply.delay_s)
        payload = json.dumps(reply.body).encode()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client gave up (a timeout test); nothing to do


def write_adc_file(directory: Path) -> Path:
    """Application Default Credentials holding a ready, unexpired token.

    Point GOOGLE_APPLICATION_CREDENTIALS at it and the SDK's Vertex client authenticates the
    standard way, without ever contacting Google's token endpoint.
    """
    path = directory / "adc.json"
    path.write_text(
        json.dumps(
            {
                "type": "authorized_user",
                "client_id": "fake-client.apps.googleusercontent.com",
                "client_secret": "fake-secret",
                "refresh_token": "fake-refresh",
                "token": "fake-access-token",
                "expiry": "2099-01-01T00:00:00Z",
            }
        )
    )
    return path


GEMINI_ENVIRONMENT = (
    "GEMINI_API_KEY",
    "GOOGLE_API_KEY",
    "GOOGLE_GEMINI_BASE_URL",
    "GOOGLE_VERTEX_BASE_URL",
    "GOOGLE_CLOUD_PROJECT",
    "GOOGLE_CLOUD_LOCATION",
    "GOOGLE_GENAI_USE_VERTEXAI",
    "GOOGLE_GENAI_USE_ENTERPRISE",
    "GOOGLE_GENAI_API_VERSION",
    "GOOGLE_APPLICATION_CREDENTIALS",
    "MEDNER_GEMINI_MODEL",
    "MEDNER_TUNED_ENDPOINT",
)
"""Variables the SDK (or Settings) would read: tests clear them so the host cannot leak in."""
