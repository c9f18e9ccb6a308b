"""Replies a founder can act on over whole conversations (tuning-3.yaml, ce01-ce15): an answer
read against the question asked, a quote pasted later used, a tooling question answered, an
uncovered product never met with leads of unrelated categories."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.advice.drafting import DraftRequest, as_quoted
from bot.core.conversation.messages import (
    Answer,
    Message,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    PriceBasis,
    Slot,
)
from bot.core.conversation.render import render
from bot.core.types import Period, ReplyContext, Stage
from tests.core.conftest import Chat
from tests.turns import only


def text_of(messages: tuple[Message, ...]) -> str:
    """Returns the plain text of a turn."""
    return "\n".join(r.text_plain() for r in render(messages, ReplyContext()))


def test_a_span_of_history_to_the_stage_question_keeps_the_rate(chat: Chat) -> None:
    chat.say("hi from Nairobi! need printed mailer boxes, 300 a month, budget 60,000 KES a month")
    assert chat.state.awaiting is Slot.STAGE

    turn = chat.say("selling for a year")

    assert chat.state.need.period is Period.MONTH  # "for a year" is how long, not "a year"
    assert chat.state.need.quantity == 300
    assert "300 a year" not in text_of(turn)


PASTED_TABLE = (
    "got an offer from a printer:\n250 st. — €2,10\n500 st. — €1,65\n1000 st. — €1,20\n"
    "screen fee €45 per colour, 1 colour. worth going to 1000?"
)


def test_a_table_pasted_later_is_read_with_falling_prices_and_used(chat: Chat) -> None:
    chat.say("we need cotton tote bags with our logo, 200 a month, Rotterdam")
    chat.say("no")
    chat.say("already selling")
    assert chat.state.awaiting is Slot.DONE

    turn = chat.say(PASTED_TABLE)

    quote = chat.state.quote
    assert quote is not None
    assert [(t.min_qty, t.unit_price) for t in quote.tiers] == [
        (250, Decimal("2.1")),
        (500, Decimal("1.65")),
        (1000, Decimal("1.2")),
    ]
    assert quote.setup_fee == Decimal("45")
    assert quote.supplier is None  # "got an offer from a printer" is no company
    answer = only(turn, Answer)
    assert answer.basis is PriceBasis.QUOTE
    assert "got an offer" not in text_of(turn)


def test_a_table_flattened_to_one_line_gets_its_fee_back(chat: Chat) -> None:
    # A console or a pipe sends the paste as one line: the last row runs into the fee.
    chat.say("we need cotton tote bags with our logo, 200 a month, Rotterdam")
    chat.say("no")
    chat.say("already selling")

    turn = chat.say(PASTED_TABLE.replace("\n", " "))

    quote = chat.state.quote
    assert quote is not None
    assert quote.tiers[-1].unit_price == Decimal("1.2")
    assert quote.setup_fee == Decimal("45")
    assert only(turn, Answer).basis is PriceBasis.QUOTE


def test_a_phrase_naming_no_category_is_not_covered_by_a_fuzzy_match(chat: Chat) -> None:
    # "boards" names no category; the search finds "circuit board" suppliers by a fuzzy match.
    turn = chat.say("anyone know who makes boards in small runs? ~40 boards a month, Portugal")

    assert not chat.state.need.categories
    assert not [m for m in turn if isinstance(m, Answer)]  # no PCB makers shown as leads
    covered = only(turn, NothingFits)
    assert covered.reason is NothingFitsReason.NOT_COVERED
    assert "PCB" not in text_of(turn)


def test_a_one_off_is_asked_prices_at_its_batch_not_at_three_batches(chat: Chat) -> None:
    turn = chat.say("one off order of 250 enamel pins for our band's tour merch, budget 600 bucks")
    for _ in range(6):
        if chat.state.awaiting is Slot.DONE:
            break
        turn = chat.command("skip")

    answer = only(turn, Answer)
    assert 250 in answer.quote_at
    assert 750 not in answer.quote_at  # a one-off founder never buys three batches


def test_a_weekly_need_is_asked_prices_at_a_rounded_month(chat: Chat) -> None:
    turn = chat.say("need 80 woven labels a week, Glasgow, no budget, already selling")
    for _ in range(6):
        if chat.state.awaiting is Slot.DONE:
            break
        turn = chat.command("skip")

    answer = only(turn, Answer)
    assert 350 in answer.quote_at  # a month of 80 a week, as a supplier quotes a break
    assert 346 not in answer.quote_at


def test_a_minimum_said_in_passing_is_the_suppliers_not_a_quote(chat: Chat) -> None:
    turn = chat.say("my soap box printer says min order is 3000 pcs but i only need 500/mo, leeds")

    said = text_of(turn)
    assert "your supplier's minimum: 3,000" in said
    assert "your quote" not in said


def test_after_not_covered_the_dialog_goes_on_to_the_request_with_the_figures(
    chat: Chat,
) -> None:
    chat.say("anyone know who makes surfboards in small runs? ~40 a month, Portugal")
    assert chat.state.uncovered_product
    assert chat.state.awaiting is Slot.BUDGET  # not "anything else?": the figures still help

    for reply in (chat.say("no thanks"), chat.command("skip"), chat.command("skip")):
        said = text_of(reply)
        assert "can't be skipped" not in said
        assert "third time" not in said
    final = chat.turns[-1]
    assert chat.state.awaiting is Slot.DONE
    assert only(final, NothingFits).reason is NothingFitsReason.NOT_COVERED
    assert "40 units a month" in only(final, DraftRequest).body
    chat.say("candles, 200 a month")
    assert chat.state.need.categories  # a product named later is still read


def test_a_request_after_a_quote_asks_at_round_computed_quantities(chat: Chat) -> None:
    chat.say("need custom vinyl stickers, around 1.5k pcs a month, im in Austin, no budget")
    for _ in range(6):
        if chat.state.awaiting is Slot.DONE:
            break
        chat.command("skip")
    chat.say("the printer sent me this: 1000 pcs $0.22 ea, 2500 pcs $0.15 ea, 5000 pcs $0.11 ea")
    order = chat.state.order_quantity
    assert order is not None
    assert order % 100 != 0  # an economic order quantity, not a round figure

    draft = only(chat.press("draft"), DraftRequest)

    assert f"{order:,}" not in draft.body
    assert f"{as_quoted(order):,}" in draft.body
    assert "1,000, 1,500" in draft.body  # the tier and the need stay exact


def test_a_tooling_question_whose_prices_were_not_read_is_answered_with_what_is_missing(
    chat: Chat,
) -> None:
    turn = chat.say(
        "is the mould worth it or should I keep 3d printing? we sell 80 organisers a week"
    )

    notices = [m for m in turn if isinstance(m, Notice)]
    assert [n.kind for n in notices] == [NoticeKind.TOOLING_UNREAD]
    assert "after how many pieces the tool pays for itself" in text_of(turn)


def test_a_tooling_question_read_in_full_gets_the_break_even_and_no_notice(chat: Chat) -> None:
    turn = chat.say(
        "is the mould worth it or should I keep 3D printing? injection mould quote is $4,500 "
        "tooling then $0.90/pc, 3D printing costs me $6 each. we sell about 150 phone stands "
        "a month, Ohio"
    )
    for _ in range(6):  # phone stands are not covered: the answer may wait on the product
        if chat.state.awaiting in (Slot.DONE, Slot.PRODUCT):
            break
        turn = chat.command("skip")

    assert NoticeKind.TOOLING_UNREAD not in [m.kind for m in turn if isinstance(m, Notice)]
    assert "pays for itself" in text_of(turn)


def test_a_period_corrected_while_another_question_is_asked_is_taken(chat: Chat) -> None:
    chat.say("hi from Nairobi! need printed mailer boxes, 300 a month, budget 60,000 KES a month")
    assert chat.state.awaiting is Slot.STAGE

    chat.say("actually it's weekly, sorry")

    assert chat.state.need.period is Period.WEEK


def test_the_minimum_order_line_opens_with_a_capital(chat: Chat) -> None:
    chat.say("my soap box printer says min order is 3000 pcs but i only need 500/mo, leeds")
    turn: tuple[Message, ...] = ()
    for _ in range(6):
        if chat.state.awaiting is Slot.DONE:
            break
        turn = chat.say("1") if chat.state.awaiting is Slot.CATEGORY else chat.command("skip")

    assert "Your supplier's minimum of 3,000 is 6.0 months of your need." in text_of(turn)


def test_a_smaller_order_costing_nearly_the_same_is_offered_beside_the_best(chat: Chat) -> None:
    chat.say("necesito etiquetas para frascos de miel, 800 al mes, estoy en Sevilla, ya vendemos")
    for _ in range(6):
        if chat.state.awaiting is Slot.DONE:
            break
        chat.command("skip")

    turn = chat.say("mi imprenta: 1000 uds a 0,18 €, 2500 uds a 0,12 €, 5000 uds a 0,09 €")

    answer = only(turn, Answer)
    assert answer.recommendation is not None
    assert answer.recommendation.best.order_quantity > 5000  # the economic order, an odd figure
    assert "Nearly as good: 5,000 at a time" in text_of(turn)


def test_no_smaller_order_is_offered_when_it_costs_clearly_more(chat: Chat) -> None:
    chat.say("need woven labels, 300 a month, Glasgow, growing, no fixed budget")
    for _ in range(6):
        if chat.state.awaiting is Slot.DONE:
            break
        chat.command("skip")

    turn = chat.say("quote: 1000 @ £0.30, 1500 @ £0.28, 5000 @ £0.12")

    answer = only(turn, Answer)
    assert answer.recommendation is not None
    options = {o.order_quantity: o.annual_cost.total for o in answer.recommendation.options}
    best = answer.recommendation.best
    assert all(
        total > best.annual_cost.total * Decimal("1.01")
        for quantity, total in options.items()
        if quantity < best.order_quantity
    )
    assert "Nearly as good" not in text_of(turn)


def test_a_quantity_correction_keeps_the_stage_said(chat: Chat) -> None:
    chat.say("I need 300 mailer boxes a month, Netherlands, no sales yet")
    assert chat.state.need.stage is Stage.IDEA
    chat.say("no")

    turn = chat.say("actually make that 500 a month")

    assert chat.state.need.quantity == 500
    assert chat.state.need.stage is Stage.IDEA
    assert "growing" not in text_of(turn)


@pytest.mark.parametrize(
    "reply",
    ["selling for a year", "been selling for 2 years now", "seit einem Jahr", "depuis un an"],
)
def test_a_span_of_history_to_the_stage_question_is_no_rate(chat: Chat, reply: str) -> None:
    chat.say("hi from Nairobi! need printed mailer boxes, 300 a month, budget 60,000 KES a month")
    assert chat.state.awaiting is Slot.STAGE

    chat.say(reply)

    assert chat.state.need.period is Period.MONTH


def test_a_one_off_said_to_the_budget_question_is_the_rate(chat: Chat) -> None:
    chat.say("need 250 woven labels a month, Seattle")
    assert chat.state.awaiting is Slot.BUDGET

    chat.say("$600, it's a one-off for our tour")

    assert chat.state.need.budget == Decimal("600")
    assert chat.state.need.period is Period.ONCE
