"""A German founder's own making ("ich baue", "ich fertige"), the someone they look for
("suche jemanden, der ...") and whether it "makes sense": none of them is the product."""

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


@pytest.mark.parametrize(
    "text",
    [
        "would that tier even make sense for a small shop?",
        "macht das überhaupt Sinn bei uns?",
        "¿tiene sentido para mí?",
    ],
)
def test_asking_whether_it_makes_sense_names_no_product(index: SearchIndex, text: str) -> None:
    assert read(index, text).product is None


def test_a_product_asked_about_in_a_makes_sense_question_is_still_read(
    index: SearchIndex,
) -> None:
    assert read(index, "does it make sense to order 400 enamel pins at once?").product == (
        "enamel pins"
    )
