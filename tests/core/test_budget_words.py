"""A limit on money with a period is a budget; the words of the limit are no product."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    "text",
    [
        "max 300 bucks a month",
        "under 300 bucks a month",
        "can spend 300 a month tops",
        "max €300/month",
    ],
)
def test_a_limit_per_month_is_a_monthly_budget_and_names_no_product(text: str) -> None:
    parsed = parse(text)
    assert parsed.budget is not None
    assert (parsed.budget.amount, parsed.budget.period) == (Decimal(300), Period.MONTH)
    assert parsed.target_unit_price is None
    assert parsed.product is None


def test_a_limit_per_piece_stays_a_target_price() -> None:
    parsed = parse("we need labels for under $0.10 each")
    assert parsed.target_unit_price is not None
    assert parsed.target_unit_price.amount == Decimal("0.10")
    assert parsed.product == "labels"


@pytest.mark.parametrize(
    "text",
    [
        "right now we 3d print the mounts, then €1.20 per part with a mould",
        "dann 1,20 € pro Teil mit einem Werkzeug für die Halterungen",
    ],
)
def test_the_piece_a_price_is_per_and_right_now_are_no_product(text: str) -> None:
    words = parse(text).product_candidates
    assert "part" not in words
    assert "teil" not in words
    assert not any(w.startswith("right") for w in words)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("need 3x3in die cut vinyl stickers", "3x3in"),
        ("2x2 inch die-cut labels", "2x2 inch"),
        ("30 ml dropper bottles", "30 ml"),
    ],
)
def test_a_size_takes_its_unit_and_no_more(text: str, size: str) -> None:
    assert parse(text).sizes == (size,)
