"""bot/outbox_json.py: chart data as the outbox stores it and the sender reads it back."""

from __future__ import annotations

import dataclasses
import json

from bot.core.types import ChartData
from bot.outbox_json import chart_from_json, chart_to_json

CHART = ChartData(
    quantities=(100, 250, 499, 500),
    total_cost=(1200.5, 1100.25, 990.0, 980.75),
    unit_cost=(1.2, 1.1, 0.99, 0.98),
    tier_breaks=(500,),
    moq=100,
    budget_limit=480,
    recommended=499,
    currency="EUR",
    title="Order 499 at a time",
)


def test_a_chart_comes_back_from_its_json_as_it_was() -> None:
    stored = json.loads(json.dumps(chart_to_json(CHART)))
    assert chart_from_json(stored) == CHART


def test_a_charts_json_is_what_asdict_gave() -> None:
    assert json.dumps(chart_to_json(CHART)) == json.dumps(dataclasses.asdict(CHART))
