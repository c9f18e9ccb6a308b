"""Trade words founders use for a category (EN/DE/FR/ES), read in whole founder messages: the
everyday word names its category, and a word close to a trade word in another language does not
("chaque" is no "charque")."""

from __future__ import annotations

import pytest

from benchmarks.understanding import categories_match
from bot.config import default_knowledge_dir
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import wider
from bot.knowledge_files import load_taxonomy
from tests.core.understanding.reading import read

TAXONOMY = load_taxonomy(default_knowledge_dir())


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("we'd like 400 pairs of suede babouches for a pop-up in Marseille", "footwear"),
        (
            "Wir suchen eine Näherei für 250 Abayas aus Crêpe, Lieferung nach Wien",
            "apparel-cut-sew",
        ),
        ("Je cherche un atelier pour 150 soutiens-gorge en coton bio", "apparel-cut-sew"),
        ("need 80 canvas art smocks for a kids' painting school", "apparel-cut-sew"),
        ("Buscamos una planta para 3.000 paquetes de carne seca al mes", "food-copacking"),
        ("On cherche un façonnier pour nos rillettes de canard, 2 000 pots", "food-copacking"),
        ("Necesito 1.000 cajitas de cartón para mis aretes", "packaging-boxes"),
        (
            "Ich brauche 3.000 Gewürzstreuer mit Streueinsatz für unsere Grillgewürze",
            "bottles-jars",
        ),
        ("on cherche 5 000 tubes en verre pour des échantillons de parfum", "bottles-jars"),
        ("500 Runddosen aus Weißblech für Tee, bedruckt", "bottles-jars"),
        ("Salut, on veut lancer un thé glacé en canette, 10 000 unités", "beverage-copacking"),
        (
            "we make barista milk from oats and need a co-packer, 5k litres a month",
            "beverage-copacking",
        ),
        ("Katzenstreu aus Holz, 2.000 Säcke im Quartal, wer produziert das?", "pet-products"),
        ("need 600 seed trays for our nursery, heavy duty, reusable", "thermoforming"),
        ("Cherche un prestataire pour 300 planches gravées au laser", "laser-cutting"),
        ("200 llaveros de madera con grabado con láser para una boda", "laser-cutting"),
        ("On cherche un fabricant européen de crayons de couleur pour enfants", "stationery"),
    ],
)
def test_a_founders_trade_word_names_its_category(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


def test_a_french_each_is_no_dried_meat(index: SearchIndex) -> None:
    # "charque" (dried meat) is a letter away from "chaque": only "charqui" is listed
    reading = read(index, "il me faut 40 pneus de vélo, 12 € chaque, livrés à Nantes")
    assert "food-copacking" not in reading.categories


def test_private_label_cosmetics_refine_contract_manufacturing() -> None:
    # a private-label maker is a contract manufacturer with its own base formulas
    assert "cosmetics-contract-manufacturing" in wider(TAXONOMY, "cosmetics-private-label")
    assert categories_match(["cosmetics-contract-manufacturing"], ["cosmetics-private-label"], [])
    assert not categories_match(
        ["cosmetics-private-label"], ["cosmetics-contract-manufacturing"], []
    )
