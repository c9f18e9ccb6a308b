"""Amounts look the same in every answer: symbol in front, else the ISO code in front."""

from decimal import Decimal

import pytest

from bot.core.understanding.money import format_money, with_currency


@pytest.mark.parametrize(
    ("amount", "currency", "places", "shown"),
    [
        (Decimal(1500), "EUR", 0, "€1,500"),
        (Decimal("2.4"), "CHF", 2, "CHF 2.40"),
        (Decimal(-5), "eur", 0, "-€5"),
        (Decimal(1500), None, 0, "1,500"),
    ],
    ids=["symbol", "code-in-front", "negative-sign-before-symbol", "no-currency"],
)
def test_an_amount_is_shown_with_its_currency(
    amount: Decimal, currency: str | None, places: int, shown: str
) -> None:
    assert format_money(amount, currency, places) == shown


def test_an_already_formatted_unit_price_gets_the_same_currency_treatment() -> None:
    assert with_currency("0.0125", "GBP") == "£0.0125"
    assert with_currency("0.0125", "SEK") == "SEK 0.0125"
