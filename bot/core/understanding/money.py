"""How an amount is shown with its currency, the same way in every answer."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

# Currencies whose symbol is unambiguous to founders; any other shows its ISO code in front.
CURRENCY_SYMBOLS: Mapping[str, str] = {"EUR": "€", "USD": "$", "GBP": "£", "JPY": "¥", "INR": "₹"}


def with_currency(number: str, currency: str | None) -> str:
    """Returns a formatted number with its currency: "€1,500", "-€5", "CHF 2.40", "1,500"."""
    if currency is None:
        return number
    sign = "-" if number.startswith("-") else ""
    body = number.removeprefix("-")
    symbol = CURRENCY_SYMBOLS.get(currency.upper())
    return f"{sign}{symbol}{body}" if symbol else f"{sign}{currency.upper()} {body}"


def format_money(amount: Decimal, currency: str | None, places: int = 0) -> str:
    """Returns the amount with thousands separators, `places` decimals and its currency."""
    return with_currency(f"{amount:,.{places}f}", currency)


_UNIT_PRICE_STEP = Decimal("0.0001")


def format_unit_price(value: Decimal, currency: str | None) -> str:
    """Returns a unit price with two to four decimals: "€0.85", "$0.0425"."""
    text = f"{value.quantize(_UNIT_PRICE_STEP, ROUND_HALF_UP):,.4f}"
    while text.endswith("0") and len(text.split(".")[1]) > 2:
        text = text[:-1]
    return with_currency(text, currency)
