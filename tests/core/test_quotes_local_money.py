"""Quote reading of breaks said "<price> per <unit> at <qty> min" and of quotes in local
currencies (naira, pesos, rand...) with sums in thousands ("₦90k"), in four languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.conversation.quoting import quote_in
from bot.core.understanding.parsing import parse
from bot.core.understanding.quotes import read_quote


def tiers_of(text: str) -> list[tuple[int, Decimal]]:
    """Returns the (quantity, unit price) breaks the quote reader reads."""
    reading = read_quote(text)
    assert reading is not None
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


@pytest.mark.parametrize(
    ("text", "breaks"),
    [
        ("they can do $0.12 per label at 5,000 min, $0.09 at 10,000", "5000:0.12,10000:0.09"),
        ("£0.40 a jar at 2,000 minimum and £0.31 at 6,000", "2000:0.40,6000:0.31"),
        (
            "0,12 € pro Etikett bei 5.000 Stück Mindestmenge, 0,09 € bei 10.000",
            "5000:0.12,10000:0.09",
        ),
        ("0,12 € l'étiquette à 5 000 pièces minimum, 0,09 € à 10 000", "5000:0.12,10000:0.09"),
        ("0,12 $ por etiqueta a 5.000 uds mínimo, 0,09 $ a 10.000", "5000:0.12,10000:0.09"),
    ],
)
def test_a_price_at_a_minimum_is_the_first_break_and_the_moq(text: str, breaks: str) -> None:
    reading = read_quote(text)
    want = [(int(q), Decimal(p)) for q, p in (b.split(":") for b in breaks.split(","))]

    assert reading is not None
    assert reading.moq is not None
    assert reading.moq.value == want[0][0]
    assert tiers_of(text) == want


def test_a_bare_a_between_two_numbers_keeps_the_quantity_first() -> None:
    # "2.000 a 14 €": 2,000 at 14, not a price of 2.000 for 14 pieces
    assert tiers_of("Buenas, 500 a 18 €, 2.000 a 14 €") == [
        (500, Decimal("18")),
        (2000, Decimal("14")),
    ]


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("the printer wants 3k bags for ₦120k or 6k bags for ₦180k", "NGN"),
        ("3,000 bags N120,000; 6,000 bags N180,000", "NGN"),
        ("40 naira per bag for 3000 bags, 30 naira for 6000", "NGN"),
        ("₱40 per bag at 3,000, ₱30 at 6,000", "PHP"),
    ],
)
def test_a_quote_in_a_local_currency_is_read_in_it(text: str, currency: str) -> None:
    reading = read_quote(text)

    assert reading is not None
    assert reading.currency == currency
    assert tiers_of(text) == [(3000, Decimal("40")), (6000, Decimal("30"))]


def test_a_capital_n_before_a_small_number_is_no_naira() -> None:
    reading = read_quote("N95 masks: 500 for $200")

    assert reading is not None
    assert reading.currency == "USD"


def test_the_quote_readers_fuller_breaks_complete_the_message_readers() -> None:
    text = "a mill quoted $0.80 per scarf at 500 min, $0.65 at 2,000. plus a $90 screen, one time"
    quote, _ = quote_in(parse(text), text)

    assert quote is not None
    assert [(t.min_qty, t.unit_price) for t in quote.tiers] == [
        (500, Decimal("0.80")),
        (2000, Decimal("0.65")),
    ]
    assert quote.currency == "USD"


@pytest.mark.parametrize(
    "text",
    [
        "the 5k one looks cheap but that's a lot of bags",
        "is the 10k one really worth it?",
    ],
)
def test_a_message_that_marks_no_price_states_no_break(text: str) -> None:
    quote, _ = quote_in(parse(text), text)

    assert quote is None or not quote.tiers


@pytest.mark.parametrize(
    "text",
    [
        "Hi, for 200 enamel mugs with your logo it's $4.10 each, 500 at $3.30",
        "Für 200 Emaillebecher mit Logo: 4,10 € pro Stück, 500 zu 3,30 €",
        "Pour 200 mugs émaillés avec logo, c'est 4,10 € la pièce. 500 à 3,30 €",
        "Para 200 tazas esmaltadas con logo son 4,10 € por unidad, 500 a 3,30 €",
    ],
)
def test_a_quantity_named_for_the_quote_takes_the_price_each_later_in_its_sentence(
    text: str,
) -> None:
    assert tiers_of(text) == [(200, Decimal("4.10")), (500, Decimal("3.30"))]


def test_a_count_beside_a_price_with_nothing_joining_them_is_no_break() -> None:
    assert read_quote("we need 300 a month for 2 shops, paying $1.20 each now") is None


@pytest.mark.parametrize(
    "text",
    [
        "Flyers, 170gsm: $30 per M at 2M, $24 per M at 5M",
        "Flyer 170 g: 30 € /M ab 2M, 24 € /M ab 5M",
    ],
)
def test_a_quote_priced_per_mille_counts_its_quantities_in_thousands(text: str) -> None:
    assert tiers_of(text) == [(2000, Decimal("0.03")), (5000, Decimal("0.024"))]


def test_an_m_after_a_number_is_no_thousand_without_a_price_per_mille() -> None:
    reading = read_quote("we print 5M flyers a year; $0.03 each at 2,000")

    assert reading is not None
    assert 5000 not in [t.min_qty for t in reading.tiers]


@pytest.mark.parametrize(
    "text",
    [
        "We'd charge seventy cents per jar on a run of three thousand and forty cents on six "
        "thousand, in US dollars.",
        "Der Preis ist zwei Euro pro Glas für dreitausend Gläser und ein Euro fünfzig für "
        "sechstausend.",
        "Le prix est de deux euros le pot pour trois mille pots, et un euro cinquante pour six "
        "mille.",
        "El precio es de dos euros por tarro para tres mil tarros y un euro cincuenta para seis "
        "mil.",
    ],
)
def test_prices_spelled_out_in_words_are_read_as_breaks(text: str) -> None:
    tiers = tiers_of(text)

    assert [q for q, _ in tiers] == [3000, 6000]
    assert tiers[0][1] > tiers[1][1]


def test_a_price_a_thousand_with_the_currency_first_is_no_break_at_a_thousand() -> None:
    reading = read_quote("stickers £1.20 a 1000")

    tiers = [(t.min_qty, t.unit_price) for t in reading.tiers] if reading else []
    assert (1000, Decimal("1.20")) not in tiers
