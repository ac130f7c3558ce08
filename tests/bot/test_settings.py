"""Settings refuse at start-up what would only fail later, in one line naming the variable."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot._config import Settings, SettingsError, load_settings

_PREFIXES = ("MEDNER_", "TELEGRAM_", "GEMINI_", "GOOGLE_")


@pytest.fixture(autouse=True)
def no_host_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only what each test sets: no exported variable, no .env of the developer's."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


def refusal(**values: object) -> str:
    with pytest.raises(SettingsError) as caught:
        load_settings(**values)
    return str(caught.value)


@pytest.mark.parametrize(
    "secret",
    ["has space", "semi;colon", "x" * 257, "ünïcode", "a/b", "tab\there", ""],
)
def test_a_webhook_secret_telegram_would_refuse_is_refused_at_start(secret: str) -> None:
    message = refusal(MEDNER_WEBHOOK_SECRET=secret)
    assert message.startswith("Setting MEDNER_WEBHOOK_SECRET is invalid")
    assert "A-Z a-z 0-9 _ -" in message and "\n" not in message
    if secret.strip():
        assert secret not in message


@pytest.mark.parametrize("secret", ["a", "x" * 256, "Abc_123-xyz", "deploy-test-secret"])
def test_a_webhook_secret_telegram_accepts_is_kept(secret: str) -> None:
    settings = load_settings(MEDNER_WEBHOOK_SECRET=secret)
    assert settings.webhook_secret is not None
    assert settings.webhook_secret.get_secret_value() == secret


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_BOT_TOKEN", "'123456:ABC-def'"),
        ("TELEGRAM_BOT_TOKEN", '"123456:ABC-def"'),
        ("MEDNER_WEBHOOK_SECRET", '"s3cret"'),
        ("GEMINI_API_KEY", "'AIza-key'"),
        ("MEDNER_DATABASE_URL", "'postgresql://medner:pw@db/medner'"),
    ],
)
def test_a_value_that_still_carries_quotes_is_refused(variable: str, value: str) -> None:
    """What ``docker run --env-file`` passes for ``NAME='value'`` in a .env file."""
    message = refusal(**{variable: value})
    assert variable in message and "quotes" in message
    assert value.strip("'\"") not in message


def test_quotes_in_a_dotenv_file_are_stripped_by_medner_itself() -> None:
    """``medner run`` reads .env like a shell (quotes removed): the same file works unquoted
    with docker and either way here."""
    Path(".env").write_text("TELEGRAM_BOT_TOKEN='123456:ABC-def'\nMEDNER_WEBHOOK_SECRET=abc\n")
    settings = Settings()
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123456:ABC-def"


def test_a_token_with_spaces_around_it_is_refused() -> None:
    assert "spaces" in refusal(TELEGRAM_BOT_TOKEN=" 123456:ABC-def ")


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("TELEGRAM_API_BASE_URL", "http://[::1/bot"),
        ("TELEGRAM_API_BASE_URL", "http://127.0.0.1:99999/bot"),
        ("TELEGRAM_API_BASE_URL", "http:///bot"),
        ("MEDNER_WEBHOOK_URL", "https://[bot.example.org/telegram"),
        ("GOOGLE_GEMINI_BASE_URL", "http://host:port/"),
    ],
)
def test_a_malformed_url_is_refused_naming_the_variable(variable: str, value: str) -> None:
    message = refusal(**{variable: value})
    assert message.startswith(f"Setting {variable} is invalid") and "URL" in message


def test_the_secrets_are_every_configured_secret_value() -> None:
    settings = load_settings(
        TELEGRAM_BOT_TOKEN="123456:token-value",
        GEMINI_API_KEY="gemini-key-value",
        MEDNER_WEBHOOK_SECRET="webhook-secret",
        MEDNER_DATABASE_URL="postgresql://medner:db-password@db:5432/medner",
    )
    assert set(settings.secrets) == {
        "123456:token-value",
        "gemini-key-value",
        "webhook-secret",
        "db-password",
    }


def test_the_database_pool_size_defaults_to_ten_and_needs_two() -> None:
    """MEDNER_DB_POOL_SIZE bounds a replica's PostgreSQL connections (issue 13, item 2): one
    lock connection and at least one for statements."""
    assert load_settings().db_pool_size == 10
    assert load_settings(MEDNER_DB_POOL_SIZE="4").db_pool_size == 4
    assert "MEDNER_DB_POOL_SIZE" in refusal(MEDNER_DB_POOL_SIZE="1")
