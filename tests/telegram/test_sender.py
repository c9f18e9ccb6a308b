"""What a failed send means, read from the exceptions PTB really raises against each fault.

The Bot API stand-in (tests/e2e/botapi.py) fails calls on purpose; PTB's own Bot makes them, so
the classification is tested on the exception chain the running bot meets, not on hand-made
exceptions.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import pytest
from telegram import Bot
from telegram.request import HTTPXRequest

from bot.core.markup import Reply, lines
from bot.delivery import Delivery, outgoing_for
from bot.outbox_json import buttons_from_json
from bot.store.db import Database
from bot.store.models import utcnow
from bot.store.outbox import CLAIMED, PENDING, SENDING, SENT, UNKNOWN, OutboxStore
from bot.store.updates import FounderKey
from bot.telegram import sender as sender_module
from bot.telegram.sender import Sender, Verdict, backoff, classify
from tests.e2e.botapi import BotApiServer, Fault

TOKEN = "123456:TEST"


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    api = BotApiServer(TOKEN)
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    client = Bot(TOKEN, base_url=server.base_url, request=HTTPXRequest(read_timeout=0.5))
    async with client:
        yield client


async def _verdict_of(bot: Bot, chat_id: int) -> tuple[Verdict, float | None]:
    with pytest.raises(Exception) as raised:  # noqa: PT011 - any failure; classify decides
        await bot.send_message(chat_id, "hello")
    outcome = classify(raised.value)
    return outcome.verdict, outcome.retry_after


@pytest.mark.parametrize(
    ("fault", "verdict"),
    [
        (Fault.HTTP_500, Verdict.RETRY),  # Telegram answered: it did nothing
        (Fault.HTTP_502, Verdict.RETRY),
        (Fault.TOO_MANY, Verdict.RETRY),
        (Fault.GARBAGE, Verdict.RETRY),  # not Telegram's JSON: a proxy answered
        (Fault.TIMEOUT, Verdict.UNKNOWN),  # went out, no answer: may have arrived
        (Fault.DROP, Verdict.UNKNOWN),  # looks exactly like a lost response from here
        (Fault.LOST_RESPONSE, Verdict.UNKNOWN),
    ],
)
async def test_each_fault_is_retried_only_when_it_cannot_have_arrived(
    server: BotApiServer, bot: Bot, fault: Fault, verdict: Verdict
) -> None:
    ann = server.user("Ann")
    server.inject("sendMessage", fault, chat_id=ann.id, retry_after=3)
    got, retry_after = await _verdict_of(bot, ann.id)
    assert got is verdict
    if fault is Fault.TOO_MANY:
        assert retry_after == 3


async def test_a_refusal_is_final(server: BotApiServer, bot: Bot) -> None:
    ann = server.user("Ann")
    server.fail("sendMessage", 400, "Bad Request: chat not found", times=1)
    assert (await _verdict_of(bot, ann.id))[0] is Verdict.FAILED
    server.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=1)
    assert (await _verdict_of(bot, ann.id))[0] is Verdict.FAILED


async def test_a_server_that_is_not_listening_is_retried() -> None:
    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot")
    with pytest.raises(Exception) as raised:  # noqa: PT011
        await client.send_message(1, "hello")
    assert classify(raised.value).verdict is Verdict.RETRY


def test_backoff_grows_to_a_cap_and_honours_retry_after() -> None:
    waits = [backoff(n, None) for n in range(1, 12)]
    assert waits[0] < 1.0
    assert max(waits) <= 30 * 1.2
    assert waits[-1] >= 30 * 0.8
    assert backoff(5, 7.0) == pytest.approx(7.2)


class _StoreFailsOnce(Delivery):
    """A real outbox whose first "going out now" mark fails (the database hiccups); the send
    budget is never there at the claim, so every row is marked going out on its own."""

    failed_once = False

    async def _budget_now(self, chat_id: int) -> bool:
        return False

    async def sending(self, item_id: int) -> bool:
        if not self.failed_once:
            self.failed_once = True
            raise OSError("disk I/O error")
        return await super().sending(item_id)


async def test_a_claim_the_store_failed_to_mark_is_sent_once_later(
    server: BotApiServer, bot: Bot, db: Database
) -> None:
    ann = server.user("Ann")
    key = FounderKey(ann.id, ann.id)
    async with db.sessions.begin() as session:
        await OutboxStore(session).add(
            outgoing_for(key, [Reply(lines("hello Ann"))], update_id=1, quote_message_id=None)
        )
    outbox = _StoreFailsOnce(db)

    async def no_chart(_chart: dict[str, object]) -> bytes:
        raise AssertionError("no chart here")

    sender = Sender(bot, outbox, draw=no_chart, buttons_from=buttons_from_json)
    sender.start()
    try:
        got = await server.replies(ann, within=10.0, settle=1.5)
    finally:
        await sender.stop(within=2.0)
    assert outbox.failed_once
    assert [s.text for s in got] == ["hello Ann"], "sent after the failure, and once"
    async with db.sessions() as session:
        assert await OutboxStore(session).counts() == {SENT: 1}


class _CountsMarks(Delivery):
    """A real outbox counting the "going out now" marks made on their own."""

    marks = 0

    async def sending(self, item_id: int) -> bool:
        self.marks += 1
        return await super().sending(item_id)


@pytest.mark.parametrize("rate_limited", [True, False], ids=["limiter on", "limiter off"])
async def test_a_row_whose_budget_is_there_goes_out_claimed_as_sending(
    server: BotApiServer, bot: Bot, db: Database, rate_limited: bool
) -> None:
    ann = server.user("Ann")
    key = FounderKey(ann.id, ann.id)
    async with db.sessions.begin() as session:
        await OutboxStore(session).add(
            outgoing_for(
                key, [Reply(lines("one")), Reply(lines("two"))], update_id=1, quote_message_id=None
            )
        )
    outbox = _CountsMarks(db, rate_limited=rate_limited)
    claimed, _ = await outbox.sender_round([], busy=set(), limit=5, draw=0)
    if outbox.shared and rate_limited:
        # PostgreSQL's budget is shared through the database: each row waits for it claimed
        assert [item.id for item in claimed] == [1]
        assert await outbox.counts() == {CLAIMED: 1, PENDING: 1}
        return
    assert [item.status for item in claimed] == [SENDING], "one head per chat, going out"
    assert await outbox.counts() == {SENDING: 1, PENDING: 1}

    async def no_chart(_chart: dict[str, object]) -> bytes:
        raise AssertionError("no chart here")

    sender = Sender(bot, outbox, draw=no_chart, buttons_from=buttons_from_json)
    async with db.sessions.begin() as session:  # the stand-in's sender starts from scratch
        await OutboxStore(session).abandon_stale_claims(utcnow() + timedelta(seconds=1))
    sender.start()
    try:
        got = await server.replies(ann, within=10.0, settle=1.5)
    finally:
        await sender.stop(within=2.0)
    assert [s.text for s in got] == ["two"], "the first was cut off by the 'crash' above"
    assert outbox.marks == 0, "no transaction of its own to mark a row going out"
    assert await outbox.counts() == {UNKNOWN: 1, SENT: 1}


class _CountsRoundClaims(Delivery):
    """A real outbox counting the rows its sender rounds claimed."""

    round_claims = 0

    async def sender_round(self, *args: Any, **kwargs: Any) -> tuple[list[Any], list[Any]]:
        claimed, undrawn = await super().sender_round(*args, **kwargs)
        self.round_claims += len(claimed)
        return claimed, undrawn


async def _write_taken(
    outbox: Delivery, key: FounderKey, text: str, update_id: int, *, alone: bool = False
) -> Any:
    """Writes an answer as a dialog step does, the sender taking its row in the same commit."""
    async with outbox.writing() as session:
        store = OutboxStore(session)
        ids = await store.add(
            outgoing_for(key, [Reply(lines(text))], update_id=update_id, quote_message_id=None)
        )
        taken = await outbox.claim_for_sender(store, key.chat_id, ids)
    if taken is not None:
        outbox.hand_over(taken, alone=alone)
    return taken


async def test_the_sender_sends_a_row_taken_in_its_steps_commit_without_a_round_claim(
    server: BotApiServer, bot: Bot, db: Database
) -> None:
    ann = server.user("Ann")
    key = FounderKey(ann.id, ann.id)
    outbox = _CountsRoundClaims(db, rate_limited=False)

    async def no_chart(_chart: dict[str, object]) -> bytes:
        raise AssertionError("no chart here")

    sender = Sender(bot, outbox, draw=no_chart, buttons_from=buttons_from_json)
    assert await _write_taken(outbox, key, "too early", 1) is None, "not before recover()"
    sender.start()
    try:
        await server.replies(ann, within=10.0, settle=0.5)  # the first goes through a round
        claims_before = outbox.round_claims
        taken = await _write_taken(outbox, key, "taken", 2)
        got = await server.replies(ann, since=1, within=10.0, settle=1.0)
    finally:
        await sender.stop(within=2.0)
    if outbox.shared:  # PostgreSQL: every instance's rounds claim, none takes
        assert taken is None
        assert [s.text for s in got] == ["taken"]
        return
    assert taken is not None
    assert [s.text for s in got] == ["taken"], "sent once"
    assert outbox.round_claims == claims_before, "no round claimed it"
    assert await outbox.counts() == {SENT: 2}


async def test_a_row_taken_for_a_chat_gone_busy_goes_back_to_pending(
    bot: Bot, db: Database
) -> None:
    key = FounderKey(7, 7)
    outbox = Delivery(db, rate_limited=False)

    async def no_chart(_chart: dict[str, object]) -> bytes:
        raise AssertionError("no chart here")

    sender = Sender(bot, outbox, draw=no_chart, buttons_from=buttons_from_json)
    sender._recovered = True  # as after the start's recover(), without the sending loop
    async with outbox.writing() as session:
        store = OutboxStore(session)
        ids = await store.add(
            outgoing_for(key, [Reply(lines("hi"))], update_id=1, quote_message_id=None)
        )
        taken = await outbox.claim_for_sender(store, key.chat_id, ids)
    if outbox.shared:
        assert taken is None
        return
    assert taken is not None
    sender._stopping = True  # stopped between the commit and the hand-over
    outbox.hand_over(taken)
    await asyncio.gather(*sender._putting_back)
    assert await outbox.counts() == {PENDING: 1}, "never went out: sent by a later round"


class _CountsRoundMarks(Delivery):
    """A real outbox keeping the rows its sender rounds recorded as sent."""

    recorded_by_rounds: list[int]

    async def sender_round(
        self, sent: Any, *args: Any, **kwargs: Any
    ) -> tuple[list[Any], list[Any]]:
        self.recorded_by_rounds.extend(row for row, _ in sent)
        return await super().sender_round(sent, *args, **kwargs)


def _update(update_id: int, user_id: int) -> dict[str, Any]:
    """Returns a founder's text message as Telegram sends it."""
    founder = {"id": user_id, "is_bot": False, "first_name": "Ann"}
    chat = {"id": user_id, "type": "private"}
    message = {"message_id": update_id, "date": 0, "chat": chat, "from": founder, "text": "hi"}
    return {"update_id": update_id, "message": message}


