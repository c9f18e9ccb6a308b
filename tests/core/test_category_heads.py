"""The categories a founder's product phrase names: its head noun decides, its modifiers choose
among the head's kinds only when they name that kind better than the head alone does."""

from __future__ import annotations

import pytest

from bot.config import default_knowledge_dir
from bot.core.curation.knowledge import validate_rows
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import CategoryWords
from bot.core.understanding.message import understand
from bot.knowledge_files import load_knowledge_dir


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    """Returns the index over the real knowledge base, built once for these tests."""
    rows, taxonomy = load_knowledge_dir(default_knowledge_dir())
    suppliers, _ = validate_rows(rows)
    return SearchIndex.build(suppliers, taxonomy)


def _categories(index: SearchIndex, text: str) -> tuple[str, ...]:
    words = CategoryWords.of(index.taxonomy)
    reading = understand(
        text, index.category_score, categorise=lambda span: index.named_categories(span, words)
    )
    return reading.categories


# The product in its container: the container word names the packaging, the head the product.
CONTAINED = [
    "Bonjour, je développe un déodorant solide en tube carton à Lyon, il me faut 1 000 unités.",
    "je lance un deodorant solide en tube carton, 800 pièces pour commencer",
]


@pytest.mark.parametrize("text", CONTAINED, ids=range(len(CONTAINED)))
def test_a_product_in_its_container_is_the_product_not_the_packaging(
    index: SearchIndex, text: str
) -> None:
    found = _categories(index, text)
    assert found, text
    assert found[0] != "cosmetic-packaging", found


# Modifiers that name one of the head's kinds better than the head alone still choose it.
KINDS = [
    ("we need 300 blank heavyweight tees for our shop", "blank-apparel"),
    ("Necesitamos 500 camisetas estampadas para un evento", "apparel-decoration"),
]


@pytest.mark.parametrize(("text", "category_id"), KINDS, ids=[c for _, c in KINDS])
def test_modifiers_that_name_a_kind_of_the_head_still_choose_it(
    index: SearchIndex, text: str, category_id: str
) -> None:
    assert _categories(index, text)[:1] == (category_id,)
