"""The outbox on both engines: order per chat, one claim per row, settling, /last, the budget."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.core.markup import Plain, Reply, lines
from bot.core.types import Attachment, Button, ChartData
from bot.delivery import Delivery, outgoing_for
from bot.outbox_json import buttons_from_json, chart_from_json
from bot.store.budget import Bucket, draw
from bot.store.db import Database
from bot.store.outbox import FAILED, SENT, UNKNOWN, OutboxStore
from bot.store.updates import FounderKey

ANN = FounderKey(5, 5)
BOB = FounderKey(6, 6)


async def _write(db: Database, key: FounderKey, texts: list[str], update_id: int) -> list[int]:
    replies = [Reply(lines(text)) for text in texts]
    async with db.sessions.begin() as session:
        return await OutboxStore(session).add(
            outgoing_for(key, replies, update_id=update_id, quote_message_id=None)
        )


async def test_a_chats_rows_go_out_one_at_a_time_in_order(db: Database) -> None:
    delivery = Delivery(db)
    first, second = await _write(db, ANN, ["one", "two"], update_id=1)
    (bob,) = await _write(db, BOB, ["hi"], update_id=2)
    assert [item.id for item in await delivery.due()] == [first, bob]
    assert await delivery.claim(first)
    assert not await delivery.claim(first), "a row is claimed by one sender only"
    assert [item.id for item in await delivery.due()] == [bob], "Ann's second waits for her first"
    await delivery.sent(first, message_id=77)
    assert [item.id for item in await delivery.due()] == [second, bob]


async def test_a_row_that_did_not_reach_telegram_waits_and_keeps_its_place(db: Database) -> None:
    delivery = Delivery(db)
    first, second = await _write(db, ANN, ["one", "two"], update_id=1)
    assert await delivery.claim(first)
    later = datetime.now(UTC) + timedelta(seconds=60)
    await delivery.retry_at(first, later, "Bad Gateway")
    assert await delivery.due() == [], "neither the retried row nor the one behind it is due"
    head = await delivery.head_of(ANN.chat_id)
    assert head is not None
    assert (head.id, head.attempts) == (first, 1)
    assert head.next_attempt_at == pytest.approx(later, abs=timedelta(seconds=1))
    await delivery.retry_at(first, datetime.now(UTC) - timedelta(seconds=1), "Bad Gateway")
    assert [item.id for item in await delivery.due()] == [first]
    assert second


async def test_a_send_cut_off_by_a_dead_sender_is_never_resent(db: Database) -> None:
    delivery = Delivery(db)
    (row,) = await _write(db, ANN, ["answer"], update_id=1)
    assert await delivery.claim(row)
    assert await delivery.sending(row)
    async with db.sessions.begin() as session:
        assert await OutboxStore(session).abandon_stale_claims(
            datetime.now(UTC) + timedelta(1)
        ) == (0, 1)
        assert await OutboxStore(session).counts() == {UNKNOWN: 1}
    assert await delivery.due() == []


async def test_a_claim_whose_request_never_left_is_sent_after_a_crash(db: Database) -> None:
    delivery = Delivery(db)
    (row,) = await _write(db, ANN, ["answer"], update_id=1)
    assert await delivery.claim(row)  # then the sender died waiting for the budget
    async with db.sessions.begin() as session:
        assert await OutboxStore(session).abandon_stale_claims(
            datetime.now(UTC) + timedelta(1)
        ) == (1, 0)
    assert [item.id for item in await delivery.due()] == [row], "due again, never sent"
    assert not await delivery.sending(row), "a released claim is no longer the old sender's"
    assert await delivery.claim(row)
    assert await delivery.sending(row)


async def test_last_answer_and_the_one_time_notice(db: Database) -> None:
    delivery = Delivery(db)
    old = await _write(db, ANN, ["old answer"], update_id=1)
    new = await _write(db, ANN, ["new answer", "its second part"], update_id=2)
    for row in old:
        await delivery.claim(row)
        await delivery.sent(row, 1)
    await delivery.claim(new[0])
    await delivery.unknown(new[0], "timed out waiting for the answer")
    async with db.sessions.begin() as session:
        store = OutboxStore(session)
        last = await store.last_answer(ANN, before_update=3)
        assert [item.body["plain"] for item in last] == ["new answer", "its second part"]
        assert await store.last_answer(BOB, before_update=3) == []
        assert await store.take_unnoticed_unknown(ANN)
        assert not await store.take_unnoticed_unknown(ANN), "the founder is told once"


async def test_a_refused_answer_gets_one_apology(db: Database) -> None:
    delivery = Delivery(db)
    first, second = await _write(db, ANN, ["one", "two"], update_id=1)
    sorry = Reply(lines("Sorry"))
    for row in (first, second):
        await delivery.claim(row)
        head = await delivery.head_of(ANN.chat_id)
        assert head is not None
        await delivery.failed(head, "Bad Request: message is too long", sorry)
    async with db.sessions() as session:
        counts = await OutboxStore(session).counts()
    assert counts == {FAILED: 2, "pending": 1}, "two failures, one apology"


async def test_replies_become_rows_with_buttons_files_and_charts(db: Database) -> None:
    chart = ChartData(quantities=(1, 2), total_cost=(3.0, 4.0), unit_cost=(5.0, 6.0), title="t")
    reply = Reply(
        Plain("x" * 5000),
        buttons=((Button("Yes", "confirm", "1"),),),
        attachments=(Attachment("a.csv", b"a,b", "file", kind="document"),),
    )
    rows = outgoing_for(ANN, [reply], update_id=9, quote_message_id=4, charts=[chart])
    assert [row.kind for row in rows] == ["text", "text", "document", "chart"]
    assert all(len(row.body.get("plain", "")) <= 4096 for row in rows)
    assert rows[0].body["buttons"] == rows[1].body["buttons"] == []
    assert buttons_from_json(rows[2].body["buttons"]) == reply.buttons
    assert chart_from_json(rows[3].body["chart"]) == chart
    assert {row.body["quote"] for row in rows} == {4}
    async with db.sessions.begin() as session:
        assert len(await OutboxStore(session).add(rows)) == 4
    assert (await Delivery(db).due())[0].body["plain"].startswith("x")


async def test_the_shared_budget_gives_its_tokens_then_asks_to_wait(db: Database) -> None:
    bucket = Bucket("chat:-1", rate=1.0, capacity=3.0)
    waits = []
    for _ in range(4):
        async with db.sessions.begin() as session:
            waits.append(await draw(session, (bucket,), now=1000.0))
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(1.0)
    async with db.sessions.begin() as session:
        assert await draw(session, (bucket,), now=1001.0) == 0.0  # refilled by one a second
    assert SENT


async def test_only_chats_with_an_unmentioned_unknown_send_are_looked_up(db: Database) -> None:
    delivery = Delivery(db)
    assert delivery.may_have_unnoticed(ANN.chat_id), "before the start-up check: look"
    (row,) = await _write(db, ANN, ["answer"], update_id=1)
    await delivery.recover()
    shared = db.engine.dialect.name == "postgresql"
    assert delivery.may_have_unnoticed(ANN.chat_id) is shared, "other instances may send too"
    assert await delivery.claim(row)
    await delivery.unknown(row, "timed out waiting for the answer", ANN.chat_id)
    assert delivery.may_have_unnoticed(ANN.chat_id)
    assert delivery.may_have_unnoticed(BOB.chat_id) is shared
    restarted = Delivery(db)
    await restarted.recover()
    assert restarted.may_have_unnoticed(ANN.chat_id), "found again after a restart"
    assert restarted.may_have_unnoticed(BOB.chat_id) is shared


async def test_each_chart_is_drawn_by_one_instance(db: Database) -> None:
    chart = ChartData(quantities=(1, 2), total_cost=(3.0, 4.0), unit_cost=(5.0, 6.0), title="t")
    rows = outgoing_for(ANN, [Reply(lines("answer"))], update_id=1, quote_message_id=None)
    rows += outgoing_for(ANN, [], update_id=1, quote_message_id=None, charts=[chart])
    async with db.sessions.begin() as session:
        _text, chart_row = await OutboxStore(session).add(rows)
    one, two = Delivery(db), Delivery(db)
    _, first = await one.sender_round([], busy=set(), limit=10, draw=2)
    _, second = await two.sender_round([], busy=set(), limit=10, draw=2)
    assert [item.id for item in first] == [chart_row]
    if db.engine.dialect.name == "postgresql":
        assert second == [], "taken for drawing by the first instance"
    else:
        assert [item.id for item in second] == [chart_row], "one process: its sender dedups"
    _, again = await one.sender_round(
        [], busy=set(), limit=10, draw=2, drawing=frozenset({chart_row})
    )
    assert again == [], "not listed again while its sender draws it"


async def test_a_new_answers_first_row_is_taken_only_as_its_chats_head(db: Database) -> None:
    first, second = await _write(db, ANN, ["one", "two"], update_id=1)
    chart = ChartData(quantities=(1, 2), total_cost=(3.0, 4.0), unit_cost=(5.0, 6.0), title="t")
    async with db.sessions.begin() as session:
        (undrawn,) = await OutboxStore(session).add(
            outgoing_for(BOB, [], update_id=2, quote_message_id=None, charts=[chart])
        )
    async with db.sessions.begin() as session:
        store = OutboxStore(session)
        assert await store.take_head(second, sending=True) is None, "Ann's first is still open"
        assert await store.take_head(undrawn, sending=True) is None, "a chart is drawn first"
        taken = await store.take_head(first, sending=False)
    assert taken is not None
    assert (taken.id, taken.status, taken.attempts) == (first, "claimed", 1)
    assert taken.body["plain"] == "one"
    delivery = Delivery(db)
    await delivery.sent(first, message_id=7)
    async with db.sessions.begin() as session:
        going = await OutboxStore(session).take_head(second, sending=True)
    assert going is not None
    assert going.status == "sending"
    assert await delivery.due() == [], "taken rows are no round's heads"


class _Taker:
    """A sender stand-in: free for some chats, keeping what it is handed."""

    def __init__(self, free: set[int]) -> None:
        self.free = free
        self.taken: list[int] = []

    def can_take(self, chat_id: int) -> bool:
        return chat_id in self.free

    def take(self, item: object, *, alone: bool = False) -> None:
        self.taken.append(item.id)  # type: ignore[attr-defined]

    def take_marks(self) -> list[tuple[int, int, int | None]]:
        return []

    def marks_recorded(self, marks: list[tuple[int, int, int | None]]) -> None:
        raise AssertionError("no marks were handed over")

    marks_back = marks_recorded


async def test_only_sqlites_one_sender_takes_rows_from_the_transaction_that_wrote_them(
    db: Database,
) -> None:
    delivery = Delivery(db, rate_limited=False)
    taker = _Taker({ANN.chat_id})
    delivery.hand_sends_to(taker)
    async with delivery.writing() as session:
        outbox = OutboxStore(session)
        anns = await outbox.add(
            outgoing_for(ANN, [Reply(lines("hi"))], update_id=1, quote_message_id=None)
        )
        bobs = await outbox.add(
            outgoing_for(BOB, [Reply(lines("yo"))], update_id=2, quote_message_id=None)
        )
        for_ann = await delivery.claim_for_sender(outbox, ANN.chat_id, anns)
        for_bob = await delivery.claim_for_sender(outbox, BOB.chat_id, bobs)
    assert for_bob is None, "the sender is busy with Bob's chat: a round claims it later"
    if delivery.shared:  # other instances send too: every row goes through the rounds
        assert for_ann is None
        assert [item.id for item in await delivery.due()] == [*anns, *bobs]
        return
    assert for_ann is not None
    assert (for_ann.id, for_ann.status) == (anns[0], "sending")
    delivery.hand_over(for_ann)
    assert taker.taken == anns
    assert [item.id for item in await delivery.due()] == bobs
