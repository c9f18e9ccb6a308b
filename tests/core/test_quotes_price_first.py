"""European price-first quotes, a minimum named by its noun, "$ CA", and no fee from "3D"."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.parsing import parse
from bot.core.understanding.quotes import read_quote


def _tiers(text: str) -> list[tuple[int, Decimal]]:
    reading = read_quote(text)
    assert reading is not None
    return [(t.min_qty, t.unit_price) for t in reading.tiers]


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        (
            "Le fournisseur dit 0,72 € pièce dès 2 000, 0,61 € dès 5 000.",
            [(2000, "0.72"), (5000, "0.61")],
        ),
        ("Moule : 4 500 € une fois + 0,80 € la pièce dès 1 000.", [(1000, "0.80")]),
        ("Un atelier demande 180 paires minimum par modèle à 16 € la paire.", [(180, "16")]),
    ],
)
def test_a_price_first_tier_and_thousands_grouped_by_a_space(
    text: str, tiers: list[tuple[int, str]]
) -> None:
    assert _tiers(text) == [(q, Decimal(p)) for q, p in tiers]


@pytest.mark.parametrize(
    ("text", "moq"),
    [
        ("Le fournisseur : 5 000 feuilles minimum à 0,07 €.", 5000),
        ("Un fabricante me pide 200 pares mínimo a 650 MXN el par.", 200),
        ("Le fournisseur chinois veut un minimum de 30 000 boîtes à 0,11 € l'unité.", 30000),
    ],
)
def test_a_minimum_named_with_its_noun_or_de(text: str, moq: int) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.moq is not None
    assert reading.moq.value == moq


def test_a_quebec_dollar_is_canadian() -> None:
    reading = read_quote("10 000 canettes minimum à 0,85 $ CA")
    assert reading is not None
    assert reading.currency == "CAD"


@pytest.mark.parametrize(
    ("text", "tooling"),
    [
        ("moule ou impression 3D ? Moule : 4 500 € une fois + 0,80 € la pièce dès 1 000.", "4500"),
        (
            "¿Molde o impresión 3D? molde de 7.000 USD y 1,50 USD la pieza desde 1.000 unidades.",
            "7000",
        ),
    ],
)
def test_3d_is_no_fee_amount(text: str, tooling: str) -> None:
    reading = read_quote(text)
    assert reading is not None
    assert reading.tooling_fee is not None
    assert reading.tooling_fee.value == Decimal(tooling)


@pytest.mark.parametrize(
    ("text", "tiers"),
    [
        ("Der Händler will 0,42 € pro Glas ab 3.000 Stück.", [(3000, "0.42")]),
        (
            "Nos cotizaron 2.900 CLP por vela a partir de 1.000 unidades y 2.400 CLP desde 5.000.",
            [(1000, "2900"), (5000, "2400")],
        ),
        (
            "Un fabricant m'a répondu : 100 planches à 28 € pièce, 300 à 21 €.",
            [(100, "28"), (300, "21")],
        ),
    ],
)
def test_a_message_quoting_from_a_quantity_is_read_as_a_quote(
    text: str, tiers: list[tuple[int, str]]
) -> None:
    parsed = parse(text)
    assert [(t.min_qty, t.unit_price) for t in parsed.tiers] == [(q, Decimal(p)) for q, p in tiers]
