"""Later turns of a conversation: a question while the kind of supplier is asked, and a quote or
a minimum pasted after the need is known, keep what the founder already said."""

from __future__ import annotations

import pytest

from bot.core.conversation.messages import (
    Answer,
    Ask,
    NothingFits,
    NothingFitsReason,
    PriceBasis,
    Slot,
)
from bot.core.types import Period
from tests.core.conftest import Chat
from tests.turns import only


@pytest.mark.parametrize(
    "question",
    [
        "what tier makes sense? the 5k one looks cheap",
        "welche Staffel lohnt sich eigentlich?",
        "quelle tranche est la plus logique ?",
        "¿qué tramo tiene más sentido?",
    ],
)
def test_a_question_to_the_category_buttons_names_no_uncovered_product(
    chat: Chat, question: str
) -> None:
    chat.say("serum, 200 a month, budget €2,000, France, growing")
    assert chat.state.awaiting is Slot.CATEGORY
    turn = chat.say(question)

    assert not [m for m in turn if isinstance(m, NothingFits)]
    assert chat.state.need.product == "serum"
    assert chat.state.uncovered_product is None
    assert only(turn, Ask).slot is Slot.CATEGORY


@pytest.mark.parametrize(
    "later",
    [
        "the mill came back: MOQ 500 per colour 😬 I only need 60, what now?",
        "der Hersteller will mindestens 500 pro Farbe, ich brauche aber nur 60",
        "le fabricant demande un minimum de 500 par couleur, moi j'ai besoin de 60",
        "el proveedor pide mínimo 500 por color, yo necesito 60",
    ],
)
def test_the_need_restated_beside_a_minimum_keeps_the_rate_said_before(
    chat: Chat, later: str
) -> None:
    chat.say("woven labels, 60 per colour, 4 colours, a new drop every quarter")
    known = (chat.state.need.quantity, chat.state.need.period)
    assert known[0] is not None
    chat.say(later)

    assert (chat.state.need.quantity, chat.state.need.period) == known
    assert chat.state.quote is not None
    assert chat.state.quote.moq == 500


def test_a_rate_beside_a_minimum_is_still_the_need(chat: Chat) -> None:
    chat.say("woven labels, 60 a month")
    assert chat.state.awaiting is Slot.BUDGET
    chat.say("the minimum is 500 but we need 80 a month now")

    assert (chat.state.need.quantity, chat.state.need.period) == (80, Period.MONTH)


@pytest.mark.parametrize(
    ("reply", "rate"),
    [
        ("every 2 months", (210, Period.MONTH)),
        ("alle zwei Monate", (210, Period.MONTH)),
        ("tous les deux mois", (210, Period.MONTH)),
        ("cada dos meses", (210, Period.MONTH)),
        ("twice a year", (840, Period.YEAR)),
    ],
)
def test_a_period_answer_that_is_no_plain_period_is_a_rate_of_the_known_number(
    chat: Chat, reply: str, rate: tuple[int, Period]
) -> None:
    chat.say("we need 420 printed labels")
    assert chat.state.awaiting is Slot.QUANTITY
    chat.say(reply)

    assert (chat.state.need.quantity, chat.state.need.period) == rate


@pytest.mark.parametrize(
    "correction",
    [
        "correction: it's 630 per delivery, not 420",
        "Korrektur: es sind 630 pro Lieferung, nicht 420",
        "en fait c'est 630 par livraison, pas 420",
        "perdón, son 630 por entrega, no 420",
    ],
)
def test_a_corrected_number_keeps_the_rate_it_was_converted_at(
    chat: Chat, correction: str
) -> None:
    chat.say("we need 420 printed labels every 2 months")
    assert (chat.state.need.quantity, chat.state.need.period) == (210, Period.MONTH)
    chat.say(correction)

    assert (chat.state.need.quantity, chat.state.need.period) == (315, Period.MONTH)


def test_a_corrected_rate_is_taken_as_said(chat: Chat) -> None:
    chat.say("we need 420 printed labels every 2 months")
    chat.say("no, 250 a month, not 210")

    assert (chat.state.need.quantity, chat.state.need.period) == (250, Period.MONTH)


@pytest.mark.parametrize(
    ("opening", "later"),
    [
        (
            "we cast resin chess sets at home, about 40 sets a month, budget $2,000, Texas, "
            "selling on Etsy",
            "is it smarter to pay for silicone moulds or keep 3D printing the masters?",
        ),
        (
            "wir gießen Schachspiele aus Harz, etwa 40 Sets im Monat, Budget 2.000 €, Bayern, "
            "wir verkaufen schon",
            "lohnt sich eine Silikonform oder weiter 3D-Druck?",
        ),
        (
            "on coule des jeux d'échecs en résine, environ 40 par mois, budget 2 000 €, Lyon, "
            "on vend déjà",
            "est-ce que le moule vaut le coup ou je continue l'impression 3D ?",
        ),
        (
            "hacemos ajedreces de resina, unos 40 al mes, presupuesto 2.000 €, Valencia, ya "
            "vendemos",
            "¿merece la pena pagar un molde o sigo con la impresión 3D?",
        ),
    ],
)
def test_a_question_whether_tooling_pays_off_names_no_new_product(
    chat: Chat, opening: str, later: str
) -> None:
    chat.say(opening)
    named = chat.state.need.product or chat.state.uncovered_product
    assert named
    chat.say(later)

    assert (chat.state.need.product or chat.state.uncovered_product) == named


def test_an_uncovered_product_keeps_the_need_and_is_answered_on_a_later_quote(
    chat: Chat,
) -> None:
    turn = chat.say("we make cork yoga mats by hand, need a factory, about 300 mats a week")
    assert only(turn, NothingFits).reason is NothingFitsReason.NOT_COVERED
    assert only(turn, Ask).slot is Slot.BUDGET
    chat.say("around €2,000 a month")
    chat.say("Ireland")
    chat.say("selling at 3 shops for a year")
    chat.command("skip")
    assert chat.state.awaiting is Slot.DONE
    known = chat.state.need

    turn = chat.say("a factory quoted €9.50 per mat at 2,000 min, €8.20 at 5,000. worth it?")

    need = chat.state.need
    assert (need.quantity, need.period, need.budget) == (300, Period.WEEK, known.budget)
    assert (need.country, need.stage) == (known.country, known.stage)
    assert chat.state.uncovered_product == "cork yoga mats"
    answer = only(turn, Answer)
    assert answer.basis is PriceBasis.QUOTE
    assert answer.leads == ()
