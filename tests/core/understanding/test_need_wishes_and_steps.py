"""The founder's need when it is wished in the conditional ("j'aimerais", "wir bräuchten"), when
a later need hangs on a pilot working out, when products are counted before their variants
("2 tees x 4 sizes, 30 of each"), when an audience is counted, and when a sum is drawn."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Le fournisseur propose 85 € le mille. Nous on en voudrait 3 000 pour septembre", 3000),
        ("ab 5.000 Stk 0,30 € laut Angebot, wir bräuchten aber nur 1.200 Dosen", 1200),
        ("Échantillon de 10 pièces reçu, j'aimerais 250 bougies pour Noël", 250),
        ("Probedruck mit 20 Stück ok, wir möchten 400 Tassen mit Logo", 400),
        ("muestra de 10 unidades ok, nos gustaría 600 tazas", 600),
        ("muestra de 5 bolsas recibida, quisiera 150 bolsas de tela", 150),
        ("got 10 samples last wk, we'd like 300 tote bags", 300),
    ],
)
def test_a_wish_in_the_conditional_says_the_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("Pilot: 2,000 pads, one-time. After the pilot we'd need 10k a month", 2000),
        ("On cherche un atelier pour 500 cartes, puis si ça marche 2000 par trimestre", 500),
        ("Need PCB assembly for 250 boards, then ~1000/month if pilot works", 250),
        ("Erstmal 300 Flaschen, wenn es gut läuft dann 1.000 im Monat", 300),
        ("primero 200 cajas y si funciona 800 al mes", 200),
    ],
)
def test_a_later_need_that_hangs_on_the_first_is_not_the_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("first drop: 2 tees x 4 sizes, 30 of each size. I have $1,200 saved up", 240),
        ("2 hoodies x 3 colours, 40 each", 240),
        ("3 Shirts × 2 Farben, je 50 Stück", 300),
        ("2 camisetas en 3 colores, 25 de cada una", 150),
    ],
)
def test_products_counted_before_their_variants_are_designs(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("zine for my webcomic (~9k readers). 250 zines 32pp", 250),
        ("coaching company, 4k athletes in our app. start w/ 20,000 sticks", 20000),
        ("Podcast mit 12.000 Hörern, 300 Tassen mit Logo", 300),
        ("blog avec 5 000 lecteurs, 200 carnets A5", 200),
    ],
)
def test_an_audience_counted_is_no_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    "text",
    [
        "We need 400 for the winter season and again 400 for spring, so 800 a year",
        "400 pour l'hiver et 400 pour le printemps, donc 800 par an",
        "necesitamos 300 en primavera y 300 en otoño, o sea 600 al año",
    ],
)
def test_a_sum_drawn_with_so_is_the_need(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.period is Period.YEAR
    assert parsed.quantity.value in (600, 800)
