"""Stage signs founders give in passing beyond "we sell": a prototype made, a launch under way or
just behind, a batch after the first, pre-orders, a large count sold (issue 10, four languages)."""

from __future__ import annotations

import pytest

from bot.core.types import Stage
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    "text",
    [
        "tenemos un prototipo de lampara, necesitamos 100 pantallas",
        "Prototipo listo! buscamos fabrica para 300 unidades",
        "Wir haben einen Prototyp und brauchen 200 Gehäuse",
        "prototyp steht, jetzt 500 Stk Spritzguss",
        "on a un prototype fonctionnel, il faut 200 boîtiers",
        "prototypes approved, need 300 units made",
        "hicimos un prototipo, ahora 150 piezas",
        "nous lançons une box de thés bretons, 250 par mois",
        "On lance notre marque de bougies, il nous faut 400 pots",
        "wir starten gerade mit unserem Label, brauchen 300 Etiketten",
        "estamos lanzando una marca de ropa, 200 camisetas",
        "vamos a lanzar una línea de salsas, 500 frascos",
    ],
)
def test_a_prototype_made_or_a_launch_under_way_is_the_idea_stage(text: str) -> None:
    assert parse(text).stage is Stage.IDEA


@pytest.mark.parametrize(
    "text",
    [
        "Nous venons de lancer notre marque de savons, il nous faut 500 boîtes",
        "on vient tout juste de démarrer, 200 sachets",
        "acabamos de sacar nuestra marca de café, 500 bolsas",
        "wir haben gerade gelauncht, 500 Dosen",
        "Wir sind vor kurzem gestartet und brauchen 300 Kartons",
        "we just opened our cafe, need 2k cups",
        "our 2nd batch of hot sauce, need 600 bottles",
        "second production run of our candles, 400 jars",
        "für unsere zweite Charge brauchen wir 500 Flaschen",
        "pour notre deuxième production il nous faut 300 pots",
        "para nuestro segundo lote necesitamos 300 frascos",
        "reprint of our zine, 500 copies",
        "taking pre-orders now for our card game, need 500 decks",
        "preorders are live! need 300 mugs",
        "wir nehmen Vorbestellungen an, 300 Tassen",
        "on a ouvert les précommandes, 300 tasses",
        "abrimos la preventa, 300 tazas",
        "we've sold 900 so far, need 500 boxes",
    ],
)
def test_a_launch_behind_a_later_batch_or_pre_orders_are_first_sales(text: str) -> None:
    assert parse(text).stage is Stage.LAUNCH


@pytest.mark.parametrize(
    "text",
    [
        "we've sold 12,000 units so far, need 5000 boxes",
        "sold 4k so far!! need 3000 mailers",
        "sold over 20k candles last year, need 3000 jars",
        "bisher über 5.000 Stück verkauft, brauchen 2000 Dosen",
        "hemos vendido 8.000 botellas, necesitamos 3000 etiquetas",
        "on a vendu 6 000 carnets, il faut 2 000 couvertures",
        "10,000 sold on Etsy so far, need new mailers",
    ],
)
def test_a_large_count_sold_is_regular_selling(text: str) -> None:
    assert parse(text).stage is Stage.GROWTH


@pytest.mark.parametrize(
    "text",
    [
        "I'd like a few samples first: 5 prototypes of a bottle opener, then 500",
        "need a prototype for a client demo, 20 enclosures",
        "our second supplier wants 5,000 minimum",
    ],
)
def test_a_prototype_asked_for_or_a_second_supplier_says_no_stage(text: str) -> None:
    assert parse(text).stage is None
