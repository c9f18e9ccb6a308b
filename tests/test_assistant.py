"""The application layer on a real database: sessions that never lose a write, and instances
that follow each other's knowledge-base changes (webhook mode, several instances, one database)."""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from bot.assistant import SYNC_OVERLAP, Assistant
from bot.config import load_settings
from bot.core.types import Command, ReplyContext, SessionKey, Supplier, Text
from bot.knowledge_files import load_taxonomy
from bot.seeding import ensure_seeded
from bot.store.db import Database
from bot.store.models import SupplierRow
from bot.store.sessions import SessionStore
from bot.store.suppliers import Snapshot, SupplierStore

REPO = Path(__file__).resolve().parents[1]
ADMIN = 1001
NEW_SUPPLIER = """/addsupplier
name: Kartonage Klein
website: https://kartonage-klein.example
country: DE
categories: packaging-mailers
keywords: kraft; corrugated; mailer box
moq: 50
small_series: yes
source: https://kartonage-klein.example/terms"""


async def _instance(db: Database, db_url: str, *, kb_check_seconds: float) -> Assistant:
    settings = load_settings({"DATABASE_URL": db_url, "ADMIN_IDS": str(ADMIN)})
    await ensure_seeded(db, REPO / "knowledge")
    async with db.sessions() as session:
        store = SupplierStore(session)
        suppliers, watermark = await store.all(), await store.watermark()
    return Assistant(
        settings,
        db,
        load_taxonomy(REPO / "knowledge"),
        suppliers,
        kb_check_seconds=kb_check_seconds,
        kb_watermark=watermark,
    )


def _instance_at(db: Database, db_url: str, snapshot: Snapshot) -> Assistant:
    """Returns an instance started from `snapshot`, checking for changes at every turn."""
    settings = load_settings({"DATABASE_URL": db_url, "ADMIN_IDS": str(ADMIN)})
    return Assistant(
        settings,
        db,
        load_taxonomy(REPO / "knowledge"),
        snapshot.suppliers,
        kb_check_seconds=0,
        kb_watermark=snapshot.watermark,
        kb_applied=snapshot.stamps,
    )


async def test_a_second_instance_finds_a_supplier_an_admin_added_through_the_first(
    db: Database, db_url: str
) -> None:
    first = await _instance(db, db_url, kb_check_seconds=3600)
    second = await _instance(db, db_url, kb_check_seconds=0)
    assert first.admin_service is not None

    await first.admin_service.execute(
        ADMIN, Command("addsupplier", NEW_SUPPLIER.split("\n", 1)[1])
    )
    assert any(s.name == "Kartonage Klein" for s in first.index.suppliers)
    assert not any(s.name == "Kartonage Klein" for s in second.index.suppliers)

    await second.handle(SessionKey(7, 7), Command("start"), ReplyContext())
    await second.index_synced()  # the turn did not wait for it

    assert any(s.name == "Kartonage Klein" for s in second.index.suppliers)


async def test_another_instances_delete_and_restore_are_applied_in_place(
    db: Database, db_url: str
) -> None:
    first = await _instance(db, db_url, kb_check_seconds=3600)
    second = await _instance(db, db_url, kb_check_seconds=0)
    assert first.admin_service is not None
    index = second.index
    target = index.search("mailer boxes").hits[0].supplier
    founder = SessionKey(8, 8)

    await first.admin_service.execute(ADMIN, Command("delsupplier", str(target.id)))
    await second.handle(founder, Command("start"), ReplyContext())
    await second.index_synced()
    assert second.index is index  # changed in place, not rebuilt
    assert index.get(target.id or 0) is None

    await first.admin_service.execute(ADMIN, Command("restoresupplier", str(target.id)))
    await second.handle(founder, Command("start"), ReplyContext())
    await second.index_synced()
    assert index.get(target.id or 0) == target


async def test_concurrent_updates_for_one_founder_are_all_saved(db: Database, db_url: str) -> None:
    assistant = await _instance(db, db_url, kb_check_seconds=3600)
    key = SessionKey(chat_id=-100, user_id=5)
    await assistant.handle(key, Command("start"), ReplyContext(in_group=True))
    async with db.sessions() as session:
        stored = await SessionStore(session).load(key)
    assert stored is not None

    messages = ["mailer boxes", "300 a month", "budget 1500 eur", "germany", "/skip", "idea"]
    replies = await asyncio.gather(
        *(assistant.handle(key, Text(m), ReplyContext(in_group=True)) for m in messages)
    )

    assert all(replies), "every update got an answer"
    async with db.sessions() as session:
        after = await SessionStore(session).load(key)
    assert after is not None
    # Each update re-ran on a lost race instead of overwriting: one saved version per update.
    assert after.version == stored.version + len(messages)


