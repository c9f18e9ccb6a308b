"""Order-size economics: textbook examples reproduced exactly, then each constraint binding."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest

from bot.core.advice.economics import (
    DEFAULT_HOLDING_RATE,
    DEFAULT_ORDER_COST,
    STAGE_PREMIUM,
    compare,
    evaluate,
    parse_tiers_arg,
    recommend,
    terms_for,
)
from bot.core.types import (
    Binding,
    Demand,
    Discount,
    InputError,
    Period,
    PriceTier,
    Stage,
    Supplier,
    Terms,
)

D = Decimal


def tiers(*pairs: tuple[int, str]) -> tuple[PriceTier, ...]:
    """Builds price tiers from (min_qty, price) pairs."""
    return tuple(PriceTier(q, D(p)) for q, p in pairs)


# Heizer & Render, Operations Management, quantity-discount example (Chris Beehner Company /
# Brown's / Wohl's Discount Store in other editions): D = 5,000, S = $49, I = 20 %,
# 0-999 at $5.00, 1,000-1,999 at $4.80, 2,000+ at $4.75 -> order 1,000, total $24,725 a year.
BEEHNER = tiers((0, "5.00"), (1000, "4.80"), (2000, "4.75"))
# Chopra & Meindl, Supply Chain Management, cycle-inventory chapter, "Drugs Online":
# 10,000 bottles a month, S = $100, h = 20 %, 0-5,000 at $3.00, 5,000-10,000 at $2.96,
# 10,000+ at $2.92.
DRUGS_ONLINE = tiers((0, "3.00"), (5000, "2.96"), (10000, "2.92"))


def beehner(**demand: Any) -> tuple[Terms, Demand]:
    """Returns the Heizer & Render quantity-discount case, with demand overrides."""
    terms = Terms(BEEHNER, order_cost=D(49), currency="USD")
    fields: dict[str, Any] = {"holding_rate": D("0.20")} | demand
    return terms, Demand(5000, Period.YEAR, **fields)


# --------------------------------------------------------------------------------------------
# Textbook examples
# --------------------------------------------------------------------------------------------


def test_classic_eoq_matches_heizer_render_q_200() -> None:
    """Heizer & Render's basic EOQ example: D = 1,000, S = $10, H = $0.50 -> Q* = 200.

    H = iC, so a $5.00 unit with i = 10 % gives H = $0.50. At Q* ordering and holding cost
    are equal: 1,000/200 x 10 = 50 and 200/2 x 0.50 = 50.
    """
    terms = Terms(tiers((1, "5.00")), order_cost=D(10))
    rec = recommend(terms, Demand(1000, Period.YEAR, holding_rate=D("0.10")))
    assert rec.best.order_quantity == 200
    assert rec.binding is Binding.EOQ
    assert rec.best.annual_cost.ordering == D("50.00")
    assert rec.best.annual_cost.holding == D("50.00")
    assert rec.best.orders_per_year == D("5.00")


def test_all_units_discount_matches_heizer_render_order_1000_for_24725() -> None:
    """Heizer & Render quantity-discount example: order 1,000; $24,725 a year.

    Tier EOQs: 700 at $5.00 (feasible, $25,700), 714 at $4.80 -> raised to the break 1,000
    ($24,725), 718 at $4.75 -> raised to 2,000 ($24,822.50).
    """
    terms, demand = beehner()
    rec = recommend(terms, demand)
    assert rec.best.order_quantity == 1000
    assert rec.binding is Binding.PRICE_BREAK
    assert rec.best.annual_cost.total == D("24725.00")
    by_quantity = {o.order_quantity: o.annual_cost.total for o in rec.options}
    assert by_quantity[700] == D("25700.00")
    assert by_quantity[2000] == D("24822.50")


def test_all_units_discount_matches_chopra_meindl_drugs_online_q_10000() -> None:
    """Chopra & Meindl, Drugs Online with all-units discounts: order 10,000.

    EOQ at $3.00 is 6,325 (above the tier: 5,000 at best), at $2.96 it is 6,367 (feasible,
    $358,969), at $2.92 it is 6,411 -> raised to 10,000: 350,400 + 1,200 + 2,920 = $354,520.
    """
    terms = Terms(DRUGS_ONLINE, order_cost=D(100))
    rec = recommend(terms, Demand(10000, Period.MONTH, holding_rate=D("0.20")))
    assert rec.best.order_quantity == 10000
    assert rec.binding is Binding.PRICE_BREAK
    assert rec.best.annual_cost.total == D("354520.00")
    assert any(o.order_quantity == 6367 for o in rec.options)


def test_incremental_discount_matches_chopra_meindl_q_16961() -> None:
    """Chopra & Meindl, Drugs Online with incremental discounts: order 16,961 (about $360,365).

    V1 = 3.00 x 5,000 = 15,000 and V2 = 15,000 + 2.96 x 5,000 = 29,800. Tier EOQs:
    sqrt(2 x 120,000 x 100 / 0.6) = 6,325 > 5,000; sqrt(2 x 120,000 x (100 + 15,000 - 14,800)
    / 0.592) = 11,028 > 10,000; sqrt(2 x 120,000 x (100 + 29,800 - 29,200) / 0.584) = 16,961.
    """
    terms = Terms(DRUGS_ONLINE, discount=Discount.INCREMENTAL, order_cost=D(100))
    rec = recommend(terms, Demand(10000, Period.MONTH, holding_rate=D("0.20")))
    assert rec.best.order_quantity == 16961
    assert rec.binding is Binding.EOQ
    q = 16961
    goods = 29800 + (q - 10000) * 2.92
    expected = 120000 / q * (100 + goods) + 0.2 * goods / 2
    assert math.isclose(float(rec.best.annual_cost.total), expected, abs_tol=0.01)
    assert round(expected) == 360365
    # The tier EOQs of the worked example, clamped to their tiers, are among the options.
    assert {5000, 10000} <= {o.order_quantity for o in rec.options}


@pytest.mark.parametrize(
    ("discount", "quantity"),
    [(Discount.ALL_UNITS, 10000), (Discount.INCREMENTAL, 16961)],
    ids=["all-units-10000", "incremental-16961"],
)
def test_all_units_and_incremental_answers_differ_as_in_chopra_meindl(
    discount: Discount, quantity: int
) -> None:
    """The same Drugs Online tiers give 10,000 under all-units and 16,961 under incremental."""
    terms = Terms(DRUGS_ONLINE, discount=discount, order_cost=D(100))
    rec = recommend(terms, Demand(120000, Period.YEAR, holding_rate=D("0.2")))
    assert rec.best.order_quantity == quantity


@pytest.mark.parametrize(
    ("yearly", "order_cost", "price", "rate", "expected"),
    [(1000, "10", "9.00", "0.10", 149), (10, "1", "10.00", "0.25", 3)],
    ids=["eoq-149.07-floor-wins", "eoq-2.83-ceiling-wins"],
)
def test_integer_answer_compares_floor_and_ceiling_of_the_eoq(
    yearly: int, order_cost: str, price: str, rate: str, expected: int
) -> None:
    """sqrt(2 x 1,000 x 10 / 0.9) = 149.07 -> 149; sqrt(2 x 10 x 1 / 2.5) = 2.83 -> 3.

    At 2.83: q = 2 costs 10/2 x 1 + 0.25 x 10 x 2/2 = 7.50, q = 3 costs 3.33 + 3.75 = 7.08.
    """
    terms = Terms(tiers((1, price)), order_cost=D(order_cost))
    demand = Demand(yearly, Period.YEAR, holding_rate=D(rate))
    rec = recommend(terms, demand)
    assert rec.best.order_quantity == expected
    below = evaluate(terms, demand, expected - 1).annual_cost.total
    above = evaluate(terms, demand, expected + 1).annual_cost.total
    assert rec.best.annual_cost.total < min(below, above)


# --------------------------------------------------------------------------------------------
# Constraints
# --------------------------------------------------------------------------------------------


def test_moq_above_the_eoq_binds() -> None:
    """EOQ 200 under an MOQ of 500: order 500, binding moq."""
    terms = Terms(tiers((1, "5.00")), moq=500, order_cost=D(10))
    rec = recommend(terms, Demand(1000, Period.YEAR, holding_rate=D("0.10")))
    assert rec.best.order_quantity == 500
    assert rec.binding is Binding.MOQ
    assert "minimum of 500" in rec.explanation


def test_moq_inside_a_tier_moves_the_answer_to_the_next_break() -> None:
    """Beehner with MOQ 1,500: 1,500 at $4.80 costs $24,883; 2,000 at $4.75 is cheaper."""
    terms, demand = beehner()
    terms = Terms(BEEHNER, moq=1500, order_cost=D(49))
    rec = recommend(terms, demand)
    assert rec.best.order_quantity == 2000
    assert rec.binding is Binding.MOQ
    assert "1,500" in rec.explanation


def test_budget_below_the_break_keeps_the_eoq_of_the_lower_tier() -> None:
    """Beehner with a $4,000 budget: 1,000 needs $4,849 a order, so 700 at $5.00 wins."""
    terms, demand = beehner(budget=D(4000))
    rec = recommend(terms, demand)
    assert rec.best.order_quantity == 700
    assert rec.binding is Binding.BUDGET
    assert rec.best.cash_per_order <= D(4000)
    blocked = next(o for o in rec.options if o.order_quantity == 1000)
    assert not blocked.feasible
    assert "budget" in (blocked.infeasible_reason or "")


def test_budget_inside_a_tier_caps_the_order() -> None:
    """EOQ 200 at $5 + $10 an order; a $510 budget allows (510 - 10) / 5 = 100 units."""
    terms = Terms(tiers((1, "5.00")), order_cost=D(10))
    rec = recommend(terms, Demand(1000, Period.YEAR, holding_rate=D("0.10"), budget=D(510)))
    assert rec.best.order_quantity == 100
    assert rec.binding is Binding.BUDGET
    assert rec.best.cash_per_order == D("510.00")


def test_shelf_life_caps_the_order_at_its_months_of_demand() -> None:
    """1,000 a year with a one-month shelf life: at most 83 units an order."""
    terms = Terms(tiers((1, "5.00")), order_cost=D(10))
    demand = Demand(1000, Period.YEAR, holding_rate=D("0.10"), shelf_life_months=D(1))
    rec = recommend(terms, demand)
    assert rec.best.order_quantity == 83
    assert rec.binding is Binding.SHELF_LIFE
    assert rec.best.months_of_cover <= 1


def test_budget_that_cannot_reach_the_moq_returns_the_least_bad_option() -> None:
    """MOQ 1,000 at $4.80 needs $4,849 an order; with $1,000 nothing fits, and it says so."""
    terms = Terms(BEEHNER, moq=1000, order_cost=D(49), currency="EUR")
    rec = recommend(terms, Demand(5000, Period.YEAR, budget=D(1000)))
    assert rec.best.order_quantity == 1000
    assert not rec.best.feasible
    assert rec.binding is Binding.BUDGET
    assert "cannot reach the MOQ" in rec.explanation
    assert "€4,849" in rec.explanation


def test_shelf_life_shorter_than_the_moq_covers_returns_an_infeasible_answer() -> None:
    """MOQ 1,000 with 1,200 a year and a two-week shelf life: nothing fits."""
    terms = Terms(tiers((1, "2.00")), moq=1000)
    demand = Demand(100, Period.MONTH, shelf_life_months=D("0.5"))
    rec = recommend(terms, demand)
    assert not rec.best.feasible
    assert rec.binding is Binding.SHELF_LIFE
    assert "shelf life" in rec.explanation


def test_below_moq_surcharge_makes_a_small_order_possible_and_shows_it() -> None:
    """300 a year, MOQ 1,000, €60 to order under it: a small order with the surcharge wins."""
    terms = Terms(BEEHNER, moq=1000, order_cost=D(49), below_moq_fee=D(60), currency="EUR")
    rec = recommend(terms, Demand(300, Period.YEAR))
    assert rec.best.order_quantity < 1000
    assert rec.best.feasible
    below = [o for o in rec.options if "below MOQ" in o.label]
    assert below
    assert below[0].annual_cost.ordering > 0
    # The surcharge is in the unit price: 5.00 + 60 / quantity.
    q = rec.best.order_quantity
    assert rec.best.unit_price == (D(5) + D(60) / q).quantize(D("0.0001"))
    assert "surcharge" in rec.explanation


def test_without_a_surcharge_orders_below_the_moq_are_shown_as_infeasible() -> None:
    """The EOQ under an MOQ is listed, marked infeasible with the reason, never dropped."""
    terms = Terms(tiers((1, "5.00")), moq=500, order_cost=D(10))
    rec = recommend(terms, Demand(1000, Period.YEAR, holding_rate=D("0.10")))
    eoq = next(o for o in rec.options if o.order_quantity == 200)
    assert not eoq.feasible
    assert eoq.infeasible_reason == "below the MOQ of 500"
    assert rec.best.feasible


def test_first_tier_quantity_is_the_smallest_order() -> None:
    """Tiers starting at 250: an EOQ of 200 is raised to 250, the supplier's minimum."""
    terms = Terms(tiers((250, "5.00"), (1000, "4.99")), order_cost=D(10))
    rec = recommend(terms, Demand(1000, Period.YEAR, holding_rate=D("0.10")))
    assert rec.best.order_quantity == 250
    assert rec.binding is Binding.MOQ


