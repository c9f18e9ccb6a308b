"""The currency of the money founders name, written as they write it around the world."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.message import money_currency
from bot.core.understanding.parsing import parse
from tests.core.understanding.reading import read


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


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        # signs and words of more currencies
        ("Target ฿12/pc for 3,000 pouches", "THB"),
        ("Budget ৳ 5 lakh for the machines", "BDT"),
        ("Preisziel: 9 N$ pro Stück, 1.000 Dosen", "NAD"),
        ("budget 1.500 dollars canadiens pour 200 tasses", "CAD"),
        ("1.000 cajas a Q6,50 c/u, necesito 800", "GTQ"),
    ],
)
def test_more_currencies_as_founders_write_them(text: str, currency: str) -> None:
    assert money_currency(parse(text)) == currency


def test_a_quarter_is_no_quetzal() -> None:
    assert money_currency(parse("we launch in Q3 2026, need 500 tins")) is None


def test_indonesian_juta_is_a_million() -> None:
    parsed = parse("mould quote is 30 jt rupiah, budget 60 jt rupiah for 500 pcs")
    assert parsed.budget is not None
    assert (parsed.budget.amount, parsed.budget.currency) == (60_000_000, "IDR")


def test_a_price_said_max_per_piece_is_the_target() -> None:
    parsed = parse("Durban, need 500 tins printed, R30 max per tin")
    assert parsed.target_unit_price is not None
    assert parsed.target_unit_price.amount == 30
    assert parsed.budget is None


def test_dirhams_in_morocco_are_moroccan(index: SearchIndex) -> None:
    assert read(index, "Je suis à Casablanca, 200 paires, budget 20 000 dh").currency == "MAD"


def test_spanish_tiers_with_the_money_first_are_a_quote(index: SearchIndex) -> None:
    text = "me cotizaron 1.000 bolsas a Q4,50 c/u, 3.000 a Q3,20. necesito 1.500 al mes"
    quote = read(index, text).quote
    assert quote is not None
    assert [(t.min_qty, t.unit_price) for t in quote.tiers] == [
        (1000, Decimal("4.50")),
        (3000, Decimal("3.20")),
    ]
    assert quote.currency == "GTQ"


def test_an_article_before_a_fee_makes_no_tier() -> None:
    parsed = parse("need 2,000 units. moq is 3,000 with a $5,000 tooling fee")
    assert parsed.quote is None or not parsed.quote.tiers
