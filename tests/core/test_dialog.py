"""Scripted conversations, written the way founders talk, checking the facts of each answer.

The knowledge is a fixed snapshot of the real knowledge/ files (see conftest.py). None of its
suppliers states price tiers, so most answers have no price: they say so and give the leads'
MOQs against the need, the quantities to ask prices at and the most a unit may cost for the
budget, never an order size computed on a guessed price. Where a price is known (a synthetic
supplier with tiers, the founder's quote), the expected order quantities are derived here from
the EOQ formula and the budget cap, independently of the dialog code.
"""

from __future__ import annotations

import math
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest

from bot.core.advice.economics import (
    DEFAULT_HOLDING_RATE,
    DEFAULT_ORDER_COST,
    STAGE_PREMIUM,
    recommend_for,
)
from bot.core.conversation.dialog import DialogState, KnowledgeView, charts_in
from bot.core.conversation.messages import (
    Answer,
    Ask,
    DraftRequest,
    Greeting,
    HistoryShown,
    Message,
    MoreLeads,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    NotUnderstood,
    PriceBasis,
    SkipRefused,
    Slot,
    Understood,
    UnknownCommand,
)
from bot.core.conversation.render import render
from bot.core.types import (
    Demand,
    Need,
    Period,
    PriceTier,
    ReplyContext,
    Stage,
    Status,
    Supplier,
    Taxonomy,
)
from bot.core.understanding.parsing import ProblemKind
from tests.core.conftest import CLASSIC, Chat, build_kb
from tests.turns import only


def kinds(messages: tuple[Message, ...]) -> list[str]:
    """Returns the message type names of a turn."""
    return [type(m).__name__ for m in messages]


def answer_of(messages: tuple[Message, ...]) -> Answer:
    """Returns the Answer in a turn."""
    found = only(messages, Answer)
    assert isinstance(found, Answer)
    return found