# --------------------------------------------------------------------------------------------
# Stage, defaults, one-off needs, explanation
# --------------------------------------------------------------------------------------------


def test_a_younger_stage_orders_smaller_batches() -> None:
    """The obsolescence premium falls from idea to scale, and so does the pressure to go small."""
    terms = Terms(tiers((1, "5.00")), order_cost=D(10))
    quantities = [
        recommend(terms, Demand(1000, Period.YEAR, stage=stage)).best.order_quantity
        for stage in (Stage.IDEA, Stage.LAUNCH, Stage.GROWTH, Stage.SCALE)
    ]
    assert quantities == sorted(quantities)
    assert quantities[0] < quantities[-1]
    no_stage = recommend(terms, Demand(1000, Period.YEAR)).best.order_quantity
    assert no_stage == quantities[-1]  # scale adds nothing
    assert STAGE_PREMIUM[Stage.SCALE] == 0


def test_defaults_are_stated_in_the_assumptions() -> None:
    """Without a holding rate or order cost the 25 % and the default order cost are said."""
    rec = recommend(Terms(tiers((1, "2.00")), currency="EUR"), Demand(100, Period.MONTH))
    text = " ".join(rec.assumptions)
    assert D("0.25") == DEFAULT_HOLDING_RATE
    assert "25 %" in text
    assert f"€{DEFAULT_ORDER_COST}" in text
    expected = round(math.sqrt(2 * 1200 * float(DEFAULT_ORDER_COST) / (0.25 * 2)))
    assert abs(rec.best.order_quantity - expected) <= 1