async def test_continue_in_private_carries_the_founders_own_group_conversation_over(
    db: Database, db_url: str
) -> None:
    assistant = await _instance(db, db_url, kb_check_seconds=3600)
    group = ReplyContext(in_group=True, bot_username="smallbatch_bot")
    ann_in_group = SessionKey(chat_id=-1001234, user_id=5, thread_id=77)
    classic = (
        "about 300 custom printed mailer boxes a month, budget €1.5k, shipping to Germany, "
        "we already sell"
    )

    replies = await assistant.handle(ann_in_group, Text(classic), group)

    links = [b.url for r in replies for row in r.buttons for b in row if b.url]
    assert links == ["https://t.me/smallbatch_bot?start=g-1001234_77"]
    payload = links[0].split("?start=", 1)[1]
    assert len(payload) <= 64

    private = await assistant.handle(SessionKey(5, 5), Command("start", payload), ReplyContext())
    text = "\n".join(r.text_plain() for r in private)
    assert "Pakible" in text  # the full answer, leads included, without asking again
    assert "What are you making" not in text

    # Someone else pressing the same link gets their own fresh conversation, not Ann's.
    other = await assistant.handle(SessionKey(6, 6), Command("start", payload), ReplyContext())
    other_text = "\n".join(r.text_plain() for r in other)
    assert "Pakible" not in other_text
    assert "What are you making" in other_text


async def test_rates_an_admin_loads_reach_the_published_prices_of_every_instance(
    db: Database, db_url: str
) -> None:
    first = await _instance(db, db_url, kb_check_seconds=3600)
    second = await _instance(db, db_url, kb_check_seconds=0)
    rates = b"Date, USD, \n02 March 2026, 1.2500, \n"
    await first.quote_service.load_rates(ADMIN, "eurofxref.csv", rates)
    founder = SessionKey(9, 9)
    await second.handle(founder, Command("start"), ReplyContext())
    await second.index_synced()  # the rates follow with the knowledge base's changes

    need = "screen printing on 200 t-shirts a month, budget €800 a month, launching, ships to DE"
    replies = await second.handle(founder, Text(need), ReplyContext())
    text = "\n".join(r.text_plain() for r in replies)
    assert "Grand Palace's published price list" in text
    assert "converted at 1 USD = 0.8000 EUR (ECB, 2 March 2026)" in text


