"""The cost chart renders a phone-sized PNG from core ChartData, without pyplot state."""

from __future__ import annotations

import struct
import sys
from decimal import Decimal
from typing import Any

import pytest

from bot.chart import _money, render_png
from bot.core.advice.economics import recommend
from bot.core.types import ChartData, Demand, Discount, Period, PriceTier, Stage, Terms
from bot.core.understanding.money import format_money

THREE_TIERS = (
    PriceTier(0, Decimal("5.00")),
    PriceTier(1000, Decimal("4.80")),
    PriceTier(2000, Decimal("4.75")),
)


def png_size(data: bytes) -> tuple[int, int]:
    """Returns (width, height) from a PNG's IHDR chunk."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def three_tier_chart(**demand: Any) -> ChartData:
    """Returns the chart data of the Heizer & Render three-tier example with an MOQ."""
    terms = Terms(THREE_TIERS, moq=500, order_cost=Decimal(49), currency="EUR")
    fields: dict[str, Any] = {"holding_rate": Decimal("0.2")} | demand
    rec = recommend(terms, Demand(5000, Period.YEAR, **fields))
    assert rec.chart is not None
    return rec.chart


def test_three_tier_chart_is_a_phone_sized_png() -> None:
    """About 1,080 px wide: full width on a phone, taller than wide."""
    width, height = png_size(render_png(three_tier_chart(budget=Decimal(9000))))
    assert 900 <= width <= 1400
    assert height >= width


def test_chart_renders_every_marker_kind() -> None:
    """Breaks, MOQ, budget and shelf-life limits, a one-off and incremental data all render."""
    charts = [
        three_tier_chart(budget=Decimal(9000), shelf_life_months=Decimal(4)),
        three_tier_chart(stage=Stage.IDEA),
        recommend(
            Terms(THREE_TIERS, discount=Discount.INCREMENTAL), Demand(990, Period.ONCE)
        ).chart,
        recommend(Terms((PriceTier(1, Decimal("0.04")),)), Demand(3, Period.WEEK)).chart,
    ]
    for chart in charts:
        assert chart is not None
        assert len(render_png(chart)) > 10_000


def test_renders_differ_when_the_data_differs() -> None:
    """The picture depends on the data (a budget limit adds a hatched band)."""
    assert render_png(three_tier_chart()) != render_png(three_tier_chart(budget=Decimal(6000)))


def test_rendering_leaves_pyplot_untouched() -> None:
    """No global figure state: pyplot is never imported by the chart module."""
    render_png(three_tier_chart())
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None:  # another test imported it; then it must hold no figures of ours
        assert not pyplot.get_fignums()


def test_empty_chart_data_is_refused() -> None:
    """An empty series is a programming error, reported as ValueError."""
    with pytest.raises(ValueError, match="no series"):
        render_png(ChartData(quantities=(), total_cost=(), unit_cost=()))


@pytest.mark.parametrize(
    ("value", "currency", "label"),
    [(1200.0, "CHF", "CHF 1,200"), (24725.0, "EUR", "€24,725"), (12.5, "NZD", "NZD 12.50")],
)
def test_the_charts_amounts_read_as_the_answers_text_writes_them(
    value: float, currency: str, label: str
) -> None:
    assert _money(value, currency) == label
    places = 0 if value >= 100 else 2
    assert format_money(Decimal(str(value)), currency, places) == label
