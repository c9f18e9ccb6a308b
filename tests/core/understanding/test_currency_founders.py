"""The currency of the money founders name, written as they write it around the world."""

from __future__ import annotations

import pytest

from bot.core.understanding.message import money_currency
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("our current shop charges NT$1,200 per unit", "TWD"),
        ("current OEM RM 7.50 per bottle, target RM 6", "MYR"),
        ("Budget ZMW 80,000 a year", "ZMW"),
        ("UGX 3,500 per jar max", "UGX"),
        ("budget 400,000 RWF per month", "RWF"),
        ("about 2,000 baht per order", "THB"),
        ("Presupuesto 500.000 pesos, somos de Santo Domingo", "DOP"),
        ("Tengo 1.200 dólares para la primera tanda", "USD"),
        ("je suis à Douala, budget 900 000 francs CFA", "XAF"),
        ("we're in Kampala, budget 2 million shillings", "UGX"),
        ("budget 300 TL, Istanbul", "TRY"),
    ],
)
def test_the_money_is_read_in_the_founders_currency(text: str, currency: str) -> None:
    assert money_currency(parse(text)) == currency


def test_a_spanish_rum_is_no_romanian_leu() -> None:
    parsed = parse("quiero ron saborizado en botellitas, 10.000 unidades")
    assert money_currency(parsed) is None
    assert parsed.quantity is not None
    assert parsed.quantity.value == 10000


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Tengo 1.800 dólares", 1800),
        ("Tenemos 2.500 soles para esto", 2500),
        ("j'ai 600 € pour la première commande", 600),
        ("wir haben 3.000 € für die erste Auflage", 3000),
    ],
)
def test_money_the_founder_has_is_the_budget(text: str, amount: int) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.amount == amount


@pytest.mark.parametrize(
    ("text", "currency", "amount"),
    [
        ("my budget is 150k naira. thanks", "NGN", 150_000),
        ("100 wigs to start, my budget is 3 lakh rupees", "INR", 300_000),
        ("spend is about $3,000 a fortnight AUD", "AUD", 1_500),  # a fortnight: 1,500 a week
    ],
)
def test_money_in_words_lakhs_and_a_named_dollar_are_read(
    text: str, currency: str, amount: int
) -> None:
    parsed = parse(text)
    assert parsed.budget is not None
    assert (parsed.budget.amount, money_currency(parsed)) == (amount, currency)


def test_a_bare_dollar_beside_a_dollar_with_its_country_stays_american() -> None:
    text = "factory in Guangzhou: MOQ 500, $1.35/pc. target A$1.50 landed"
    currencies = {figure.currency for figure in parse(text).figures if figure.currency}
    assert currencies == {"USD", "AUD"}
