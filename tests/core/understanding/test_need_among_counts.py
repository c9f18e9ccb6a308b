"""The founder's need among the other counts of a chatty message, in four languages: where they
sell, who they are, list numbers, years, standards, pages, seasons, "twice a year", scale words
and one person's share."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity", "period"),
    [
        # scale words after digits ("5 mil", "30 mille", "3 Tausend")
        ("necesitamos 5 mil etiquetas al mes para nuestras mermeladas", 5000, Period.MONTH),
        ("on voudrait 30 mille sachets par an", 30000, Period.YEAR),
        ("wir brauchen 3 Tausend Dosen im Jahr", 3000, Period.YEAR),
        ("primero unas 10 mil latas al mes", 10000, Period.MONTH),
        # where the founder already sells is no need
        ("Ya vendemos a 12 tiendas. Queremos 800 frascos por mes", 800, Period.MONTH),
        ("nous vendons dans 30 épiceries, il nous faut 2 000 pots par mois", 2000, Period.MONTH),
        ("we sell in 25 pharmacies and need 6,000 tubes a month", 6000, Period.MONTH),
        ("wir verkaufen in 9 Läden und brauchen 400 Kerzengläser im Monat", 400, Period.MONTH),
        # numbered lists, years, standards, pages, ages, "3-store"
        ("Need: 1) jars 2) lids 3) labels. We fill 900 jars a month", 900, Period.MONTH),
        ("our studio (founded 2019) wants 1,500 mugs", 1500, None),
        ("medical CM needed, ISO 13485, 20k units a year", 20000, Period.YEAR),
        ("printing a 64pp zine, 500 copies", 500, None),
        ("I'm 21 and starting a cap brand, first order 150 caps", 150, None),
        ("a 4-store bakery chain, we want 3,000 boxes", 3000, None),
        ("Need 4 coasters per table, 30 tables → 120 coasters", 120, None),
        # seasons and "twice a year" make a yearly need
        ("about 600 jackets per season, 2 seasons a year", 1200, Period.YEAR),
        ("environ 900 pièces par saison, 2 saisons par an", 1800, Period.YEAR),
        ("1.000 Kalender zweimal im Jahr", 2000, Period.YEAR),
        ("500 cajas dos veces al año", 1000, Period.YEAR),
        # one person's share times the people
        ("our choir has 60 members, we want 2 scarves each", 120, None),
        ("150 subscribers now. Each gets 3 candles a month", 450, Period.MONTH),
    ],
)
def test_the_need_is_read_among_the_other_counts(
    text: str, quantity: int, period: Period | None
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("Presupuesto: 2 millones de pesos", 2_000_000),
        ("budget de 1,5 millions de francs CFA", 1_500_000),
        ("tenemos 400 mil pesos para la primera tanda", 400_000),
    ],
)
def test_a_scale_word_after_digits_multiplies_the_money(text: str, amount: int) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.amount == amount


def test_a_film_thickness_in_english_stays_a_size() -> None:
    parsed = parse("need 2,000 poly mailers, 2.5 mil thick")
    assert parsed.quantity is not None
    assert parsed.quantity.value == 2000


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("the workshop quoted 120 pcs at 310 CZK, 400 at 240 CZK", [(120, "310"), (400, "240")]),
        ("supplier says $45/lamp at 50, $38 at 200", [(50, "45"), (200, "38")]),
        ("Imprimeur : 200 ex. à 7,40 €, 600 ex. à 5,20 €", [(200, "7.40"), (600, "5.20")]),
        (
            "Le fournisseur dit 0,55 € pièce dès 1 000, 0,42 € dès 4 000",
            [(1000, "0.55"), (4000, "0.42")],
        ),
    ],
)
def test_every_price_break_of_an_inline_quote_is_read(
    text: str, tiers: list[tuple[int, str]]
) -> None:
    parsed = parse(text)
    assert [(t.min_qty, str(t.unit_price)) for t in parsed.tiers] == tiers


@pytest.mark.parametrize(
    "text",
    [
        "Printer A: 5k flyers £120. Printer B: 10k flyers £190.",
        "i found a site that does 100 for US$210 and 250 for US$400",
        "Le fournisseur demande 900 CHF de frais de marquage",
        "Der Hersteller verlangt 3,80 € pro Stück",
        "El fabricante pide 2,10 € por unidad",
    ],
)
def test_a_suppliers_price_is_neither_the_budget_nor_the_target(text: str) -> None:
    parsed = parse(text)
    assert parsed.budget is None, text
    assert parsed.target_unit_price is None, text


@pytest.mark.parametrize(
    "text",
    [
        "need 2000 ducks. mold cost quoted $1,900 (one time), $0.48/duck at 2k, $0.39 at 5k",
        "500 planches, frais de gravure 250 € (une fois), 21 € pièce dès 300",
        "Wir brauchen 800 Dosen, Prägewerkzeug 900 CHF einmalig, 2.40 CHF/Stk ab 500",
    ],
)
def test_a_fee_paid_once_says_nothing_of_how_often_the_need_comes(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.period is None, text


def test_a_one_off_order_is_still_once() -> None:
    parsed = parse("one-off order of 300 mugs, setup $60")
    assert parsed.quantity is not None
    assert parsed.quantity.period is Period.ONCE


def test_a_long_run_of_slashed_numbers_is_read_in_linear_time() -> None:
    # "1 /1 /1 ..." used to backtrack exponentially (a space both after a number and before
    # its slash); the dialog's fuzz test found it
    import time

    started = time.perf_counter()
    parse("1 /" * 24 + " at " + "2 / " * 24 + "x")
    assert time.perf_counter() - started < 1.0
