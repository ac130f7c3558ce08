"""Application wiring: settings, the conversation service, the Telegram application, the CLI."""
