"""Replies over whole conversations, read as the founder would: no question contradicted or
repeated as if unheard, far-away leads named, an MOQ question answered with what can be done,
and no option that reads as a contradiction."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from bot.config import default_knowledge_dir
from bot.core.advice.drafting import country_name
from bot.core.conversation.answering import helpers_for
from bot.core.conversation.messages import (
    Answer,
    Ask,
    DraftRequest,
    Message,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    PriceBasis,
    SkipRefused,
    Slot,
    Understood,
)
from bot.core.conversation.render import render
from bot.core.types import Need, Period, PriceTier, ReplyContext, Supplier, Taxonomy
from bot.knowledge_files import load_taxonomy
from tests.core.conftest import Chat, build_kb
from tests.turns import only


def text_of(messages: tuple[Message, ...]) -> str:
    """Returns the plain text of a turn."""
    return "\n".join(r.text_plain() for r in render(messages, ReplyContext()))


def _supplier(number: int, name: str, category: str, country: str, region: str) -> Supplier:
    """Returns a test-only supplier (synthetic, not in knowledge/)."""
    return Supplier(
        name=name,
        categories=(category,),
        id=20_000 + number,
        keywords=(name.lower(), "label printer"),
        country=country or None,
        region=region or None,
        small_series=True,
        source="test fixture",
    )


def test_skipping_the_period_names_the_period_and_never_contradicts_itself(chat: Chat) -> None:
    chat.say("2.5k poly mailers, budget 400 usd a month, ship to texas")
    assert chat.state.need.quantity == 2500
    assert chat.state.need.period is None

    first = chat.command("skip")
    refused = only(first, SkipRefused)
    assert refused.period_only
    assert "how often" in text_of(first)
    assert "the quantity" not in text_of(first)  # 2,500 was read: the period is missing

    second = chat.command("skip")
    # Left out after two asks: no "can't be skipped" in the same breath.
    assert not any(isinstance(m, SkipRefused) for m in second)
    notice = only(second, Notice)
    assert notice.kind is NoticeKind.ASKED_TWICE
    assert notice.detail == "period"
    text = text_of(second)
    assert "one batch" in text
    assert "without the quantity" not in text
    assert chat.state.need.quantity == 2500


def test_after_not_covered_the_product_is_not_asked_as_if_never_named(chat: Chat) -> None:
    turn = chat.say("we sell about 150 phone stands a month, Ohio")

    nothing = only(turn, NothingFits)
    assert nothing.reason is NothingFitsReason.NOT_COVERED
    assert only(turn, Ask).slot is Slot.BUDGET  # the rest of the need still helps
    text = text_of(turn)
    assert 'I don\'t cover "phone stands" yet' in text
    assert "What are you making or buying" not in text
    assert "another name" in text
    chat.say("custom printed mailer boxes")
    assert chat.state.need.categories  # a covered product typed next is still read


def _taxonomy() -> Taxonomy:
    """Returns the curated taxonomy (it has the directory and agent categories)."""
    return load_taxonomy(default_knowledge_dir())


def test_a_directory_of_another_country_is_not_offered_but_an_agent_is() -> None:
    taxonomy = _taxonomy()
    suppliers = [
        _supplier(1, "Test Made Down Under Directory", "sourcing-directory", "AU", "Oceania"),
        _supplier(2, "Test Makers Of Ohio Directory", "sourcing-directory", "US", ""),
        _supplier(3, "Test Anywhere Sourcing Agent", "sourcing-agent", "CN", "Asia"),
    ]
    kb = build_kb(suppliers, taxonomy)
    need = Need(product="phone stands", country="US", region="North America")

    names = [lead.supplier.name for lead in helpers_for(need, kb, "phone stands")]

    assert "Test Made Down Under Directory" not in names  # lists Australian makers only
    assert "Test Makers Of Ohio Directory" in names
    assert "Test Anywhere Sourcing Agent" in names  # agents serve founders anywhere
    # With no place known, every directory may help.
    anywhere = helpers_for(Need(product="phone stands"), kb, "phone stands")
    assert "Test Made Down Under Directory" in [lead.supplier.name for lead in anywhere]


def _until_answer(chat: Chat, turn: tuple[Message, ...]) -> tuple[Message, ...]:
    """Returns the turn with the answer: the first kind of supplier picked when asked, the
    optional questions skipped (at most five turns)."""
    for _ in range(5):
        if any(isinstance(m, Answer) for m in turn):
            break
        asks = [m for m in turn if isinstance(m, Ask)]
        if asks and asks[-1].slot is Slot.CATEGORY:
            turn = chat.press("cat", "0")
        else:
            turn = chat.command("skip")
    return turn


def _label_kb() -> Chat:
    """Returns a chat over three synthetic label printers: one near Germany, one far, one
    that does not say where it is."""
    taxonomy = _taxonomy()
    suppliers = [
        _supplier(1, "Test Far Labels Inc", "labels", "US", "North America"),
        _supplier(2, "Test Near Etiketten GmbH", "labels", "DE", "Europe"),
        _supplier(3, "Test Somewhere Labels", "labels", "", ""),
    ]
    return Chat(build_kb(suppliers, taxonomy))


def test_far_leads_among_near_ones_are_named_with_freight_and_duties() -> None:
    chat = _label_kb()
    turn = _until_answer(chat, chat.say("product labels, 1,000 a month, Germany, growing"))

    answer = only(turn, Answer)
    assert not answer.far_away
    assert answer.far_leads == ("Test Far Labels Inc",)
    text = text_of(turn)
    assert "Test Far Labels Inc (US) is outside your country and its trade region" in text
    assert "freight and import duties" in text


def test_none_of_these_is_said_only_of_leads_that_state_a_place() -> None:
    chat = _label_kb()
    turn = _until_answer(chat, chat.say("product labels, 1,000 a month, Japan, growing"))

    answer = only(turn, Answer)
    assert answer.far_away
    assert answer.far_leads == ()
    text = text_of(turn)
    # One lead does not say where it is: "none of these" would claim what nobody knows.
    assert "None of the leads that say where they are is in JP" in text


def test_a_minimum_of_many_months_gets_what_to_do_even_when_the_stage_allows_it(
    chat: Chat,
) -> None:
    opening = "our printer wants min 3000 mailer boxes, I need 500 a month, what now? UK"
    turn = _until_answer(chat, chat.say(opening))

    answer = only(turn, Answer)
    assert answer.moq_covers[0].months_of_cover == Decimal("6.0")
    assert answer.moq_fine is True
    text = text_of(turn)
    assert "I don't know your stage" in text  # the 12 months are an assumption, said so
    assert "below-MOQ fee" in text
    assert "I have no price for it" in text
    assert "the price at 3,000 and at your own month's need (500)" in text
    small = [lead.supplier.name for lead in answer.leads if lead.moq_fits][:2]
    assert small
    assert f"small-series suppliers below ({small[0]}" in text


def test_the_options_never_list_an_eoq_priced_at_one_tier_and_sold_at_another(
    chat: Chat,
) -> None:
    opening = (
        "which tier should I take? coffee bags 500 @ €0.90, 1000 @ €0.70, 5000 @ €0.45. "
        "we use ~400 a month, Berlin, already selling"
    )
    turn = _until_answer(chat, chat.say(opening))
    answer = only(turn, Answer)
    assert answer.recommendation is not None
    labels = [o.label for o in answer.recommendation.options]
    assert any(label.startswith("EOQ at €0.90") for label in labels)  # the economics has it
    text = text_of(turn)
    assert "Each option on your quote" in text
    assert "EOQ at €0.90" not in text
    # Each tier's own best is still there: the yearly cost of each tier.
    for tier in (PriceTier(500, Decimal("0.90")), PriceTier(1000, Decimal("0.70"))):
        assert f"tier {tier.min_qty:,}+ at €{tier.unit_price:.2f}" in text


def test_a_deadline_is_set_against_the_leads_lead_times() -> None:
    taxonomy = _taxonomy()
    slow = replace(
        _supplier(1, "Test Slow Totes", "totes-backpacks", "NL", "Europe"), lead_time_days=45
    )
    quick = replace(
        _supplier(2, "Test Quick Totes", "totes-backpacks", "NL", "Europe"), lead_time_days=7
    )
    chat = Chat(build_kb([slow, quick], taxonomy))
    opening = "50 custom tote bags for a trade show in 3 weeks, one-off, Amsterdam"
    turn = _until_answer(chat, chat.say(opening))

    answer = only(turn, Answer)
    assert answer.need.deadline_days == 21
    text = text_of(turn)
    assert "You need it within 21 days: Test Slow Totes states a longer lead time" in text
    assert "Test Quick Totes states" not in text

    unknown = Chat(
        build_kb([_supplier(3, "Test Silent Totes", "totes-backpacks", "NL", "")], taxonomy)
    )
    text = text_of(_until_answer(unknown, unknown.say(opening)))
    assert "none of these states a lead time" in text


def test_the_drafted_request_names_the_country_a_supplier_reads() -> None:
    chat = _label_kb()
    turn = _until_answer(chat, chat.say("product labels, 1,000 a month, Netherlands, growing"))
    lead = only(turn, Answer).leads[0]

    draft = only(chat.press("draft", str(lead.supplier.id)), DraftRequest)

    assert "- Delivery to: Netherlands" in draft.body
    assert "- Delivery to: NL" not in draft.body
    assert country_name("US") == "United States"
    assert country_name("ZZ") == "ZZ"  # no name known: the code, never a guess


def test_a_budget_whose_currency_was_not_read_is_not_shown_as_a_bare_number() -> None:
    need = Need(product="t-shirts", quantity=500, period=Period.ONCE, budget=Decimal(300))
    text = text_of((Understood(need, (Slot.BUDGET,)),))
    assert "budget 300 (currency not read) per order" in text

    priced = replace(need, currency="USD")
    assert "budget $300 per order" in text_of((Understood(priced, (Slot.BUDGET,)),))


def test_which_tier_gets_each_tier_at_its_own_minimum_once(chat: Chat) -> None:
    opening = (
        "which tier should I take? coffee bags 500 @ €0.90, 1000 @ €0.70, 5000 @ €0.45. "
        "we use ~400 a month, Berlin, already selling"
    )
    answer = only(_until_answer(chat, chat.say(opening)), Answer)

    assert [o.order_quantity for o in answer.tier_options] == [500, 1000, 5000]
    # 500 a year-round: 4,800 units at €0.90 plus orders and holding; more than the 1,000 tier.
    small, middle = answer.tier_options[0], answer.tier_options[1]
    assert small.unit_price == Decimal("0.90")
    assert middle.unit_price == Decimal("0.70")
    assert small.annual_cost.total > middle.annual_cost.total
    assert small.cash_per_order < middle.cash_per_order  # the bigger tier ties up more
    text = text_of((answer,))
    assert "tier 500+ at its minimum: 500 at €0.90" in text
    assert "tier 1,000+ at its minimum: 1,000 at €0.70" in text
    # 5,000 is already the tier break the economics lists: one row, not two.
    assert text.count(": 5,000 at €0.45:") == 1


def test_a_quote_for_a_product_no_category_covers_is_still_answered(chat: Chat) -> None:
    turn = chat.say(
        "our phone stands: factory quoted 1000 @ $2.00, 5000 @ $1.20. we sell 300 a month, "
        "Ohio, growing. which tier should I take?"
    )

    nothing = only(turn, NothingFits)
    assert nothing.reason is NothingFitsReason.NOT_COVERED  # no leads: said plainly
    answer = only(turn, Answer)
    assert answer.basis is PriceBasis.QUOTE
    assert answer.leads == ()
    assert answer.recommendation is not None
    assert {o.order_quantity for o in answer.recommendation.options} >= {1000, 5000}
    assert chat.state.shown is not None
    assert chat.state.shown.price_source == "quote"
    text = text_of(turn)
    assert "Prices: from your quote" in text
    assert "Leads\n" not in text  # no empty list of leads
    assert text.index("Prices: from your quote") < text.index("I don't cover")
