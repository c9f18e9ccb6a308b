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


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("60 frame bags in 3 colours, we're in Bend OR. Prototype is done.", Stage.IDEA),
        ("1k phone cases with our artwork, retail launch next month", Stage.IDEA),
        ("mon livre de recettes, 500 exemplaires. Pas encore publié.", Stage.IDEA),
        ("sustainable knitwear brand, 2nd season, we'd do 250", Stage.LAUNCH),
        ("déjà 1 200 boîtes vendues, on voudrait 1 500 par trimestre", Stage.LAUNCH),
        ("marque lancée l'an dernier à Grenoble, j'en veux 200", Stage.LAUNCH),
        ("We're at 3k units/mo on Shopify. Want 10k per quarter", Stage.GROWTH),
        ("Hago velas de soja, vendo por IG hace 1 año. Necesito 500 frascos", Stage.GROWTH),
        ("Need 1,200 blank tees a month. Detroit, screen print shop 6 yrs", Stage.GROWTH),
        ("sock subscription, 450 subscribers. we need 900 pairs a month", Stage.GROWTH),
    ],
)
def test_the_stage_said_in_passing_by_recent_founders_is_read(text: str, stage: Stage) -> None:
    assert parse(text).stage is stage


@pytest.mark.parametrize(
    "text",
    [
        "Wir eröffnen in 5 Wochen unser Café in Graz und brauchen 4 Banner",  # a time, no outlets
        "fleurs séchées pour mon atelier à Toulouse, environ 50 bottes par semaine",  # "pour"
    ],
)
def test_a_time_or_a_french_pour_says_no_sales(text: str) -> None:
    assert parse(text).stage is not Stage.GROWTH


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        # a launch or an opening ahead, a product in development, a first year guessed
        ("need 600 tees for my brand launch in Leeds", Stage.IDEA),
        ("Wir eröffnen im Mai eine Bäckerei und brauchen 1.000 Tüten", Stage.IDEA),
        ("on est en phase de prototype, il nous faut 200 boîtiers", Stage.IDEA),
        ("Developing a lip scrub, need a lab to fill 400 jars", Stage.IDEA),
        ("I think we'd sell maybe 500 in year one", Stage.IDEA),
        ("want to launch a protein bar, 2,000 wrappers", Stage.IDEA),
        ("wir sind noch ganz am Anfang, 100 Taschen", Stage.IDEA),
        # first sales, told as how they came
        ("we sold around 90 mugs at the market so far, now want 400", Stage.LAUNCH),
        ("funded on Kickstarter, 2,500 copies needed", Stage.LAUNCH),
        ("pilot sales of 200 units done, need housings", Stage.LAUNCH),
        ("selling since June, ~400 sold, want 1,500 tins", Stage.LAUNCH),
        # selling regularly, told as what it gives
        ("Selling on Etsy, 2,300 sales so far, need 300 boxes", Stage.GROWTH),
        ("three local shops carry us, we need 800 labels", Stage.GROWTH),
        ("we export to Japan already, 5,000 pouches", Stage.GROWTH),
        ("olive oil family, 4th generation, need 2,000 bottles", Stage.GROWTH),
        ("need 900 boxes a month for my 4 branches", Stage.GROWTH),
        ("Wir haben 250 Stammkunden und brauchen 600 Beutel", Stage.GROWTH),
        ("I sell knitted hats, 200 a month, want a factory", Stage.GROWTH),
        ("we're a SaaS-ish skincare brand (₹2Cr ARR), need 10k tubes", Stage.GROWTH),
    ],
)
def test_the_stage_told_as_its_evidence_is_read(text: str, stage: Stage) -> None:
    assert parse(text).stage is stage


@pytest.mark.parametrize(
    "text",
    [
        "is a 6 month shelf life ok if I sell 250 a month? need 1,000 jars",
        "want 1,000 card decks printed for our Kickstarter backers",
    ],
)
def test_a_sale_in_a_condition_or_a_promise_says_no_stage(text: str) -> None:
    assert parse(text).stage is None
