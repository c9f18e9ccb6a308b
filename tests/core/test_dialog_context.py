"""Replies read against the question asked and the need already known: budget refusals in
founders' words, amounts per order, sales history in a stage answer, goods not for sale, a
supplier's minimum or quote told mid-dialog, and correction heads in four languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.conversation.followups import read_follow_up
from bot.core.conversation.messages import Ask, NothingFits, Slot
from bot.core.types import Period, Stage
from tests.core.conftest import Chat
from tests.core.test_dialog_followups import at_budget
from tests.turns import only


def at_stage(chat: Chat) -> None:
    """Brings the chat to the stage question with 2,000 a year known."""
    chat.say("woven labels, 2,000 a year, budget €800, Germany")
    assert chat.state.awaiting is Slot.STAGE


@pytest.mark.parametrize(
    "reply",
    [
        "nah no fixed budget",
        "honestly no real budget yet, tell me what's sensible",
        "there's no budget cap, depends on price",
        "budget not set yet",
        "wir haben kein festgelegtes Budget",
        "pas vraiment de budget défini",
        "de momento no tengo un presupuesto cerrado",
    ],
)
def test_a_reply_negating_a_budget_declines_it_whatever_words_come_with_it(
    chat: Chat, reply: str
) -> None:
    at_budget(chat)
    turn = chat.say(reply)

    assert chat.state.need.budget is None
    assert Slot.BUDGET in chat.state.skipped
    assert only(turn, Ask).slot is Slot.SHIPS_TO


def test_a_no_budget_reply_with_an_amount_is_not_a_decline() -> None:
    assert not read_follow_up(Slot.BUDGET, "no fixed budget but under $900 ideally").declines


@pytest.mark.parametrize(
    "reply", ["max 450 € per order", "höchstens 450 € pro Bestellung", "450 € par commande max"]
)
def test_an_amount_per_order_to_the_budget_question_is_the_budget_not_a_unit_price(
    chat: Chat, reply: str
) -> None:
    at_budget(chat)
    chat.say(reply)

    assert chat.state.need.budget == Decimal(450)
    assert chat.state.need.target_unit_price is None


def test_a_price_each_to_the_budget_question_stays_a_unit_price(chat: Chat) -> None:
    at_budget(chat)
    chat.say("€0.40 each at most")

    assert chat.state.need.budget is None
    assert chat.state.need.target_unit_price == Decimal("0.40")


def test_money_words_make_a_budget_reply_money_though_a_noun_comes_with_it(chat: Chat) -> None:
    at_budget(chat)
    chat.say("money is tight, maybe 3k total for now")

    assert chat.state.need.budget == Decimal(3000)
    assert (chat.state.need.quantity, chat.state.need.period) == (2000, Period.YEAR)


@pytest.mark.parametrize(
    "reply",
    [
        "we sell around 40 a week at markets",
        "verkaufen etwa 40 pro Woche seit zwei Jahren",
        "on en vend une quarantaine par semaine",
        "vendemos unas 40 a la semana",
    ],
)
def test_a_number_in_the_stage_answer_is_sales_history_not_the_need(
    chat: Chat, reply: str
) -> None:
    at_stage(chat)
    chat.say(reply)

    assert (chat.state.need.quantity, chat.state.need.period) == (2000, Period.YEAR)


@pytest.mark.parametrize(
    ("reply", "stage"),
    [
        ("nothing sold yet, we open in spring", Stage.IDEA),
        ("noch nichts verkauft, wir starten im Herbst", Stage.IDEA),
        ("rien vendu pour l'instant, on lance à l'automne", Stage.IDEA),
        ("no he vendido nada todavía", None),
    ],
)
def test_nothing_sold_yet_is_the_idea_stage_though_a_launch_is_named(
    chat: Chat, reply: str, stage: Stage | None
) -> None:
    at_stage(chat)
    chat.say(reply)

    if stage is not None:
        assert chat.state.need.stage is stage
    assert chat.state.need.stage is not Stage.GROWTH


@pytest.mark.parametrize(
    "reply",
    [
        "it's not something we sell, they're gifts for our staff",
        "c'est pas pour la vente, c'est pour un salon",
        "nicht zum Verkaufen, nur für unser Team",
        "no es para vender, es para un evento",
    ],
)
def test_goods_not_for_sale_leave_the_stage_out_and_never_ask_it_again(
    chat: Chat, reply: str
) -> None:
    at_stage(chat)
    turn = chat.say(reply)

    assert chat.state.need.stage is None
    assert Slot.STAGE in chat.state.skipped
    assert not [m for m in turn if isinstance(m, Ask) and m.slot is Slot.STAGE]


def test_not_yet_for_sale_is_no_refusal_of_the_stage() -> None:
    assert not read_follow_up(Slot.STAGE, "not yet for sale, still prototyping").not_for_sale


@pytest.mark.parametrize(
    "reply",
    [
        "the factory says MOQ is one carton = 6,000 pcs, is that a lot?",
        "MOQ is a full pallet (6000 units)",
        "they want a minimum order of 6000",
        "Mindestmenge laut Hersteller: 6000 Stück",
    ],
)
def test_a_minimum_told_mid_dialog_is_the_suppliers_not_a_new_need(chat: Chat, reply: str) -> None:
    at_budget(chat)
    chat.say(reply)

    assert (chat.state.need.quantity, chat.state.need.period) == (2000, Period.YEAR)
    assert chat.state.quote is not None
    assert chat.state.quote.moq == 6000


def test_a_quote_told_mid_dialog_keeps_the_product_and_the_rate(chat: Chat) -> None:
    chat.say("custom printed mailer boxes, 300 a month")
    product = chat.state.need.product
    chat.say("they quoted 1,000 @ $1.10 for the kraft ones, plus $250 tooling, one time")

    assert chat.state.need.product == product
    assert (chat.state.need.quantity, chat.state.need.period) == (300, Period.MONTH)
    assert chat.state.quote is not None


@pytest.mark.parametrize(
    "reply",
    [
        "Correction: it's 700 a month, not 500",
        "Korrektur: 700 im Monat, nicht 500",
        "rectification : 700 par mois, pas 500",
        "corrección: 700 al mes, no 500",
    ],
)
def test_a_correction_head_corrects_and_is_no_product(chat: Chat, reply: str) -> None:
    chat.say("woven labels, 500 a month, budget €800, Germany")
    product = chat.state.need.product
    chat.say(reply)

    assert (chat.state.need.quantity, chat.state.need.period) == (700, Period.MONTH)
    assert chat.state.need.product == product
    assert read_follow_up(Slot.STAGE, reply).corrects


@pytest.mark.parametrize(
    "reply",
    [
        "actually it'll be 60",
        "en fait ce sera 60",
        "eigentlich werden es 60",
        "en realidad serán 60",
        "sorry, actually 60",
    ],
)
def test_actually_in_four_languages_marks_a_correction(reply: str) -> None:
    assert read_follow_up(Slot.BUDGET, reply).corrects
    assert not read_follow_up(Slot.BUDGET, "60 would be fine").corrects


def test_a_minimum_with_a_span_of_stock_is_still_the_suppliers(chat: Chat) -> None:
    at_budget(chat)
    chat.say("supplier's MOQ is one pallet = 5,000 rolls, that's over a year of stock for us")

    assert (chat.state.need.quantity, chat.state.need.period) == (2000, Period.YEAR)
    assert chat.state.quote is not None
    assert chat.state.quote.moq == 5000


def test_the_founders_own_need_beside_a_minimum_stays_the_need(chat: Chat) -> None:
    at_budget(chat)
    chat.say("the minimum is 3000 pcs but I need 250 a month")

    assert (chat.state.need.quantity, chat.state.need.period) == (250, Period.MONTH)


def test_a_correction_while_an_uncovered_product_is_open_names_no_new_product(
    chat: Chat,
) -> None:
    chat.say("looking for 60 yoga mats a month")
    uncovered = chat.state.uncovered_product
    assert uncovered is not None
    turn = chat.say("Korrektur: es sind 80 im Monat, nicht 60")

    assert chat.state.need.quantity == 80
    assert chat.state.uncovered_product == uncovered
    assert not [m for m in turn if isinstance(m, NothingFits)]


def test_the_unit_of_a_later_price_is_the_same_product_not_a_new_one(chat: Chat) -> None:
    chat.say("300 custom printed mailer boxes a month, budget $1,500, shipping to Canada, growing")
    product = chat.state.need.product
    assert product == "custom printed mailer boxes"
    chat.say("oh and ideally under $1.20 a box")

    assert chat.state.need.product == product
    assert chat.state.need.target_unit_price == Decimal("1.20")


@pytest.mark.parametrize(
    "opening",
    [
        "hey, can you help me find a manufacturer?",
        "Hallo, ich suche einen Hersteller",
        "bonjour, je cherche un fournisseur",
        "hola, busco un proveedor",
    ],
)
def test_asking_for_a_maker_with_no_product_is_asked_what_it_is_for(
    chat: Chat, opening: str
) -> None:
    turn = chat.say(opening)

    assert not [m for m in turn if isinstance(m, NothingFits)], "'a supplier' is no product"
    assert only(turn, Ask).slot is Slot.PRODUCT
    chat.say("woven labels")
    assert chat.state.need.product == "woven labels"