def test_stage_premium_is_stated_with_the_total_rate() -> None:
    """An idea-stage need says the premium and the holding rate it adds up to."""
    rec = recommend(Terms(tiers((1, "2.00"))), Demand(100, Period.MONTH, stage=Stage.IDEA))
    assert any("40 %" in a and "65 %" in a for a in rec.assumptions)
    assert "idea stage" in rec.explanation


def test_one_off_need_takes_a_tier_break_when_the_whole_order_costs_less() -> None:
    """990 at $5.00 = $4,950 + $49; 1,000 at $4.80 = $4,800 + $49: order 1,000, 10 spare."""
    terms = Terms(BEEHNER, order_cost=D(49), currency="USD")
    rec = recommend(terms, Demand(990, Period.ONCE))
    assert rec.best.order_quantity == 1000
    assert rec.binding is Binding.PRICE_BREAK
    assert rec.best.annual_cost.total == D("4849.00")
    assert rec.best.orders_per_year == 1
    assert rec.best.months_of_cover == 0
    assert "$150 less" in rec.explanation
    assert "10 spare" in rec.explanation


def test_one_off_need_orders_the_batch_when_no_break_pays() -> None:
    """900 at $5.00 = $4,549 in all beats 1,000 at $4.80 = $4,849."""
    rec = recommend(Terms(BEEHNER, order_cost=D(49)), Demand(900, Period.ONCE))
    assert rec.best.order_quantity == 900
    assert rec.binding is Binding.EOQ
    assert rec.best.annual_cost.holding == 0


