"""Free-text parsing: numbers as founders write them, money, periods, places, stages, extras."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period, Stage
from bot.core.understanding.parsing import (
    MAX_TEXT_CHARS,
    ProblemKind,
    clean_text,
    parse,
    parse_country,
    parse_period,
    parse_stage,
)


def test_the_issue_example_fills_every_slot_at_once() -> None:
    parsed = parse(
        "about 300 custom printed mailer boxes a month, budget €1.5k, shipping to Germany, "
        "we already sell"
    )
    assert parsed.quantity is not None
    assert (parsed.quantity.value, parsed.quantity.period) == (300, Period.MONTH)
    assert parsed.budget is not None
    assert (parsed.budget.amount, parsed.budget.currency) == (Decimal(1500), "EUR")
    assert (parsed.country, parsed.region) == ("DE", "Europe")
    assert parsed.stage is Stage.GROWTH  # already selling regularly (corpus rules, issue 10)
    assert parsed.product == "custom printed mailer boxes"
    assert not parsed.problems


@pytest.mark.parametrize(
    ("text", "value", "maximum"),
    [
        ("1,500 labels", 1500, None),
        ("1.500 Etiketten", 1500, None),
        ("1 500 stickers", 1500, None),
        ("1\u202f500 stickers", 1500, None),
        ("1'500 Aufkleber", 1500, None),
        ("5k labels", 5000, None),
        ("2 thousand jars", 2000, None),
        ("1.5k pouches", 1500, None),
        ("two hundred hoodies", 200, None),
        ("twenty five candles", 25, None),
        ("a few hundred boxes", 300, None),
        ("a couple hundred tees", 200, None),
        ("300-500 tees", 300, 500),
        ("300–500 tees", 300, 500),
        ("300 to 500 tees", 300, 500),
        ("between 300 and 500 jars", 300, 500),
        ("1-2k labels", 1000, 2000),
    ],
    ids=lambda v: str(v),
)
def test_quantities_in_the_ways_founders_write_them(
    text: str, value: int, maximum: int | None
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, parsed
    assert (parsed.quantity.value, parsed.quantity.maximum) == (value, maximum)


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("budget €1.5k", Decimal(1500), "EUR"),
        ("budget 1,5k eur", Decimal(1500), "EUR"),
        ("£2,000", Decimal(2000), "GBP"),
        ("$1,250.50", Decimal("1250.50"), "USD"),
        ("1.250,50 EUR", Decimal("1250.50"), "EUR"),
        ("CHF 900", Decimal(900), "CHF"),
        ("900 sek", Decimal(900), "SEK"),
        ("2000 PLN", Decimal(2000), "PLN"),
        ("budget of 1200", Decimal(1200), None),
        ("we can spend 3k", Decimal(3000), None),
        ("2 grand", Decimal(2000), None),
    ],
    ids=lambda v: str(v),
)
def test_money_with_symbols_codes_and_decimal_commas(
    text: str, amount: Decimal, currency: str | None
) -> None:
    parsed = parse(text if "grand" not in text else "budget " + text)
    assert parsed.budget is not None, parsed
    assert (parsed.budget.amount, parsed.budget.currency) == (amount, currency)
    assert parsed.quantity is None


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("300 a month", Period.MONTH),
        ("300/mo", Period.MONTH),
        ("300 per month", Period.MONTH),
        ("300 monthly", Period.MONTH),
        ("300 pro Monat", Period.MONTH),
        ("300 weekly", Period.WEEK),
        ("300 a week", Period.WEEK),
        ("3000 per year", Period.YEAR),
        ("3000 a year", Period.YEAR),
        ("3000 annually", Period.YEAR),
        ("500 one-off", Period.ONCE),
        ("500 once", Period.ONCE),
        ("a single batch of 500", Period.ONCE),
    ],
    ids=lambda v: str(v),
)
def test_periods_attach_to_the_quantity(text: str, period: Period) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.period is period


def test_a_budget_period_stays_with_the_budget_not_the_quantity() -> None:
    parsed = parse("300 boxes, budget €500 a month")
    assert parsed.quantity is not None
    assert parsed.quantity.period is None
    assert parsed.budget is not None
    assert parsed.budget.period is Period.MONTH


@pytest.mark.parametrize(
    "text",
    [
        "30ml dropper bottles",
        "50 ml bottles",
        "A5 flyers on 350 gsm",
        "10x15 cm pouches",
        "labels 3 colours",
        "a 12 oz mug",
    ],
)
def test_sizes_are_part_of_the_product_not_a_quantity(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is None, parsed
    assert parsed.product is not None


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("we need 2000 boxes in 2024", 2000),
        ("boxes for our 2025 launch, 400 of them", 400),
        ("by March 2026 we need 600 jars", 600),
        ("deadline 12.03.2026, 250 candles", 250),
        ("since 2019 we sell 800 soaps a month", 800),
        ("50 pro Monat, wir verkaufen seit 2022", 50),
        ("nous vendons depuis 2021, 300 pots par mois", 300),
        ("vendemos desde 2020, 400 cajas al mes", 400),
    ],
)
def test_a_year_in_a_date_is_not_a_quantity(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("-5", ProblemKind.NEGATIVE),
        ("-5 boxes", ProblemKind.NEGATIVE),
        ("0 boxes", ProblemKind.ZERO),
        ("2.5 boxes", ProblemKind.NOT_WHOLE),
        ("99999999999 boxes", ProblemKind.TOO_LARGE),
        ("500-300 boxes", ProblemKind.BAD_RANGE),
    ],
)
def test_unusable_quantities_are_reported_not_used(text: str, kind: ProblemKind) -> None:
    parsed = parse(text)
    assert parsed.quantity is None
    assert [p.kind for p in parsed.problems] == [kind]
    assert parsed.problems[0].slot == "quantity"


def test_a_negative_budget_is_reported_as_a_budget_problem() -> None:
    parsed = parse("budget -€500")
    assert parsed.budget is None
    assert [(p.slot, p.kind) for p in parsed.problems] == [("budget", ProblemKind.NEGATIVE)]


@pytest.mark.parametrize(
    ("text", "country", "region"),
    [
        ("shipping to Germany", "DE", "Europe"),
        ("Deutschland", "DE", "Europe"),
        ("UK", "GB", "UK"),
        ("ship to the uk", "GB", "UK"),
        ("USA", "US", "North America"),
        ("ships to the US", "US", "North America"),
        ("Österreich", "AT", "Europe"),
        ("New Zealand", "NZ", "Oceania"),
        ("anywhere in Europe", None, "Europe"),
    ],
)
def test_countries_by_name_and_code(text: str, country: str | None, region: str) -> None:
    parsed = parse(text)
    assert (parsed.country, parsed.region) == (country, region)


def test_lower_case_codes_count_only_when_the_question_was_where_it_ships() -> None:
    assert parse_country("it is for us")[0] is None
    assert parse_country("de", lenient=True)[0] == "DE"
    assert parse_country("IT IS URGENT PLEASE HELP")[0] is None


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("just an idea", Stage.IDEA),
        ("prototype stage", Stage.IDEA),
        ("we already sell", Stage.GROWTH),
        ("first sales", Stage.LAUNCH),
        ("we've sold 80 so far", Stage.LAUNCH),
        ("no sales yet", Stage.IDEA),
        ("noch keine Verkäufe", Stage.IDEA),
        ("on n'a encore rien vendu", Stage.IDEA),
        ("wir verkaufen bereits", Stage.GROWTH),
        ("on vend déjà", Stage.GROWTH),
        ("ya vendemos", Stage.GROWTH),
        ("in 12 stores", Stage.GROWTH),
        ("growing", Stage.GROWTH),
        ("scaling", Stage.SCALE),
        ("scale", Stage.SCALE),
    ],
)
def test_stage_words(text: str, stage: Stage) -> None:
    assert parse_stage(text) is stage
    assert parse(text).stage is stage


# Stages a whole message implies: messages written for these tests.
@pytest.mark.parametrize(
    ("text", "stage"),
    [
        # a running rate of the founder's own sales is selling regularly
        ("we sell roughly 320 candles a week, need 2,000 jars", Stage.GROWTH),
        ("our roastery ships ~600 bags/mo, looking for valve bags", Stage.GROWTH),
        ("doing about 150 cakes a week, want printed boxes", Stage.GROWTH),
        ("Every 2 weeks we bake 900 loaves; need paper bags", Stage.GROWTH),
        ("On en vend environ 80 par semaine, il nous faut des étiquettes", Stage.GROWTH),
        ("Vendemos unas 300 al mes en la tienda, necesitamos cajas", Stage.GROWTH),
        ("Wir verkaufen ca. 50 pro Woche im Laden und brauchen Etiketten", Stage.GROWTH),
        # years of trading, own outlets, paying customers
        ("bakery, 6 yrs in, need 3,000 pastry bags", Stage.GROWTH),
        ("been trading for 3 years, need mailers", Stage.GROWTH),
        ("Wir produzieren seit 2017 Senf und brauchen 4.000 Gläser", Stage.GROWTH),
        ("juice bar, our 4 shops need 10k cups", Stage.GROWTH),
        ("we have 700 paying subscribers and need 700 boxes", Stage.GROWTH),
        # first sales
        ("we launched 2 months ago and need 300 tins", Stage.LAUNCH),
        ("sold out our first 50 at a craft fair, need 200 more", Stage.LAUNCH),
        ("Wir haben im Juni gelauncht, brauchen 500 Beutel", Stage.LAUNCH),
        ("Ma marque, lancée il y a 2 mois, cherche 300 boîtes", Stage.LAUNCH),
        # nothing sold yet
        ("pre-seed robotics startup, no revenue yet, need 50 enclosures", Stage.IDEA),
        ("just starting my brand, 0 sales, 100 caps", Stage.IDEA),
        ("Nous voulons lancer une gamme de thés, jamais vendu", Stage.IDEA),
        ("Aún no he vendido nada, busco 100 tazas", Stage.IDEA),
        ("Wir sind noch in der Ideenphase und brauchen 200 Becher", Stage.IDEA),
        # scaling up
        ("need to scale production to 5,000 a month", Stage.SCALE),
        ("queremos escalar a 3.000 unidades", Stage.SCALE),
    ],
)
def test_stage_from_the_message(text: str, stage: Stage) -> None:
    assert parse(text).stage is stage


@pytest.mark.parametrize(
    "text",
    [
        "need 300 jars a month",  # a need, not sales
        "we'd sell maybe 200 a month",  # a hope
        "we hope to ship 500 orders a month",
        "if I sell 100 a week, which tier?",
        "we use 400 mailers a month",  # using up is the need itself
        "2 years shelf life, need 500 tins",  # years of shelf life, not of trading
    ],
)
def test_rates_that_are_no_sales(text: str) -> None:
    assert parse(text).stage is None


def test_extras_shelf_life_deadline_target_price_and_certifications() -> None:
    parsed = parse("6 months shelf life, need them within 3 weeks, €2 per unit, FSC and vegan")
    assert parsed.shelf_life_months == 6
    assert parsed.deadline_days == 21
    assert parsed.target_unit_price is not None
    assert (parsed.target_unit_price.amount, parsed.target_unit_price.currency) == (2, "EUR")
    assert set(parsed.certifications) == {"FSC", "vegan"}
    assert parsed.quantity is None
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("text", "correction"),
    [("actually 500", True), ("make it 1000 a month", True), ("no, 400", False), ("400", False)],
)
def test_corrections_are_flagged(text: str, correction: bool) -> None:
    parsed = parse(text)
    assert parsed.correction is correction
    assert parsed.quantity is not None


@pytest.mark.parametrize(
    ("text", "period"),
    [("monthly", Period.MONTH), ("once", Period.ONCE), ("week", Period.WEEK), ("hmm", None)],
)
def test_a_bare_period_answer(text: str, period: Period | None) -> None:
    assert parse_period(text) is period


@pytest.mark.parametrize(
    "text",
    ["", "🙂🚀", "\x00\x07\x1b[31m", "مرحبا", "x" * MAX_TEXT_CHARS * 3, "<b>&</a>", "1e400"],
    ids=["empty", "emoji", "controls", "arabic", "huge", "html", "scientific"],
)
def test_hostile_text_parses_without_inventing_numbers(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is None
    assert parsed.budget is None


def test_clean_text_removes_control_and_invisible_characters() -> None:
    assert clean_text("300\x00 boxes\u200b\n a\tmonth") == "300 boxes a month"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("<b>boxes</b> & <script>", "<b>boxes</b> & <script>"),
        ("Custom Printed Mailer Boxes!", "Custom Printed Mailer Boxes!"),
        ("we make candles", "candles"),  # filler words dropped: the cleaned product is shown
    ],
    ids=["html-kept-as-typed", "case-kept", "filler-dropped"],
)
def test_a_message_that_is_only_the_product_keeps_the_founders_own_words(
    text: str, shown: str
) -> None:
    from bot.core.understanding.parsing import own_words

    product = parse(text).product
    assert product is not None
    assert own_words(text, product) == shown


@pytest.mark.parametrize("text", ["no idea about budget", "not sure", "I don't know yet", "dunno"])
def test_not_knowing_is_no_stage_and_declines_the_question(text: str) -> None:
    from bot.core.understanding.parsing import parse_stage

    parsed = parse(text)
    assert parsed.stage is None  # "no idea" is not the idea stage
    assert parsed.negation
    assert parse_stage(text) is None


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("300 stand up pouches for coffee a month", "stand-up pouches coffee"),
        ("make up bags", "make-up bags"),
        ("budget up to 500 eur for labels", "labels"),  # "up to" is still no product word
    ],
    ids=["stand-up", "make-up", "up-to"],
)
def test_product_words_with_up_in_them_survive_filler_removal(text: str, product: str) -> None:
    assert parse(text).product == product
