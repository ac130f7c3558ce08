"""``medner tune``: build a Vertex AI tuning dataset from labeled data, and tune Gemini on it.

The dataset is written and validated locally; the job itself reads it from Cloud Storage
(upload the written file to the ``--training-uri`` location first). When the job succeeds the
command prints the endpoint to set as MEDNER_TUNED_ENDPOINT.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot._config import Settings
from bot.cli._common import CliError, settings_or_exit, setup

if TYPE_CHECKING:
    from google import genai
    from google.genai import types


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "tune",
        help="tune a Gemini model on Vertex AI from a labeled dataset",
        description='Convert DATASET (eval format: one JSON object per line with "text" and '
        '"entities" [{start, end, label}]) into a Vertex AI supervised tuning dataset, '
        "validate it, then start a tuning job reading it from --training-uri and wait for it. "
        "Needs GOOGLE_CLOUD_PROJECT (and GOOGLE_CLOUD_LOCATION) and Application Default "
        "Credentials.",
    )
    parser.add_argument("dataset", type=Path, help="labeled JSONL file (the eval format)")
    parser.add_argument("--source-model", required=True, help="base model to tune")
    parser.add_argument("--display-name", required=True, help="name of the tuned model")
    parser.add_argument("--epochs", type=int, default=None, help="epoch count (default: Vertex)")
    parser.add_argument(
        "--output", type=Path, default=None, help="where to write the tuning dataset JSONL"
    )
    parser.add_argument(
        "--training-uri", default=None, help="gs:// location of the uploaded tuning dataset"
    )
    parser.add_argument("--validation-uri", default=None, help="optional gs:// validation set")
    parser.add_argument(
        "--dry-run", action="store_true", help="only write and validate the dataset"
    )
    parser.add_argument(
        "--poll-interval", type=float, default=30.0, help="seconds between status checks"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    settings = settings_or_exit()
    setup(settings, quiet=True)
    _check_arguments(args)
    _prepare_dataset(args, sys.stdout)
    if args.dry_run:
        return 0
    return _tune(args, settings, sys.stdout)


def _check_arguments(args: argparse.Namespace) -> None:
    from ner.gemini import GeminiConfigError, check_base_model

    if args.epochs is not None and args.epochs < 1:
        raise CliError("--epochs must be at least 1")
    if args.dry_run and args.output is None:
        raise CliError("--dry-run needs --output FILE to write the tuning dataset to")
    if not args.dry_run and not args.training_uri:
        raise CliError(
            "--training-uri gs://... is required to start a job (upload the --output file "
            "there first), or use --dry-run"
        )
    try:
        check_base_model(args.source_model, variable="--source-model")
    except GeminiConfigError as exc:
        raise CliError(str(exc)) from None


def _prepare_dataset(args: argparse.Namespace, out: TextIO) -> None:
    """Read, validate and (with --output) write the tuning dataset."""
    from ner.gemini import DatasetError, read_dataset, validate_examples, write_dataset

    try:
        examples = read_dataset(args.dataset)
        report = validate_examples(examples)
    except OSError as exc:
        raise CliError(f"cannot read {args.dataset}: {exc.strerror}") from None
    except DatasetError as exc:
        raise CliError(str(exc)) from None
    for warning in report.warnings:
        print(f"medner: warning: {args.dataset}: {warning}", file=sys.stderr)
    print(f"dataset: {report.examples} examples, {report.entities} entities", file=out)
    if args.output is not None:
        write_dataset(examples, args.output)
        print(f"wrote {args.output}", file=out)


def _tune(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    from google.auth.exceptions import GoogleAuthError
    from google.genai import errors

    from ner.gemini import DatasetError, start_tuning, wait_for_job

    if not settings.vertex_project:
        raise CliError("set GOOGLE_CLOUD_PROJECT (and GOOGLE_CLOUD_LOCATION) to tune on Vertex AI")
    client = _vertex_client(settings)
    try:
        job = start_tuning(
            client,
            source_model=args.source_model,
            training_uri=args.training_uri,
            display_name=args.display_name,
            epochs=args.epochs,
            validation_uri=args.validation_uri,
        )
        print(f"started {job.name}", file=out)
        try:
            job = wait_for_job(
                client, job, poll_s=args.poll_interval, on_progress=_progress_printer(out)
            )
        except KeyboardInterrupt:
            print(f"\nstopped watching; the job goes on: {job.name}", file=sys.stderr)
            return 130
    except DatasetError as exc:
        raise CliError(str(exc)) from None
    except errors.APIError as exc:
        raise CliError(f"Vertex AI refused: {exc.code} {exc.status}: {exc.message}") from None
    except GoogleAuthError as exc:
        raise CliError(
            "no usable Google Cloud credentials (run `gcloud auth application-default login` "
            f"or set GOOGLE_APPLICATION_CREDENTIALS): {type(exc).__name__}"
        ) from None
    finally:
        client.close()
    return _report_outcome(job, out)


def _vertex_client(settings: Settings) -> genai.Client:
    from ner.gemini import GeminiConfig, vertex_client

    assert settings.vertex_project is not None
    # Creating and polling a job are single requests, but allowed more time than a chat answer.
    config = GeminiConfig(timeout_s=max(settings.gemini_timeout_s, 30.0), retry_attempts=3)
    return vertex_client(
        config,
        project=settings.vertex_project,
        location=settings.vertex_location,
        base_url=settings.vertex_base_url,
    )


def _progress_printer(out: TextIO) -> Callable[[types.TuningJob, float], None]:
    """One line per state change; on a terminal, a single line that keeps the time current."""
    last: list[str] = []
    live = out.isatty()

    def show(job: types.TuningJob, elapsed_s: float) -> None:
        state = _state(job)
        minutes, seconds = divmod(int(elapsed_s), 60)
        line = f"[{minutes:3d}:{seconds:02d}] {state}"
        if live:
            print(f"\r{line}", end="" if not job.has_ended else "\n", file=out, flush=True)
        elif not last or last[-1] != state:
            print(line, file=out, flush=True)
        last.append(state)

    return show


def _report_outcome(job: types.TuningJob, out: TextIO) -> int:
    if not job.has_succeeded:
        detail = job.error.message if job.error is not None and job.error.message else ""
        raise CliError(
            f"tuning job {job.name} ended {_state(job)}{': ' + detail if detail else ''}"
        )
    endpoint = job.tuned_model.endpoint if job.tuned_model is not None else None
    if not endpoint:
        raise CliError(f"tuning job {job.name} succeeded but reported no endpoint")
    print(f"tuned model: {job.tuned_model.model if job.tuned_model else '?'}", file=out)
    print(f"endpoint: {endpoint}", file=out)
    print(f"configure it with:\n  MEDNER_TUNED_ENDPOINT={endpoint}", file=out)
    return 0


def _state(job: types.TuningJob) -> str:
    return job.state.value if job.state is not None else "JOB_STATE_UNSPECIFIED"
