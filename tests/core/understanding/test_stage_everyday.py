"""Everyday ways founders say where they are, in EN/DE/FR/ES (issue 10: stage), and what is not
their stage: a product named with a stage word, the supplier's own history."""

from __future__ import annotations

import pytest

from bot.core.types import Stage
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    "text",
    [
        "we're not live yet, need 300 labels",
        "haven't started selling, need 300 labels",
        "we're still in the planning stage, need 500 pouches",
        "Der Shop ist noch nicht online, 200 Kartons",
        "noch in der Planungsphase, 500 Beutel",
        "wir planen den Launch im Herbst, 500 Beutel",
        "ich möchte eine Marke gründen, 300 Tassen",
        "le projet est encore en phase de conception, 500 sachets",
        "je prépare le lancement de ma marque, 300 bougies",
        "on lance notre marque à la rentrée, 500 sachets",
        "todavía no hemos vendido nada, 300 frascos",
        "aún no hemos lanzado, 500 bolsas",
        "todavía no tenemos clientes, 200 cajas",
        "estamos preparando el lanzamiento, 300 etiquetas",
        "es un proyecto paralelo, aún no vendo, 100 tazas",
        "planning a Kickstarter in spring, need 1,000 card decks",
        "no orders yet, need 200 boxes",
        "it isn't in stores yet, 300 jars",
        "noch keine Bestellungen, 300 Etiketten",
        "pas encore en magasin, 300 pots",
        "aún no está a la venta, 300 frascos",
        "todavía no tenemos pedidos, 300 cajas",
        "We're a studio in Seoul designing a Bluetooth speaker, need 100 prototypes",
        "wir entwerfen eine Stehlampe und brauchen 50 Schirme",
        "nous concevons une enceinte en bois, 200 pièces",
        "estamos diseñando una mochila, 300 unidades",
    ],
)
def test_nothing_out_yet_is_the_idea_stage(text: str) -> None:
    assert parse(text).stage is Stage.IDEA


@pytest.mark.parametrize(
    "text",
    [
        "we're relaunching our brand, need 500 bags",
        "we took 200 pre-orders, need 500 boxes",
        "just got our first stockist, need 500 jars",
        "wir haben bisher 150 Stück verkauft, brauchen 500 Gläser",
        "die erste Charge war ausverkauft, 1.000 Etiketten",
        "vor drei Monaten gestartet, 300 Kartons",
        "wir sind seit kurzem auf dem Markt, 500 Dosen",
        "notre première production est épuisée, 1 000 étiquettes",
        "la première série s'est vendue en une semaine, 500 boîtes",
        "hemos vendido 150 unidades hasta ahora, 500 frascos",
        "el primer lote se agotó, 1.000 etiquetas",
        "lanzamos hace tres meses, 300 bolsas",
        "acabamos de empezar, 300 bolsas",
    ],
)
def test_first_sales_told_in_passing_are_the_launch_stage(text: str) -> None:
    assert parse(text).stage is Stage.LAUNCH


@pytest.mark.parametrize(
    "text",
    [
        "stocked by 30 stockists in the UK, need 3,000 boxes",
        "we're carried by Whole Foods, need 20,000 labels",
        "stores keep reordering, need 3,000 boxes",
        "going wholesale now, need 2,000 jars",
        "our revenue is $40k/month, need 2,000 units",
        "our bestseller keeps selling out, need 2,000 jars",
        "seit drei Jahren am Markt, 1.000 Beutel",
        "on est distribué dans 40 points de vente, 3 000 boîtes",
        "nous livrons 30 restaurants, 5 000 boîtes",
        "depuis trois ans sur les marchés, 500 pots",
        "estamos en 20 tiendas, 2.000 etiquetas",
        "surtimos a 30 cafeterías, 5.000 vasos",
        "vendemos desde hace tres años, 500 frascos",
    ],
)
def test_regular_sales_told_as_their_evidence_are_the_growth_stage(text: str) -> None:
    assert parse(text).stage is Stage.GROWTH


@pytest.mark.parametrize(
    "text",
    [
        "ready to scale, need a manufacturer for 20,000 units",
        "we are expanding to retail, need 5,000 boxes",
        "wir wollen die Produktion hochfahren, 10.000 Beutel",
        "wir expandieren in den Einzelhandel, 5.000 Kartons",
        "nous voulons augmenter la production, 10 000 sachets",
        "on passe à l'échelle, 10 000 sachets",
        "queremos aumentar la producción, 10.000 bolsas",
        "estamos ampliando a tiendas, 5.000 cajas",
    ],
)
def test_growing_the_making_is_the_scale_stage(text: str) -> None:
    assert parse(text).stage is Stage.SCALE


@pytest.mark.parametrize(
    "text",
    [
        "need 500 bottles of hair growth oil",
        "we want 300 growth charts for kids' rooms",
        "need 1,000 digital kitchen scale units",
        "need a bathroom scale, 300 units, private label",
        "we run a concept store in Lyon, need 300 tote bags",
        "500 Big Idea notebooks with our logo",
        "our supplier has been in business for 30 years, quote: 500 boxes",
        "the manufacturer has been selling for 20 years, 500 mugs",
        "we use 700 labels a month",
    ],
)
def test_a_product_name_or_the_suppliers_history_is_no_stage(text: str) -> None:
    assert parse(text).stage is None