async def test_an_instance_started_after_a_large_change_does_not_read_it_again(
    db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # every seeded supplier is stamped within moments of the latest change: without the
    # snapshot's stamps the first sync would read all of them again (100,000 at scale)
    await ensure_seeded(db, REPO / "knowledge")
    async with db.readers() as session:
        snapshot = await SupplierStore(session).snapshot(SYNC_OVERLAP)
    assert snapshot.watermark is not None
    assert len(snapshot.stamps) >= len(snapshot.suppliers) > 0
    second = _instance_at(db, db_url, snapshot)
    first = await _instance(db, db_url, kb_check_seconds=3600)
    assert first.admin_service is not None
    read: list[int] = []
    load = SupplierStore.load

    async def counted(store: SupplierStore, ids: Sequence[int]) -> list[Supplier]:
        read.extend(ids)
        return await load(store, ids)

    monkeypatch.setattr(SupplierStore, "load", counted)
    await first.admin_service.execute(
        ADMIN, Command("addsupplier", NEW_SUPPLIER.split("\n", 1)[1])
    )
    read.clear()  # the admin's own instance read its change
    await second.handle(SessionKey(9, 9), Command("start"), ReplyContext())
    await second.index_synced()

    added = [s for s in second.index.suppliers if s.name == "Kartonage Klein"]
    assert len(added) == 1
    assert read == [added[0].id]  # the new supplier alone, not the whole seeded base


async def test_a_sync_after_an_admins_own_edit_does_not_read_the_base_again(
    db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the base was there an hour before the edit: once a sync has seen the edit (applied by
    # id already), the next syncs read only what changed near it, not every older stamp again
    await ensure_seeded(db, REPO / "knowledge")
    async with db.sessions.begin() as session:
        earlier = datetime.now(UTC) - timedelta(hours=1)
        await session.execute(update(SupplierRow).values(created_at=earlier, updated_at=earlier))
    async with db.readers() as session:
        snapshot = await SupplierStore(session).snapshot(SYNC_OVERLAP)
    instance = _instance_at(db, db_url, snapshot)
    assert instance.admin_service is not None
    await instance.admin_service.execute(
        ADMIN, Command("addsupplier", NEW_SUPPLIER.split("\n", 1)[1])
    )
    read: list[int] = []
    changed_since = SupplierStore.changed_since

    async def counted(
        store: SupplierStore, since: datetime | None, ids: Sequence[int] | None = None
    ) -> list[tuple[int, bool, datetime]]:
        found = await changed_since(store, since, ids)
        read.append(len(found))
        return found

    monkeypatch.setattr(SupplierStore, "changed_since", counted)
    founder = SessionKey(11, 11)
    for text in ("/start", "/start"):
        await instance.handle(founder, Command(text[1:]), ReplyContext())
        await instance.index_synced()

    assert read[0] > len(snapshot.suppliers) / 2  # the first sync: the base's stamps
    assert read[1:] == [1]  # then the edit alone
    assert sum(s.name == "Kartonage Klein" for s in instance.index.suppliers) == 1


def _new_suppliers(count: int) -> list[Supplier]:
    return [
        Supplier(
            name=f"Slice Test {n}",
            categories=("packaging-mailers",),
            website=f"https://slice-{n}.example",
            source="https://slice.example/terms",
        )
        for n in range(count)
    ]


async def _synced_instance_with_changes(db: Database, db_url: str, count: int) -> Assistant:
    """Returns an instance started before `count` suppliers were added by another."""
    await ensure_seeded(db, REPO / "knowledge")
    async with db.readers() as session:
        snapshot = await SupplierStore(session).snapshot(SYNC_OVERLAP)
    instance = _instance_at(db, db_url, snapshot)
    async with db.sessions.begin() as session:
        await SupplierStore(session).upsert_many(_new_suppliers(count))
    return instance


async def _held_turn(
    instance: Assistant, monkeypatch: pytest.MonkeyPatch
) -> tuple[asyncio.Task[object], asyncio.Event]:
    """Starts a founder's turn (it starts the sync) that waits for its session until the
    event is set: a turn in flight on a database round trip."""
    release = asyncio.Event()
    load = SessionStore.load

    async def held(store: SessionStore, key: SessionKey, *, for_update: bool = False) -> object:
        await release.wait()
        return await load(store, key, for_update=for_update)

    monkeypatch.setattr(SessionStore, "load", held)
    turn = asyncio.create_task(
        instance.handle(SessionKey(12, 12), Command("start"), ReplyContext())
    )
    return turn, release


async def _until_grown(instance: Assistant, size: int) -> None:
    for _ in range(1000):  # at most 10 s: the sync's reads come first
        if len(instance.index) > size:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the sync applied nothing")


async def test_a_sync_applies_its_slices_between_founders_turns_not_during_them(
    db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = await _synced_instance_with_changes(db, db_url, 8)
    monkeypatch.setattr("bot.assistant._APPLY_SLICE_SECONDS", 0.0)  # a slice per supplier
    monkeypatch.setattr("bot.assistant._YIELD_TO_TURNS_SECONDS", 30.0)
    before = len(instance.index)
    turn, release = await _held_turn(instance, monkeypatch)

    await asyncio.sleep(0.3)  # the sync has read the rows; the turn still waits for its session
    assert len(instance.index) == before  # not even a first slice while the turn is in flight

    release.set()
    await turn
    await asyncio.wait_for(instance.index_synced(), timeout=10)
    assert len(instance.index) == before + 8


async def test_a_sync_still_moves_while_turns_never_pause(
    db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = await _synced_instance_with_changes(db, db_url, 8)
    monkeypatch.setattr("bot.assistant._APPLY_SLICE_SECONDS", 0.0)
    monkeypatch.setattr("bot.assistant._YIELD_TO_TURNS_SECONDS", 0.01)
    before = len(instance.index)
    turn, release = await _held_turn(instance, monkeypatch)

    await _until_grown(instance, before)
    await asyncio.wait_for(instance.index_synced(), timeout=10)
    assert len(instance.index) == before + 8  # the turn is still in flight
    assert not turn.done()

    release.set()
    await turn


async def test_an_admins_own_change_is_searchable_without_waiting_for_founders_turns(
    db: Database, db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    instance = await _instance(db, db_url, kb_check_seconds=3600)
    assert instance.admin_service is not None
    monkeypatch.setattr("bot.assistant._YIELD_TO_TURNS_SECONDS", 30.0)
    turn, release = await _held_turn(instance, monkeypatch)
    await asyncio.sleep(0.05)  # the turn is in flight

    added = instance.admin_service.execute(
        ADMIN, Command("addsupplier", NEW_SUPPLIER.split("\n", 1)[1])
    )
    await asyncio.wait_for(added, timeout=10)

    assert instance.index.search("Kartonage Klein").hits[0].supplier.name == "Kartonage Klein"
    assert not turn.done()
    release.set()
    await turn


async def test_the_collector_paused_for_start_up_is_back_on_once_the_index_is_built(
    db: Database, db_url: str
) -> None:
    # `smallbatch run` starts with the cyclic collector off (bot/cli/run.py); left off, every
    # cycle a turn makes would live until the process ends.
    gc.disable()
    try:
        assistant = await _instance(db, db_url, kb_check_seconds=60)
        assert gc.isenabled()
        await assistant.close()
    finally:
        gc.enable()
