"""Published price lists: the shipped file is valid, carries its sources, and only per-unit vendor
lists enter a comparison."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.advice.price_lists import (
    Basis,
    Kind,
    find_price_lists,
    lists_for,
    validate_price_lists,
)
from bot.knowledge_files import load_knowledge_dir

SHIPPED = Path(__file__).parents[2] / "knowledge" / "price-lists.yaml"


def shipped() -> Any:
    return yaml.safe_load(SHIPPED.read_text(encoding="utf-8"))


def test_the_shipped_lists_are_valid_and_keep_all_67_published_tiers() -> None:
    lists, errors = validate_price_lists(shipped())
    assert errors == []
    # price-tiers.csv's 67, and the 19 of Grand Palace's 3- to 6-colour columns.
    assert sum(len(pl.tiers) for pl in lists) == 67 + 19
    assert len({pl.vendor for pl in lists}) == 13  # 12 vendors, OSH Park's group order apart
    assert all(pl.source.startswith("http") for pl in lists)


def test_only_per_unit_vendor_lists_with_a_currency_are_usable() -> None:
    lists, _ = validate_price_lists(shipped())
    usable = sorted({pl.vendor for pl in lists if pl.usable})
    assert usable == ["Designs Line", "Grand Palace", "Sew On Sew 4th"]
    ics = find_price_lists(lists, "ics inks")[0]
    assert ics.basis is Basis.PER_1000_STITCHES
    assert "per 1000 stitches" in ics.why_not_usable()
    bee = find_price_lists(lists, "beesuggest 30 ml")[0]
    assert bee.kind is Kind.ASSUMPTION
    dekol = find_price_lists(lists, "dekol")[0]
    assert dekol.currency is None
    assert dekol.why_not_usable() == "it states no currency"


def test_an_answer_names_whose_list_and_from_when() -> None:
    lists, _ = validate_price_lists(shipped())
    (grand,) = find_price_lists(lists, "grand palace 1 ink")
    assert "Grand Palace's published price list" in grand.attribution()
    assert "2017" in grand.attribution()
    assert "read 2026-12-01" in grand.attribution()
    assert grand.as_quote().tiers[0].min_qty == 24


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"product": "p", "basis": "per_unit", "kind": "vendor_page", "source": "s"}, "vendor"),
        ({"vendor": "v", "product": "p", "basis": "per_box", "kind": "vendor_page", "source": "s",
          "tiers": [{"min_qty": 1, "unit_price": 1}]}, "basis: 'per_box'"),
        ({"vendor": "v", "product": "p", "basis": "per_unit", "kind": "vendor_page", "source": "s",
          "currency": "у.е.", "tiers": [{"min_qty": 1, "unit_price": 1}]}, "not an ISO 4217"),
        ({"vendor": "v", "product": "p", "basis": "per_unit", "kind": "vendor_page", "source": "s",
          "tiers": [{"min_qty": 5, "unit_price": 1}, {"min_qty": 2, "unit_price": 1}]},
         "min_qty must ascend"),
        ({"vendor": "v", "product": "p", "basis": "per_unit", "kind": "vendor_page", "source": "s",
          "categories": "Labels", "tiers": [{"min_qty": 1, "unit_price": 1}]},
         "categories: expected a list of taxonomy ids"),
    ],
)  # fmt: skip
def test_a_bad_list_is_refused_whole_with_its_field(entry: dict[str, Any], problem: str) -> None:
    lists, errors = validate_price_lists({"price_lists": [entry]})
    assert lists == []
    assert any(problem in error for error in errors)


def test_each_list_is_in_a_taxonomy_category_and_in_its_vendors_row_where_there_is_one() -> None:
    lists, _ = validate_price_lists(shipped())
    rows, taxonomy = load_knowledge_dir(SHIPPED.parent)
    ids = {category.id for category in taxonomy.categories}
    by_site = {str(row.get("website")): row for row in rows if row.get("website")}
    checked = 0
    for price_list in lists:
        assert price_list.categories, price_list.product
        assert set(price_list.categories) <= ids, price_list.categories
        row = by_site.get(price_list.website or "")
        if row is not None:
            row_categories = row["categories"]
            assert isinstance(row_categories, list)
            assert set(price_list.categories) <= set(row_categories), price_list.vendor
            checked += 1
    assert checked >= 4  # OSH Park, Seeed, Shapeways and 3DPeople have supplier rows


@pytest.mark.parametrize(
    ("product", "fits"),
    [
        ("amber dropper bottles", True),
        ("glass bottles", True),
        ("bottles", True),
        ("woozy bottles", False),  # hot-sauce bottles: only the head noun in common
    ],
)
def test_a_list_fits_by_more_than_a_head_noun_of_another_kind(product: str, fits: bool) -> None:
    lists, _ = validate_price_lists(shipped())
    found = lists_for(lists, ["bottles-jars"], product)
    assert any("dropper bottle" in pl.product for pl in found) is fits
