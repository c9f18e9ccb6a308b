"""Deadlines as founders set them, and durations that are no deadline: time already past, a
rate of use, a supplier's lead time (four languages)."""

from __future__ import annotations

import pytest

from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("need 80 enclosures, lead time under 3 weeks", 21),
        ("Budget 500 000 FCFA. Délai 1 mois.", 30),
        ("Budget 9 000 €. Délai : dans 2 mois.", 60),
        ("Es un pedido único. Plazo: dentro de 3 semanas.", 21),
        ("10 000 sachets, livraison avant 6 semaines", 42),
    ],
)
def test_the_founders_limit_is_the_deadline(text: str, days: int) -> None:
    assert parse(text).deadline_days == days


@pytest.mark.parametrize(
    "text",
    [
        "we started in Leeds about 3 yrs ago, need 500 jars",
        "skincare brand in Pune, selling 2 yrs on Nykaa, 4,000 tubes a month",
        "craft cider in Malmö, 3 years in, 6,000 cans a month",
        "sold 200 through Instagram in 3 months, want 1,000 per batch",
        "3 sizes x 500 each, we go through all of that in about 2 months",
        "the lead time is 4 weeks, is that normal? need 300 bags",
    ],
)
def test_time_past_or_a_rate_of_use_is_no_deadline(text: str) -> None:
    assert parse(text).deadline_days is None


def test_a_best_by_date_is_the_shelf_life() -> None:
    assert parse("we put 12 months best by on the jars, need 2,000").shelf_life_months == 12