def test_one_off_need_under_the_moq_is_raised_to_it() -> None:
    """A batch of 50 from a supplier with MOQ 100: order 100."""
    terms = Terms(tiers((1, "3.00")), moq=100, order_cost=D(20))
    rec = recommend(terms, Demand(50, Period.ONCE))
    assert rec.best.order_quantity == 100
    assert rec.binding is Binding.MOQ


def test_one_off_need_under_the_moq_pays_the_surcharge_when_that_is_cheaper() -> None:
    """50 at $3 + $5 + $10 surcharge = $165 beats 100 at $3 + $5 = $305."""
    terms = Terms(tiers((1, "3.00")), moq=100, order_cost=D(5), below_moq_fee=D(10))
    rec = recommend(terms, Demand(50, Period.ONCE))
    assert rec.best.order_quantity == 50
    assert rec.best.annual_cost.total == D("165.00")
    assert "surcharge" in rec.explanation


def test_one_off_need_whose_moq_is_over_budget_names_the_moq() -> None:
    """A batch of 50, MOQ 100 at $3 + $5 = $305, budget $100: nothing fits, the MOQ is why."""
    terms = Terms(tiers((1, "3.00")), moq=100, order_cost=D(5))
    rec = recommend(terms, Demand(50, Period.ONCE, budget=D(100)))
    assert not rec.best.feasible
    assert rec.binding is Binding.BUDGET
    assert "cannot reach the MOQ: 100 units need 305 per order" in rec.explanation


