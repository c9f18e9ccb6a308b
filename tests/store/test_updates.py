"""Durable intake on both engines: stored once per update_id, handled once, in founder order."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.delivery import Delivery, RetryLater, current_unit
from bot.store.db import Database
from bot.store.updates import FounderKey, UpdateStore, key_of, lock_founder, try_lock_founder


def _message(
    update_id: int, chat: int, user: int, text: str, thread: int | None = None
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id,
        "date": 0,
        "chat": {"id": chat, "type": "private" if chat == user else "supergroup"},
        "from": {"id": user, "is_bot": False, "first_name": "F"},
        "text": text,
    }
    if thread is not None:
        message.update(is_topic_message=True, message_thread_id=thread)
    return {"update_id": update_id, "message": message}


def test_the_founder_of_a_message_a_press_and_a_topic() -> None:
    assert key_of(_message(1, 5, 5, "hi")) == FounderKey(5, 5, 0)
    assert key_of(_message(2, -100, 7, "hi", thread=42)) == FounderKey(-100, 7, 42)
    press = {
        "update_id": 3,
        "callback_query": {
            "id": "q",
            "from": {"id": 7},
            "message": {"chat": {"id": -100}, "is_topic_message": True, "message_thread_id": 9},
        },
    }
    assert key_of(press) == FounderKey(-100, 7, 9)
    assert key_of({"update_id": 4, "poll": {}}) == FounderKey(0, 0, 0)


async def test_a_redelivered_update_is_stored_once(db: Database) -> None:
    delivery = Delivery(db)
    assert await delivery.store(10, _message(10, 5, 5, "one")) == FounderKey(5, 5, 0)
    assert await delivery.store(10, _message(10, 5, 5, "one")) is None
    async with db.sessions() as session:
        assert await UpdateStore(session).pending_keys() == [FounderKey(5, 5, 0)]


async def test_updates_come_back_oldest_first_and_are_marked_handled_once(db: Database) -> None:
    delivery = Delivery(db)
    for update_id in (12, 11, 13):
        await delivery.store(update_id, _message(update_id, 5, 5, f"m{update_id}"))
    seen: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        seen.append(payload["message"]["text"])

    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=2) == 2
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=2) == 1
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=2) == 0
    assert seen == ["m11", "m12", "m13"]
    async with db.sessions.begin() as session:
        assert await UpdateStore(session).is_handled(11)
        assert not await UpdateStore(session).mark_handled(11)  # a second handling changes nothing


async def test_an_update_that_must_wait_for_the_database_stays_stored(db: Database) -> None:
    delivery = Delivery(db)
    await delivery.store(20, _message(20, 5, 5, "later"))

    async def process(payload: dict[str, Any]) -> None:
        unit = current_unit()
        assert unit is not None
        assert unit.update_id == 20
        unit.retry = True

    with pytest.raises(RetryLater):
        await delivery.handle_founder(FounderKey(5, 5), process, batch=4)
    assert await delivery.pending_keys() == [FounderKey(5, 5)]


def _reads_of_updates(db: Database) -> list[str]:
    """Returns (and keeps filling) the statements that read stored updates back."""
    reads: list[str] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "updates.payload" in statement:
            reads.append(statement)

    return reads


async def test_an_update_stored_here_is_handed_over_without_reading_it_back(db: Database) -> None:
    delivery = Delivery(db)
    seen: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        seen.append(payload["message"]["text"])

    await delivery.store(50, _message(50, 5, 5, "first"))
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=4) == 1
    reads = _reads_of_updates(db)
    for update_id in (52, 51):  # out of order, as concurrent webhook calls may bring them
        await delivery.store(update_id, _message(update_id, 5, 5, f"m{update_id}"))
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=4) == 2
    assert seen == ["first", "m51", "m52"]
    assert await delivery.pending_keys() == []
    assert bool(reads) == delivery.shared  # SQLite: taken from memory (one instance stores)


async def test_updates_stored_before_a_restart_are_handled_first(db: Database) -> None:
    await Delivery(db).store(30, _message(30, 5, 5, "before"))  # the process then died
    delivery = Delivery(db)
    await delivery.store(31, _message(31, 5, 5, "after"))
    seen: list[str] = []

    async def process(payload: dict[str, Any]) -> None:
        seen.append(payload["message"]["text"])

    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=4) == 2
    await delivery.store(32, _message(32, 5, 5, "later"))
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=4) == 1
    assert seen == ["before", "after", "later"]


async def test_an_update_that_waited_is_handed_over_again_before_the_next(db: Database) -> None:
    delivery = Delivery(db)
    await delivery.handle_founder(FounderKey(9, 9), _ignore, batch=4)  # the start's look
    for update_id in (40, 41):
        await delivery.store(update_id, _message(update_id, 5, 5, f"m{update_id}"))
    seen: list[str] = []

    async def fail_first(payload: dict[str, Any]) -> None:
        unit = current_unit()
        assert unit is not None
        unit.retry = True

    async def process(payload: dict[str, Any]) -> None:
        seen.append(payload["message"]["text"])

    with pytest.raises(RetryLater):
        await delivery.handle_founder(FounderKey(5, 5), fail_first, batch=4)
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=4) == 2
    assert seen == ["m40", "m41"]


async def _ignore(payload: dict[str, Any]) -> None:
    """Handles an update by doing nothing."""


@pytest.mark.postgres
async def test_one_founder_is_held_by_one_transaction_at_a_time(postgres_url: str) -> None:
    first, second = await Database.connect(postgres_url), await Database.connect(postgres_url)
    try:
        await first.upgrade()
        key, other = FounderKey(5, 5), FounderKey(6, 6)
        async with first.engine.connect() as one, one.begin():
            assert await try_lock_founder(one, key)
            async with second.engine.connect() as two, two.begin():
                assert not await try_lock_founder(two, key)
                assert await try_lock_founder(two, other)  # other founders are not held up
        async with second.engine.connect() as two, two.begin():
            assert await try_lock_founder(two, key)  # released with the transaction
    finally:
        await first.dispose()
        await second.dispose()


@pytest.mark.postgres
async def test_a_founder_held_by_another_instance_is_waited_for_briefly(postgres_url: str) -> None:
    first, second = await Database.connect(postgres_url), await Database.connect(postgres_url)
    try:
        await first.upgrade()
        key = FounderKey(5, 5)
        async with first.engine.connect() as one, one.begin():
            assert await try_lock_founder(one, key)
            async with second.engine.connect() as two, two.begin():
                started = time.monotonic()
                assert not await lock_founder(two, key, wait_ms=100)
                assert time.monotonic() - started >= 0.09, "it waited before giving up"
                assert await two.scalar(text("SELECT 1")) == 1, "the transaction is usable"

        async def hold_a_while() -> None:
            async with first.engine.connect() as one, one.begin():
                assert await try_lock_founder(one, key)
                held.set()
                await asyncio.sleep(0.3)

        held = asyncio.Event()
        holder = asyncio.create_task(hold_a_while())
        await held.wait()
        async with second.engine.connect() as two, two.begin():
            started = time.monotonic()
            assert await lock_founder(two, key, wait_ms=5000), "taken once the other commits"
            assert 0.1 < time.monotonic() - started < 4.0
        await holder
    finally:
        await first.dispose()
        await second.dispose()


@pytest.mark.postgres
async def test_two_instances_handle_each_founder_in_order_and_each_update_once(
    postgres_url: str,
) -> None:
    databases = [await Database.connect(postgres_url) for _ in range(2)]
    try:
        await databases[0].upgrade()
        instances = [Delivery(db) for db in databases]
        founders = [FounderKey(100 + n, 100 + n) for n in range(4)]
        update_id = 0
        for round_ in range(6):
            for founder in founders:
                update_id += 1
                payload = _message(update_id, founder.chat_id, founder.user_id, f"{round_}")
                await instances[update_id % 2].store(update_id, payload)
        handled: dict[int, list[int]] = {f.chat_id: [] for f in founders}
        running: dict[int, int] = {f.chat_id: 0 for f in founders}

        def processor(name: int) -> Any:
            async def process(payload: dict[str, Any]) -> None:
                chat = payload["message"]["chat"]["id"]
                running[chat] += 1
                assert running[chat] == 1, "two instances handled one founder at once"
                await asyncio.sleep(0.01)
                handled[chat].append(payload["update_id"])
                running[chat] -= 1

            return process

        async def work(instance: Delivery, name: int) -> None:
            for _ in range(200):
                keys = await instance.pending_keys()
                if not keys:
                    return
                await asyncio.gather(
                    *(instance.handle_founder(k, processor(name), batch=2) for k in keys)
                )

        await asyncio.gather(work(instances[0], 0), work(instances[1], 1))
        for founder in founders:
            ids = handled[founder.chat_id]
            assert ids == sorted(ids), "a founder's updates were handled out of order"
            assert len(ids) == len(set(ids)) == 6, "an update was lost or handled twice"
    finally:
        for db in databases:
            await db.dispose()


async def test_the_dispatchers_scan_reads_the_store_only_when_memory_is_not_enough(
    db: Database,
) -> None:
    delivery = Delivery(db)
    scans: list[str] = []

    @event.listens_for(db.engine.sync_engine, "before_cursor_execute")
    def _seen(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if "GROUP BY" in statement.upper() and "updates" in statement:
            scans.append(statement)

    async def process(payload: dict[str, Any]) -> None:
        return None

    await delivery.store(60, _message(60, 5, 5, "hallo"))
    assert await delivery.handle_founder(FounderKey(5, 5), process, batch=4) == 1  # the look
    looked = len(scans)
    await delivery.store(61, _message(61, 6, 6, "hola"))
    assert await delivery.pending_keys() == [FounderKey(6, 6)]
    assert await delivery.handle_founder(FounderKey(6, 6), process, batch=4) == 1
    assert await delivery.pending_keys() == []
    assert (len(scans) > looked) == delivery.shared, "SQLite: answered from memory"

    async def fails(payload: dict[str, Any]) -> None:
        unit = current_unit()
        assert unit is not None
        unit.retry = True

    await delivery.store(62, _message(62, 7, 7, "bonjour"))
    with pytest.raises(RetryLater):
        await delivery.handle_founder(FounderKey(7, 7), fails, batch=4)
    before = len(scans)
    assert await delivery.pending_keys() == [FounderKey(7, 7)], "a failed one is in the store"
    assert len(scans) == before + 1
