"""A fake of the Gemini REST API (Developer API and Vertex AI), served over real HTTP.

The real google-genai SDK is pointed at it with ``HttpOptions(base_url=...)``; nothing in the
SDK is patched. It records every request so tests can assert on what really went over the
wire (the ``contents`` of a chat, headers, the tuning job body), and answers with whatever the
test scripts: JSON answers, Google-format errors (429/500/503...), slow answers,
safety-blocked prompts or candidates, empty candidates, and tuning jobs that are polled to
completion.

It runs ``ThreadingHTTPServer`` in a background thread, so it serves sync and async clients
alike and many slow requests at once (one thread per connection).
"""

from __future__ import annotations

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
