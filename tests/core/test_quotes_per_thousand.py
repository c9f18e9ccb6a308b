"""Prices per thousand in German and Spanish, and "/ 1000pcs" that starts the next tier."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.quotes import read_quote


def _tiers(text: str) -> list[tuple[int, Decimal]]:
    reading = read_quote(text)
    assert reading is not None
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        (
            "Angebot: 5.000 Stk 95 € pro Tausend, 10.000 Stk 78 € pro Tausend",
            [(5000, "0.095"), (10000, "0.078")],
        ),
        (
            "Cotización: 5.000 etiquetas a 45 € el millar, 10.000 a 38 € el millar",
            [(5000, "0.045"), (10000, "0.038")],
        ),
        ("Un imprimeur propose 95 $ CA le mille pour 10 000.", [(10000, "0.095")]),
        ("Labels: 10,000 @ $32 per M, 25,000 @ $27 per M", [(10000, "0.032"), (25000, "0.027")]),
    ],
)
def test_a_price_per_thousand_is_divided_out(text: str, tiers: list[tuple[int, str]]) -> None:
    assert _tiers(text) == [(q, Decimal(p)) for q, p in tiers]


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("Supplier A quoted 500pcs S$5.20 / 1000pcs S$4.10.", [(500, "5.20"), (1000, "4.10")]),
        ("quoted 500 pcs $2.40 / 1000 pcs $1.90", [(500, "2.40"), (1000, "1.90")]),
        # the price before its currency, and a unit written "ex." or "Stk."
        ("Druckerei: 500 Stk. 0,30 € / 1000 Stk. 0,21 €", [(500, "0.30"), (1000, "0.21")]),
        ("imprimeur : 200 ex. 0,55 € / 1000 ex. 0,24 €", [(200, "0.55"), (1000, "0.24")]),
    ],
)
def test_a_quantity_after_a_slash_with_its_own_price_is_the_next_tier(
    text: str, tiers: list[tuple[int, str]]
) -> None:
    assert _tiers(text) == [(q, Decimal(p)) for q, p in tiers]
