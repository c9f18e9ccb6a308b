"""Rates as founders write them: "units per month", one occasion times the occasions in a year,
and a quarter's budget per month in whole units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period
from bot.core.understanding.message import understand
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity", "period"),
    [
        ("we need around 2,000 units per month", 2000, Period.MONTH),
        ("need 300 pcs per week for our café", 300, Period.WEEK),
        ("kraft pouches, 5,000 pcs per quarter", 1667, Period.MONTH),
        ("merino jumpers, 120 pieces per season, 2 seasons a year", 240, Period.YEAR),
    ],
)
def test_units_per_a_period_are_a_rate_not_a_pack_size(
    text: str, quantity: int, period: Period
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period)


def test_pieces_per_box_stay_a_pack_size() -> None:
    parsed = parse("mailer boxes, 24 pcs per box, we need 500 boxes a month")
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (500, Period.MONTH)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("need 3,000 custom labels per batch, 4 batches a year", 12000),
        ("150 bikinis per collection, 2 collections a year", 300),
        ("500 Taschen pro Kollektion, zwei Kollektionen im Jahr", 1000),
        ("200 bouteilles par commande, 6 commandes par an", 1200),
    ],
)
def test_one_occasions_need_times_the_occasions_a_year_is_a_yearly_need(
    text: str, quantity: int
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, Period.YEAR)


def test_occasions_without_a_year_say_no_rate() -> None:
    parsed = parse("200 candles per batch, 2 batches to start")
    assert parsed.quantity is not None
    assert parsed.quantity.period is None


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("phone cases, budget 8 000 zł a quarter", Decimal(2667)),  # 2,666.67: whole złoty
        ("labels, budget 300 € a quarter", Decimal(100)),
        ("stickers, budget €50 a quarter", Decimal("16.67")),  # a small budget keeps its cents
    ],
)
def test_a_quarters_budget_is_a_monthly_one_rounded_as_founders_would(
    text: str, budget: Decimal
) -> None:
    parsed = parse(text)
    assert parsed.budget is not None
    assert (parsed.budget.amount, parsed.budget.period) == (budget, Period.MONTH)


@pytest.mark.parametrize(
    ("text", "quantity", "period"),
    [
        ("we need 300 jars per day", 2100, Period.WEEK),
        ("brauchen 40 Brote täglich", 280, Period.WEEK),
        ("300 jars every 10 days", 210, Period.WEEK),
        ("brauchen 300 Gläser alle 14 Tage", 150, Period.WEEK),
        ("il nous faut 300 pots tous les 15 jours", 150, Period.WEEK),  # a fortnight
        ("necesitamos 300 frascos quincenales", 150, Period.WEEK),
        ("necesitamos 300 frascos cada 30 días", 300, Period.MONTH),
    ],
)
def test_a_rate_in_days_is_a_weekly_or_monthly_one(
    text: str, quantity: int, period: Period
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period)


def test_a_delivery_in_days_is_a_deadline_not_a_rate() -> None:
    parsed = parse("need 300 jars, delivery within 10 days")
    assert parsed.quantity is not None
    assert parsed.quantity.period is None
    assert parsed.deadline_days == 10


def test_a_budget_in_total_is_per_order() -> None:
    reading = understand("need 300 mugs a month, $1,000 total per order")
    assert (reading.budget, reading.budget_period) == (Decimal(1000), None)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Budget mensuel : 800 €, 1000 pots par mois", Period.MONTH),
        ("Annual packaging budget: $24k. 2000 boxes a year", Period.YEAR),
        ("Jahresbudget 5.000 € für 3000 Etiketten", Period.YEAR),
        ("presupuesto anual de 3.000 € para 500 cajas", Period.YEAR),
        ("our monthly budget is USD 900", Period.MONTH),
        ("we need 300 mugs monthly, budget $800", None),  # the need's period, not the budget's
    ],
)
def test_the_period_named_with_the_budget_word_is_the_budgets(
    text: str, period: Period | None
) -> None:
    parsed = parse(text)
    assert parsed.budget is not None
    assert parsed.budget.period is period
