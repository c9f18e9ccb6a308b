"""Replies in German, French and Spanish read against the question: a launch word negated, a
start just made, and a place negated after it ("España no, Portugal")."""

from __future__ import annotations

import pytest

from bot.core.conversation.followups import read_follow_up
from bot.core.conversation.messages import Slot
from bot.core.types import Stage
from tests.core.conftest import Chat


@pytest.mark.parametrize(
    ("reply", "stage"),
    [
        ("todavía no lanzamos", Stage.IDEA),
        ("aún no lanzamos", Stage.IDEA),
        ("noch nicht gelauncht", Stage.IDEA),
        ("wir sind noch in der Testphase", Stage.IDEA),
        ("estamos probando", Stage.IDEA),
        ("wir fangen gerade an", Stage.LAUNCH),
        ("recién arrancamos", Stage.LAUNCH),
        ("on démarre", Stage.LAUNCH),
        ("empezamos el año pasado", Stage.LAUNCH),
    ],
)
def test_a_stage_reply_reads_negation_and_fresh_starts(reply: str, stage: Stage) -> None:
    assert read_follow_up(Slot.STAGE, reply).stage is stage


@pytest.mark.parametrize(
    ("reply", "kept"),
    [
        ("no, España no, Portugal", "Portugal"),
        ("Deutschland nicht, Österreich", "Österreich"),
        ("France non, Belgique", "Belgique"),
    ],
)
def test_a_place_negated_after_it_is_dropped(reply: str, kept: str) -> None:
    follow = read_follow_up(Slot.SHIPS_TO, reply)

    assert follow.corrects
    assert follow.text.strip(" ,") == kept


def test_a_number_negated_after_it_is_the_one_replaced() -> None:
    assert read_follow_up(Slot.QUANTITY, "400 nicht, 600").replaced == 400


def test_no_problem_is_no_negated_place() -> None:
    follow = read_follow_up(Slot.SHIPS_TO, "no problem, Germany")

    assert not follow.corrects
    assert follow.text == "no problem, Germany"


def test_the_spanish_correction_sets_the_place_in_the_chat(chat: Chat) -> None:
    chat.say("Necesito 500 etiquetas al mes")
    while chat.state.asking not in ("country", None):
        chat.command("skip")
    assert chat.state.asking == "country"

    chat.say("no, España no, Portugal")

    assert chat.state.need.country == "PT"