def budget_capped_quantity(budget: Decimal, unit_price: Decimal) -> int:
    """Returns the largest order whose cash (units plus the per-order cost) fits the budget."""
    return int((budget - DEFAULT_ORDER_COST) // unit_price)


def eoq(yearly: int, unit_price: Decimal, stage: Stage | None) -> float:
    """Returns Harris's EOQ, sqrt(2DS / iC), with the stage's obsolescence premium in i."""
    rate = DEFAULT_HOLDING_RATE + (STAGE_PREMIUM[stage] if stage else Decimal(0))
    return math.sqrt(2 * yearly * float(DEFAULT_ORDER_COST) / float(rate * unit_price))


# --------------------------------------------------------------------------------------------
# 1-2: the classic case - a few hundred custom boxes while the usual suppliers demand thousands
# --------------------------------------------------------------------------------------------


def test_classic_case_in_one_message_answers_at_once_with_small_series_leads(chat: Chat) -> None:
    messages = chat.say(CLASSIC)

    assert kinds(messages) == ["Understood", "Answer"]  # everything given: no question at all
    answer = answer_of(messages)
    names = [lead.supplier.name for lead in answer.leads]
    assert {"Pakible", "Custom Packly UK"} <= set(names)  # MOQ 100 boxes, small series
    # The usual mailer suppliers (EcoEnclose 25,000; ZeroPack 2,000) are not what we lead with.
    assert "EcoEnclose" not in names
    assert "ZeroPack" not in names
    assert all(lead.moq_fits for lead in answer.leads)
    assert all((lead.supplier.moq or 0) <= 300 for lead in answer.leads)
    # No lead states a price: no order size is computed on a guessed one.
    assert answer.basis is PriceBasis.NONE
    assert answer.recommendation is None
    # What can be said without a price: Pakible's MOQ of 100 is a third of a month's need ...
    covers = {c.supplier: c for c in answer.moq_covers}
    assert covers["Pakible"].moq == 100
    assert covers["Pakible"].months_of_cover == Decimal("0.3")
    # ... ask prices at one month (300) and about three months (900) ...
    assert 300 in answer.quote_at
    assert 900 in answer.quote_at
    # ... and the budget pays for a month only if a box costs at most 1,500 / 300 = 5.00.
    assert answer.budget_ceiling == Decimal("5.00")
    text = render(messages, ReplyContext())[0].text_plain()
    assert "Prices: no price known" in text
    assert "at most €5.00" in text
    assert "Order about" not in text
    assert chat.state.awaiting is Slot.DONE


def test_classic_case_step_by_step_asks_only_what_is_missing(chat: Chat) -> None:
    opening = chat.command("start")
    assert kinds(opening) == ["Greeting", "Ask"]
    assert only(opening, Ask).slot is Slot.PRODUCT

    turn = chat.say("hi! we need custom printed boxes for our soap bars")
    assert only(turn, Ask).slot is Slot.QUANTITY
    assert chat.state.need.categories == ("packaging-boxes",)

    turn = chat.say("a few hundred")
    understood = only(turn, Understood)
    assert "'a few hundred' as 300" in understood.readings
    ask = only(turn, Ask)
    assert ask.slot is Slot.QUANTITY
    assert ask.period_only

    turn = chat.press("period", "month")
    assert only(turn, Ask).slot is Slot.BUDGET
    turn = chat.say("£900")
    assert only(turn, Ask).slot is Slot.SHIPS_TO
    turn = chat.say("UK")
    assert only(turn, Ask).slot is Slot.STAGE
    turn = chat.press("stage", "launch")
    assert only(turn, Ask).slot is Slot.EXTRAS
    answer = answer_of(chat.command("skip"))

    need = answer.need
    assert (need.quantity, need.period, need.budget, need.currency, need.country) == (
        300,
        Period.MONTH,
        Decimal(900),
        "GBP",
        "GB",
    )
    assert need.stage is Stage.LAUNCH
    names = [lead.supplier.name for lead in answer.leads]
    assert "Custom Packly UK" in names
    assert "Pakible" in names
    assert answer.budget_ceiling == Decimal("3.00")
    assert answer.recommendation is None


# --------------------------------------------------------------------------------------------
# 3-4: corrections
# --------------------------------------------------------------------------------------------


def test_actually_500_after_the_answer_updates_the_quantity_and_answers_again(chat: Chat) -> None:
    chat.say(CLASSIC)
    messages = chat.say("actually 500")

    answer = answer_of(messages)
    assert answer.need.quantity == 500
    assert answer.need.period is Period.MONTH
    assert answer.budget_ceiling == Decimal("3.00")  # 1,500 / 500
    assert answer.recommendation is None
    assert len(chat.state.history) == 2


def test_make_it_1000_a_month_turns_a_one_off_into_a_monthly_need(chat: Chat) -> None:
    first = answer_of(chat.say("250 custom stickers, one-off, budget $400, ship to USA, growing"))
    assert first.need.period is Period.ONCE
    assert first.need.quantity == 250
    assert "Jinpai Stickers" in [lead.supplier.name for lead in first.leads]  # MOQ 100 pcs

    answer = answer_of(chat.say("make it 1000 a month"))
    assert (answer.need.quantity, answer.need.period) == (1000, Period.MONTH)
    assert answer.need.budget == Decimal(400)
    assert answer.need.currency == "USD"
    assert answer.budget_ceiling == Decimal("0.40")


# --------------------------------------------------------------------------------------------
# 5: ranges and the low end
# --------------------------------------------------------------------------------------------


def test_a_range_of_woven_labels_is_computed_on_its_low_end(chat: Chat) -> None:
    answer = answer_of(
        chat.say("300-500 woven labels a month, budget 600 EUR, Netherlands, first sales")
    )
    assert (answer.need.quantity, answer.need.quantity_max) == (300, 500)
    assert answer.need.country == "NL"
    assert answer.need.region == "Europe"
    assert answer.leads[0].supplier.name == "Bonaport"  # the one garment-label maker we know
    assert answer.budget_ceiling == Decimal("2.00")  # 600 / 300, the low end
    text = render((answer,), ReplyContext())[0].text_plain()
    assert "the low end of your range" in text


# --------------------------------------------------------------------------------------------
# 6-7: bad input and /skip
# --------------------------------------------------------------------------------------------


def test_a_negative_quantity_gets_a_specific_message_and_leaves_the_state_alone(
    chat: Chat,
) -> None:
    chat.say("dropper bottles")
    before = chat.state
    messages = chat.say("-5")

    problem = only(messages, NotUnderstood)
    assert problem.slot is Slot.QUANTITY
    assert problem.problem is ProblemKind.NEGATIVE
    assert chat.state.need == before.need
    assert chat.state.awaiting is Slot.QUANTITY
    text = render(messages, ReplyContext())[0].text_plain()
    assert "I read '-5' as a negative quantity" in text
    assert "e.g. 300 a month" in text

    turn = chat.say("200 a month")
    assert chat.state.need.quantity == 200
    assert only(turn, Ask).slot is Slot.BUDGET


def test_skip_is_refused_on_required_questions_and_without_budget_no_numbers_are_made_up(
    chat: Chat,
) -> None:
    chat.say("glass jars for our honey")
    refused = chat.command("skip")
    assert only(refused, SkipRefused).slot is Slot.QUANTITY
    assert only(refused, Ask).slot is Slot.QUANTITY

    chat.say("150 a month")
    assert only(chat.command("skip"), Ask).slot is Slot.SHIPS_TO
    assert only(chat.press("skip"), Ask).slot is Slot.STAGE
    assert only(chat.command("skip"), Ask).slot is Slot.EXTRAS
    answer = answer_of(chat.say("no"))

    assert answer.recommendation is None
    assert answer.basis is PriceBasis.NONE
    assert all("bottles-jars" in lead.supplier.categories for lead in answer.leads)
    text = render((answer,), ReplyContext())[0].text_plain()
    assert "no price known" in text
    assert "won't put numbers on the order size" in text


# --------------------------------------------------------------------------------------------
# 8-9: /back and /edit
# --------------------------------------------------------------------------------------------


def test_back_forgets_the_last_answer_and_asks_it_again(chat: Chat) -> None:
    chat.say("hoodies with our logo")
    chat.say("120 a month")
    chat.say("€700")
    assert chat.state.need.budget == Decimal(700)

    messages = chat.command("back")
    assert only(messages, Notice).kind is NoticeKind.WENT_BACK
    assert only(messages, Ask).slot is Slot.BUDGET
    assert chat.state.need.budget is None
    assert chat.state.need.quantity == 120

    chat.command("back")
    assert chat.state.need.quantity is None
    assert chat.state.awaiting is Slot.QUANTITY


def test_edit_budget_after_the_answer_reruns_it_with_the_new_budget(chat: Chat) -> None:
    chat.say(CLASSIC)
    asked = chat.command("edit", "budget")
    assert only(asked, Ask).slot is Slot.BUDGET

    answer = answer_of(chat.say("€3k"))
    assert answer.need.budget == Decimal(3000)
    assert answer.budget_ceiling == Decimal("10.00")
    assert answer.recommendation is None


# --------------------------------------------------------------------------------------------
# 10: a product that fits two categories
# --------------------------------------------------------------------------------------------


def test_an_ambiguous_product_is_settled_with_category_buttons_then_answered(chat: Chat) -> None:
    messages = chat.say("serum, 200 a month, budget €2,000, France, growing")
    ask = only(messages, Ask)
    assert ask.slot is Slot.CATEGORY
    ids = [c.id for c in ask.categories]
    assert set(ids) == {"cosmetics-contract-manufacturing", "cosmetics-private-label"}

    answer = answer_of(chat.press("cat", str(ids.index("cosmetics-private-label"))))
    assert answer.need.categories == ("cosmetics-private-label",)
    assert all("cosmetics-private-label" in lead.supplier.categories for lead in answer.leads)
    names = [lead.supplier.name for lead in answer.leads]
    assert "Uspalla" in names  # MOQ 250 units, within six months of 200 a month
    assert answer.leads[0].moq_fits is True


# --------------------------------------------------------------------------------------------
# 11-12: nothing fits
# --------------------------------------------------------------------------------------------


def test_nothing_fits_says_so_and_offers_the_referral_request(chat: Chat) -> None:
    messages = chat.say("200 tea bags a month, budget 500 USD, US, idea")
    nothing = only(messages, NothingFits)
    assert nothing.reason is NothingFitsReason.MOQ_TOO_HIGH
    closest = [lead.supplier.name for lead in nothing.closest]
    assert "Custom Co-Pak" in closest  # MOQ 25,000 tea bags: the evidence, shown honestly
    text = render(messages, ReplyContext())[0].text_plain()
    for remedy in ("custom labels", "Digital print", "Pool demand", "whom they would recommend"):
        assert remedy in text

    draft = only(chat.press("draft", ""), DraftRequest)
    assert draft.supplier_name is None
    body = draft.body
    assert "200 units a month" in body
    assert "500 USD" in body
    assert "recommend" in body


def test_a_product_nobody_makes_is_not_accepted_and_the_question_stays(chat: Chat) -> None:
    messages = chat.say("quantum flux capacitors")
    nothing = only(messages, NothingFits)
    assert nothing.reason is NothingFitsReason.NOT_COVERED
    assert nothing.product == "quantum flux capacitors"
    assert only(messages, DraftRequest).supplier_name is None
    text = render(messages, ReplyContext())[0].text_plain()
    assert 'I don\'t cover "quantum flux capacitors" yet' in text
    assert chat.state.need.product is None
    assert chat.state.awaiting is Slot.PRODUCT
    turn = chat.say("pouches")
    assert chat.state.need.categories == ("packaging-pouches",)
    assert only(turn, Ask).slot is Slot.QUANTITY


# --------------------------------------------------------------------------------------------
# 13-14: one-off batches and other languages
# --------------------------------------------------------------------------------------------


def test_a_one_off_batch_of_candles_gets_the_moqs_against_the_batch_and_no_invented_price(
    chat: Chat,
) -> None:
    # "with our label" qualifies the candles (the noun phrase's head): no labels question
    answer = answer_of(
        chat.say(
            "one-off batch of 250 scented candles with our label, budget $2,000, "
            "ship to the US, just an idea"
        )
    )
    assert "candles" in answer.need.categories
    assert (answer.need.quantity, answer.need.period, answer.need.stage) == (
        250,
        Period.ONCE,
        Stage.IDEA,
    )
    names = [lead.supplier.name for lead in answer.leads]
    assert {"Lumen Narrate", "Twisted Lane Candles"} <= set(names)  # MOQs 24 and 12
    assert answer.recommendation is None
    assert answer.budget_ceiling == Decimal("8.00")  # 2,000 / 250
    covers = {c.supplier: c for c in answer.moq_covers}
    assert covers["Twisted Lane Candles"].batches == Decimal("0.0")  # 12 of 250
    assert covers["Twisted Lane Candles"].months_of_cover is None  # a one-off has no months


def test_a_german_message_is_understood_and_only_the_stage_is_asked(chat: Chat) -> None:
    messages = chat.say(
        "Wir brauchen 1.500 Etiketten pro Monat, Budget 900 EUR, Versand nach Deutschland"
    )
    need = chat.state.need
    assert (need.quantity, need.period, need.budget, need.currency, need.country) == (
        1500,
        Period.MONTH,
        Decimal(900),
        "EUR",
        "DE",
    )
    assert need.categories == ("labels",)
    assert only(messages, Ask).slot is Slot.STAGE

    answer = answer_of(chat.press("stage", "growth"))  # first message said the rest: no extras
    assert "Hickman Label Company" in [lead.supplier.name for lead in answer.leads]
    assert answer.budget_ceiling == Decimal("0.60")


# --------------------------------------------------------------------------------------------
# 15-17: leads, drafts, history, groups
# --------------------------------------------------------------------------------------------


def test_more_leads_pages_through_the_rest_and_then_says_there_are_no_more(chat: Chat) -> None:
    answer = answer_of(chat.say(CLASSIC))
    assert answer.more_available
    assert len(answer.leads) == 5
    shown = {lead.supplier.name for lead in answer.leads}

    page = only(chat.press("more"), MoreLeads)
    names = [lead.supplier.name for lead in page.leads]
    assert names
    assert not shown & set(names)
    # Leads that need thousands come last, after the ones that take the run.
    takes_run = [n for n, lead in enumerate(page.leads) if lead.supplier.small_series]
    needs_more = [n for n, lead in enumerate(page.leads) if (lead.supplier.moq or 0) > 300]
    assert takes_run
    assert needs_more
    assert max(takes_run) < min(needs_more)
    assert "EcoEnclose" in names

    for _ in range(5):  # bounded
        last = chat.press("more")
        if any(isinstance(m, Notice) for m in last):
            break
    assert only(last, Notice).kind is NoticeKind.NO_MORE_LEADS


def test_a_drafted_request_carries_the_figures_and_asks_for_a_referral(chat: Chat) -> None:
    answer = answer_of(chat.say(CLASSIC))
    pakible = next(lead.supplier for lead in answer.leads if lead.supplier.name == "Pakible")
    draft = only(chat.press("draft", str(pakible.id)), DraftRequest)

    body = draft.body
    assert draft.supplier_name == "Pakible"
    assert "custom printed mailer boxes" in body
    assert "300 units a month" in body
    assert "1,500 EUR per order" in body
    assert "Delivery to: Germany" in body  # the name a supplier reads, not "DE"
    assert "recommend a company that takes small orders" in body
    assert chat.state.awaiting is Slot.DONE  # drafting does not end the conversation


def test_history_lists_past_recommendations_newest_first_and_survives_new_and_cancel(
    chat: Chat,
) -> None:
    chat.say(CLASSIC)
    chat.command("new")
    chat.say("250 custom stickers, one-off, budget $400, ship to USA, growing")
    chat.command("cancel")
    assert chat.state.need == Need()

    shown = only(chat.command("history"), HistoryShown)
    entries = shown.entries
    assert [e.product for e in entries] == ["custom stickers", "custom printed mailer boxes"]
    assert entries[1].binding is None  # no price known: no order size was recommended
    assert entries[1].order_quantity is None


def test_in_a_group_the_answer_is_short_and_offers_to_continue_in_private(chat: Chat) -> None:
    messages = chat.say(CLASSIC)
    replies = render(messages, ReplyContext(in_group=True, bot_username="SmallbatchBot"))
    buttons = [b for r in replies for row in r.buttons for b in row]
    private = [b for b in buttons if b.url]
    assert private
    assert private[0].url == "https://t.me/SmallbatchBot?start=private"
    assert not [b for b in buttons if b.action == "draft"]
    text = "\n".join(r.text_plain() for r in replies)
    assert text.count("status:") == 0
    assert text.count(" · listed") == 3
    assert len(text) < len("\n".join(r.text_plain() for r in render(messages, ReplyContext())))


# --------------------------------------------------------------------------------------------
# 18: a supplier with stated prices drives the figures (synthetic supplier, test-only)
# --------------------------------------------------------------------------------------------


def test_a_lead_with_stated_price_tiers_is_used_instead_of_the_implied_price(
    snapshot: tuple[list[Supplier], Taxonomy],
) -> None:
    suppliers, taxonomy = snapshot
    # Test-only supplier: the real knowledge base states no price tiers at all.
    priced = Supplier(
        name="Test Tiered Mailers (synthetic)",
        categories=("packaging-mailers",),
        id=10_001,
        keywords=("mailer boxes", "custom printed"),
        moq=100,
        currency="EUR",
        price_tiers=(
            PriceTier(100, Decimal("2.50")),
            PriceTier(500, Decimal("1.90")),
            PriceTier(1000, Decimal("1.60")),
        ),
        small_series=True,
        status=Status.REVIEWED,
        source="test fixture",
    )
    chat = Chat(build_kb([*suppliers, priced], taxonomy))
    answer = answer_of(chat.say(CLASSIC))

    assert answer.basis is PriceBasis.SUPPLIER
    assert answer.basis_supplier == priced.name
    own = recommend_for(
        priced,
        Demand(300, Period.MONTH, budget=Decimal(1500), stage=Stage.LAUNCH),
    ).recommendation
    assert own is not None
    assert answer.recommendation is not None
    assert answer.recommendation.best.order_quantity == own.best.order_quantity
    assert answer.recommendation.best.cash_per_order <= Decimal(1500)
    lead = next(lead for lead in answer.leads if lead.supplier.id == 10_001)
    tier_price = max(
        (t for t in priced.price_tiers if t.min_qty <= own.best.order_quantity),
        key=lambda t: t.min_qty,
    )
    assert lead.unit_price == tier_price.unit_price


# --------------------------------------------------------------------------------------------
# Commands, buttons and stored state
# --------------------------------------------------------------------------------------------


def test_unknown_commands_and_stale_buttons_are_answered_without_changing_anything(
    chat: Chat,
) -> None:
    chat.say("kraft pouches")
    before = chat.state
    assert kinds(chat.command("frobnicate")) == ["UnknownCommand", "Ask"]
    assert only(chat.press("cat", "7"), Notice).kind is NoticeKind.STALE_BUTTON
    assert only(chat.press("zzz", "x" * 60), Notice).kind is NoticeKind.STALE_BUTTON
    assert only(chat.press("draft", "999999"), Notice).kind is NoticeKind.STALE_BUTTON
    assert chat.state == before


def test_start_in_the_middle_of_a_conversation_welcomes_back_and_repeats_the_question(
    chat: Chat,
) -> None:
    chat.say("kraft pouches")
    messages = chat.command("start")
    assert only(messages, Greeting).returning
    assert only(messages, Ask).slot is Slot.QUANTITY
    assert isinstance(only(chat.command("help"), Ask), Ask)
    assert isinstance(only(chat.command("nonsense"), UnknownCommand), UnknownCommand)


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"schema": 999},
        {"schema": 1, "need": "nope"},
        {"schema": 1},
        [],
        {"schema": 1, "need": {}, "awaiting": "nowhere"},
    ],
    ids=["empty", "future-schema", "broken-need", "missing-keys", "not-a-mapping", "bad-slot"],
)
def test_stored_state_that_cannot_be_read_becomes_a_fresh_conversation(data: Any) -> None:
    assert DialogState.from_dict(data) == DialogState.new()


