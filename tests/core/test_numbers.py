"""Every number by its role: the need and the budget never come from a number with another role."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period
from bot.core.understanding.numbers import Role, read_figures, words_to_digits
from bot.core.understanding.parsing import parse


def roles(text: str) -> list[tuple[str, Decimal]]:
    """Returns (role, value) of every figure in the (already lower-case) text."""
    return [(f.role.value, f.value) for f in read_figures(text).figures]


@pytest.mark.parametrize(
    ("text", "role", "value"),
    [
        ("our supplier wants min 2000 but i need 300 a month", Role.MOQ, 2000),
        ("they want 3000, i need 500, what now?", Role.MOQ, 3000),
        ("moq is 5k", Role.MOQ, 5000),
        ("the factory requires 1,000 pcs minimum", Role.MOQ, 1000),
        ("mindestmenge 800 stück", Role.MOQ, 800),
        ("tooling is $6k", Role.TOOLING_FEE, 6000),
        ("mould is $4,500", Role.TOOLING_FEE, 4500),
        ("setup fee $150", Role.SETUP_FEE, 150),
        ("plates €80", Role.SETUP_FEE, 80),
        ("€120 for shipping", Role.SHIPPING_FEE, 120),
        ("we've sold 80 so far", Role.HISTORY, 80),
        ("we're in 4 shops", Role.HISTORY, 4),
        ("2,300 followers on instagram", Role.HISTORY, 2300),
        ("3x3in stickers", Role.SIZE, 3),
        ("250 g bags", Role.SIZE, 250),
        ("30ml dropper bottles", Role.SIZE, 30),
        ("3 colours x 2 sizes", Role.VARIANT, 3),
        ("50 per design", Role.VARIANT, 50),
        ("we rebrand in 3 months", Role.HORIZON, 3),
        ("need them within 3 weeks", Role.DEADLINE, 3),
        ("6 months shelf life", Role.SHELF_LIFE, 6),
        ("lead time is 4 weeks", Role.LEAD_TIME, 4),
        ("selling for 2 years", Role.HISTORY, 2),
        ("quote #4521", Role.REFERENCE, 4521),
        ("we need 500, not 5000", Role.OTHER, 5000),
        ("the mill's moq is 800 units per colour", Role.MOQ, 800),
        ("the workshop wants 250 per design", Role.MOQ, 250),
        ("moq is 200 kg of the blend", Role.MOQ, 200),
        ("l'usine demande 900 pieces minimum", Role.MOQ, 900),
        ("3 pallets of shelf displays, about 150 units", Role.SIZE, 3),
        ("mould quoted at $7,000", Role.TOOLING_FEE, 7000),
        ("150 € de cylindres", Role.TOOLING_FEE, 150),
        ("for a fair in 6 weeks", Role.DEADLINE, 6),
    ],
    ids=lambda v: str(v),
)
def test_a_number_with_another_role_is_not_the_need(text: str, role: Role, value: int) -> None:
    figures = read_figures(text).figures
    assert (role.value, Decimal(value)) in [(f.role.value, f.value) for f in figures]
    needs = [f for f in figures if f.role is Role.NEED]
    assert all(f.value != value for f in needs)


@pytest.mark.parametrize(
    "text",
    [
        "our supplier wants min 2000",
        "quoted 1000 @ $0.80",
        "tooling is $6k",
        "we've sold 80 so far",
        "we're in 4 shops",
        "3x3in",
        "250 g bags",
        "every 2 months",
        "we rebrand in 3 months",
        "3 colours x 2 sizes",
        "1k pcs $0.80, 5k pcs $0.55",
        "500/1000/5000 at 1.20/0.90/0.60",
    ],
)
def test_alone_these_numbers_give_neither_need_nor_budget(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is None, parsed.figures
    assert parsed.budget is None, parsed.figures


def test_the_need_is_read_next_to_a_supplier_minimum() -> None:
    parsed = parse("our supplier wants min 2000 but I need 300 a month")
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (300, Period.MONTH)
    assert parsed.supplier_moq == 2000


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("quoted 1000 @ $0.80", [(1000, "0.80")]),
        ("1k pcs $0.80, 5k pcs $0.55", [(1000, "0.80"), (5000, "0.55")]),
        ("500/1000/5000 at 1.20/0.90/0.60", [(500, "1.20"), (1000, "0.90"), (5000, "0.60")]),
        ("their quote: 2000 pcs at $0.45", [(2000, "0.45")]),
        ("quote #4521: 2000 pcs at $0.45", [(2000, "0.45")]),
        ("they quoted $0.62 each for 3000", [(3000, "0.62")]),
    ],
    ids=lambda v: str(v),
)
def test_quoted_tiers(text: str, tiers: list[tuple[int, str]]) -> None:
    parsed = parse(text)
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [(q, Decimal(p)) for q, p in tiers]
    assert parsed.quantity is None


def test_a_quote_with_fees_keeps_each_fee_apart() -> None:
    parsed = parse("quoted 1000 @ $0.80, 5000 @ $0.45, setup $150, tooling $900, shipping $60")
    assert parsed.setup_fee is not None
    assert parsed.setup_fee.amount == 150
    assert parsed.tooling_fee is not None
    assert parsed.tooling_fee.amount == 900
    assert parsed.shipping_fee is not None
    assert parsed.shipping_fee.amount == 60
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        ("1,000 every 2 months", 500, Period.MONTH),
        ("6,000 a quarter", 2000, Period.MONTH),
        ("600 every two weeks", 300, Period.WEEK),
        ("240 every 6 weeks", 40, Period.WEEK),
        ("500 twice a year", 1000, Period.YEAR),
        ("1200 alle 2 Monate", 600, Period.MONTH),
        ("300 tous les 3 mois", 100, Period.MONTH),
        ("300 labels fortnightly", 150, Period.WEEK),
        ("600 boxes bi-monthly", 300, Period.MONTH),
        ("1000 jars every two months", 500, Period.MONTH),
        ("200 Dosen alle zwei Monate", 100, Period.MONTH),
        ("150 Beutel jede Woche", 150, Period.WEEK),
        ("400 mugs p/m", 400, Period.MONTH),
    ],
    ids=lambda v: str(v),
)
def test_a_period_the_contract_lacks_becomes_a_rate(text: str, value: int, period: Period) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (value, period)


def test_a_budget_per_quarter_is_a_monthly_budget() -> None:
    parsed = parse("600 € pro Quartal für Etiketten")
    assert parsed.budget is not None
    assert (parsed.budget.amount, parsed.budget.period) == (200, Period.MONTH)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("budget NZ$800", 800, "NZD"),
        ("budget A$1,200", 1200, "AUD"),
        ("budget C$900", 900, "CAD"),
        ("budget CHF 1'500", 1500, "CHF"),
        ("budżet 2.000 zł", 2000, "PLN"),
        ("budget 5000 kr", 5000, "SEK"),
        ("budget ¥80,000", 80000, "JPY"),
        ("budget 1.250,50 €", Decimal("1250.50"), "EUR"),
        ("budget 1 250,50 €", Decimal("1250.50"), "EUR"),
    ],
    ids=lambda v: str(v),
)
def test_currencies_and_thousands_separators(
    text: str, amount: Decimal | int, currency: str
) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, parsed.figures
    assert (parsed.budget.amount, parsed.budget.currency) == (Decimal(amount), currency)
    assert parsed.country is None  # "NZ$" is a currency, not a place


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("wir brauchen fünfhundert Etiketten", "500"),
        ("nous avons besoin de deux cents boîtes", "200"),
        ("necesitamos quinientas bolsas", "500"),
        ("we need two hundred hoodies", "200"),
    ],
)
def test_number_words_in_four_languages(text: str, digits: str) -> None:
    converted, _ = words_to_digits(text)
    assert digits in converted


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        ("wir brauchen etwa fünfhundert Etiketten im Monat", 500, Period.MONTH),
        ("nous avons besoin de deux cents boîtes par mois", 200, Period.MONTH),
        ("necesitamos quinientas bolsas al mes", 500, Period.MONTH),
    ],
)
def test_needs_in_german_french_and_spanish(text: str, value: int, period: Period) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (value, period)


def test_sizes_variants_and_horizon_are_kept_as_constraints() -> None:
    parsed = parse("3x3in stickers in 3 colours, we rebrand in 3 months, 400 of them")
    assert parsed.quantity is not None
    assert parsed.quantity.value == 400
    assert parsed.sizes == ("3x3in",)  # the unit glued: no word after it
    assert parsed.variants == ("3 colours",)
    assert parsed.horizon_days == 90
    assert parsed.deadline_days is None  # a product-change horizon is not a deadline


@pytest.mark.parametrize(
    ("text", "days"),
    [("by next month", 30), ("need them by next week", 7), ("within 10 days", 10)],
)
def test_deadlines_with_and_without_numbers(text: str, days: int) -> None:
    assert parse(text).deadline_days == days


@pytest.mark.parametrize(
    ("text", "country"),
    [("we're in Denver", "US"), ("based in Leeds", "GB"), ("depuis Lyon", "FR")],
)
def test_a_city_says_the_country(text: str, country: str) -> None:
    assert parse(text).country == country


def test_a_target_unit_price_is_not_the_budget() -> None:
    parsed = parse("500 tins, target €1.20 per unit")
    assert parsed.target_unit_price is not None
    assert parsed.target_unit_price.amount == Decimal("1.20")
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("Presupuesto 6.000 PEN.", 6000, "PEN"),
        ("one time. Montreal. 4 000 $ CA", 4000, "CAD"),
        ("no sales with silver yet. Budget 1500 AUD, Perth", 1500, "AUD"),
        ("Pre-revenue. Denmark. DKK 120k budget", 120000, "DKK"),
        ("budget 60,000 TRY", 60000, "TRY"),
    ],
    ids=lambda v: str(v),
)
def test_a_budget_after_sales_words_or_with_a_spaced_code_is_still_the_budget(
    text: str, amount: int, currency: str
) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, parsed.figures
    assert (parsed.budget.amount, parsed.budget.currency) == (Decimal(amount), currency)


def test_try_pen_and_cop_in_lower_case_are_words_not_currencies() -> None:
    parsed = parse("we want to try 500 pen holders")
    assert parsed.budget is None
    assert parsed.quantity is not None
    assert parsed.quantity.value == 500


def test_a_count_before_a_sentence_end_is_not_the_minimum_that_follows() -> None:
    parsed = parse("We want 1,500 units. MOQ from the factory is 4,000.")
    assert parsed.quantity is not None
    assert parsed.quantity.value == 1500
    assert parsed.supplier_moq == 4000


@pytest.mark.parametrize(
    ("text", "price"),
    [
        ("Zielpreis 0,40 € pro Monat 300 Dosen", "0.40"),
        ("we need 60 a month of gift boxes. each box ~€2 target", "2"),
    ],
)
def test_target_price_words_make_a_unit_price_not_a_budget(text: str, price: str) -> None:
    parsed = parse(text)
    assert parsed.budget is None
    assert parsed.target_unit_price is not None
    assert parsed.target_unit_price.amount == Decimal(price)


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("candle brand (selling since 2019), need 300 jars a month", "growth"),
        ("we sold 900 mugs last year, need 100 a month", "growth"),
        ("Wir verkaufen seit 2020 und brauchen 200 Etiketten", "growth"),
        ("nous sommes en pleine croissance, 300 boîtes par mois", "growth"),
        ("Noch in der Entwicklung, 20 Gehäuse einmalig", "idea"),
    ],
)
def test_stage_cues_with_years_and_growth_words(text: str, stage: str) -> None:
    parsed = parse(text)
    assert parsed.stage is not None
    assert parsed.stage.value == stage


def test_have_without_a_currency_counts_things_not_money() -> None:
    parsed = parse("Looking to have 80 leather wallets made, one-off")
    assert parsed.quantity is not None
    assert parsed.quantity.value == 80
    assert parsed.target_unit_price is None
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("text", "tiers", "moq"),
    [
        (
            "the moq for our lip balm tubes is 5,000 at €0.30. we use 400 a month",
            [(5000, "0.30")],
            5000,
        ),
        ("we pay $0.42 per jar now at 2,000 moq. we use 300 a month", [(2000, "0.42")], 2000),
        (
            "the mill wants an order of 300 minimum. €12 a blanket. we sell 20 a month",
            [(300, "12")],
            300,
        ),
        ("le fournisseur demande 5 000 minimum à 0,40 $", [(5000, "0.40")], 5000),
    ],
)
def test_a_supplier_price_at_its_minimum_is_a_quoted_tier(
    text: str, tiers: list[tuple[int, str]], moq: int
) -> None:
    parsed = parse(text)
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [(q, Decimal(p)) for q, p in tiers]
    assert parsed.supplier_moq == moq
    assert parsed.budget is None
    assert parsed.target_unit_price is None


def test_a_minimum_with_a_target_price_stays_a_target() -> None:
    parsed = parse("they want 1,000 minimum, I'd pay €2 each max. we sell 80 a month")
    assert parsed.tiers == ()
    assert parsed.target_unit_price is not None


def test_tiers_after_a_fee_take_the_fee_currency_and_keep_the_product_words() -> None:
    parsed = parse("tooling is $3,000 and then 0.45/pc at 4000+. we need 800 a month")
    assert [(t.min_qty, t.unit_price, t.currency) for t in parsed.tiers] == [
        (4000, Decimal("0.45"), "USD")
    ]
    assert parsed.tooling_fee is not None
    assert parsed.tooling_fee.amount == 3000
    choice = parse("should I take 2,000 pouches at 0.31 or 500 at 0.52 (EUR)? we use 250 a month")
    assert {t.currency for t in choice.tiers} == {"EUR"}
    assert choice.quantity is not None
    assert choice.quantity.value == 250
    assert "pouches" in (choice.product or "")


def test_a_size_after_a_price_is_no_tier_quantity() -> None:
    parsed = parse("quote is 10k pcs min at $0.07 for 3x3in labels, we need 900/month")
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [(10000, Decimal("0.07"))]


def test_a_correction_keeps_the_rate_it_corrects() -> None:
    parsed = parse("300 tote bags per quarter for the shops... sorry I mean 330")
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (110, Period.MONTH)


def test_wanting_beats_doing_when_two_counts_have_a_period() -> None:
    parsed = parse("we bake 300 loaves per week and need printed bags, 1,000 a month")
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (1000, Period.MONTH)


def test_a_word_cut_by_the_window_is_no_period() -> None:
    parsed = parse("quiero hacer 40 mesas de madera a medida para un restaurante, una sola vez")
    assert parsed.quantity is not None
    assert parsed.quantity.period is Period.ONCE


@pytest.mark.parametrize(
    ("text", "value", "period"),
    [
        ("we need 1,000 tins a quarter", 333, Period.MONTH),
        ("Menge: 900 Stück / Quartal", 300, Period.MONTH),
        ("on en commande 4 000 aux deux mois", 2000, Period.MONTH),
        ("wir brauchen ca. 3.000 Stück pro Halbjahr", 500, Period.MONTH),
        ("every 4 weeks we go through ~200 jars", 50, Period.WEEK),
        ("wir brauchen jedes Quartal ca. 600 Flyer", 200, Period.MONTH),
        ("we're scaling from 3k to 9k units a month", 9000, Period.MONTH),
    ],
)
def test_rates_said_before_or_in_other_words(text: str, value: int, period: Period) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (value, period)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Wir haben 2 Sorten. Pro Sorte etwa 300 Stück im Monat", 600),
        ("4 tallas × 2 colores, 10 de cada uno", 80),
        ("2 modèles × 3 tailles, 15 de chaque", 90),
        ("we'd sell ~50 pairs/design per year, 4 designs", 200),
    ],
)
def test_how_many_of_each_times_the_variants(text: str, value: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.value == value


def test_other_numbers_that_are_no_need() -> None:
    german = parse("Brauchen Etiketten für 250-ml-Flaschen, 600 Stück im Monat")
    assert german.quantity is not None
    assert german.quantity.value == 600
    silver = parse("bagues en argent 925, 40 pièces, budget 800 €")
    assert silver.quantity is not None
    assert silver.quantity.value == 40
    shipping = parse("verkaufe 30 im Monat. Brauche Beutel für den Versand, 400 Stück")
    assert shipping.shipping_fee is None
    assert shipping.quantity is not None
    assert shipping.quantity.value == 400
    sizes = parse("3 sizes (S/M/L), 30 of each for the first order")
    assert sizes.quantity is not None
    assert sizes.quantity.period is None


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Wir haben noch nichts verkauft, brauchen 100 Dosen", "idea"),
        ("Wir wachsen stark (Skalierung auf 2 neue Märkte), 4.000 Stück im Monat", "scale"),
        ("we run 4 coffee shops and need 9,000 cups a month", "growth"),
        ("bridal boutique, open 6 years, need 80 metres of ribbon a month", "growth"),
    ],
)
def test_more_stage_cues(text: str, stage: str) -> None:
    parsed = parse(text)
    assert parsed.stage is not None
    assert parsed.stage.value == stage


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Budget AED 4,000/month for cups", "AED"),
        ("Presupuesto 200.000 CLP", "CLP"),
        ("Budget 300 000 FCFA par mois", "XOF"),
        ("need to stay under R15 per jar, 2,000 a month", "ZAR"),
    ],
)
def test_more_currencies(text: str, currency: str) -> None:
    parsed = parse(text)
    money = parsed.budget or parsed.target_unit_price
    assert money is not None
    assert money.currency == currency


def test_a_price_paid_now_and_a_price_wanted() -> None:
    parsed = parse("we need 500 jars a month. Paying $0.90/jar now, want under $0.70.")
    assert parsed.budget is None
    assert parsed.target_unit_price is not None
    assert parsed.target_unit_price.amount == Decimal("0.70")
    german = parse("Wir brauchen 800 Beutel im Monat. Aktueller Preis 0,42 €/Stk, Ziel 0,35 €.")
    assert german.target_unit_price is not None
    assert german.target_unit_price.amount == Decimal("0.35")


def test_a_process_cost_is_no_target() -> None:
    parsed = parse("3D printing costs me €5.50 each, we need 70 a month")
    assert parsed.target_unit_price is None
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        ("le prestataire demande 300 € de frais de mise en place", "setup"),
        ("+ 80 € de troquel (pago único)", "tooling"),
        ("die Spritzgussform (6.000 € einmalig)", "tooling"),
    ],
)
def test_fees_in_words_are_no_budget(text: str, fee: str) -> None:
    parsed = parse(text)
    assert parsed.budget is None
    found = parsed.setup_fee if fee == "setup" else parsed.tooling_fee
    assert found is not None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("necesito 100 tazas para el mes que viene", 30),
        ("es para dentro de un mes, 80 camisetas", 30),
        ("Délai : 5 semaines max, 3 000 sacs", 35),
        ("bakery open 5 years, 300 bags a month", None),
        ("so many labels we won't need in 5 years, 400 a year", None),
    ],
)
def test_deadlines_in_words_and_no_deadline_from_years(text: str, days: int | None) -> None:
    assert parse(text).deadline_days == days


def test_a_raised_minimum_is_the_new_one() -> None:
    parsed = parse("our supplier raised the MOQ from 1,000 to 3,000. we use 200 a month")
    assert parsed.supplier_moq == 3000


@pytest.mark.parametrize(
    ("text", "tier"),
    [
        (
            "Moule : 3 000 € une fois + 0,60 € la pièce dès 2 000. On en vend 80 par mois.",
            (2000, "0.60"),
        ),
        ("Form 7.000 € einmalig, dann 0,35 €/Stk ab 3.000 Stk", (3000, "0.35")),
        ("molde de 5.000 USD y 1,20 USD la pieza desde 1.000 unidades", (1000, "1.20")),
        ("Got a quote for 3,000 custom printed labels: $0.09 each plus $80 setup", (3000, "0.09")),
        ("The printer charges $0.25 per die-cut coaster at 2,000+ after that", (2000, "0.25")),
    ],
)
def test_price_first_tiers_and_labelled_quantities(text: str, tier: tuple[int, str]) -> None:
    parsed = parse(text)
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [(tier[0], Decimal(tier[1]))]


def test_a_minimum_before_at_keeps_its_role() -> None:
    parsed = parse("Current quote: 2500 min at €0.24, plus €120 for the cutting die")
    assert parsed.supplier_moq == 2500
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [(2500, Decimal("0.24"))]


def test_a_per_thousand_quote_after_wants_is_read_as_a_quote() -> None:
    parsed = parse("printer wants €40 per 1000 for 5k flyers, €30/1000 at 10k. Budget €150.")
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [
        (5000, Decimal("0.04")),
        (10000, Decimal("0.03")),
    ]
    assert parsed.budget is not None
    assert parsed.budget.amount == 150