def test_options_cover_eoq_tiers_moq_one_month_and_largest_discount() -> None:
    """The alternatives a founder weighs are all there, each with the same figures."""
    terms = Terms(BEEHNER, moq=300, order_cost=D(49))
    rec = recommend(terms, Demand(5000, Period.YEAR, holding_rate=D("0.2")))
    labels = " | ".join(o.label for o in rec.options)
    for word in ("EOQ", "tier 1,000+", "tier 2,000+", "MOQ", "one month", "largest discount"):
        assert word in labels
    assert rec.best in rec.options
    quantities = [o.order_quantity for o in rec.options]
    assert quantities == sorted(set(quantities))


def test_explanation_weighs_the_big_discount_with_numbers() -> None:
    """A small founder sees what the biggest discount saves a unit and what cash it ties up."""
    terms = Terms(BEEHNER, order_cost=D(49), currency="EUR")
    rec = recommend(terms, Demand(100, Period.MONTH, holding_rate=D("0.25")))
    assert rec.best.order_quantity < 1000
    assert "Ordering 2,000 saves €0.25 a unit but ties up €9,549 for 20 months" in (
        rec.explanation
    )


def test_chart_data_marks_breaks_moq_budget_and_the_recommendation() -> None:
    """recommend() fills the chart with a series that holds the recommended point."""
    terms = Terms(BEEHNER, moq=500, order_cost=D(49))
    rec = recommend(terms, Demand(5000, Period.YEAR, holding_rate=D("0.2"), budget=D(9000)))
    chart = rec.chart
    assert chart is not None
    assert chart.recommended == rec.best.order_quantity
    assert chart.recommended in chart.quantities
    assert chart.tier_breaks == (1000, 2000)
    assert chart.moq == 500
    assert chart.budget_limit == 1864  # (9,000 - 49) / 4.80; the 2,000+ tier needs 9,549
    assert list(chart.quantities) == sorted(set(chart.quantities))
    at = chart.quantities.index(chart.recommended)
    assert chart.total_cost[at] == pytest.approx(float(rec.best.annual_cost.total), abs=0.01)
    assert chart.unit_cost[at] == pytest.approx(chart.total_cost[at] / 5000)


