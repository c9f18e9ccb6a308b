"""Quote reading of trade terms and labels founders paste: a price after its Incoterm ("FOB
Ningbo USD 1.20, MOQ 500"), "¥" from a Chinese factory (yuan), slang money ("95 bucks"), and
labels that are no supplier's name or MOQ ("Sample fee: $35.", "DDP USA:", "got a quote:")."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.quotes import QuoteReading, read_quote


def read(text: str) -> QuoteReading:
    """Returns the reading, which the text must give."""
    reading = read_quote(text)
    assert reading is not None
    return reading


def breaks(reading: QuoteReading) -> list[tuple[int, Decimal]]:
    """Returns the (quantity, unit price) breaks read."""
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


@pytest.mark.parametrize(
    ("text", "moq", "price", "currency"),
    [
        ("FOB Ningbo USD 1.20, MOQ 500", 500, "1.20", "USD"),
        ("fob shenzen usd 0.95 , moq 2000pcs", 2000, "0.95", "USD"),
        ("EXW Porto 2,35 €, mínimo 300 unidades", 300, "2.35", "EUR"),
        ("Preis EXW: 3,10 € / Mindestmenge 800 Stk", 800, "3.10", "EUR"),
        ("Prix DDP France : 4,20 €, minimum de commande 250 pièces", 250, "4.20", "EUR"),
    ],
)
def test_a_price_after_its_incoterm_is_the_price_at_the_stated_minimum(
    text: str, moq: int, price: str, currency: str
) -> None:
    reading = read(text)

    assert breaks(reading) == [(moq, Decimal(price))]
    assert reading.currency == currency


def test_a_wished_price_each_with_a_minimum_is_no_quote_tier() -> None:
    # the founder's wish, not the supplier's price: no tier is invented at the minimum
    reading = read_quote("supplier wants min 5000 bottles. for us €0.40/bottle would be ideal")

    assert reading is None or reading.tiers == ()


@pytest.mark.parametrize(
    "text",
    [
        "Factory in Ningbo sent: ¥24/pc @ 1000, ¥19 @ 3000",
        "Shenzhen supplier quoted ¥8.5 each for 2000 pcs",
        "our chinese factory: 500 pcs ¥138/pc, 1000 pcs ¥121/pc",
        "Fabrik in China: ¥12 pro Stück ab 1.000 Stk",
        "fábrica de Yiwu por WeChat: ¥6,50 c/u desde 2000 uds",
    ],
)
def test_yen_sign_from_a_chinese_factory_is_yuan(text: str) -> None:
    reading = read(text)

    assert reading.currency == "CNY"
    assert {t.currency for t in reading.tiers} == {"CNY"}


@pytest.mark.parametrize(
    "text",
    [
        "Osaka workshop: ¥1,200 per mug for 150",
        "Kyoto kiln quoted ¥1650 each for 150, bone china",
        "the yen price from Shenzhen: ¥900 each for 100",  # the yen is named
    ],
)
def test_yen_sign_stays_yen_without_china_or_with_japan(text: str) -> None:
    assert read(text).currency == "JPY"


@pytest.mark.parametrize(
    ("text", "currency", "want"),
    [
        ("printer said 5k flyers for 95 bucks", "USD", [(5000, Decimal("0.019"))]),
        ("2000 stickers for 70 bucks", "USD", [(2000, Decimal("0.035"))]),
        ("500 tote bags for 900 quid, 1000 for 1500 quid", "GBP", None),
    ],
)
def test_slang_money_names_its_currency(
    text: str, currency: str, want: list[tuple[int, Decimal]] | None
) -> None:
    reading = read(text)

    assert reading.currency == currency
    if want is not None:
        assert breaks(reading) == want
    assert all(t.unit_price < 2 for t in reading.tiers)  # totals divided out


@pytest.mark.parametrize(
    ("text", "moq"),
    [
        ("Sample fee: $35. MOQ 300. 300-999 pcs: $3.10, 1000+: $2.60", 300),
        ("Muster: 40 €. Mindestmenge 500 Stk, 500 Stk à 1,20 €", 500),
        ("muestra 25 €. Mínimo 200 uds, 200 uds a 3,40 €", 200),
    ],
)
def test_a_sample_charge_before_the_moq_is_no_minimum_and_no_name(text: str, moq: int) -> None:
    reading = read(text)

    assert reading.moq is not None
    assert reading.moq.value == moq
    assert reading.supplier is None


@pytest.mark.parametrize(
    "text",
    [
        "DDP USA: $2.40/pc at 1000pcs, $2.05/pc at 3000pcs",
        "FOB: 1000 pcs @ $1.10",
        "EXW: 500 Stk à 2,10 €",
        "got a quote: 2500 boxes, $1.35 per box",
        "they said: 1000 @ $0.80, 5000 @ $0.45",
        "Samples: $50 each, bulk 1000 pcs @ $2.60",
    ],
)
def test_a_delivery_term_or_the_founders_words_are_no_supplier(text: str) -> None:
    assert read(text).supplier is None


def test_a_one_letter_supplier_label_is_a_name_not_an_article() -> None:
    # "A:" heads a founder's list of quotes (A, B, C); only "a printer" is a description
    supplier = read("A: 100 @ €2.00, 500 @ €1.50").supplier
    assert supplier is not None
    assert supplier.value == "A"