def test_stored_state_with_a_negative_quantity_is_rejected_not_trusted(kb: KnowledgeView) -> None:
    chat = Chat(kb)
    chat.say(CLASSIC)
    data = chat.state.to_dict()
    data["need"]["quantity"] = -5
    assert DialogState.from_dict(data) == DialogState.new()
    data["need"]["quantity"] = 300
    data["need"]["budget"] = "NaN"
    assert DialogState.from_dict(data) == DialogState.new()


def test_the_state_keeps_at_most_twenty_history_entries(chat: Chat) -> None:
    chat.say(CLASSIC)
    for number in range(25):
        chat.say(f"make it {300 + number} a month")
    assert len(chat.state.history) == 20
    assert chat.state.history[-1].quantity == 324
    assert replace(chat.state, history=()).to_dict()["history"] == []


def test_assumed_readings_get_one_confirmation_before_the_search(chat: Chat) -> None:
    messages = chat.say(
        "a few hundred custom mailer boxes a month, budget 1000, ships to US, growing"
    )
    ask = only(messages, Ask)
    assert ask.slot is Slot.CONFIRM
    readings = ask.readings
    assert "'a few hundred' as 300" in readings
    assert any("USD" in r for r in readings)  # no currency given: the US dollar is assumed
    assert chat.state.need.currency == "USD"

    answer = answer_of(chat.say("yes"))
    assert answer.budget_ceiling == Decimal("3.33")  # 1,000 / 300
    assert answer.need.currency == "USD"


