"""Where the figures' price comes from: the founder's quote, a lead's published prices, or none
(never a guess); the question asked about a quote answered with its figures; honest coverage and
place."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bot.core.advice.economics import recommend_for
from bot.core.conversation.answering import quote_supplier
from bot.core.conversation.messages import (
    Answer,
    DraftRequest,
    FounderQuote,
    Message,
    NothingFits,
    NothingFitsReason,
    PriceBasis,
    Slot,
    Understood,
)
from bot.core.conversation.render import render
from bot.core.types import Demand, Period, PriceTier, ReplyContext, Stage, Supplier, Taxonomy
from tests.core.conftest import Chat, build_kb
from tests.turns import only

# The classic need; "ships to" (a quote reader reads "shipping ... 500" as a shipping fee).
CLASSIC = (
    "about 300 custom printed mailer boxes a month, budget €1.5k, ships to Germany, "
    "we already sell"
)


def text_of(messages: tuple[Message, ...]) -> str:
    """Returns the plain text of a turn."""
    return "\n".join(r.text_plain() for r in render(messages, ReplyContext()))


QUOTE = "Acme quoted 500 @ €2.10, 1000 @ €1.60, setup €80"


def test_a_pasted_quote_drives_the_figures_and_names_its_source(chat: Chat) -> None:
    turn = chat.say(f"{CLASSIC}. {QUOTE}")

    answer = only(turn, Answer)
    assert answer.basis is PriceBasis.QUOTE
    assert chat.state.shown is not None
    assert chat.state.shown.price_source == "quote"
    quote = chat.state.quote
    assert quote is not None
    assert quote.tiers == (PriceTier(500, Decimal("2.10")), PriceTier(1000, Decimal("1.60")))
    assert quote.setup_fee == Decimal(80)
    # The quote's numbers are not the need: 300 a month stays, 500 and 1,000 are tiers.
    assert (answer.need.quantity, answer.need.period) == (300, Period.MONTH)
    expected = recommend_for(
        quote_supplier(quote),
        Demand(300, Period.MONTH, budget=Decimal(1500), stage=Stage.LAUNCH),
    ).recommendation
    assert expected is not None
    assert answer.recommendation is not None
    assert answer.recommendation.best.order_quantity == expected.best.order_quantity
    assert answer.recommendation.best.cash_per_order <= Decimal(1500)
    text = text_of(turn)
    assert "Prices: from your quote" in text
    assert "Each option on your quote" in text  # the yearly cost of each tier
    assert "1,000 at €1.60" in text


def test_the_quoted_minimum_is_answered_in_months_of_cover_and_cash(chat: Chat) -> None:
    turn = chat.say(f"{CLASSIC}. {QUOTE}")
    answer = only(turn, Answer)

    assert answer.moq_option is not None
    assert answer.moq_option.order_quantity == 500
    # 500 boxes at 2.10 plus 80 set-up and 50 of the founder's own = 1,180; 500 / 300 a month.
    assert answer.moq_option.cash_per_order == Decimal("1180.00")
    assert answer.moq_covers[0].months_of_cover == Decimal("1.7")
    assert answer.moq_fine is True
    text = text_of(turn)
    assert "minimum of 500 is 1.7 months of your need and ties up €1,180 per order" in text


def test_a_minimum_far_above_the_need_is_called_so_with_what_to_do(chat: Chat) -> None:
    chat.say("custom printed mailer boxes, 300 a month, budget £900, UK, just launched")
    turn = chat.say("they want min 5000 and I need 300 a month, what now?")

    answer = only(turn, Answer)
    assert chat.state.quote is not None
    assert chat.state.quote.moq == 5000
    assert answer.need.quantity == 300  # the supplier's 5,000 is not the need
    assert answer.moq_covers[0].months_of_cover == Decimal("16.7")
    assert answer.moq_fine is False
    assert answer.basis is PriceBasis.NONE  # an MOQ is not a price
    text = text_of(turn)
    assert "16.7 months of your need" in text
    assert "below-MOQ fee" in text
    assert "whom they would recommend" in text
    assert all(lead.moq_fits for lead in answer.leads[:2])  # small-series vendors first


def test_a_quote_over_the_budget_is_said_plainly(chat: Chat) -> None:
    turn = chat.say(f"{CLASSIC.replace('€1.5k', '€900')}. Acme quoted 500 @ €2.10")
    answer = only(turn, Answer)
    assert answer.moq_option is not None
    assert answer.moq_option.cash_per_order > Decimal(900)
    assert "cannot be paid as it stands" in text_of(turn)


@pytest.mark.parametrize(
    "message",
    [
        CLASSIC,
        "250 custom stickers, one-off, budget $400, ship to USA, growing",
        "200 candles a month, budget €500 a month, France, growing",
        "Wir brauchen 1.500 Etiketten pro Monat, Budget 900 EUR, Versand nach Deutschland, "
        "wir wachsen",
    ],
)
def test_no_price_is_ever_invented_from_the_budget(chat: Chat, message: str) -> None:
    turns = [chat.say(message)]
    if not any(isinstance(m, Answer) for m in turns[-1]):
        turns.append(chat.command("skip"))
    answer = only(turns[-1], Answer)

    assert answer.basis is PriceBasis.NONE
    assert answer.recommendation is None
    assert chat.state.quote is None  # "one-off, budget $400" is no tooling fee
    assert chat.state.shown is not None
    assert chat.state.shown.unit_price is None
    assert chat.state.shown.price_source == "none"
    text = text_of(turns[-1])
    assert "no price known" in text
    assert "decided by" not in text


def test_a_budget_with_no_price_gives_the_most_a_unit_may_cost(chat: Chat) -> None:
    answer = only(chat.say("200 candles a month, budget €500 a month, France, growing"), Answer)
    assert answer.budget_ceiling == Decimal("2.50")


def test_a_product_no_category_covers_gets_sourcing_agents_whose_scope_fits(
    snapshot: tuple[list[Supplier], Taxonomy],
) -> None:
    suppliers, taxonomy = snapshot
    # Test-only agent with no narrower scope (a general sourcing agent): it fits any product.
    agent = Supplier(
        name="Test General Sourcing Agent (synthetic)",
        categories=("sourcing-marketplace",),
        id=10_003,
        keywords=("sourcing agent",),
        country="DE",
        region="Europe",
        source="test fixture",
    )
    chat = Chat(build_kb([*suppliers, agent], taxonomy))
    turn = chat.say("plush toys, 200 once")

    nothing = next(m for m in turn if isinstance(m, NothingFits))
    assert nothing.reason is NothingFitsReason.NOT_COVERED
    helpers = [lead.supplier.name for lead in nothing.helpers]
    assert helpers == [agent.name]  # apparel-only platforms do not fit plush toys
    draft = next(m for m in turn if isinstance(m, DraftRequest))
    assert "plush toys" in draft.body
    assert "know a company" in draft.body
    text = text_of(turn)
    assert 'I don\'t cover "plush toys" yet' in text
    assert "Sourcing platforms and agents" in text


def test_leads_of_an_unrelated_category_are_never_shown_as_fits(chat: Chat) -> None:
    turn = chat.say("woven labels, 2,000 a year, budget €800, Germany, growing")
    answer = only(turn, Answer)
    assert answer.leads
    assert all("garment-labels" in lead.supplier.categories for lead in answer.leads)


def test_leads_near_the_founder_come_first_and_far_ones_are_said_to_be_far(chat: Chat) -> None:
    near = only(chat.say(CLASSIC), Answer)
    assert near.leads[0].supplier.region == "Europe"  # ships to Germany
    assert not near.far_away

    chat.command("new")
    far = only(
        chat.say("250 custom stickers, one-off, budget $400, ship to Brazil, growing"), Answer
    )
    assert far.far_away
    assert "freight and import duties" in text_of((far,))


def test_the_founders_currency_is_kept(chat: Chat) -> None:
    chat.say("250 custom stickers, one-off, budget NZD 800, ship to New Zealand, growing")
    assert chat.state.need.currency == "NZD"
    answer = only(chat.turns[-1], Answer)
    assert "NZD 800" in text_of((answer,))


def test_the_drafted_request_asks_prices_at_the_quantities_that_matter(chat: Chat) -> None:
    chat.say(f"{CLASSIC}, shelf life 12 months, FSC, within 3 weeks")
    answer = next(m for t in chat.turns for m in t if isinstance(m, Answer))
    lead = answer.leads[0].supplier
    draft = next(m for m in chat.press("draft", str(lead.id)) if isinstance(m, DraftRequest))

    assert "- Product: custom printed mailer boxes" in draft.body
    assert "300 units a month" in draft.body
    assert "FSC" in draft.body
    assert "Needed within: 21 days" in draft.body
    assert "unit price at 300, 900 units" in draft.body
    assert "recommend a company that takes small orders" in draft.body


def test_the_quote_survives_the_stored_state_and_a_later_quote_of_the_same_supplier(
    chat: Chat,
) -> None:
    chat.say(f"{CLASSIC}. {QUOTE}")
    chat.say("they also want min 500")
    quote = chat.state.quote
    assert quote == FounderQuote(
        tiers=(PriceTier(500, Decimal("2.10")), PriceTier(1000, Decimal("1.60"))),
        moq=500,
        setup_fee=Decimal(80),
        currency="EUR",
    )
    assert next(m for m in chat.turns[-1] if isinstance(m, Understood)).quote == quote
    bad = chat.state.to_dict()
    bad["quote"]["tiers"] = [[500, "0"]]
    assert replace(chat.state.from_dict(bad)) == chat.state.new()


def test_tooling_against_a_per_piece_quote_gets_its_break_even(chat: Chat) -> None:
    chat.say("200 custom injection molded phone stands a month, budget $3,000, US, first sales")
    chat.say("Mould quote: tooling $6,000 and 1000 @ $1.10")
    turn = chat.say("3D printing quote: 10 @ $7.00")

    assert chat.state.earlier_quote is not None
    assert chat.state.earlier_quote.tooling_fee == Decimal(6000)
    assert chat.state.quote is not None
    assert chat.state.quote.tiers == (PriceTier(10, Decimal("7.00")),)
    answer = only(turn, Answer)
    assert answer.need.categories == ("injection-molding",)  # a quote is not a new product
    tooling = [s for s in answer.decisions if "tooling pays for itself" in s]
    assert tooling, answer.decisions
    # Landed: 7.00 + 50/276 per piece printed against 1.10 + 50/1,000 moulded: about 6.03 less
    # a unit, so 6,000 / 6.03 = 995 units, at 200 a month about 5 months.
    assert "after 995 units" in tooling[0]
    assert "about 5 months" in tooling[0]
    assert "What your quotes mean" in text_of(turn)


def test_the_drafted_request_carries_sizes_variants_and_the_change_horizon(chat: Chat) -> None:
    chat.say(
        "500 custom printed mailer boxes a month in 3 colours x 2 sizes, 30x20x10 cm, "
        "budget €2k, Germany, growing, we rebrand in 3 months"
    )
    answer = next(m for t in chat.turns for m in t if isinstance(m, Answer))
    assert answer.need.change_horizon_months == 3
    assert answer.need.shelf_life_months is None  # a rebrand is no shelf life ...
    assert answer.need.sellable_months() == 3  # ... but stock past it is written off all the same
    draft = next(m for m in chat.press("draft", "") if isinstance(m, DraftRequest))
    assert "- The product changes in about 3 months" in draft.body
    assert "- Sizes and variants: 30x20x10 cm, 3 colours, 2 sizes" in draft.body
    assert "0x10 cm" not in draft.body.replace("30x20x10 cm", "")


def test_a_quote_after_the_answer_keeps_the_need_and_prices_it(chat: Chat) -> None:
    chat.say("we need stand-up pouches for coffee, 600 a month, Portugal, already selling")
    chat.command("skip")
    if chat.state.awaiting is not None and chat.state.awaiting.value == "extras":
        chat.command("skip")
    turn = chat.say(
        "here's what the supplier sent: 1000 @ €0.42, 3000 @ €0.31, 10000 @ €0.19, "
        "plates €150 one-off. which one?"
    )
    answer = only(turn, Answer)
    assert (answer.need.quantity, answer.need.period) == (600, Period.MONTH)
    assert answer.basis is PriceBasis.QUOTE


def test_tooling_with_one_price_break_in_one_message_is_a_quote(chat: Chat) -> None:
    chat.say(
        "tooling is $6k for an injection mould, then $0.60 a piece at 5000+. Or I keep 3D "
        "printing at $4 each. We sell 200 a month. worth it? Chicago"
    )
    quote = chat.state.quote
    assert quote is not None
    assert quote.tooling_fee == Decimal(6000)
    assert quote.tiers == (PriceTier(5000, Decimal("0.60")),)
    assert chat.state.need.quantity == 200


# A tool weighed against the per-piece process in one message: both prices are quotes, neither
# is the founder's target, and the answer is the break-even.
_ONE_MESSAGE_TOOLING = {
    "en": "small startup from Graz, we make phone stands for cars. right now we 3d print "
    "them, costs us about €9.50 each. an injection mould would be €7,800 and then €1.20 per "
    "part. we sell ~150 a month. is the mould worth it?",
    "de": "Wir sind ein kleines Startup aus Graz. Momentan drucken wir die Teile im 3D-Druck, "
    "kostet uns ca 9,50€ pro Stück. Ein Spritzguss-Werkzeug würde 7.800€ kosten, dann 1,20€ "
    "pro Teil. Wir verkaufen ca 150 Stück im Monat. Lohnt sich das?",
}


@pytest.mark.parametrize("language", sorted(_ONE_MESSAGE_TOOLING))
def test_tooling_and_the_per_piece_price_in_one_message_get_the_break_even(
    chat: Chat, language: str
) -> None:
    chat.say(_ONE_MESSAGE_TOOLING[language])
    quote, other = chat.state.quote, chat.state.earlier_quote
    assert quote is not None
    assert other is not None
    assert (quote.tooling_fee, quote.tiers) == (Decimal(7800), (PriceTier(1, Decimal("1.20")),))
    assert (other.supplier, other.tiers) == ("3D printing", (PriceTier(1, Decimal("9.50")),))
    assert chat.state.need.budget is None, "the tooling is no budget"
    assert chat.state.need.target_unit_price is None, "the tooled price is no target"
    if chat.state.awaiting in (Slot.PRODUCT, Slot.CATEGORY):  # the product in other words
        chat.say("injection molded phone stands")
    for _ in range(3):  # the budget and the extras (bounded: nothing else is asked twice)
        if any(isinstance(m, Answer) for m in chat.turns[-1]):
            break
        chat.command("skip")
    turn = chat.turns[-1]
    answer = only(turn, Answer)
    # Printed at €9.50 + €50 an order of its EOQ (233) against €1.20 + €50 / 655 moulded:
    # €8.4383 less a unit, so 7,800 / 8.4383 = 924.4 -> 925 units, 6.2 months at 150 a month.
    tooling = [s for s in answer.decisions if "tooling pays for itself" in s]
    assert tooling, answer.decisions
    assert "after 925 units" in tooling[0]
    assert "6.2 months" in tooling[0]
    assert "minimum of 1 " not in text_of(turn), "a price from one piece states no minimum"


def test_a_single_price_with_tooling_and_no_other_process_stays_one_quote(chat: Chat) -> None:
    chat.say("custom silicone molds, mould fee €900 and then €2.40 each, 300 a month, Spain")
    assert chat.state.quote is not None
    assert chat.state.earlier_quote is None, "no second price, nothing to weigh it against"
