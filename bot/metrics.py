"""A few process counters in Prometheus' text exposition format (version 0.0.4).

Four series do not justify a dependency every instance and every helper's environment must
install: the format is a handful of lines (https://prometheus.io/docs/instrumenting/exposition_formats/).
Values are per process; Prometheus sums instances.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Seconds: a turn is tens of milliseconds; a chart or a slow database takes seconds.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


def _number(value: float) -> str:
    """Returns a sample value as Prometheus writes it."""
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return repr(float(value)) if not float(value).is_integer() else str(int(value))


@dataclass
class Counter:
    """A value that only goes up."""

    name: str
    help: str
    value: float = 0.0

    def inc(self, amount: float = 1.0) -> None:
        """Adds to the counter (never a negative amount)."""
        if amount < 0:
            raise ValueError("a counter only goes up")
        self.value += amount

    def render(self) -> list[str]:
        """Returns the exposition lines."""
        return [
            f"# HELP {self.name} {self.help}",
            f"# TYPE {self.name} counter",
            f"{self.name} {_number(self.value)}",
        ]


@dataclass
class Histogram:
    """Observations counted in cumulative buckets, with their sum and count."""

    name: str
    help: str
    buckets: Sequence[float] = LATENCY_BUCKETS
    counts: list[int] = field(default_factory=list)
    total: float = 0.0
    count: int = 0

    def __post_init__(self) -> None:
        self.counts = [0] * len(self.buckets)

    def observe(self, value: float) -> None:
        """Records one observation."""
        index = bisect.bisect_left(self.buckets, value)
        if index < len(self.counts):
            self.counts[index] += 1
        self.total += value
        self.count += 1

    def render(self) -> list[str]:
        """Returns the exposition lines (buckets cumulative, as the format wants)."""
        out = [f"# HELP {self.name} {self.help}", f"# TYPE {self.name} histogram"]
        running = 0
        for bound, number in zip(self.buckets, self.counts, strict=True):
            running += number
            out.append(f'{self.name}_bucket{{le="{_number(bound)}"}} {running}')
        out.append(f'{self.name}_bucket{{le="+Inf"}} {self.count}')
        out.append(f"{self.name}_sum {_number(self.total)}")
        out.append(f"{self.name}_count {self.count}")
        return out


UPDATES = Counter("smallbatch_updates_total", "Telegram updates handled.")
REPLIES = Counter("smallbatch_replies_total", "Messages sent to Telegram chats.")
ERRORS = Counter("smallbatch_errors_total", "Unexpected errors (logged with a traceback).")
LATENCY = Histogram(
    "smallbatch_update_seconds", "Seconds to handle one update (replies stored or sent)."
)
ALL: tuple[Counter | Histogram, ...] = (UPDATES, REPLIES, ERRORS, LATENCY)


def render(metrics: Iterable[Counter | Histogram] = ALL) -> str:
    """Returns the metrics page."""
    return "".join(line + "\n" for metric in metrics for line in metric.render())


__all__ = [
    "ALL",
    "CONTENT_TYPE",
    "ERRORS",
    "LATENCY",
    "REPLIES",
    "UPDATES",
    "Counter",
    "Histogram",
    "render",
]
