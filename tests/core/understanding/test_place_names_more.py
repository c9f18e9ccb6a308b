"""More places founders name: places of one name in two countries (told apart by the money),
cities' adjectives and short names, a country code before their business, their business then
its place, and where goods come from, which is not the founder's place (issue 10)."""

from __future__ import annotations

import pytest

from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # one name, two countries: the money says which
        ("Estoy en Córdoba, quiero 150 mates, presupuesto 900.000 pesos", "AR"),
        ("mi marca de ropa en Cordoba: 1000 u. a USD 0,18, necesito 1.500", "AR"),
        ("Tengo una tienda en Córdoba y necesito 300 cajas, presupuesto 400 €", "ES"),
        ("je suis apicultrice dans le Jura, 2000 étiquettes, budget 300 €", "FR"),
        ("Grüezi, wir sind im Jura und brauchen 500 Etiketten, Budget 400 CHF", "CH"),
        # cities' and regions' adjectives beside the business, in French and Spanish
        ("Bonjour, start-up genevoise, on développe une enceinte, 500 unités", "CH"),
        ("une marque lyonnaise de bougies cherche 300 pots", "FR"),
        ("petite entreprise bretonne, 400 boîtes de biscuits", "FR"),
        ("somos una marca madrileña de cosmética, 1.000 frascos", "ES"),
        ("una empresa porteña de yerba, 2.000 bolsas", "AR"),
        # short names
        ("Melb based swimwear label, sold ~140 pieces, 200 swimsuits", "AU"),
        ("Melb. 2k custom socks, bamboo, under $4 pls", "AU"),
        ("philly coffee roaster here, need 500 bags", "US"),
        # a country code before the business
        ("Hey! SG kombucha startup; most brewers in Malaysia want 20,000 bottles", "SG"),
        ("we're a UK candle brand, the factory in Portugal wants 5,000 jars", "GB"),
        ("NZ skincare label, 300 tubes, factories in China want 10k", "NZ"),
        # the business, then its place, over a place named for a trip
        ("going to be in Bologna in March. we're a lipstick startup from Lyon", "FR"),
        ("Nous sommes une petite marque de Nantes, on sera à Milan en mai, 300 sacs", "FR"),
        # where the goods come from is not where the founder is
        ("cashew nuts, origin Côte d'Ivoire or Ghana, for our unit in Kollam", "IN"),
        ("Kakao, Herkunft: Ecuador oder Peru, für unsere Rösterei in Graz", "AT"),
    ],
)
def test_the_founders_country(text: str, country: str) -> None:
    assert parse(text).country == country


@pytest.mark.parametrize(
    "text",
    [
        "Ich habe Jura studiert und brauche 200 Notizbücher",  # law studies, no place
        "we're an IT company and need 200 hoodies",  # IT is no Italy
        "a PR agency needs 300 tote bags",
    ],
)
def test_words_that_look_like_places_are_none(text: str) -> None:
    assert parse(text).country is None
