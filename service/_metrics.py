"""Prometheus metrics, served at /metrics in webhook mode.

A registry of our own (not the global default) so that several applications in one process,
as in the tests, never clash over metric names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

_LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)


@dataclass
class Metrics:
    """The bot's counters and histograms."""

    registry: CollectorRegistry = field(default_factory=CollectorRegistry)

    def __post_init__(self) -> None:
        self.updates = Counter(
            "medner_updates_total", "Telegram updates received", ["kind"], registry=self.registry
        )
        self.replies = Counter(
            "medner_replies_total", "Analyses answered to users", registry=self.registry
        )
        self.engine_latency = Histogram(
            "medner_engine_latency_seconds",
            "Time for an engine (with fallback) to produce entities",
            ["engine"],
            buckets=_LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.fallbacks = Counter(
            "medner_engine_fallbacks_total",
            "Answers produced by the offline engine because the chosen engine failed",
            ["engine"],
            registry=self.registry,
        )
        self.errors = Counter(
            "medner_errors_total",
            "Unexpected errors reaching the error handler",
            registry=self.registry,
        )

    def exposition(self) -> tuple[bytes, str]:
        """The text format Prometheus scrapes, and its content type."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
