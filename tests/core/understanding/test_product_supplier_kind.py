"""A kind of supplier is no product: the way of making before a role word ("a laser cutting
partner", "a screen printing supplier") says whom to ask, the item after it what to make,
also when the role is asked for somewhere first ("a partner in the EU for ...")."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        (
            "we build flat-pack desks, need a laser cutting partner in Spain for birch panels, "
            "about 400 a month",
            "birch panels",
            "laser-cutting",
        ),
        (
            "looking for a laser engraving service near Leeds for slate coasters, 300 pcs",
            "slate coasters",
            "laser-cutting",
        ),
    ],
)
def test_a_role_asked_for_somewhere_is_for_the_item_after(
    index: SearchIndex, text: str, product: str, category: str
) -> None:
    reading = read(index, text)
    assert reading.product == product
    assert category in reading.categories


def test_a_way_of_making_alone_still_names_what_is_asked(index: SearchIndex) -> None:
    assert read(index, "need a laser cutting service in Porto").product == "laser cutting"


def test_a_factory_somewhere_that_quoted_asks_for_nothing_new(index: SearchIndex) -> None:
    reading = read(index, "we need 800 tote bags. A factory in Turkey quoted €2.10 per bag")
    assert reading.product == "tote bags"


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        (
            "we're two engineers designing an electric toothbrush. Looking for help with product "
            "development and 50 prototypes",
            "electric toothbrush",
            "product-development",
        ),
        (
            "need someone for product development for our oat cookies",
            "oat cookies",
            "product-development",
        ),
    ],
)
def test_a_service_beside_an_item_keeps_the_item(
    index: SearchIndex, text: str, product: str, category: str
) -> None:
    reading = read(index, text)
    assert reading.product == product
    assert category in reading.categories


def test_a_service_alone_is_what_is_asked(index: SearchIndex) -> None:
    reading = read(index, "need help with product development, maybe 3 prototypes")
    assert reading.product == "product development"


def test_designing_is_a_verb_not_part_of_the_product(index: SearchIndex) -> None:
    assert read(index, "I'm designing a ceramic pour-over dripper, need 300").product == (
        "ceramic pour-over dripper"
    )