# --------------------------------------------------------------------------------------------
# Suppliers
# --------------------------------------------------------------------------------------------


def supplier(name: str, **fields: Any) -> Supplier:
    """Builds a supplier for the comparison tests."""
    return Supplier(name=name, categories=("packaging",), **fields)


def test_terms_for_a_supplier_without_prices_is_none() -> None:
    """No price tiers, no terms: the dialog asks for a quote."""
    assert terms_for(supplier("Quiet Box", moq=100)) is None


def test_terms_for_adds_the_default_order_cost_to_the_setup_fee() -> None:
    """A €80 set-up fee becomes an €80 + default order cost."""
    terms = terms_for(
        supplier(
            "Box Co",
            moq=200,
            setup_fee=D(80),
            below_moq_fee=D(25),
            currency="EUR",
            price_tiers=tiers((1, "1.20"), (500, "0.90")),
        )
    )
    assert terms is not None
    assert terms.order_cost == D(80) + DEFAULT_ORDER_COST
    assert (terms.moq, terms.below_moq_fee, terms.currency) == (200, D(25), "EUR")


def test_compare_ranks_by_yearly_total_and_puts_suppliers_without_prices_last() -> None:
    """Cheapest yearly total first, a supplier that cannot fit next, the unpriced last."""
    demand = Demand(300, Period.MONTH, budget=D(2000))
    cheap = supplier("Cheap", price_tiers=tiers((1, "1.00")))
    dear = supplier("Dear", price_tiers=tiers((1, "1.50")))
    unpriced = supplier("Unpriced", moq=50)
    too_big = supplier("Too big", moq=5000, price_tiers=tiers((1, "0.50")))
    quotes = compare([unpriced, too_big, dear, cheap], demand)
    assert [q.supplier.name for q in quotes] == ["Cheap", "Dear", "Too big", "Unpriced"]
    assert quotes[-1].recommendation is None
    assert quotes[-1].note == "no price stated: ask for a quote"
    too_big_rec = quotes[2].recommendation
    assert too_big_rec is not None
    assert not too_big_rec.best.feasible
    first = quotes[0].recommendation
    assert first is not None
    assert any("set-up fee" in a for a in first.assumptions)


def test_compare_reports_unusable_terms_instead_of_raising() -> None:
    """Tiers whose price rises with quantity are reported in the note."""
    odd = supplier("Odd", price_tiers=tiers((1, "1.00"), (100, "2.00")))
    quotes = compare([odd], Demand(10, Period.WEEK))
    assert quotes[0].recommendation is None
    assert "prices must not rise" in quotes[0].note


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1:2.50,500:1.90", tiers((1, "2.50"), (500, "1.90"))),
        ("0:3; 5000:2.96; 10000:2.92", DRUGS_ONLINE),
        (" 100 : 4 ", tiers((100, "4"))),
    ],
    ids=["comma", "semicolon", "spaces"],
)
def test_tiers_argument_parses(text: str, expected: tuple[PriceTier, ...]) -> None:
    """ "Q:P" pairs separated by commas or semicolons."""
    assert parse_tiers_arg(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "quantity:price"),
        ("500:1.90,1:2.50", "must ascend"),
        ("1:2.50,1:2.00", "must ascend"),
        ("1:abc", "not a number"),
        ("1:1e400", "out of range"),
        ("1:nan", "out of range"),
        ("1:0", "more than 0"),
        ("1:-2", "more than 0"),
        ("x:2", "not a whole number"),
        ("1.5:2", "not a whole number"),
        ("1-2.5", "not quantity:price"),
        ("1:2,,5:1", "quantity:price"),
        ("1:2,5:3", "must not rise"),
    ],
    ids=[
        "empty",
        "descending",
        "repeated",
        "price-abc",
        "price-1e400",
        "price-nan",
        "price-zero",
        "price-negative",
        "quantity-word",
        "quantity-fraction",
        "no-colon",
        "empty-item",
        "price-rises",
    ],
)
def test_bad_tiers_argument_raises_input_error(text: str, reason: str) -> None:
    """Every malformed tier list is refused with a reason naming the problem."""
    with pytest.raises(InputError) as caught:
        parse_tiers_arg(text)
    assert caught.value.field == "tiers"
    assert reason in caught.value.reason


