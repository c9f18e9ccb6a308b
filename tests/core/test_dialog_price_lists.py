"""Published price lists in the chat's answer: used when the founder has no quote and a per-unit
vendor list fits the need (named with its vendor, date and address, converted at a dated rate),
shown as reference only when it is not per unit, and never a price when none fits."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from bot.core.advice.currency import Rates
from bot.core.advice.drafting import as_quoted
from bot.core.advice.price_lists import Basis, PriceList, lists_for
from bot.core.conversation.answering import draft_quantities
from bot.core.conversation.dialog import KnowledgeView
from bot.core.conversation.messages import Answer, DraftRequest, Message, PriceBasis
from bot.core.conversation.render import render
from bot.core.types import ReplyContext
from bot.quote_service import load_price_lists, shipped_rates
from tests.core.conftest import Chat
from tests.turns import only

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
LISTS = load_price_lists(KNOWLEDGE)
SHIPPED_RATES = shipped_rates(KNOWLEDGE)
TEES = "screen printing on 200 t-shirts a month, budget $800 a month, launching, ships to US"
TEES_EUR = "screen printing on 200 t-shirts a month, budget €800 a month, launching, ships to DE"
PCBS = "50 PCB prototypes once, budget $500, we are prototyping, ships to US"
LABELS = "300 woven labels a month, budget €500, launching, ships to Germany"


def text_of(messages: tuple[Message, ...], *, in_group: bool = False) -> str:
    """Returns the plain text of a turn."""
    return "\n".join(r.text_plain() for r in render(messages, ReplyContext(in_group=in_group)))


def grand_palace_one_colour() -> PriceList:
    (found,) = [pl for pl in LISTS if pl.vendor == "Grand Palace" and "1 ink" in pl.product]
    return found


@pytest.fixture
def listed(kb: KnowledgeView) -> Chat:
    """A conversation over the snapshot with the shipped price lists and rates."""
    return Chat(replace(kb, price_lists=LISTS, rates=SHIPPED_RATES))


def test_a_fitting_published_list_prices_the_answer_and_says_whose_from_when_and_where(
    listed: Chat,
) -> None:
    turn = listed.say(TEES)
    answer = only(turn, Answer)
    grand = grand_palace_one_colour()

    assert answer.basis is PriceBasis.SUPPLIER
    assert answer.price_list == grand
    assert listed.state.shown is not None
    assert listed.state.shown.price_source == "knowledge_base"
    rec = answer.recommendation
    assert rec is not None
    best = rec.best
    # The price is the list's tier for the order quantity: 576+ at $1.00, nothing invented.
    assert best.order_quantity >= 576
    assert best.unit_price == Decimal("1.00")
    assert rec.currency == "USD"
    assert best.cash_per_order <= Decimal(800)
    text = text_of(turn)
    assert "Prices: from Grand Palace's published price list" in text
    assert "page titled '2017 CONTRACT PRICING CHART'" in text
    assert "read 2026-12-01" in text
    assert "http://www.grandpalace.us/2016-contract-printing-price-chart" in text
    assert "Set-up on that page: 15 per screen" in text
    assert f"Order about {best.order_quantity:,} at a time" in text


def test_an_undated_list_says_so_and_when_it_was_read() -> None:
    (designs,) = [pl for pl in LISTS if pl.vendor == "Designs Line"]
    assert "(undated page, read 2026-12-01; https://designsline.com/?p=609)" in (
        designs.attribution()
    )
    assert "(undated page;" in replace(designs, retrieved=None).attribution()


def test_the_list_is_converted_at_a_dated_rate_into_the_founders_currency(listed: Chat) -> None:
    turn = listed.say(TEES_EUR)
    answer = only(turn, Answer)
    assert SHIPPED_RATES is not None
    rate = SHIPPED_RATES.rate("USD", "EUR")
    assert rate is not None

    assert answer.price_list == grand_palace_one_colour()
    assert answer.recommendation is not None
    assert answer.recommendation.currency == "EUR"
    assert answer.recommendation.best.unit_price == (Decimal("1.00") * rate).quantize(
        Decimal("0.0001")
    )
    assert answer.budget_ignored is False  # converted: the euro budget applies
    text = text_of(turn)
    assert "Its USD prices are converted at 1 USD = 0.8498 EUR (ECB, 20 February 2026)." in text


def test_with_no_rate_for_the_lists_currency_nothing_is_converted_and_it_says_so(
    kb: KnowledgeView,
) -> None:
    no_dollar = Rates(date(2024, 11, 25), {"GBP": Decimal("0.83")})
    chat = Chat(replace(kb, price_lists=LISTS, rates=no_dollar))
    turn = chat.say(TEES_EUR)
    answer = only(turn, Answer)

    assert answer.recommendation is not None
    assert answer.recommendation.currency == "USD"
    assert answer.no_rate == "USD"
    assert answer.rate is None
    assert answer.budget_ignored is True
    text = text_of(turn)
    assert "I have no exchange rate for USD to EUR, so these figures stay in USD" in text
    assert "converted at" not in text


def test_the_founders_own_quote_wins_over_a_published_list(listed: Chat) -> None:
    listed.say(TEES)
    turn = listed.say("Inkworks quoted 100 @ $2.50, 500 @ $1.80, setup $60")
    answer = only(turn, Answer)

    assert answer.basis is PriceBasis.QUOTE
    assert answer.price_list is None
    assert answer.reference_lists == ()
    text = text_of(turn)
    assert "Prices: from your quote" in text
    assert "Grand Palace" not in text


def test_only_a_non_per_unit_list_fits_it_is_reference_and_no_price_is_known(
    listed: Chat,
) -> None:
    turn = listed.say(PCBS)
    answer = only(turn, Answer)

    assert answer.recommendation is None
    assert answer.basis is PriceBasis.NONE
    assert listed.state.shown is not None
    assert listed.state.shown.price_source == "none"
    assert answer.reference_lists
    assert {pl.vendor for pl in answer.reference_lists} == {"OSH Park"}
    assert all(pl.basis is Basis.PER_SQ_IN for pl in answer.reference_lists)
    text = text_of(turn)
    assert "Prices: no price known." in text
    assert "Published prices, for reference only" in text
    assert "3+ at $5.00 per square inch" in text
    assert "Not used in any figure: its prices are per sq in, not per unit." in text
    assert "Order about" not in text


def test_no_fitting_list_means_no_price_known_never_an_invented_one(listed: Chat) -> None:
    turn = listed.say(LABELS)
    answer = only(turn, Answer)

    assert answer.recommendation is None
    assert answer.price_list is None
    assert answer.reference_lists == ()
    assert listed.state.shown is not None
    assert listed.state.shown.price_source == "none"
    assert "Prices: no price known." in text_of(turn)


def test_without_price_lists_the_same_need_has_no_price(kb: KnowledgeView) -> None:
    turn = Chat(kb).say(TEES)
    answer = only(turn, Answer)
    assert answer.recommendation is None
    assert "Prices: no price known." in text_of(turn)


def test_a_list_fits_on_the_needs_category_and_a_product_word() -> None:
    apparel = ["apparel-decoration"]
    embroidery = lists_for(LISTS, apparel, "embroidered caps")
    assert [pl.vendor for pl in embroidery][:2] == ["Sew On Sew 4th", "Sew On Sew 4th"]
    assert embroidery[-1].vendor == "ICS Inks"  # per 1,000 stitches: after the usable ones
    assert lists_for(LISTS, apparel, "screen printed hoodies")[0].vendor == "Grand Palace"
    # A generic word ("logo", "custom") or another category does not make a list fit.
    assert lists_for(LISTS, apparel, "custom hoodies with our logo") == []
    assert lists_for(LISTS, ["packaging-mailers"], "screen printed mailer boxes") == []
    assert lists_for(LISTS, [], "screen printing") == []


def test_a_group_answer_on_a_list_names_it_and_shows_no_quote(listed: Chat) -> None:
    turn = listed.say(TEES)
    text = text_of(turn, in_group=True)
    assert "Prices: from Grand Palace's published price list" in text
    assert "your quote" not in text


def test_the_draft_after_a_list_asks_at_the_need_the_minimum_and_the_order(listed: Chat) -> None:
    answer = only(listed.say(TEES), Answer)
    assert answer.recommendation is not None
    order = answer.recommendation.best.order_quantity
    lead = answer.leads[0].supplier
    draft = only(listed.press("draft", str(lead.id)), DraftRequest)

    # The need (200), the list's minimum (24) and the order the figures recommend.
    assert f"unit price at 24, 200, {as_quoted(order):,} units" in draft.body


def test_the_draft_after_quotes_asks_at_the_comparisons_quantities(listed: Chat) -> None:
    listed.say(
        "about 300 custom printed mailer boxes a month, budget €1.5k, ships to Germany, "
        "we already sell. Acme quoted 500 @ €2.10, 1000 @ €1.60, setup €80"
    )
    wanted = draft_quantities(listed.state, listed.kb)
    # The need, the quote's minimum and its next break are among them.
    assert {300, 500, 1000} <= set(wanted)
    answer = next(m for t in listed.turns for m in t if isinstance(m, Answer))
    draft = only(listed.press("draft", str(answer.leads[0].supplier.id)), DraftRequest)
    assert "unit price at " + ", ".join(f"{q:,}" for q in wanted) + " units" in draft.body