def test_a_new_product_after_the_answer_keeps_the_other_answers(chat: Chat) -> None:
    chat.say(CLASSIC)
    answer = answer_of(chat.say("now we also need 2000 stickers a month"))
    assert answer.need.categories == ("stickers",)
    assert (answer.need.quantity, answer.need.country, answer.need.budget) == (
        2000,
        "DE",
        Decimal(1500),
    )
    assert all("stickers" in lead.supplier.categories for lead in answer.leads)


def test_the_answer_carries_one_chart_and_a_monthly_budget_is_said_to_cap_each_order(
    snapshot: tuple[list[Supplier], Taxonomy],
) -> None:
    suppliers, taxonomy = snapshot
    priced = Supplier(
        name="Test Priced Candles (synthetic)",
        categories=("candles",),
        id=10_002,
        keywords=("candles",),
        moq=50,
        currency="EUR",
        price_tiers=(PriceTier(50, Decimal("3.00")), PriceTier(500, Decimal("2.40"))),
        small_series=True,
        source="test fixture",
    )
    chat = Chat(build_kb([*suppliers, priced], taxonomy))
    messages = chat.say("200 candles a month, budget €500 a month, France, growing")
    answer = answer_of(messages)
    charts = charts_in(messages)
    assert answer.recommendation is not None
    assert charts == [answer.recommendation.chart]
    assert charts[0].recommended == answer.recommendation.best.order_quantity
    assert answer.need.budget_period is Period.MONTH
    text = render(messages, ReplyContext())[0].text_plain()
    assert "I treated your budget of €500 a month as the most one order may cost" in text
    assert charts_in(chat.say("thanks!")) == []
    assert only(chat.turns[-1], Notice).kind is NoticeKind.THANKS


def test_resume_after_an_answer_shows_it_again_with_its_buttons_and_no_new_history(
    chat: Chat,
) -> None:
    chat.say(CLASSIC)
    history_before = chat.state.history

    messages = chat.command("resume")

    assert kinds(messages) == ["Greeting", "Answer"]
    assert answer_of(messages).leads
    assert chat.state.history == history_before


def test_resume_mid_conversation_repeats_the_pending_question(chat: Chat) -> None:
    chat.say("custom printed mailer boxes")
    awaiting = chat.state.awaiting

    messages = chat.command("resume")

    assert kinds(messages)[0] == "Greeting"
    assert kinds(messages)[-1] == "Ask"
    assert chat.state.awaiting is awaiting


def test_no_idea_about_the_budget_skips_it_and_still_asks_the_stage(chat: Chat) -> None:
    chat.say("woven labels")
    chat.say("2,000 a year")
    assert chat.state.awaiting is Slot.BUDGET

    chat.say("no idea about budget")

    assert chat.state.need.budget is None
    assert chat.state.need.stage is None  # not read as the idea stage
    assert chat.state.awaiting is not Slot.BUDGET