@pytest.mark.parametrize(
    ("terms", "demand", "field"),
    [
        (Terms(()), Demand(10, Period.YEAR), "tiers"),
        (Terms(tiers((1, "2"))), Demand(0, Period.YEAR), "demand"),
        (Terms(tiers((1, "2"))), Demand(-5, Period.YEAR), "demand"),
        (Terms(tiers((1, "2"))), Demand(10, Period.YEAR, holding_rate=D("-0.1")), "holding_rate"),
        (Terms(tiers((1, "2"))), Demand(10, Period.YEAR, holding_rate=D("0")), "holding_rate"),
        (Terms(tiers((1, "2"))), Demand(10, Period.YEAR, budget=D("0")), "budget"),
        (Terms(tiers((1, "2"))), Demand(10, Period.YEAR, budget=D("Infinity")), "budget"),
        (
            Terms(tiers((1, "2"))),
            Demand(10, Period.YEAR, shelf_life_months=D("-1")),
            "shelf_life_months",
        ),
        (Terms(tiers((1, "2")), moq=0), Demand(10, Period.YEAR), "moq"),
        (Terms(tiers((1, "2")), order_cost=D("-1")), Demand(10, Period.YEAR), "order_cost"),
        (Terms(tiers((1, "2")), order_cost=D("1e400")), Demand(10, Period.YEAR), "order_cost"),
    ],
    ids=[
        "no-tiers",
        "zero-demand",
        "negative-demand",
        "negative-rate",
        "zero-rate",
        "zero-budget",
        "infinite-budget",
        "negative-shelf-life",
        "zero-moq",
        "negative-order-cost",
        "huge-order-cost",
    ],
)
def test_recommend_refuses_unusable_input(terms: Terms, demand: Demand, field: str) -> None:
    """recommend() raises InputError naming the field, never a bare exception."""
    with pytest.raises(InputError) as caught:
        recommend(terms, demand)
    assert caught.value.field == field


def test_a_slow_need_is_told_as_an_order_every_so_many_months_not_one_orders_a_year() -> None:
    # 100 a year against an MOQ of 120: one order lasts more than a year.
    terms = Terms(tiers((120, "2.00")), order_cost=D(49), currency="USD", moq=120)
    result = recommend(terms, Demand(100, Period.YEAR, holding_rate=D("0.20")))
    assert "orders a year" not in result.explanation
    assert "1 orders" not in result.explanation
    months = round(12 / float(result.best.orders_per_year))
    assert months > 12
    assert f"about one order every {months} months" in result.explanation


def test_several_orders_a_year_keep_their_count() -> None:
    terms, demand = beehner()
    assert "about 5 orders a year" in recommend(terms, demand).explanation


def test_an_order_that_lasts_for_ever_is_still_told_without_dividing_by_zero() -> None:
    # 1 a year against an MOQ of 201: the order rate rounds to zero (hypothesis found it).
    terms = Terms(tiers((0, "0.05")), moq=201)
    explanation = recommend(terms, Demand(1, Period.YEAR)).explanation
    assert "about one order every 2,412 months" in explanation
