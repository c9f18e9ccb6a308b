"""Numbers by their role in a founder's message (issue 10), in four languages: the shop's
orders per period yield to a need the founder states."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity", "period"),
    [
        ("we get ~20 orders a week and need 500 boxes", 500, None),
        (
            "average 90 orders/week. Need: printed tape, 50mm x 66m rolls, about 40 rolls a month",
            40,
            Period.MONTH,
        ),
        ("Wir haben ca. 80 Bestellungen im Monat und brauchen 1.000 Kartons", 1000, None),
        ("On a environ 60 commandes par semaine, il nous faut 2 000 boîtes", 2000, None),
        ("Tenemos unos 50 pedidos a la semana, necesitamos 1000 cajas", 1000, None),
    ],
)
def test_orders_per_period_yield_to_a_stated_need(
    text: str, quantity: int, period: Period | None
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period)


@pytest.mark.parametrize(
    "text",
    [
        "expecting 150 orders a month. should I take 1000 or 5000 mailers?",
        "we ship ~400 orders a month in poly mailers",
    ],
)
def test_orders_per_period_are_the_need_when_none_is_stated(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.period is Period.MONTH


@pytest.mark.parametrize(
    "text",
    [
        "Il me faudrait 2 000 boîtes + 2 000 rubans imprimés. Budget total 1 800 €.",
        "Necesitamos 500 cajas. Presupuesto total 900 €.",
        "need 300 tote bags. total budget $1,200",
    ],
)
def test_a_total_budget_is_no_one_off_order(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.period is None
    assert parsed.budget is not None


def test_variants_times_each_outweigh_the_sales_rate() -> None:
    parsed = parse(
        "vinyl stickers, 30 designs, 50 each, my art shop in Nashville. "
        "I sell like 200 stickers a week at markets."
    )
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (1500, None)
