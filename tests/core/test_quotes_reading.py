"""Quote reading on quotes in the forms founders get them; every figure and its words checked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.quotes import (
    MAX_QUOTE_CHARS,
    MAX_TIER_CANDIDATES,
    QuoteReading,
    read_quote,
    too_long,
)

# (id, quote text, expected) where expected holds only the figures the quote states:
# tiers "Q:P,Q:P" (unit prices per piece), cur, moq, setup, tooling, ship_order, ship_unit,
# below_moq, lead (calendar days), supplier, validity, payment. A key not given must read None.
CASES: list[tuple[str, str, dict[str, object]]] = [
    (
        "contract-example",
        "Acme: 1000 @ $0.80, 5000 @ $0.45, setup $150",
        {"tiers": "1000:0.80,5000:0.45", "cur": "USD", "setup": "150", "supplier": "Acme"},
    ),
    (
        "slash-list",
        "500/1000/5000 at 1.20/0.90/0.60 EUR",
        {"tiers": "500:1.20,1000:0.90,5000:0.60", "cur": "EUR"},
    ),
    (
        "email-full",
        "Hi, for 1,000 pcs the price is €0.80 each, 5,000 pcs €0.45 each. Setup fee €150, mould "
        "€2,500 one-off. Lead time 3-4 weeks. Shipping €40 per order. Valid for 30 days. "
        "Payment: 50% deposit, 50% before shipping.",
        {
            "tiers": "1000:0.80,5000:0.45",
            "cur": "EUR",
            "setup": "150",
            "tooling": "2500",
            "ship_order": "40",
            "lead": 28,
            "validity": "30 days",
            "payment": "50% deposit, 50% before shipping",
        },
    ),
    (
        "pdf-table",
        "Qty   Unit price (EUR)   Total\n500   1.20   600.00\n1,000   0.90   900.00\n"
        "5,000   0.60   3,000.00",
        {"tiers": "500:1.20,1000:0.90,5000:0.60", "cur": "EUR"},
    ),
    (
        "moq-and-free-shipping",
        "MOQ 500 pcs. $1.20/pc at 500, $0.95/pc at 1000. Free shipping. 15 working days.",
        {"tiers": "500:1.20,1000:0.95", "cur": "USD", "moq": 500, "ship_order": "0", "lead": 21},
    ),
    (
        "per-thousand",
        "Labels: $45 per 1000 for 5k, $38 per 1000 for 10k, plate charge $60",
        {"tiers": "5000:0.045,10000:0.038", "cur": "USD", "tooling": "60"},
    ),
    (
        "quote-from-company",
        "Quote from Nordic Print AB: 250 units 4.50 EUR, 1000 units 3.20 EUR, "
        "freight 0.15 EUR/unit, "
        "net 30",
        {
            "tiers": "250:4.50,1000:3.20",
            "cur": "EUR",
            "ship_unit": "0.15",
            "supplier": "Nordic Print AB",
            "payment": "net 30",
        },
    ),
    (
        "totals-for",
        "1000 pcs for $800 total, 2000 pcs for $1,400",
        {"tiers": "1000:0.80,2000:0.70", "cur": "USD"},
    ),
    (
        "cents",
        "80 cents each from 2000 pieces, 65 cents each from 5000 pieces. Prices in USD.",
        {"tiers": "2000:0.80,5000:0.65", "cur": "USD"},
    ),
    (
        "european-decimals",
        "Angebot: 1.000 Stk. à 0,85 €, 5.000 Stk. à 0,62 €, Klischee 95 €",
        {"tiers": "1000:0.85,5000:0.62", "cur": "EUR", "tooling": "95"},
    ),
    (
        "gbp-pipes",
        "| Quantity | Price per unit |\n| 100 | £3.20 |\n| 250 | £2.70 |\n| 500 | £2.10 |",
        {"tiers": "100:3.20,250:2.70,500:2.10", "cur": "GBP"},
    ),
    (
        "chf-code-after",
        "Mindestmenge 300. 300 pcs 2.40 CHF, 1000 pcs 1.90 CHF",
        {"tiers": "300:2.40,1000:1.90", "cur": "CHF", "moq": 300},
    ),
    (
        "minimum-order-words",
        "Minimum order 250 units. Price: $3.10 each for 250, $2.60 each for 1000. Tooling $1,800.",
        {"tiers": "250:3.10,1000:2.60", "cur": "USD", "moq": 250, "tooling": "1800"},
    ),
    (
        "plus-plus",
        "500+ : €1.10\n1000+ : €0.95\n2500+ : €0.80",
        {"tiers": "500:1.10,1000:0.95,2500:0.80", "cur": "EUR"},
    ),
    (
        "one-line-email",
        "Thanks for your enquiry - we can do 300 mailer boxes at $2.35 each, setup $90, "
        "ships in 10 "
        "days.",
        {"tiers": "300:2.35", "cur": "USD", "setup": "90", "lead": 10},
    ),
    (
        "yuan",
        "Dongguan Pack Co., Ltd. 3000 pcs RMB 4.2, 10000 pcs RMB 3.1, mold RMB 6000, FOB Shenzhen",
        {
            "tiers": "3000:4.2,10000:3.1",
            "cur": "CNY",
            "tooling": "6000",
            "supplier": "Dongguan Pack Co., Ltd.",
        },
    ),
    (
        "shipping-per-order-words",
        "100 candles @ €6.50, 300 candles @ €5.20. Delivery €25 flat per order. "
        "Production 2 weeks.",
        {"tiers": "100:6.50,300:5.20", "cur": "EUR", "ship_order": "25", "lead": 14},
    ),
    (
        "dash-connector",
        "250 - $4.00\n500 - $3.40\n1000 - $2.90",
        {"tiers": "250:4.00,500:3.40,1000:2.90", "cur": "USD"},
    ),
    (
        "dash-before-a-price-under-one",  # no range "500 - 0" priced 45
        "Qty 500 - 0.45 each / Qty 2000 - 0.31 each, prices in EUR",
        {"tiers": "500:0.45,2000:0.31", "cur": "EUR"},
    ),
    (
        "dash-range-still-starts-the-tier",
        "Menge 200-499: 1,80 €, 500-999: 1,40 €",
        {"tiers": "200:1.80,500:1.40", "cur": "EUR"},
    ),
    (
        "equals",
        "1000 = 0.32 USD; 5000 = 0.21 USD; 10000 = 0.17 USD",
        {"tiers": "1000:0.32,5000:0.21,10000:0.17", "cur": "USD"},
    ),
    (
        "price-first-from",
        "€0.95 from 1,000 pcs, €0.70 from 5,000 pcs, €0.55 from 20,000 pcs",
        {"tiers": "1000:0.95,5000:0.70,20000:0.55", "cur": "EUR"},
    ),
    (
        "k-quantities",
        "5k @ $0.30, 10k @ $0.24, 25k @ $0.19. Plates $120.",
        {"tiers": "5000:0.30,10000:0.24,25000:0.19", "cur": "USD", "tooling": "120"},
    ),
    (
        "supplier-field",
        "Supplier: Baltic Textiles\n200 tees at €7.90\n500 tees at €6.40\n"
        "Screen setup €35 per colour",
        {"tiers": "200:7.90,500:6.40", "cur": "EUR", "setup": "35", "supplier": "Baltic Textiles"},
    ),
    (
        "lead-range-weeks",
        "1,000 @ $1.05. Lead time: 6-8 weeks. Shipping not included.",
        {"tiers": "1000:1.05", "cur": "USD", "lead": 56},
    ),
    (
        "validity-until",
        "500 @ €2.00, 1000 @ €1.70. This quote is valid until 31 March 2027.",
        {"tiers": "500:2.00,1000:1.70", "cur": "EUR", "validity": "31 March 2027"},
    ),
    (
        "no-setup",
        "No setup fees. 50 pcs $12.00, 100 pcs $10.50",
        {"tiers": "50:12.00,100:10.50", "cur": "USD", "setup": "0"},
    ),
    (
        "small-order-surcharge",
        "MOQ 1000. Below MOQ we add a small order surcharge of €75. 1000 pcs €0.60",
        {"tiers": "1000:0.60", "cur": "EUR", "moq": 1000, "below_moq": "75"},
    ),
    (
        "per-hundred",
        "Stickers $18 per 100 for 500, $14 per 100 for 2000",
        {"tiers": "500:0.18,2000:0.14", "cur": "USD"},
    ),
    (
        "units-word-before-price",
        "1000 units: USD 0.55/unit; 3000 units: USD 0.42/unit",
        {"tiers": "1000:0.55,3000:0.42", "cur": "USD"},
    ),
    ("sek-kr", "Offert: 200 st 45 kr, 500 st 38 kr", {"tiers": "200:45,500:38", "cur": "SEK"}),
    (
        "pln",
        "Cena: 1000 szt. 1,20 PLN, 3000 szt. 0,95 PLN",
        {"tiers": "1000:1.20,3000:0.95", "cur": "PLN"},
    ),
    (
        "cad",
        "CA$ 2.10 each for 500, CA$ 1.75 each for 1500, die line $0",
        {"tiers": "500:2.10,1500:1.75", "cur": "CAD"},
    ),
    (
        "aud",
        "A$3.50 ea for 250 and A$2.95 ea for 1000",
        {"tiers": "250:3.50,1000:2.95", "cur": "AUD"},
    ),
    (
        "jpy-code",
        "JPY 420 per piece for 100 pcs, JPY 350 per piece for 500 pcs",
        {"tiers": "100:420,500:350", "cur": "JPY"},
    ),
    (
        "signature-gmbh",
        "Dear Anna,\nhappy to offer 2.000 Etiketten zu 0,12 € und 10.000 zu 0,07 €.\n"
        "Best regards\nKlaus\nEtikettenwerk Müller GmbH",
        {"tiers": "2000:0.12,10000:0.07", "cur": "EUR", "supplier": "Etikettenwerk Müller GmbH"},
    ),
    (
        "shipping-per-piece",
        "300 @ €3.10; shipping €0.40 per piece; set-up €60",
        {"tiers": "300:3.10", "cur": "EUR", "ship_unit": "0.40", "setup": "60"},
    ),
    (
        "tooling-mould-words",
        "Injection moulding: the mould costs $4,200 (one-off). Parts: 1000 @ $0.38, 5000 @ $0.29",
        {"tiers": "1000:0.38,5000:0.29", "cur": "USD", "tooling": "4200"},
    ),
    (
        "digitizing",
        "Embroidery: digitizing $45, 50 caps @ $9.80, 144 caps @ $8.20",
        {"tiers": "50:9.80,144:8.20", "cur": "USD", "tooling": "45"},
    ),
    (
        "payment-upfront",
        "100 jars at £1.90, 500 jars at £1.40. 100% upfront.",
        {"tiers": "100:1.90,500:1.40", "cur": "GBP", "payment": "100% upfront"},
    ),
    (
        "tt-terms",
        "USD 0.85 for 3000 pcs. T/T 30/70. Lead time 25 days.",
        {"tiers": "3000:0.85", "cur": "USD", "payment": "T/T 30/70", "lead": 25},
    ),
    (
        "spreadsheet-tab",
        "Quantity\tUnit price\n250\t5.20\n500\t4.60\n1000\t3.90\nCurrency: EUR",
        {"tiers": "250:5.20,500:4.60,1000:3.90", "cur": "EUR"},
    ),
    (
        "csv-rendered",
        "min_qty | unit_price | currency\n100 | 2.5 | USD\n500 | 1.9 | USD",
        {"tiers": "100:2.5,500:1.9", "cur": "USD"},
    ),
    (
        "three-columns-total-middle",
        "Qty | Total | Each\n500 | $600.00 | $1.20\n1000 | $900.00 | $0.90",
        {"tiers": "500:1.20,1000:0.90", "cur": "USD"},
    ),
    (
        "mixed-lines",
        "Prices (EUR):\n- 100 pcs: 4.20\n- 500 pcs: 3.10\n- 1000 pcs: 2.60\n"
        "Setup: 80\nShipping: 35",
        {"tiers": "100:4.20,500:3.10,1000:2.60", "cur": "EUR", "setup": "80", "ship_order": "35"},
    ),
    (
        "euro-word",
        "Price is 1.15 euros per unit for 2000 units, 0.98 euros for 5000 units",
        {"tiers": "2000:1.15,5000:0.98", "cur": "EUR"},
    ),
    ("dollar-word", "We charge 2 dollars each for 400 pieces", {"tiers": "400:2", "cur": "USD"}),
    (
        "freight-flat",
        "1,500 pouches @ $0.42. Freight: $180 to your warehouse.",
        {"tiers": "1500:0.42", "cur": "USD", "ship_order": "180"},
    ),
    (
        "lead-months",
        "2000 @ €0.50, production time 2 months, delivery included",
        {"tiers": "2000:0.50", "cur": "EUR", "lead": 60, "ship_order": "0"},
    ),
    (
        "moq-trailing",
        "1000 pcs minimum. 1000 pcs @ $0.70, 3000 pcs @ $0.55",
        {"tiers": "1000:0.70,3000:0.55", "cur": "USD", "moq": 1000},
    ),
    (
        "cliche",
        "Cliché 120 €, 500 Stück 0,90 €, 1000 Stück 0,75 €",
        {"tiers": "500:0.90,1000:0.75", "cur": "EUR", "tooling": "120"},
    ),
    (
        "setup-words-after",
        "$75 setup, then 250 @ $2.20 and 1000 @ $1.60",
        {"tiers": "250:2.20,1000:1.60", "cur": "USD", "setup": "75"},
    ),
    (
        "mini-lead-days",
        "Can do 60 bottles @ £4.10, ready in 5 days",
        {"tiers": "60:4.10", "cur": "GBP", "lead": 5},
    ),
    (
        "per-m-printing",
        "Printing: €32/M for 10k, €27/M for 50k",
        {"tiers": "10000:0.032,50000:0.027", "cur": "EUR"},
    ),
    (
        "dies-and-plates",
        "Cutting die $350, 2000 boxes @ $0.95",
        {"tiers": "2000:0.95", "cur": "USD", "tooling": "350"},
    ),
    (
        "prices-sentence-price-first",
        "Our price is $1.40 per unit at 500 units and $1.10 per unit at 2,000 units.",
        {"tiers": "500:1.40,2000:1.10", "cur": "USD"},
    ),
    (
        "hkd",
        "HK$ 12 each for 300, HK$ 9.5 each for 1000",
        {"tiers": "300:12,1000:9.5", "cur": "HKD"},
    ),
    (
        "grouped-space",
        "10 000 pcs @ 0,045 EUR; 50 000 pcs @ 0,031 EUR",
        {"tiers": "10000:0.045,50000:0.031", "cur": "EUR"},
    ),
    (
        "apostrophe-grouping",
        "1'000 Stk. CHF 3.80, 5'000 Stk. CHF 2.95",
        {"tiers": "1000:3.80,5000:2.95", "cur": "CHF"},
    ),
    ("at-sign-no-currency", "300 @ 2.10, 600 @ 1.85", {"tiers": "300:2.10,600:1.85"}),
    (
        "vendor-colon-spaces",
        "Kraftbox Studio : 150 @ €3.90, 400 @ €3.20",
        {"tiers": "150:3.90,400:3.20", "cur": "EUR", "supplier": "Kraftbox Studio"},
    ),
    (
        "below-moq-fee-words",
        "MOQ 500, below-MOQ fee $40. 500 @ $1.00",
        {"tiers": "500:1.00", "cur": "USD", "moq": 500, "below_moq": "40"},
    ),
    (
        "ddp",
        "DDP price: 800 pcs at €1.95 each, lead time 20 days",
        {"tiers": "800:1.95", "cur": "EUR", "lead": 20, "ship_order": "0"},
    ),
    (
        "quote-with-size-not-tier",
        "Mailer box 25x20x8 cm, 350gsm: 500 pcs @ €1.45, 1000 pcs @ €1.10",
        {"tiers": "500:1.45,1000:1.10", "cur": "EUR"},
    ),
    (
        "percent-not-price",
        "20% off above 1000. 1000 @ $0.90, 2000 @ $0.80, 30% deposit",
        {"tiers": "1000:0.90,2000:0.80", "cur": "USD", "payment": "30% deposit"},
    ),
    (
        "from-header",
        "From: Li Wei <sales@example.cn>\n5000 pcs USD 0.12, 20000 pcs USD 0.09",
        {"tiers": "5000:0.12,20000:0.09", "cur": "USD", "supplier": "Li Wei"},
    ),
    (
        "sentences-costs",
        "1000 mailers cost $1.20 each, 3000 cost $0.95 each.",
        {"tiers": "1000:1.20,3000:0.95", "cur": "USD"},
    ),
]

NOT_QUOTES = [
    "I need 300 boxes a month, budget €1.5k",
    "hello",
    "We are launching in March 2027 with about 500 units",
    "Our mailer is 25x20x8 cm and 350gsm",
    "",
]

_FIELDS = {
    "moq": "moq",
    "setup": "setup_fee",
    "tooling": "tooling_fee",
    "ship_order": "shipping_per_order",
    "ship_unit": "shipping_per_unit",
    "below_moq": "below_moq_fee",
    "lead": "lead_time_days",
    "supplier": "supplier",
    "validity": "validity",
    "payment": "payment_terms",
}


def _tiers(reading: QuoteReading) -> list[tuple[int, Decimal]]:
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


def _expected_tiers(text: str) -> list[tuple[int, Decimal]]:
    """Returns "100:420,500:350" as tiers (compared by value: 420 == 420.00)."""
    pairs = [item.split(":") for item in text.split(",")] if text else []
    return [(int(q), Decimal(p)) for q, p in pairs]


def test_the_corpus_has_at_least_sixty_quotes() -> None:
    assert len(CASES) >= 60
    assert len({case_id for case_id, _, _ in CASES}) == len(CASES)


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_figure_of_a_quote_is_read(text: str, expected: dict[str, object]) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert _tiers(reading) == _expected_tiers(str(expected["tiers"]))
    assert reading.currency == expected.get("cur")
    for key, attribute in _FIELDS.items():
        figure = getattr(reading, attribute)
        if key not in expected:
            assert figure is None, f"{attribute} read as {figure}"
            continue
        assert figure is not None, f"{attribute} not read"
        want = expected[key]
        value = figure.value
        if isinstance(want, str) and isinstance(value, Decimal):
            assert value == Decimal(want), attribute
        else:
            assert value == want, attribute


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_figure_carries_the_words_it_came_from(text: str, expected: object) -> None:
    reading = read_quote(text)
    assert reading is not None
    spans = [t.span for t in reading.tiers] + [f.span for _, f in reading.figures()]
    for span in spans:
        assert text[span.start : span.end] == span.words
        assert span.words.strip() == span.words
        assert span.words
        assert (span.start, span.end) in reading.spans
    for tier in reading.tiers:
        digits = str(tier.min_qty)[:1]
        assert digits in tier.span.words


@pytest.mark.parametrize("text", NOT_QUOTES)
def test_a_message_with_no_quote_figures_is_not_a_quote(text: str) -> None:
    assert read_quote(text) is None


def test_a_text_longer_than_a_message_quote_is_not_read() -> None:
    assert read_quote("1000 @ $0.80 " * (MAX_QUOTE_CHARS // 10)) is None


def test_a_quote_with_no_price_is_read_with_no_tiers() -> None:
    reading = read_quote("MOQ 500 pcs, setup €150, lead time 3 weeks")
    assert reading is not None
    assert reading.tiers == ()
    assert reading.moq is not None
    assert reading.moq.value == 500
    assert reading.currency == "EUR"


def test_shipping_left_out_is_noted_not_guessed() -> None:
    reading = read_quote("1,000 @ $1.05. Shipping not included.")
    assert reading is not None
    assert reading.shipping_per_order is None
    assert reading.shipping_per_unit is None
    assert any("shipping not included" in note for note in reading.notes)


@pytest.mark.parametrize(
    "text",
    [
        "1" * 5000,
        "1/" * 2000,
        "$1 " * 1000,
        "<b>1000 @ $0.80</b>",
        "\x00\u202e1000 @ €1",
        "🙂" * 99,
    ],
    ids=["digits", "slashes", "dollars", "html", "controls", "emoji"],
)
def test_hostile_text_never_raises(text: str) -> None:
    reading = read_quote(text)
    if reading is not None:
        for start, end in reading.spans:
            assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("text", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_a_reading_round_trips_through_its_stored_form(text: str) -> None:
    from bot.core.understanding.quotes import reading_from_dict, reading_to_dict

    reading = read_quote(text)
    assert reading is not None
    assert reading_from_dict(reading_to_dict(reading)) == reading


def test_a_founder_corrects_a_figure_and_it_says_so() -> None:
    from bot.core.understanding.quotes import correct_reading

    reading = read_quote("Acme: 1000 @ $0.80, setup $150")
    assert reading is not None
    fixed = correct_reading(reading, "setup", "$120")
    assert fixed.setup_fee is not None
    assert fixed.setup_fee.value == Decimal(120)
    assert fixed.setup_fee.span.words == "corrected by you"
    tiers = correct_reading(reading, "tiers", "1000 @ 0.75, 5000 @ 0.50")
    assert [(t.min_qty, t.unit_price) for t in tiers.tiers] == [
        (1000, Decimal("0.75")),
        (5000, Decimal("0.5")),
    ]
    assert correct_reading(reading, "currency", "eur").currency == "EUR"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("colour", "red", "is not one of"),
        ("setup", "lots", "is not an amount"),
        ("moq", "2.5", "is not a whole number"),
        ("tiers", "cheap", "no prices"),
        ("currency", "beads", "is not a currency code"),
    ],
)
def test_a_bad_correction_is_refused_with_a_reason(field: str, value: str, reason: str) -> None:
    from bot.core.types import InputError
    from bot.core.understanding.quotes import correct_reading

    reading = read_quote("Acme: 1000 @ $0.80")
    assert reading is not None
    with pytest.raises(InputError) as error:
        correct_reading(reading, field, value)
    assert reason in error.value.reason


def test_prices_in_words_are_read_and_point_at_the_founders_words() -> None:
    text = "We can do three hundred candles at four euros each, and a setup fee of sixty euros."
    reading = read_quote(text)
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [(300, Decimal(4))]
    assert reading.currency == "EUR"
    assert reading.setup_fee is not None
    assert reading.setup_fee.value == 60
    tier = reading.tiers[0].span
    assert tier.words == text[tier.start : tier.end]
    assert tier.words.startswith("three hundred candles")
    assert "sixty euros" in reading.setup_fee.span.words


def test_units_and_cents_in_words() -> None:
    reading = read_quote("Price: one thousand labels at three dollars twenty each")
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [(1000, Decimal("3.2"))]


def test_a_paste_beyond_the_cap_is_refused_with_a_clear_message() -> None:
    text = "1 | 2 | 3\n" * 10_000  # 100 kB
    assert read_quote(text) is None
    message = too_long(text)
    assert message is not None
    assert "100,000 characters" in message
    assert f"{MAX_QUOTE_CHARS:,}" in message
    assert too_long("1000 @ $0.80") is None


def test_the_tier_scan_is_bounded_but_reads_a_real_table() -> None:
    table = "\n".join(f"{q} pcs  ${1 + 1 / q:.4f}" for q in range(100, 5_100, 100))
    reading = read_quote(table)
    assert reading is not None
    assert len(reading.tiers) == 50
    rows = "".join(f"{q} pcs ${9 - q / 1000:.2f}\n" for q in range(10, 6_010, 5))  # 1,200 rows
    assert len(rows) <= MAX_QUOTE_CHARS
    many = read_quote(rows)
    assert many is not None
    assert 0 < len(many.tiers) <= MAX_TIER_CANDIDATES


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Qty;Price\n500;1,20\n1000;0,95\nRüstkosten je Auftrag;45\n", "setup_fee", "45"),
        ("qty,unit_usd\n1000,0.20\n5000,0.12\nsetup_per_order,80\n", "setup_fee", "80"),
        (
            "1000 Stück: 0,70 €\n3000 Stück: 0,45 €\nStanzform: 250 € (einmalig)",
            "tooling_fee",
            "250",
        ),
        (
            "500 uds — 0,50 €/ud\n1.000 uds — 0,40 €/ud\nClichés: 90 € (pago único)",
            "tooling_fee",
            "90",
        ),
        (
            "2000 pcs USD 0.30\n5000 pcs USD 0.22\nCylinder charge (one time): USD 60",
            "tooling_fee",
            "60",
        ),
        ("1000 @ 0.42, 3000 @ 0.29 + $80 plate fee per order", "setup_fee", "80"),
    ],
)
def test_fee_words_and_csv_rows(text: str, field: str, value: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    fee = getattr(reading, field)
    assert fee is not None
    assert fee.value == Decimal(value)


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("100/250/500 pièces à 3,90/2,80/2,10 € HT", [(100, "3.9"), (250, "2.8"), (500, "2.1")]),
        (
            "Tarif : 40 € le mille à 10 000 ex., 30 € le mille à 20 000 ex.",
            [(10000, "0.04"), (20000, "0.03")],
        ),
        ("Current quote: 3000 min at €0.22, plus €150 for the cutting die", [(3000, "0.22")]),
    ],
)
def test_more_tier_shapes(text: str, tiers: list[tuple[int, str]]) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [
        (q, Decimal(p)) for q, p in tiers
    ]


def _tiers_of(text: str) -> list[tuple[int, Decimal]]:
    reading = read_quote(text)
    assert reading is not None
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


def _fees_of(text: str) -> dict[str, Decimal]:
    reading = read_quote(text)
    assert reading is not None
    names = ("setup_fee", "tooling_fee", "shipping_per_order", "shipping_per_unit")
    return {n: getattr(reading, n).value for n in names if getattr(reading, n) is not None}


@pytest.mark.parametrize(
    "text",
    [
        "[14:02, 03/11/2026] Lily: 100pcs 1.20usd each\n[14:03, 03/11/2026] Lily: 300pcs 0.85usd",
        "Quote #44817 | 100 pcs $1.20 | 300 pcs $0.85 | Tel: +86 769 8123 4567",
        "Ref SO-20261130-0042, dated 30/11/2026: 100 pcs @ $1.20, 300 pcs @ $0.85. 1-800-555-0199",
        "On Tue, Nov 24, 2026 at 9:14 AM Tom wrote:\n100 pcs - $1.20\n300 pcs - $0.85",
    ],
)
def test_dates_times_phones_and_order_numbers_are_never_tiers_of(text: str) -> None:
    assert _tiers_of(text) == [(100, Decimal("1.2")), (300, Decimal("0.85"))]


def test_a_stated_minimum_after_order_is_not_an_order_number() -> None:
    reading = read_quote("Min. order: 3000 pcs. US$0.28/pc at 3000, US$0.24 at 10000.")
    assert reading is not None
    assert reading.moq is not None
    assert reading.moq.value == 3000
    first = _tiers_of("Quote: 500 pcs ¥380 each, 1000 pcs ¥320 each (JPY)")[0]
    assert first == (500, Decimal(380))


def test_a_price_first_tier_does_not_run_across_a_line() -> None:
    text = "ab 250 Stück: 2,95 € / Stück\n\nab 500 Stück: 2,40 € / Stück"
    assert _tiers_of(text) == [(250, Decimal("2.95")), (500, Decimal("2.4"))]


@pytest.mark.parametrize(
    ("text", "fees"),
    [
        (
            "100 pz a 4,90 € cad. Avviamento stampa 35 € per ordine. Spedizione 1,20 € al pezzo.",
            {"setup_fee": "35", "shipping_per_unit": "1.20"},
        ),
        (
            "500 pz € 0,05/cad. Fustella € 60 una tantum. Trasporto € 15 a spedizione.",
            {"tooling_fee": "60", "shipping_per_order": "15"},
        ),
        ("ab 200 Stk. CHF 4.90. Einrichtungskosten CHF 80.– pro Auftrag.", {"setup_fee": "80"}),
        ("100 Stk à 4,80€. Dazu Klischeekosten 65€.", {"tooling_fee": "65"}),
        ("500 Stück: 2,95 €. Siebkosten: 35,00 € (einmalig)", {"tooling_fee": "35.00"}),
        ("1000 sheets = $0.19 each. Plate charge $60 each order.", {"setup_fee": "60"}),
        ("500 pcs NOK 12.50/pc. Start-up cost NOK 600 per order.", {"setup_fee": "600"}),
        ("Rs. 45/pc for 500 pcs. Block charges Rs. 1,500 one-time.", {"tooling_fee": "1500"}),
        ("300 pcs: € 3,85. Transport: € 140 per delivery.", {"shipping_per_order": "140"}),
        ("300 pcs: $3.85. Freight: $0.05 per piece.", {"shipping_per_unit": "0.05"}),
    ],
)
def test_fee_words_in_more_languages_and_shapes(text: str, fees: dict[str, str]) -> None:
    assert _fees_of(text) == {name: Decimal(value) for name, value in fees.items()}


@pytest.mark.parametrize(
    ("text", "per_unit"),
    [
        ("250 Stück: 2,95 €. Versand: 9,90 € pro Karton à 100 Stück", "0.099"),
        ("50 units NZ$24.00 each. Courier NZ$18 per carton (50 per carton).", "0.36"),
        ("50 units NZ$24.00 each. Courier NZ$18 per carton.", None),  # a carton of how many?
    ],
)
def test_shipping_per_carton_is_per_unit_only_with_the_carton_s_count(
    text: str, per_unit: str | None
) -> None:
    fees = _fees_of(text)
    assert fees.get("shipping_per_unit") == (Decimal(per_unit) if per_unit else None)
    assert "shipping_per_order" not in fees


@pytest.mark.parametrize(
    "text",
    [
        "$38 per 1000 at 5k, $29 per 1000 at 10k. Free shipping on orders over $500.",
        "100 | 8,50 €\n250 | 7,20 €\nResa: franco fabbrica (EXW)\nConsegna: 30 giorni",
        "300 sacs : CHF 5.40 pièce ; 600 sacs : CHF 4.60 pièce. Livraison en 4 semaines.",
    ],
)
def test_no_shipping_figure_from_a_threshold_ex_works_or_a_lead_time(text: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.shipping_per_order is None
    assert reading.shipping_per_unit is None


def test_a_code_after_the_amount_says_which_dollar() -> None:
    reading = read_quote("200 playeras a $145 MXN c/u, 500 a $118 MXN c/u.")
    assert reading is not None
    assert reading.currency == "MXN"


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("100 pz a 4,90 €. Produzione 3-4 settimane.", 28),
        ("500 pezzi 0,42 €. Consegna in 15 giorni lavorativi.", 21),
        ("500 st: 38 kr/st. Leverans 3-4 veckor.", 28),
        ("50 units NZ$24.00 each. Allow 3-4 weeks.", 28),
        ("100 gorras a 6,50 USD. Tiempo de entrega 3 semanas.", 21),
    ],
)
def test_lead_times_in_more_words(text: str, days: int) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.lead_time_days is not None
    assert reading.lead_time_days.value == days


def test_a_csv_row_with_a_lead_time_cell_and_an_italian_per() -> None:
    assert _tiers_of("Quantity;Price (EUR);Lead time\n250;3,20;12 days\n500;2,75;12 days\n") == [
        (250, Decimal("3.2")),
        (500, Decimal("2.75")),
    ]
    assert _tiers_of("Buongiorno. Per 1.000 pezzi: 0,31 € al pezzo. Per 2.500 pezzi: 0,24 €.") == [
        (1000, Decimal("0.31")),
        (2500, Decimal("0.24")),
    ]


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        (
            "Customer: Moss & Fern Ltd\n1000 pcs EUR 0.62\n5000 pcs EUR 0.48\nVetro Glass srl",
            "Vetro Glass srl",
        ),
        (
            "To: Brightside Goods LLC\n600 pcs $4.85\nHangzhou Greenway Trading Co., Ltd",
            "Hangzhou Greenway Trading Co., Ltd",
        ),
        (
            "From: Elena Rossi <elena@rossi.example>\n300 pcs: € 3,85\nCartotecnica Rossi S.r.l.",
            "Cartotecnica Rossi S.r.l.",
        ),
        ("[14:03, 03/11/2026] Lily (Yiwu Crafts): 100pcs 1.20usd each", "Yiwu Crafts"),
        (
            "[10:41] Sofía – Textiles Andinos: 100 gorras a 6,50 USD, 300 a 5,20 USD",
            "Textiles Andinos",
        ),
        ("[10:40] Me: price?\n[10:41] Wei (Ningbo Pack): 500 pcs $0.80", "Ningbo Pack"),
        ("Cotización Textiles Andinos: 100 gorras a 45.000 COP c/u", "Textiles Andinos"),
    ],
)
def test_the_supplier_is_the_sender_s_company_not_the_customer(text: str, supplier: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.supplier is not None
    assert reading.supplier.value == supplier


@pytest.mark.parametrize(
    "text",
    [
        "Étiquettes rondes Ø 40 mm : 35 € le mille pour 5 000, 26 € le mille pour 10 000.",
        "Offre pour 300 sacs en toile : CHF 5.40 pièce ; 600 sacs : CHF 4.60 pièce.",
        "Preisstaffel: 1.000 Stk. = 0,245 €; 2.500 Stk. = 0,189 €",
        "Cotización: 200 playeras a $145 MXN c/u, 500 a $118 MXN c/u.",
        "quote for your coffee cups: 12oz double wall, 10,000 @ 11.5c, 25,000 @ 9.2c (AUD)",
        "Board: 2-layer, 100x80mm\nQty    Unit\n10     $4.90\n50     $2.10\n",
    ],
)
def test_a_product_or_a_heading_before_a_colon_is_no_supplier(text: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.supplier is None


@pytest.mark.parametrize(
    ("text", "fees"),
    [
        (
            "300 pcs DKK 22, cliché DKK 400 one-off, shipping DKK 95 per order",
            {"tooling_fee": "400", "shipping_per_order": "95"},
        ),
        (
            "2000 Stück 0,55 €. Die Einrichtungskosten von 120 € fallen pro Auftrag an.",
            {"setup_fee": "120"},
        ),
        (
            "1,200+: $0.71. Lid printing adds a $150 plate charge per design, per order.",
            {"setup_fee": "150"},
        ),
        (
            "3k @ 0.27 USD. Plates 35 USD/colour one time, you have 4 colours.",
            {"tooling_fee": "140"},
        ),
        (
            "200 piezas: $85.00 MXN c/u. El herramental (suaje) tiene un costo único de $2,800.",
            {"tooling_fee": "2800"},
        ),
    ],
)
def test_each_amount_belongs_to_its_nearest_fee_word(text: str, fees: dict[str, str]) -> None:
    assert _fees_of(text) == {name: Decimal(value) for name, value in fees.items()}


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        (
            "72 pz a 4,90 € cad. Produzione 3-4 settimane. Marco, Ceramiche Artigiane",
            "Ceramiche Artigiane",
        ),
        (
            "100 Stk à 4,80€. Lieferzeit 10 Werktage. Grüße, Lena (Druckerei Sonnenschein)",
            "Druckerei Sonnenschein",
        ),
        ("1000 sheets = $0.19 each. 4 wks. — Ana @ Wrap&Co", "Wrap&Co"),
        (
            "Hi Sam,\n1,200+: $0.71\n5,000+: $0.46\nRegards, Dana — North Coast Candle Supply\n",
            "North Coast Candle Supply",
        ),
    ],
)
def test_the_company_after_the_writer_s_name_signs_the_quote(text: str, supplier: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.supplier is not None
    assert reading.supplier.value == supplier


def test_a_last_sentence_that_is_no_name_gives_no_supplier() -> None:
    reading = read_quote("500 pcs $1.20, 1000 pcs $0.95. Lead time 2 weeks, shipping extra.")
    assert reading is not None
    assert reading.supplier is None


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        (
            "Hello! 200 tumblers laser engraved at S$9.80 each, 500 at S$8.40.",
            [(200, "9.8"), (500, "8.4")],
        ),
        (
            "rate for 10k pcs airless bottle 30ml is Rs 17.50/pc, 20k pcs Rs 15.80/pc.",
            [(10000, "17.5"), (20000, "15.8")],
        ),
        (
            "Quote for 2,000 hang tags 50x90mm 350gsm: total $264. 5,000 for $520.",
            [(2000, "0.132"), (5000, "0.104")],
        ),
        (
            "1.000 Stück Etiketten 70x50mm für insgesamt 89,00 € netto, 5.000 Stück für 310,00 €.",
            [(1000, "0.089"), (5000, "0.062")],
        ),
        (
            "Precios: de 100 a 499 unidades 2,90 €; de 500 a 999 unidades 2,40 €.",
            [(100, "2.9"), (500, "2.4")],
        ),
        ("Hola! 500 a 18 MXN, 2.000 a 14 MXN.", [(500, "18"), (2000, "14")]),
    ],
)
def test_tiers_with_words_sizes_totals_and_worded_ranges(
    text: str, tiers: list[tuple[int, str]]
) -> None:
    assert _tiers_of(text) == [(q, Decimal(p)) for q, p in tiers]


def test_a_minimum_in_a_table_cell() -> None:
    reading = read_quote(
        "| MOQ | 2,000 pcs |\n| Unit price @2k | €0.42 |\n| Unit price @5k | €0.31 |\n"
    )
    assert reading is not None
    assert reading.moq is not None
    assert reading.moq.value == 2000


@pytest.mark.parametrize(
    ("text", "currency", "first"),
    [
        (
            "Textiles Andes: 100 und a $38.000 COP, 300 und a $31.500, sin costo de montaje.",
            "COP",
            "38000",
        ),
        ("10,000 @ $0.115, 25,000 @ $0.092 (AUD, ex GST). Plates $180 one off.", "AUD", "0.115"),
        ("10,000 @ $0.115, 25,000 @ $0.092 (USD; AUD on request).", "USD", "0.115"),
        ("1000 @ $1.035, 5000 @ $0.95", "USD", "1.035"),
    ],
)
def test_a_named_code_says_which_dollar_every_symbol_is(
    text: str, currency: str, first: str
) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.currency == currency
    assert reading.tiers[0].unit_price == Decimal(first)
    assert {t.currency for t in reading.tiers} == {currency}


@pytest.mark.parametrize(
    "text", ["100 und a 38 USD, sin costo de montaje.", "500 Stk à 2 €, ohne Einrichtung."]
)
def test_no_setup_in_spanish_and_german(text: str) -> None:
    assert _fees_of(text).get("setup_fee") == Decimal(0)


def test_a_pdf_row_s_quantity_column_is_no_fee() -> None:
    text = (
        "Description Qty Unit Price Amount\nBamboo sunglasses 600 $4.85 $2,910.00\n"
        "Engraving setup 1 $80.00 $80.00\nFreight (air, DDP) 1 $310.00 $310.00\n"
    )
    assert _fees_of(text) == {
        "setup_fee": Decimal("80.00"),
        "shipping_per_order": Decimal("310.00"),
    }
    assert _tiers_of(text) == [(600, Decimal("4.85"))]


@pytest.mark.parametrize(
    ("text", "fees"),
    [
        (
            "300 sacs : CHF 5.40 pièce. Frais de sérigraphie : CHF 120 par commande.",
            {"setup_fee": "120"},
        ),
        (
            "200 playeras a $145 MXN c/u. Costo de pantalla $350 MXN por color (2 colores).",
            {"setup_fee": "700"},
        ),
        ("500 pezzi: 0,42 € al pezzo. Spedizione gratuita.", {"shipping_per_order": "0"}),
    ],
)
def test_screen_charges_and_free_shipping_in_more_languages(
    text: str, fees: dict[str, str]
) -> None:
    assert _fees_of(text) == {name: Decimal(value) for name, value in fees.items()}


def test_a_bare_lead_time_range_answering_in_a_chat() -> None:
    reading = read_quote(
        "[14:05] Me: lead time?\n[14:06] Lily (Yiwu Crafts): 100pcs 1.20usd\n"
        "[14:06] Lily (Yiwu Crafts): 10-12 days"
    )
    assert reading is not None
    assert reading.lead_time_days is not None
    assert reading.lead_time_days.value == 12


def test_a_csv_paste_s_commas_are_cells() -> None:
    text = "qty,unit_usd\n1000,0.185\n5000,0.112\nsetup_per_order,95\n"
    reading = read_quote(text)
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [
        (1000, Decimal("0.185")),
        (5000, Decimal("0.112")),
    ]
    assert reading.currency == "USD"
    assert reading.setup_fee is not None
    assert reading.setup_fee.value == Decimal(95)
    # Prose with commas is no CSV: "1,000" stays a thousand.
    assert _tiers_of("Hi, 1,000 pcs @ $0.80, 5,000 pcs @ $0.45") == [
        (1000, Decimal("0.8")),
        (5000, Decimal("0.45")),
    ]


def test_quantities_in_the_header_and_prices_in_the_row_below() -> None:
    text = "Size\t500 pcs\t1000 pcs\t2000 pcs\n8oz\t$0.38\t$0.29\t$0.22\nPlates: $95 one-time."
    assert _tiers_of(text) == [
        (500, Decimal("0.38")),
        (1000, Decimal("0.29")),
        (2000, Decimal("0.22")),
    ]
    # A row with fewer prices than quantities is not read as one.
    assert read_quote("Size\t500 pcs\t1000 pcs\n8oz\t$0.38\n") is None or _tiers_of(
        "Size\t500 pcs\t1000 pcs\n8oz\t$0.38\n"
    ) != [(500, Decimal("0.38")), (1000, Decimal("0.38"))]


def test_one_price_per_thousand_at_the_stated_minimum() -> None:
    reading = read_quote("€38 per 1000 stickers, min 2000")
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [(2000, Decimal("0.038"))]
    # No minimum: nothing to tie the price to, so no tier is made up.
    bare = read_quote("€38 per 1000 stickers")
    assert bare is None or not bare.tiers


def test_a_fee_times_its_colours() -> None:
    fees = _fees_of("3,000 pcs USD 0.31\nCylinder charge (one time): USD 55 x 3 colours\n")
    assert fees == {"tooling_fee": Decimal(165)}


def test_each_at_a_line_end_is_no_per_thousand_of_the_next_line() -> None:
    text = "250 units - $2.15 each\n500 units - $1.60 each\n1000 units - $1.18 each\n"
    assert _tiers_of(text) == [
        (250, Decimal("2.15")),
        (500, Decimal("1.6")),
        (1000, Decimal("1.18")),
    ]


def test_a_total_is_divided_once() -> None:
    text = "For 2,500 labels it's $180 total, 5,000 is $290 and 10,000 is $480."
    assert _tiers_of(text) == [
        (2500, Decimal("0.072")),
        (5000, Decimal("0.058")),
        (10000, Decimal("0.048")),
    ]


def test_a_print_charge_per_piece_is_no_set_up() -> None:
    fees = _fees_of("1,000pcs: US$0.42\n5,000pcs: US$0.35\nSilk screen printing: US$0.05/pc extra")
    assert "setup_fee" not in fees
    assert "tooling_fee" not in fees


def test_a_code_glued_to_its_digits() -> None:
    reading = read_quote(
        "price for 2000pcs is 0.68usd/pc, 5000pcs 0.55usd/pc\nplate 80usd per color, 2 colors"
    )
    assert reading is not None
    assert reading.currency == "USD"
    assert reading.setup_fee is not None
    assert reading.setup_fee.value == Decimal(160)


def test_a_per_thousand_heading_divides_the_prices_on_its_line() -> None:
    reading = read_quote("Price per 1,000: 5k £42, 10k £35. Origination £75. Carriage paid.")
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [
        (5000, Decimal("0.042")),
        (10000, Decimal("0.035")),
    ]
    assert reading.shipping_per_order is not None
    assert reading.shipping_per_order.value == 0
    # Without the heading the same prices are per piece.
    assert _tiers_of("5k £42, 10k £35.") == [(5000, Decimal(42)), (10000, Decimal(35))]


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        (
            "Precio unitario: 1,25 € (500-999), 1,05 € (1000-2499), 0,89 € (2500+).",
            [(500, "1.25"), (1000, "1.05"), (2500, "0.89")],
        ),
        ("MOQ 1000. USD 0.85/pc @1000, USD 0.72/pc @3000.", [(1000, "0.85"), (3000, "0.72")]),
        (
            "Quantité : 500 — Prix unitaire HT : 2,35 €\n"
            "Quantité : 1000 — Prix unitaire HT : 1,98 €",
            [(500, "2.35"), (1000, "1.98")],
        ),
    ],
)
def test_prices_with_their_range_in_brackets_glued_at_and_labelled(
    text: str, tiers: list[tuple[int, str]]
) -> None:
    assert _tiers_of(text) == [(q, Decimal(p)) for q, p in tiers]


@pytest.mark.parametrize(
    "text",
    [
        "500 uds 1,25 €. Portes pagados.",
        "500 ex : 2,35 €. Livraison offerte.",
        "1.000 pz: € 0,78/pz. Trasporto incluso.",
    ],
)
def test_free_shipping_in_more_words(text: str) -> None:
    assert _fees_of(text) == {"shipping_per_order": Decimal(0)}


@pytest.mark.parametrize(
    ("text", "supplier"),
    [
        (
            "50 hoodies @ $28.50\n100 hoodies @ $24.00\n\n-- \nJake | Threadline Printing\n",
            "Threadline Printing",
        ),
        (
            "From: Priya (Sunrise Exports) <priya@sunrise.example>\nUSD 0.85/pc @1000",
            "Sunrise Exports",
        ),
        (
            "ab 100 St.  5,90 €\nab 250 St.  5,20 €\nKerzenmanufaktur Lichtblick e.K.",
            "Kerzenmanufaktur Lichtblick e.K.",
        ),
    ],
)
def test_more_signatures(text: str, supplier: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.supplier is not None
    assert reading.supplier.value == supplier


def test_a_per_colour_fee_with_its_total_in_brackets() -> None:
    fees = _fees_of("50 hoodies @ $28.50. Screen setup is $25/color ($50 total).")
    assert fees == {"setup_fee": Decimal(50)}


def test_a_quantity_line_over_a_price_line() -> None:
    text = "Qty: 3000 / 5000 / 10000\nUnit price (RMB): 2.10 / 1.85 / 1.60\nPlate fee: RMB 200"
    reading = read_quote(text)
    assert reading is not None
    assert [(t.min_qty, t.unit_price) for t in reading.tiers] == [
        (3000, Decimal("2.1")),
        (5000, Decimal("1.85")),
        (10000, Decimal("1.6")),
    ]
    assert reading.currency == "CNY"
    # Lines of the wrong kind are not paired: a size line is no quantity line.
    sizes = read_quote("Size: 30 / 40 / 50\nUnit price (RMB): 2.10 / 1.85 / 1.60")
    assert sizes is None or not sizes.tiers


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("500 @ €1.10. Lead time is two weeks.", 14),
        ("500 @ €1.10. Lieferzeit zwei bis drei Wochen.", 21),
        ("500 @ €1.10, 1000 @ €0.90. We ship within 48 hours.", 2),
    ],
)
def test_lead_times_spelled_out_or_in_hours(text: str, days: int) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.lead_time_days is not None
    assert reading.lead_time_days.value == days


def test_a_spelled_count_that_is_no_time_stays_unread() -> None:
    reading = read_quote("500 @ €1.10 for two colours.")
    assert reading is not None
    assert reading.lead_time_days is None


def test_quantity_times_product_and_postage_and_packing() -> None:
    text = "500 x Labels @ £0.12 = £60.00\n1000 x Labels @ £0.09 = £90.00\nP&P £4.50"
    assert _tiers_of(text) == [(500, Decimal("0.12")), (1000, Decimal("0.09"))]
    assert _fees_of(text) == {"shipping_per_order": Decimal("4.50")}
    assert _fees_of("100 Stk 3,57 €, 500 Stk 2,98 €. Versand: kostenlos.") == {
        "shipping_per_order": Decimal(0)
    }
    assert _tiers_of("Unit: $1.25 (qty 2000).") == [(2000, Decimal("1.25"))]


def test_a_set_up_of_nothing_once_only_words_and_a_fee_label_as_no_supplier() -> None:
    assert _fees_of("1000 pcs @ $0.45. Setup: $0.") == {"setup_fee": Decimal(0)}
    assert _fees_of("1000 pcs @ €0.45. Coste de fotolito 35 € (solo la primera vez).") == {
        "tooling_fee": Decimal(35)
    }
    reading = read_quote("Mould: USD 2,800 (one time). Unit price USD 1.10 at 3,000 pcs.")
    assert reading is not None
    assert reading.supplier is None
    assert reading.tooling_fee is not None
    assert reading.tooling_fee.value == Decimal(2800)