async def test_a_lone_answers_sent_mark_rides_with_the_next_updates_store(
    server: BotApiServer, bot: Bot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sender_module, "_POLL_SECONDS", 30.0)  # no idle round records it
    monkeypatch.setattr(sender_module, "_RECORD_QUIET_SECONDS", 30.0)
    ann = server.user("Ann")
    key = FounderKey(ann.id, ann.id)
    outbox = _CountsRoundMarks(db, rate_limited=False)
    outbox.recorded_by_rounds = []

    async def no_chart(_chart: dict[str, object]) -> bytes:
        raise AssertionError("no chart here")

    sender = Sender(bot, outbox, draw=no_chart, buttons_from=buttons_from_json)
    sender.start()
    try:
        while not sender.can_take(ann.id) and not outbox.shared:  # noqa: ASYNC110 - recover()
            await asyncio.sleep(0.01)
        taken = await _write_taken(outbox, key, "the whole answer", 1, alone=True)
        if taken is None:
            outbox.notify(ann.id)  # PostgreSQL: a round sends it
        got = await server.replies(ann, within=10.0, settle=0.3)
        await outbox.store(2, _update(2, ann.id))  # the founder's next message
        counts = await outbox.counts()
    finally:
        await sender.stop(within=2.0)
    assert [s.text for s in got] == ["the whole answer"]
    if outbox.shared:
        assert taken is None
        return
    assert counts == {SENT: 1}, "recorded in the intake's transaction"
    assert outbox.recorded_by_rounds == [], "no round of its own"
    assert sender.can_take(ann.id) or sender._stopping, "the chat is free again"
