"""A one-off from the occasion an order is for, and not from a fee paid once (issue 10)."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


def _period(text: str) -> Period | None:
    parsed = parse(text)
    return (parsed.quantity.period if parsed.quantity else None) or parsed.period


@pytest.mark.parametrize(
    "text",
    [
        "unas 150 tazas para la inauguración de mi cafetería",
        "150 copies, A5. Need them within 3 weeks for a zine fest.",
        "50 Stück je Motiv, 6 Motive, für eine Ausstellung im März",
        "Me caso en junio y quiero 100 bolsas de tela",
        "Wir heiraten im Sommer und brauchen 90 Einladungskarten",
        "paneles solares para 15 casas, proyecto único",
        "need 1,200 button badges for a tech conference in Austin",
        "brauchen 4 Roll-up Banner für die Eröffnung",
        "250 tea towels for the Christmas fair",
    ],
)
def test_an_occasion_makes_the_order_a_one_off(text: str) -> None:
    assert _period(text) is Period.ONCE


@pytest.mark.parametrize(
    "text",
    [
        "MOQ 100, 2,10 € ab 100, 1,45 € ab 300. Formkosten 60 € einmalig. Brauche 300.",
        "1,000 copies $9.80 ea, one-time tooling for custom minis $3,200. Need 1,000",
        "$14.20/deck at 500, A$1,100 one-off for the custom box die. want 500",
    ],
)
def test_a_fee_paid_once_does_not_make_the_order_a_one_off(text: str) -> None:
    assert _period(text) is None


def test_a_fair_price_is_no_fair() -> None:
    assert _period("need 500 tote bags, is 2.10 a fair price?") is None


def test_a_one_off_order_with_plates_to_make_stays_a_one_off() -> None:
    assert _period("500 stoneware plates for a restaurant, a one-time order") is Period.ONCE
