"""The stage founders state in passing, in four languages (issue 10: stage from what is said)."""

from __future__ import annotations

import pytest

from bot.core.types import Stage
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("I haven't sold anything yet, want 200 mugs", Stage.IDEA),
        ("0 revenue so far, need 300 caps", Stage.IDEA),
        ("no candle sales yet, looking for 500 jars", Stage.IDEA),
        ("complete beginner here, 40 tote bags to sell at a fair", Stage.IDEA),
        ("setting up a food truck, opening in May, need 2,000 cups", Stage.IDEA),
        ("todavía no vendí nada, quiero 100 gorras", Stage.IDEA),
        ("je n'ai encore rien vendu, il me faut 300 étuis", Stage.IDEA),
        ("our bakery (est. 2011) needs 1,000 boxes a month", Stage.GROWTH),
        ("family business 30+ years, need 5,000 labels", Stage.GROWTH),
        ("Metzgerei, bisher zahlen wir 3,10 € pro Karton", Stage.GROWTH),
        ("Llevamos 4 años abiertos, necesitamos 800 bolsas", Stage.GROWTH),
        ("we export to 9 countries, need 10,000 boxes a year", Stage.GROWTH),
        ("a catering company, 1,200 customers, need 2,000 containers", Stage.GROWTH),
        ("marque lancée en mars, 300 sacs par mois", Stage.LAUNCH),
        ("our pilot run sold out, next 5,000 pouches", Stage.LAUNCH),
    ],
)
def test_the_stage_said_in_passing_is_read(text: str, stage: Stage) -> None:
    assert parse(text).stage is stage


def test_planning_to_sell_at_a_market_is_no_sales_yet() -> None:
    assert parse("I want 50 cushion covers to sell at a market").stage is not Stage.GROWTH
