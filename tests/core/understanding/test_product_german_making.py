"""A German founder's own making ("ich baue", "ich fertige") and the someone they look for
("suche jemanden, der ..."): neither is the product, the thing made is."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Hallo, ich baue Vogelhäuschen und suche einen Hersteller, 200 Stück", "Vogelhäuschen"),
        ("Moin, ich fertige Schneidebretter, brauche 500 Stück im Monat", "Schneidebretter"),
        ("Wir produzieren Kerzenständer und brauchen 300 Stück", "Kerzenständer"),
    ],
)
def test_the_founders_own_make_verb_is_no_product(
    index: SearchIndex, text: str, product: str
) -> None:
    reading = read(index, text)
    assert reading.product is not None
    assert reading.product.startswith(product)


@pytest.mark.parametrize(
    "text",
    [
        "Servus, ich baue Gartenbänke aus Holz und suche jemanden, der die lackiert. 80 Stück",
        "Ich suche jemanden, der mir Gartenbänke aus Holz baut, 80 Stück",
        "Kann jemandem 80 Gartenbänke aus Holz liefern?",
    ],
)
def test_the_someone_looked_for_is_no_product(index: SearchIndex, text: str) -> None:
    assert read(index, text).product == "Gartenbänke aus Holz"
