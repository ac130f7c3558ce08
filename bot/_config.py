"""One typed Settings object, built once at start-up from the environment and ``.env``."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

TELEGRAM_API = "https://api.telegram.org/bot"

WEBHOOK_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")
"""What Telegram accepts as a webhook's secret_token (setWebhook): 1-256 of A-Z a-z 0-9 _ -."""

_QUOTES = "\"'"


class SettingsError(Exception):
    """A setting is missing or malformed; the message names the variable, for one clear line."""


class Settings(BaseSettings):
    """Everything configurable about the bot. Secrets are SecretStr: never printed or logged."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    # Telegram
    telegram_bot_token: SecretStr | None = Field(default=None, alias="TELEGRAM_BOT_TOKEN")
    telegram_api_base_url: str = Field(default=TELEGRAM_API, alias="TELEGRAM_API_BASE_URL")
    webhook_url: str | None = Field(default=None, alias="MEDNER_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(default=None, alias="MEDNER_WEBHOOK_SECRET")
    webhook_listen: str = Field(default="0.0.0.0", alias="MEDNER_WEBHOOK_LISTEN")
    webhook_port: int = Field(default=8443, ge=1, le=65535, alias="MEDNER_WEBHOOK_PORT")
    webhook_path: str = Field(default="telegram", alias="MEDNER_WEBHOOK_PATH")
    health_port: int | None = Field(default=None, ge=1, le=65535, alias="MEDNER_HEALTH_PORT")

    # Storage
    db_path: Path = Field(default=Path("medner.sqlite3"), alias="MEDNER_DB_PATH")
    database_url: str | None = Field(default=None, alias="MEDNER_DATABASE_URL")
    # PostgreSQL connections per process, the user-lock connection included. Every replica
    # opens up to this many: replicas x MEDNER_DB_POOL_SIZE must stay under the server's
    # max_connections minus what it reserves and what other clients use.
    db_pool_size: int = Field(default=10, ge=2, le=500, alias="MEDNER_DB_POOL_SIZE")
    retention_days: int | None = Field(default=None, ge=1, alias="MEDNER_RETENTION_DAYS")
    cache_dir: Path | None = Field(default=None, alias="MEDNER_CACHE_DIR")
    # Offline engine's sequence taggers: comma-separated names from ner/data/models.json, "all"
    # or "none"; unset = the shipped defaults (see ner/data/SOURCES.md for each one's licence).
    offline_models: Annotated[tuple[str, ...] | None, NoDecode] = Field(
        default=None, alias="MEDNER_OFFLINE_MODELS"
    )

    # Behaviour
    default_engine: Literal["local", "gemini"] = Field(
        default="local", alias="MEDNER_DEFAULT_ENGINE"
    )
    rate_limit_per_minute: int = Field(default=30, ge=0, alias="MEDNER_RATE_LIMIT")
    # Requests/s to the Bot API for the whole bot (PTB's AIORateLimiter); 0 = no overall cap.
    # Telegram's documented broadcast limit is about 30/s; raise it only with paid broadcasts.
    telegram_max_rate: int = Field(default=30, ge=0, alias="MEDNER_TELEGRAM_MAX_RATE")
    allowed_ids: Annotated[frozenset[int], NoDecode] = Field(
        default=frozenset(), alias="MEDNER_ALLOWED_IDS"
    )
    history_window: int = Field(default=20, ge=0, le=500, alias="MEDNER_HISTORY_WINDOW")
    log_format: Literal["text", "json"] = Field(default="text", alias="MEDNER_LOG_FORMAT")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", alias="MEDNER_LOG_LEVEL"
    )

    # Gemini (names as the google-genai SDK reads them)
    gemini_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("GOOGLE_API_KEY", "GEMINI_API_KEY")
    )
    gemini_base_url: str | None = Field(default=None, alias="GOOGLE_GEMINI_BASE_URL")
    gemini_model: str = Field(default="gemini-3.8-flash", alias="MEDNER_GEMINI_MODEL")
    gemini_extra_models: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(), alias="MEDNER_GEMINI_EXTRA_MODELS"
    )
    gemini_timeout_s: float = Field(default=8.0, gt=0, alias="MEDNER_GEMINI_TIMEOUT")
    gemini_demonstration_turns: int = Field(
        default=4, ge=0, le=100, alias="MEDNER_GEMINI_DEMONSTRATION_TURNS"
    )
    # How much Gemini thinks before answering: a level for Gemini 3.x, a token budget for 2.5.
    gemini_thinking: Literal["minimal", "low", "medium", "high"] = Field(
        default="low", alias="MEDNER_GEMINI_THINKING"
    )
    # Sampling: sent only when set (Gemini 3 models are tuned for their own defaults).
    gemini_temperature: float | None = Field(
        default=None, ge=0, le=2, alias="MEDNER_GEMINI_TEMPERATURE"
    )
    gemini_top_p: float | None = Field(default=None, ge=0, le=1, alias="MEDNER_GEMINI_TOP_P")
    gemini_top_k: int | None = Field(default=None, ge=1, alias="MEDNER_GEMINI_TOP_K")
    gemini_media_timeout_s: float = Field(default=30.0, gt=0, alias="MEDNER_GEMINI_MEDIA_TIMEOUT")

    # Photos offline: the tesseract program (Debian tesseract-ocr), its languages, a time limit.
    tesseract_command: str = Field(default="tesseract", alias="MEDNER_TESSERACT_CMD")
    ocr_languages: str = Field(
        default="eng", pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$", alias="MEDNER_OCR_LANGUAGES"
    )
    ocr_timeout_s: float = Field(default=30.0, gt=0, alias="MEDNER_OCR_TIMEOUT")
    vertex_project: str | None = Field(default=None, alias="GOOGLE_CLOUD_PROJECT")
    vertex_location: str = Field(default="us-central1", alias="GOOGLE_CLOUD_LOCATION")
    tuned_endpoint: str | None = Field(default=None, alias="MEDNER_TUNED_ENDPOINT")
    vertex_base_url: str | None = Field(default=None, alias="GOOGLE_VERTEX_BASE_URL")

    @field_validator("gemini_thinking", mode="before")
    @classmethod
    def _lower_case(cls, value: object) -> object:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("allowed_ids", mode="before")
    @classmethod
    def _parse_ids(cls, value: object) -> object:
        if isinstance(value, str):
            parts = [p for p in value.replace(";", ",").replace(" ", ",").split(",") if p]
            return frozenset(int(p) for p in parts)
        return value

    @field_validator("gemini_extra_models", mode="before")
    @classmethod
    def _parse_models(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(p.strip() for p in value.split(",") if p.strip())
        return value

    @field_validator("offline_models", mode="before")
    @classmethod
    def _parse_offline_models(cls, value: object) -> object:
        if isinstance(value, str):
            names = tuple(p.strip().lower() for p in value.split(",") if p.strip())
            return names or None
        return value

    @field_validator(
        "telegram_bot_token", "webhook_secret", "gemini_api_key", "database_url", mode="before"
    )
    @classmethod
    def _not_quoted(cls, value: object) -> object:
        """A value still wrapped in quotes came from a .env file read by ``docker run
        --env-file`` or compose, which keep quotes as part of the value (``medner run`` strips
        them): refused, so that the same file cannot work in one place and not the other."""
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(raw, str) and raw and (raw[0] in _QUOTES or raw[-1] in _QUOTES):
            raise ValueError(
                "is wrapped in quotes; write it without quotes in .env "
                "(docker --env-file and compose keep them as part of the value)"
            )
        if isinstance(raw, str) and raw != raw.strip():
            raise ValueError("has spaces around it; remove them")
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _secret_telegram_accepts(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not WEBHOOK_SECRET.fullmatch(value.get_secret_value()):
            raise ValueError(
                "Telegram accepts only 1-256 characters of A-Z a-z 0-9 _ - "
                "(for example the output of: openssl rand -hex 32)"
            )
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _base_url_is_http(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return _well_formed_url(value)

    @field_validator("webhook_url", "gemini_base_url", "vertex_base_url")
    @classmethod
    def _url_is_well_formed(cls, value: str | None) -> str | None:
        return None if value is None else _well_formed_url(value)

    @property
    def storage_url(self) -> str:
        """The database URL: MEDNER_DATABASE_URL when set, else the SQLite file."""
        return self.database_url or f"sqlite:///{self.db_path}"

    @property
    def gemini_configured(self) -> bool:
        return self.gemini_api_key is not None or self.tuned_endpoint is not None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Every secret value configured, for the log redactor: the bot token, the Gemini key,
        the webhook secret and the database password."""
        values = [
            secret.get_secret_value()
            for secret in (self.telegram_bot_token, self.gemini_api_key, self.webhook_secret)
            if secret is not None
        ]
        if self.database_url:
            with contextlib.suppress(ValueError):
                values.append(urlsplit(self.database_url).password or "")
        return tuple(v for v in values if v)


def _well_formed_url(value: str) -> str:
    """``value`` if it parses as a URL with a host (and a valid port), else ValueError."""
    try:
        parts = urlsplit(value)
        _ = parts.port
    except ValueError as exc:
        raise ValueError(f"is not a valid URL ({exc})") from None
    if not parts.hostname:
        raise ValueError("is not a valid URL (no host)")
    return value


def _variable_name(loc: tuple[int | str, ...]) -> str:
    field_name = str(loc[0]) if loc else "?"
    field = Settings.model_fields.get(field_name)
    if field is not None and isinstance(field.alias, str):
        return field.alias
    if field is not None and isinstance(field.validation_alias, AliasChoices):
        return " / ".join(str(c) for c in field.validation_alias.choices)
    return field_name.upper()


def load_settings(**overrides: object) -> Settings:
    """Build Settings, turning a validation failure into one line that names the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = _variable_name(tuple(first["loc"]))
        raise SettingsError(f"Setting {name} is invalid: {first['msg']}") from None
