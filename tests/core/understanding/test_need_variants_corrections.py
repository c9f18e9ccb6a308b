"""The founder's need when it is said per size or colour, with the sizes listed rather than
counted, and when the founder corrects a number in the same message (four languages)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        # sizes named as letters: as many variants as letters
        ("we'd like joggers in sizes S M L XL, 30 per size", 120),
        ("camisetas tallas S, M, L, 40 por talla", 120),
        ("T-Shirts in S/M/L/XL/XXL, 10 per size", 50),
        # sizes listed as measures, then "each"
        ("kraft pouches, 100g & 500g, qty: 2k each", 4000),
        ("gift boxes 20 cm and 30 cm, 300 each", 600),
        # counts said per size in German, "je" before the count
        ("Wir brauchen Shirts, 2 Farben x 3 Größen, je 15 Stück", 90),
        ("Mützen in 4 Größen, 25 Stück pro Größe", 100),
        # the sizes' own count is not multiplied twice
        ("cake boxes in 3 sizes (6 inch, 8 inch, 10 inch), 400 each size. Budget RM2,000", 1200),
        # a label "qty:" says the need beside a usage rate
        ("item: labels / qty: 3k / we fill about 2 tons a month", 3000),
    ],
)
def test_the_need_per_variant_is_multiplied(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("I need 300 mugs, sorry 350 mugs, for the cafe", 350),
        ("Need 100-150 lanyards for the conference. Oh wait, my boss says 250.", 250),
        ("Wir brauchen 200 Beutel, äh nein, 240", 240),
        ("Il nous faut 500 étiquettes, pardon, 600", 600),
        ("Necesito 80 gorras, mejor dicho 120", 120),
    ],
)
def test_a_corrected_number_replaces_the_first(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    "text",
    [
        "I sell candles on Etsy (~5k sales so far) and want 400 tins",
        "tenemos 20k seguidores y queremos 400 frascos",
    ],
)
def test_sales_and_followers_are_history_not_the_need(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == 400


def test_ringgit_glued_to_its_amount_is_the_budget() -> None:
    parsed = parse("KL bakery, want 500 boxes, budget RM4,000")
    assert parsed.budget is not None
    assert (parsed.budget.amount, parsed.budget.currency) == (Decimal(4000), "MYR")


def test_a_slash_between_clauses_is_not_per_unit() -> None:
    parsed = parse("qty: 2k / budget R15k / we ship weekly")
    assert parsed.budget is not None
    assert parsed.budget.amount == 15000
    assert parsed.target_unit_price is None


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        # what one unit holds is no count of units
        ("gift boxes with 9 compartments, 1,500 boxes", 1500),
        ("des boîtes de 24 chocolats, 800 pièces", 800),
        ("coasters: 200 sets of 6, one-off", 200),
        # so many packs of a weight or volume
        ("we need 2,000 x 250g pouches a month", 2000),
        # a label and its value ("colours: 4") is no per-colour need
        ("qty: 3k / colours: 5 / target $1", 3000),
        # counts per model and per shape
        ("Wir planen 4 Modelle à 50 Stück", 200),
        ("ceramic vases, 3 shapes x 40 each", 120),
        # "one" as a pronoun is no count
        ("our current one closed, need a new one, 400-600 a month", 400),
        # outlets that stock the founder are history
        ("5 supermarkets stock us, need 2,500 jars a month", 2500),
    ],
)
def test_counts_that_are_not_the_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity
