"""understand(): a first message read into the contract fields, the product chosen by a scorer."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period, Stage
from bot.core.understanding.message import own_spelling, understand
from bot.core.understanding.parsing import parse

# A small vocabulary standing in for the search index's category score (0-100).
VOCABULARY = {
    "fleece jackets": 100.0,
    "jackets": 70.0,
    "amber jars": 80.0,
    "jars": 100.0,
    "candle": 100.0,
    "mailer boxes": 100.0,
    "custom printed mailer boxes": 80.0,
    "printed mailer boxes": 88.0,
    "tissue paper": 100.0,
    "printed tissue": 90.0,
    "sheets": 60.0,
    "etiquettes": 100.0,
    "racing": 68.0,  # a weak fuzzy match of another category ("ring")
    "beds": 77.0,  # a fuzzy match of "bends" (sheet metal)
    "dog bed": 100.0,
    "wraps": 58.0,
    "silicone part": 58.5,
}


def score(span: str) -> float:
    """Returns the vocabulary's score of a span (0 when it names nothing)."""
    return VOCABULARY.get(span, 0.0)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "a one-time run of 120 fleece jackets with embroidered logo for our team retreat, "
            "we're in Denver",
            "fleece jackets",
        ),
        # The shop's name holds a product word: the words after the need win.
        (
            "hi! we run Lumen Candle Co in Leeds, we need 250 amber jars (200ml) per month",
            "amber jars",
        ),
        (
            "Hey all, Sam from Brooklyn here. We need 500 custom printed mailer boxes",
            "printed mailer boxes",
        ),
        # Counted in sheets, the product is named elsewhere.
        (
            "quoted 1k pcs $0.80 for our printed tissue. we use 300 sheets a month",
            "printed tissue",
        ),
    ],
)
def test_the_product_is_the_span_that_names_a_product(text: str, product: str) -> None:
    reading = understand(text, score)
    assert reading.product_span is not None
    assert product in reading.product_span
    assert reading.product_score >= 55


def test_a_weak_match_away_from_the_need_words_head_is_not_the_product() -> None:
    reading = understand("we need 20 racing yachts", score)
    assert reading.product_score == 0  # not covered: "racing" alone is no fit for "yachts"
    assert reading.product == "racing yachts"


def test_a_weak_match_on_one_word_does_not_decide_the_product() -> None:
    alone = understand("we need 40 beds a month", score)
    assert alone.product_score == 0  # "beds" only resembles a category word: not covered
    assert alone.product == "beds"
    stronger = understand(
        "We're a dog bed brand, looking for a workshop for 120 beds a month", score
    )
    assert stronger.product_span == "dog bed"
    assert stronger.product_score == 100


def test_without_a_match_the_product_is_the_span_most_like_one() -> None:
    reading = understand(
        "sorry for the wall of text, the wraps are what we want to outsource", score
    )
    assert reading.product == "wraps"
    assert reading.product_score == 0


def test_a_period_abbreviation_is_not_the_need_words() -> None:
    reading = understand("approx 1500 units/yr of a silicone part, cleanroom", score)
    assert reading.product_span == "silicone part"


def test_the_product_is_shown_in_the_founders_own_spelling() -> None:
    reading = understand("Salut, il me faut 1 000 étiquettes de bière par mois", score)
    assert reading.product is not None
    assert reading.product.startswith("étiquettes")
    assert own_spelling("tazas de cerámica con logo", "tazas ceramica") == "tazas de cerámica"


def test_the_first_message_fills_the_contract_fields() -> None:
    reading = understand(
        "Hey all, Sam from Brooklyn here. We need 500 custom printed mailer boxes every 2 "
        "months, budget $900. They want min 2000 tho, we already sell",
        score,
    )
    assert (reading.quantity, reading.period) == (250, Period.MONTH)
    assert (reading.budget, reading.budget_period, reading.currency) == (Decimal(900), None, "USD")
    assert reading.supplier_moq == 2000
    assert (reading.country, reading.region) == ("US", None)
    assert reading.stage is Stage.GROWTH
    assert reading.quote is None


def test_a_horizon_is_neither_a_shelf_life_nor_a_deadline() -> None:
    reading = understand("we rebrand in 3 months so I need 400 boxes", score)
    assert reading.change_horizon_months == 3
    assert reading.shelf_life_months is None
    assert reading.deadline_days is None
    assert reading.horizon_days == 90


def test_a_pasted_quote_is_the_quote_field() -> None:
    reading = understand("quoted 1000 @ $0.80, 5000 @ $0.45, setup $150; we need 300 a month")
    assert reading.quote is not None
    assert [(t.min_qty, t.unit_price) for t in reading.quote.tiers] == [
        (1000, Decimal("0.80")),
        (5000, Decimal("0.45")),
    ]
    assert (reading.quote.setup_fee, reading.quote.currency) == (Decimal(150), "USD")
    assert (reading.quantity, reading.period) == (300, Period.MONTH)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("our factory makes them in Portugal but we're based in Paris", "FR"),
        ("need a sourcing agent in China, we sell on Amazon US", "US"),
        ("climbing gym in Denver CO", "US"),
        ("our workshop in Florence wants 200 minimum", None),  # a supplier's place only
    ],
)
def test_the_founders_place_wins_over_a_suppliers(text: str, country: str | None) -> None:
    assert parse(text).country == country


def test_the_change_horizon_survives_a_saved_session_and_old_sessions_have_none() -> None:
    from dataclasses import replace

    from bot.core.conversation.state import DialogState

    state = DialogState.new()
    state = replace(state, need=replace(state.need, quantity=120, change_horizon_months=4))
    saved = state.to_dict()
    assert DialogState.from_dict(saved).need.change_horizon_months == 4
    del saved["need"]["change_horizon_months"]
    old = DialogState.from_dict(saved).need
    assert old.quantity == 120  # the old session was read, not replaced by a new one
    assert old.change_horizon_months is None


# The message's currency, from whatever money it names: messages written for these tests.
@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("need 400 jars a month, right now we pay 0,80 € per jar", "EUR"),
        ("looking for 2,000 tote bags, under 90 cents a bag", "USD"),
        ("need 500 tins, we'd like 35p each", "GBP"),
        ("Necesito 300 gorras para mi tienda en Cali, presupuesto 2.000.000 pesos", "COP"),
        ("Necesito 300 gorras en Guadalajara, presupuesto 90.000 pesos", "MXN"),
        ("we're in Lagos, 1,000 bottles, budget ₦2,500,000", "NGN"),
        ("Nairobi bakery, 3,000 bags a month, KSh 40,000 a month", "KES"),
    ],
)
def test_the_currency_of_any_money_in_the_message(text: str, currency: str) -> None:
    assert understand(text).currency == currency


def test_cents_and_pence_are_hundredths() -> None:
    assert understand("need 3,000 cups, target 7 cents a cup").target_unit_price == Decimal("0.07")
    assert understand("5,000 labels, ideally 3p each").target_unit_price == Decimal("0.03")


@pytest.mark.parametrize(
    "text",
    [
        "200 tote bags for our stall at the farmers market",
        "80 prints for my exhibition next month",
        "Necesito 50 gorras para la despedida de mi amigo",
        "Il nous faut 3 000 bouteilles, une seule production",
    ],
)
def test_one_occasion_is_once(text: str) -> None:
    assert understand(text).period is Period.ONCE
