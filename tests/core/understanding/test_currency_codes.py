"""Currencies as founders write them where the country's own code or mark is used: every ISO 4217
code of a country in capitals next to an amount, "Rp", "S/", "J$", "4 millones de pesos"."""

from __future__ import annotations

from datetime import date

import pytest

from bot.core.understanding.geography import COUNTRY_CODES
from bot.core.understanding.message import money_currency
from bot.core.understanding.numbers import ISO_CURRENCIES
from bot.core.understanding.parsing import parse


def test_the_code_list_is_every_currency_a_country_pays_in() -> None:
    babel_numbers = pytest.importorskip("babel.numbers")
    in_use = {
        found[0]
        for code in COUNTRY_CODES
        if (found := babel_numbers.get_territory_currencies(code, date(2026, 1, 1), tender=True))
    }
    assert in_use == ISO_CURRENCIES


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Kingston, Jamaica: 1000 bags a month, JMD 150 per bag max", "JMD"),
        ("Kingston: 1000 bags a month, J$150 per bag max", "JMD"),
        ("we're in Tbilisi, 500 labels, budget 1500 GEL", "GEL"),
        ("batik shirts, 600 a month, Rp 90.000 per shirt target", "IDR"),
        ("Lima: 500 bolsas, S/ 2.50 por bolsa", "PEN"),
        ("Medellín, 800 bolsas. Presupuesto: 4 millones de pesos al mes", "COP"),
    ],
)
def test_a_countrys_own_code_or_mark_names_the_currency(text: str, currency: str) -> None:
    assert money_currency(parse(text)) == currency


@pytest.mark.parametrize(
    "text",
    [
        "ALL 500 BOXES NEED OUR LOGO",  # the Albanian lek's code is a word in capitals
        "500 boxes with our LOGO please",  # capitals next to no amount
    ],
)
def test_capital_words_are_no_currency(text: str) -> None:
    assert money_currency(parse(text)) is None
