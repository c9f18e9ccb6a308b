"""Replies a founder can act on over whole conversations (tuning-3.yaml, ce01-ce15): an answer
read against the question asked, a quote pasted later used, a tooling question answered, an
uncovered product never met with leads of unrelated categories."""

from __future__ import annotations

from bot.core.conversation.messages import Message, Slot
from bot.core.conversation.render import render
from bot.core.types import Period, ReplyContext
from tests.core.conftest import Chat


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
