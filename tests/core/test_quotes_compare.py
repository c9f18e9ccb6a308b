"""The quote comparison against hand-computed cases (figures worked out in the comments)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from bot.core.advice.currency import Rates, parse_ecb_csv
from bot.core.advice.quotes import Need, Quote, compare_quotes
from bot.core.types import Demand, InputError, Period, PriceTier, Stage
from bot.core.understanding.quotes import read_quote

D = Decimal
RATES = Rates(date(2024, 11, 25), {"USD": D("1.0495"), "GBP": D("0.83465")})


def quote(text: str, name: str = "quote") -> Quote:
    reading = read_quote(text)
    assert reading is not None
    return Quote.from_reading(reading, name)


def test_the_cheaper_unit_price_loses_on_landed_cost() -> None:
    # 1,000 a month = 12,000 a year, holding 25 %, own order cost $50, both at their MOQ 5,000.
    # A: landed 0.80 + 0.30 = 1.10, S = 50 + 150 = 200. EOQ sqrt(2*12000*200/(0.25*1.10)) = 4,178
    #    < 5,000, so 5,000: purchase 13,200 + ordering 480 + holding 687.50 = 14,367.50.
    # B: 0.95, S = 50: purchase 11,400 + ordering 120 + holding 593.75 = 12,113.75.
    a = quote("Alpha: 5000 @ $0.80, shipping $0.30 per unit, setup $150")
    b = quote("Beta: 5000 @ $0.95, free shipping, no setup fee")
    need = Need(Demand(1000, Period.MONTH), "USD")
    result = compare_quotes([a, b], need)
    alpha, beta = result.results
    assert alpha.best.order_quantity == beta.best.order_quantity == 5000
    assert alpha.best.annual_cost.total == D("14367.50")
    assert beta.best.annual_cost.total == D("12113.75")
    assert alpha.landed_unit_cost == D("1.14")  # (5,500 goods + 200 per order) / 5,000
    assert beta.landed_unit_cost == D("0.96")
    assert result.best == 1
    assert "Beta wins" in result.explanation
    assert "unit price is lower" in result.explanation
    assert "$0.30 shipping a unit" in result.explanation


def test_a_quote_in_another_currency_is_converted_at_the_dated_rate() -> None:
    # $1.0495 a unit at 1.0495 USD per euro is exactly €1.00: 1,000 once = €1,000 spend.
    us = quote("Gamma: 1000 @ $1.0495")
    need = Need(Demand(1000, Period.ONCE), "EUR", order_cost=D(0))
    result = compare_quotes([us], need, RATES)
    only = result.results[0]
    assert only.converted.tiers[0].unit_price == D(1)
    assert only.best.annual_cost.total == D("1000.00")
    assert only.conversion is not None
    assert only.conversion.describe() == "1 USD = 0.9528 EUR (ECB, 25 November 2024)"
    assert "converted at 1 USD = 0.9528 EUR (ECB, 25 November 2024)" in result.explanation
    assert result.rates is RATES


def test_a_cross_rate_goes_through_the_euro() -> None:
    # GBP per USD = 0.83465 / 1.0495 = 0.795283...
    rate = RATES.rate("USD", "GBP")
    assert rate is not None
    assert rate.quantize(D("0.000001")) == D("0.795283")


def test_a_currency_with_no_rate_is_refused_not_converted() -> None:
    chf = quote("Delta: 1000 @ CHF 1.20")
    with pytest.raises(InputError) as error:
        compare_quotes([chf], Need(Demand(100, Period.MONTH), "EUR"), RATES)
    assert error.value.field == "quote 1"
    assert "no rate from CHF to EUR in the rates of 25 November 2024" in error.value.reason


def test_tooling_breaks_even_after_the_hand_computed_units_and_months() -> None:
    # Own order cost 0, so each orders its first tier (1,000). Per unit landed: 2.00 against
    # 1.50, a saving of 0.50; 3,000 tooling / 0.50 = 6,000 units = 12 months at 500 a month.
    per_piece = quote("Cut: 1000 @ €2.00, no setup fee")
    moulded = quote("Mould: 1000 @ €1.50, mould €3,000")
    result = compare_quotes(
        [per_piece, moulded], Need(Demand(500, Period.MONTH), "EUR", order_cost=D(0))
    )
    (even,) = result.break_evens
    assert (even.tooling_quote, even.against) == (1, 0)
    assert even.units == 6000
    assert even.months == D("12.0")
    assert "after 6,000 units" in even.sentence
    # First year: Cut 12,000 + 250 holding = 12,250; Mould 9,000 + 187.50 + 3,000 = 12,187.50.
    assert result.results[0].first_year == D("12250.00")
    assert result.results[1].first_year == D("12187.50")
    assert result.best == 1
    # The tooling is one-off: not in the yearly cost.
    assert result.results[1].best.annual_cost.total == D("9187.50")


def test_an_moq_beyond_the_shelf_life_does_not_fit_and_the_small_run_wins() -> None:
    # 100 a month with 6 months' shelf life: at most 600 units an order; the MOQ is 1,000.
    big = quote("Bulk: MOQ 1000, 1000 @ €1.00")
    small = quote("Small: 100 @ €1.60")
    need = Need(Demand(100, Period.MONTH, shelf_life_months=D(6)), "EUR")
    result = compare_quotes([big, small], need)
    assert not result.results[0].best.feasible
    assert "shelf life" in (result.results[0].best.infeasible_reason or "")
    assert result.results[1].best.feasible
    assert result.best == 1
    moq = next(d for d in result.decisions if d.kind == "moq")
    assert any("Bulk's minimum is 1,000" in s and "10 months" in s for s in moq.sentences)
    assert any(s.startswith("Small takes") for s in moq.sentences)


def test_a_one_off_over_budget_is_marked_infeasible_with_the_reason() -> None:
    # 500 once at €1.00 with no own order cost needs €500; the budget is €400.
    only = quote("Epsilon: 500 @ €1.00")
    need = Need(Demand(500, Period.ONCE, budget=D(400)), "EUR", order_cost=D(0))
    result = compare_quotes([only], need)
    best = result.results[0].best
    assert not best.feasible
    assert best.cash_per_order == D("500.00")
    assert "over the budget of €400" in (best.infeasible_reason or "")
    assert result.explanation.startswith("No quote fits your need")


def test_the_bigger_tier_decision_weighs_saving_against_cash_and_stock() -> None:
    # 100 a month, order cost 0: the free optimum is the first tier, 500 (5 months).
    tiers = quote("Zeta: 500 @ €2.00, 2000 @ €1.80")
    need = Need(Demand(100, Period.MONTH, stage=Stage.LAUNCH), "EUR", order_cost=D(0))
    result = compare_quotes([tiers], need)
    assert result.results[0].best.order_quantity == 500
    (decision,) = [d for d in result.decisions if d.kind == "bigger_tier"]
    first = decision.sentences[0]
    # 2,000 at 1.80: 3,600 cash against 1,000 (+2,600), 20 months of cover against 5 (+15).
    assert "The 2,000 tier (€1.80 a unit)" in first
    assert "€2,600 more cash an order" in first
    assert "15 more months of stock" in first
    # Launch: 20 % a year on half the extra stock value: 0.20 * 2,600 / 2 = €260.
    assert "€260 a year of write-off risk" in decision.sentences[1]


def test_missing_fields_are_named() -> None:
    bare = quote("Eta: 1000 @ $0.50")
    assert bare.missing() == (
        "moq",
        "setup_fee",
        "tooling_fee",
        "shipping_per_order",
        "shipping_per_unit",
        "lead_time_days",
    )


def test_a_quote_with_no_price_is_refused_by_name() -> None:
    no_price = Quote("Theta", "EUR", ())
    with pytest.raises(InputError) as error:
        compare_quotes([no_price], Need(Demand(10, Period.MONTH), "EUR"))
    assert "Theta: no unit price read" in error.value.reason


def test_the_shipped_rates_file_is_the_ecb_format_with_its_date() -> None:
    from pathlib import Path

    text = (Path(__file__).parents[2] / "knowledge" / "rates" / "eurofxref.csv").read_text()
    rates = parse_ecb_csv(text)
    assert rates.on == date(2026, 2, 20)
    assert rates.per_euro["USD"] == D("1.1767")
    assert len(rates.per_euro) == 29
    # Bulgaria adopted the euro on 1 January 2026: the lev has no rate of its own any more.
    assert not rates.knows("BGN")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "expected a header row"),
        ("Day, USD\n1 May 2024, 1.1", "the first column must be 'Date'"),
        ("Date, USD\nyesterday, 1.1", "is not a date"),
        ("Date, USD\n25 November 2024, -1", "is not a rate"),
        ("Date, usd1\n25 November 2024, 1", "is not a currency code"),
    ],
)
def test_a_bad_rates_file_gets_a_clear_reason(text: str, reason: str) -> None:
    with pytest.raises(InputError) as error:
        parse_ecb_csv(text)
    assert reason in error.value.reason


def test_the_chart_has_one_curve_per_quote_and_the_need() -> None:
    a = quote("A: 100 @ €2.00, 500 @ €1.50")
    b = quote("B: 50 @ €2.20")
    result = compare_quotes([a, b], Need(Demand(200, Period.MONTH), "EUR"))
    assert [c.label for c in result.chart.curves] == ["A", "B"]
    assert result.chart.need == 200
    assert all(len(c.quantities) == len(c.unit_cost) > 10 for c in result.chart.curves)
    assert PriceTier(500, D("1.50")) in result.results[0].converted.tiers


def test_the_request_asks_for_prices_where_the_decision_turns() -> None:
    # Need 300 a month; A's order and its next break, B's minimum: every supplier is asked there.
    a = quote("A: 100 @ €2.00, 500 @ €1.50, 2000 @ €1.20")
    b = quote("B: 1000 @ €1.10")
    result = compare_quotes([a, b], Need(Demand(300, Period.MONTH), "EUR"))
    a_order = result.results[0].best.order_quantity
    assert 300 in result.quote_at
    assert 1000 in result.quote_at
    assert a_order in result.quote_at
    assert result.results[1].best.order_quantity in result.quote_at
    assert len(result.quote_at) <= 5
    # Below the largest tier, the next break above the order is asked too.
    near = compare_quotes(
        [quote("C: 100 @ €2.00, 5000 @ €1.90")], Need(Demand(50, Period.MONTH), "EUR")
    )
    assert near.results[0].best.order_quantity < 5000
    assert 5000 in near.quote_at


def test_the_saving_behind_a_break_even_is_said_to_the_cent() -> None:
    # 3D printing at $4.50 against a $7,000 mould then $0.60: the landed saving is computed
    # (order cost spread over the order), so its 4th decimal is arithmetic, not a price.
    printed = quote("Printed: 1 @ $4.50, no setup fee")
    moulded = quote("Moulded: 1 @ $0.60, mould $7,000")
    result = compare_quotes([printed, moulded], Need(Demand(347, Period.MONTH), "USD"))
    (even,) = result.break_evens
    saving = re.search(r"\(\$(\d+\.\d+) less a unit landed\)", even.sentence)
    assert saving is not None, even.sentence
    assert len(saving.group(1).split(".")[1]) == 2
