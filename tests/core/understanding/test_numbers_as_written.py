"""Figures as founders type them: a slip in the period word, a shelf life said with "keep",
a one-off for a contest, "d'ici un mois", a currency apart from its amount, Kenyan "bob"."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.message import understand
from bot.core.understanding.parsing import parse, parse_period


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("we'd need about 250 soap bars monthy", Period.MONTH),
        ("roughly 400 pouches mothly for the shop", Period.MONTH),
        ("60 aprons weekely for our cafés", Period.WEEK),
        ("3,000 labels anually", Period.YEAR),
    ],
)
def test_a_mistyped_period_word_is_read(text: str, period: Period) -> None:
    quantity = parse(text).quantity
    assert quantity is not None
    assert quantity.period is period


def test_a_mistyped_period_is_an_answer_too() -> None:
    assert parse_period("monthy") is Period.MONTH


def test_early_is_no_yearly() -> None:
    quantity = parse("early days for us, 300 candles to start").quantity
    assert quantity is not None
    assert quantity.period is not Period.YEAR


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("our chutneys keep 18 months unopened, need 600 jars", 18),
        ("the granola keeps up to 9 months, 2,000 bags", 9),
    ],
)
def test_what_keeps_for_months_is_the_shelf_life(text: str, months: int) -> None:
    assert parse(text).shelf_life_months == months


def test_months_of_stock_kept_are_no_shelf_life() -> None:
    assert parse("we keep 3 months of stock, need 500 tins").shelf_life_months is None


@pytest.mark.parametrize(
    "text",
    [
        "il nous faut 200 médailles pour un concours de pétanque",
        "necesitamos 150 trofeos para un concurso de baile",
        "need 80 rosettes for a dog show competition",
    ],
)
def test_an_order_for_a_contest_is_one_off(text: str) -> None:
    quantity = parse(text).quantity
    assert quantity is not None
    assert quantity.period is Period.ONCE


def test_lots_of_competition_is_no_occasion() -> None:
    quantity = parse("there's lots of competition, we need 300 bags monthly").quantity
    assert quantity is not None
    assert quantity.period is Period.MONTH


@pytest.mark.parametrize(
    "text",
    [
        "300 tabliers brodés, il nous les faut d'ici un mois",
        "200 camisetas estampadas de aquí a un mes",
    ],
)
def test_by_a_month_from_now_is_thirty_days(text: str) -> None:
    assert parse(text).deadline_days == 30


def test_a_currency_before_its_budget_label_is_the_budgets() -> None:
    budget = parse("need 60 hoodies with our logo. NZ$ budget about 3200").budget
    assert budget is not None
    assert (budget.amount, budget.currency) == (3200, "NZD")


def test_bob_after_an_amount_is_kenyan_shillings() -> None:
    budget = parse("Nairobi, 120 branded caps, budget 90k bob").budget
    assert budget is not None
    assert (budget.amount, budget.currency) == (90000, "KES")


def test_a_name_bob_is_no_currency() -> None:
    assert parse("Bob from our team needs 300 mugs").budget is None


def test_a_cliche_paid_once_is_tooling() -> None:
    text = "me cotizaron 2.000 cajas a Q6,80 c/u, 5.000 a Q5,10. Cliché Q1.500 una sola vez"
    quote = understand(text, lambda span: 0.0).quote
    assert quote is not None
    assert quote.tooling_fee == 1500
    assert quote.setup_fee is None


def test_plates_charged_each_order_stay_a_set_up() -> None:
    quote = parse("quoted 1,000 @ $0.60, 3,000 @ $0.45, plates $120 per order").quote
    assert quote is not None
    assert quote.setup_fee is not None
    assert quote.setup_fee.value == 120


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("heavyweight hoodies, 100 pcs black, 50 pcs cream. Target $22 landed", 150),
        ("linen aprons: 200 units in navy + 100 units in sand and 50 units in white", 350),
    ],
)
def test_a_need_split_by_colour_adds_up(text: str, total: int) -> None:
    quantity = parse(text).quantity
    assert quantity is not None
    assert quantity.value == total


def test_a_size_after_the_next_count_is_no_part() -> None:
    quantity = parse("need 100 pcs black, 50 pcs 2cm wide").quantity
    assert quantity is not None
    assert quantity.value == 100
