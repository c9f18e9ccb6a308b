"""Property tests: the recommended quantity is feasible and nothing feasible nearby is cheaper."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.advice.economics import evaluate, recommend
from bot.core.types import PERIODS_PER_YEAR, Demand, Discount, Period, PriceTier, Stage, Terms

# Totals are rounded to cents; the solver compares exact values, so allow one cent and a bit.
TOLERANCE = Decimal("0.011")
MAX_SAMPLE = 10**7


@st.composite
def price_tiers(draw: st.DrawFn) -> tuple[PriceTier, ...]:
    """Draws 1-4 tiers with ascending quantities and falling (or equal) prices."""
    count = draw(st.integers(1, 4))
    quantity = draw(st.sampled_from([0, 1]) | st.integers(1, 400))
    cents = draw(st.integers(5, 10_000))
    tiers = [PriceTier(quantity, Decimal(cents) / 100)]
    for _ in range(count - 1):
        quantity += draw(st.integers(1, 5_000))
        cents = max(1, cents - draw(st.integers(0, max(cents // 4, 1))))
        tiers.append(PriceTier(quantity, Decimal(cents) / 100))
    return tuple(tiers)


def money(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Draws a whole-cent amount between low and high."""
    return st.integers(low * 100, high * 100).map(lambda c: Decimal(c) / 100)


terms_strategy = st.builds(
    Terms,
    tiers=price_tiers(),
    discount=st.sampled_from(Discount),
    moq=st.none() | st.integers(1, 6_000),
    order_cost=st.none() | money(0, 400),
    below_moq_fee=st.none() | money(0, 150),
)

demand_strategy = st.builds(
    Demand,
    quantity=st.integers(1, 20_000),
    period=st.sampled_from([Period.WEEK, Period.MONTH, Period.YEAR, Period.ONCE]),
    holding_rate=st.none() | st.integers(1, 100).map(lambda p: Decimal(p) / 100),
    budget=st.none() | money(1, 200_000),
    shelf_life_months=st.none() | st.integers(1, 96).map(lambda q: Decimal(q) / 4),
    stage=st.none() | st.sampled_from(Stage),
)


def samples(terms: Terms, best: int) -> set[int]:
    """Returns a wide sample: every quantity near the answer and the breaks, and a log sweep."""
    marks = [best, *(t.min_qty for t in terms.tiers)]
    if terms.moq:
        marks.append(terms.moq)
    out: set[int] = set()
    for mark in marks:
        out.update(range(max(1, mark - 40), mark + 41))
    top = 10 * max(*marks, 1)
    value = 1.0
    while value <= top:  # log-spaced, about 40 points a decade
        out.add(int(value))
        value *= 1.06
    return {q for q in out if 1 <= q <= MAX_SAMPLE}


def is_feasible(terms: Terms, demand: Demand, quantity: int, cash: Decimal) -> bool:
    """Returns feasibility checked from first principles, independent of the module."""
    if quantity < max(terms.tiers[0].min_qty, 1):
        return False
    if terms.moq is not None and quantity < terms.moq and terms.below_moq_fee is None:
        return False
    if demand.budget is not None and cash > demand.budget:
        return False
    if demand.period is Period.ONCE:
        return quantity >= demand.quantity
    if demand.shelf_life_months is not None:
        yearly = demand.quantity * PERIODS_PER_YEAR[demand.period]
        if 12 * quantity > demand.shelf_life_months * yearly:
            return False
    return True


@settings(max_examples=150, deadline=None)
@given(terms=terms_strategy, demand=demand_strategy)
def test_recommended_quantity_is_feasible_and_no_sampled_feasible_quantity_is_cheaper(
    terms: Terms, demand: Demand
) -> None:
    """The answer meets MOQ, budget and shelf life, and beats every feasible sampled quantity."""
    rec = recommend(terms, demand)
    best = rec.best
    assert best.order_quantity >= 1
    if best.feasible:
        assert is_feasible(terms, demand, best.order_quantity, best.cash_per_order)
    for quantity in sorted(samples(terms, best.order_quantity)):
        option = evaluate(terms, demand, quantity)
        feasible = is_feasible(terms, demand, quantity, option.cash_per_order)
        assert option.feasible == feasible, (quantity, option.infeasible_reason)
        if not feasible:
            continue
        assert best.feasible, f"{quantity} is feasible but the answer says nothing is"
        assert option.annual_cost.total >= best.annual_cost.total - TOLERANCE, (
            quantity,
            option.annual_cost.total,
            best.order_quantity,
            best.annual_cost.total,
        )


@settings(max_examples=60, deadline=None)
@given(terms=terms_strategy, demand=demand_strategy)
def test_every_option_reports_consistent_figures(terms: Terms, demand: Demand) -> None:
    """Each option's total is the sum of its parts, and the best is one of the options."""
    rec = recommend(terms, demand)
    assert rec.best in rec.options
    for option in rec.options:
        cost = option.annual_cost
        assert abs(cost.purchase + cost.ordering + cost.holding - cost.total) <= Decimal("0.02")
        assert option.feasible == (option.infeasible_reason is None)
    if not rec.best.feasible:
        assert rec.binding.value in ("budget", "shelf_life")
