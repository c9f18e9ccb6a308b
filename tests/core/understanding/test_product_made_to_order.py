"""A contract manufacturer or a filler makes the founder's own product: what it fills it into
(clamshells, sachets, cartons, pouches) only counts it (issue 10, product field)."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.product import has_maker
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    "text",
    [
        "looking for a contract manufacturer to make 8000 clamshells",
        "need a contract packer in Ohio",
        "any contract manufacturers in the EU?",
    ],
)
def test_a_contract_role_makes_the_founders_own_product(text: str) -> None:
    assert has_maker(text)


def test_a_contract_alone_is_no_maker() -> None:
    assert not has_maker("we signed a contract with a shop for 500 mugs")


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "I make soy wax melts, time to stop pouring at home. Looking for a contract "
            "manufacturer to make 8,000 clamshells a month",
            "soy wax melts",
        ),
        ("i make wax melts, need a contract packer for 5k clamshells/mo", "wax melts"),
    ],
)
def test_the_clamshells_a_maker_fills_count_the_founders_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product
