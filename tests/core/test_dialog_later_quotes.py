"""Later turns of a conversation: a question while the kind of supplier is asked, and a quote or
a minimum pasted after the need is known, keep what the founder already said."""

from __future__ import annotations

import pytest

from bot.core.conversation.messages import Ask, NothingFits, Slot
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
