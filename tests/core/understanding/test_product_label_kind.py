"""How the item is branded stays in its name when said before it ("private label coffee"), and
English "soy" is a product's word, never Spanish "I am" ("soy wax melts") (issue 10, product
field)."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.product import phrases, with_label_kind
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "how do ppl find a roaster for private label coffee? I run a small cafe",
            "private label coffee",
        ),
        ("Need white label gummies (ashwagandha), 10k bottles a quarter", "white label gummies"),
        ("we need private-label protein powder, 500 tubs", "private-label protein powder"),
        ("looking for White Label face wash, 1000 units", "White Label face wash"),
    ],
)
def test_a_private_or_white_label_stays_in_the_products_name(
    index: SearchIndex, text: str, product: str
) -> None:
    shown = read(index, text).product
    assert shown is not None
    assert shown.startswith(product)


def test_a_label_kind_far_from_the_product_is_not_taken() -> None:
    text = "private label is our plan later; now we need 500 mugs"
    assert with_label_kind(text, "mugs") == "mugs"
    assert with_label_kind(text, "tins") == "tins"  # not in the text: unchanged


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("I make soy wax melts and need 2000 more a month", "soy wax melts"),
        ("Need 5000 soy wax tealights in clay diyas for Diwali", "soy wax tealights"),
    ],
)
def test_english_soy_is_a_products_word(index: SearchIndex, text: str, product: str) -> None:
    shown = read(index, text).product
    assert shown is not None
    assert shown.startswith(product)


def test_english_soy_starts_no_trade() -> None:
    found = {p.span: p for p in phrases("I make soy wax melts", "en")}
    assert "soy wax melts" in found


def test_spanish_soy_still_says_who_the_founder_is() -> None:
    found = {p.span: p for p in phrases("soy panadera y necesito cajas", "es")}
    assert found["panadera"].cue < 0
