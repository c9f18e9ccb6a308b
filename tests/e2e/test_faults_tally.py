"""The fault suite's accounting: lost, doubled and out-of-order counts on made-up transcripts."""

from __future__ import annotations

from tests.e2e.faults import Seen, tally

A, B, C = Seen(False, "Got it: 300"), Seen(False, "Leads"), Seen(True, "Order 290")


def _seen(*items: tuple[Seen, str]) -> list[Seen]:
    """Returns arrivals in order; the string is what the message said (may add a hint)."""
    return [Seen(e.photo, text, position) for position, (e, text) in enumerate(items)]


def test_everything_once_in_order_is_clean() -> None:
    result = tally("ok", [A, B, C], _seen((A, A.text), (B, B.text), (C, C.text)), 3)
    assert (result.lost, result.doubled, result.out_of_order) == (0, 0, 0)


def test_a_hint_line_around_the_expected_text_still_matches() -> None:
    seen = _seen((A, "In case you missed it:\nGot it: 300"), (B, B.text), (C, C.text))
    assert tally("hint", [A, B, C], seen, 3).clean


def test_missing_doubled_and_reordered_messages_are_counted() -> None:
    seen = _seen((B, B.text), (A, A.text), (B, B.text))
    result = tally("bad", [A, B, C], seen, 3)
    assert (result.lost, result.doubled, result.out_of_order) == (1, 1, 1)


def test_a_photo_does_not_stand_in_for_text_with_the_same_words() -> None:
    result = tally("kind", [C], [Seen(False, "Order 290", 0)], 1)
    assert result.lost == 1


def test_what_last_shows_again_is_not_a_double_but_only_once_per_ask() -> None:
    seen = _seen((A, A.text), (A, A.text), (A, A.text))
    assert tally("asked once", [A], seen, 1, asked_last=[1]).doubled == 1
    assert tally("asked twice", [A], seen, 1, asked_last=[1, 2]).doubled == 0
    assert tally("asked after", [A], seen, 1, asked_last=[3]).doubled == 2


def test_apologies_are_counted() -> None:
    seen = _seen((A, A.text), (A, "Sorry, something went wrong on my side."))
    assert tally("sorry", [A], seen, 1).apologies == 1


def test_an_answer_first_seen_through_last_is_not_out_of_order() -> None:
    seen = _seen((B, B.text), (A, A.text))
    assert tally("recovered", [A, B], seen, 2, asked_last=[1]).out_of_order == 0
    assert tally("reordered", [A, B], seen, 2).out_of_order == 1
