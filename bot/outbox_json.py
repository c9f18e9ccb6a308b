"""The JSON form of outbox messages: button rows and chart data, written by the assistant's
delivery (bot/delivery.py) and read back by the Telegram sender (bot/telegram/sender.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields
from typing import Any

from bot.core.types import Button, ChartData


def buttons_to_json(rows: Sequence[Sequence[Button]]) -> list[list[dict[str, Any]]]:
    """Returns button rows as JSON (the sender turns them into an inline keyboard)."""
    return [
        [{"label": b.label, "action": b.action, "arg": b.arg, "url": b.url} for b in row]
        for row in rows
    ]


def buttons_from_json(rows: Sequence[Sequence[dict[str, Any]]]) -> tuple[tuple[Button, ...], ...]:
    """Returns the button rows stored by `buttons_to_json`."""
    return tuple(
        tuple(
            Button(str(b["label"]), str(b["action"]), str(b.get("arg") or ""), b.get("url"))
            for b in row
        )
        for row in rows
    )


def chart_to_json(chart: ChartData) -> dict[str, Any]:
    """Returns a chart's data as JSON: charts are drawn by the sender, again after a restart."""
    # Every field is a number, a string or a tuple of numbers, so a shallow copy is a whole
    # one (asdict deep-copied each of a chart's ~1,000 points, one by one).
    return {field.name: getattr(chart, field.name) for field in fields(chart)}


def chart_from_json(data: dict[str, Any]) -> ChartData:
    """Returns the ChartData stored by `chart_to_json`."""
    tuples = ("quantities", "total_cost", "unit_cost", "tier_breaks")
    fields: dict[str, Any] = {k: tuple(v) if k in tuples else v for k, v in data.items()}
    return ChartData(**fields)


__all__ = ["buttons_from_json", "buttons_to_json", "chart_from_json", "chart_to_json"]
