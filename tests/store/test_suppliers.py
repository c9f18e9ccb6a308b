"""The supplier repository against real SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest

from bot.core.types import InputError, PriceTier, Status, Supplier
from bot.store.db import Database
from bot.store.suppliers import KbStats, SupplierStore


def make_supplier(name: str = "Northern Labels", **fields: object) -> Supplier:
    """Returns a complete supplier; tests override the fields they are about."""
    values: dict[str, Any] = {
        "name": name,
        "categories": ("labels", "stickers"),
        "website": "northern-labels.example",
        "email": "hello@northern-labels.example",
        "country": "DE",
        "region": "Europe",
        "keywords": ("digital print", "kraft"),
        "moq": 250,
        "moq_unit": "labels",
        "setup_fee": Decimal("35.00"),
        "below_moq_fee": Decimal("12.5"),
        "lead_time_days": 10,
        "currency": "EUR",
        "price_tiers": (PriceTier(250, Decimal("0.40")), PriceTier(1000, Decimal("0.215"))),
        "small_series": True,
        "status": Status.REVIEWED,
        "certifications": ("FSC",),
        "notes": "Line one.\nLine two with <b>html</b> & ampersand.",
        "source": "test fixture",
    }
    values.update(fields)
    return Supplier(**values)


async def test_add_then_get_returns_every_field_exactly(db: Database) -> None:
    original = make_supplier()
    async with db.sessions.begin() as session:
        added = await SupplierStore(session).add(original)
    assert added.id is not None
    async with db.sessions() as session:
        loaded = await SupplierStore(session).get(added.id)
    assert loaded == dataclasses.replace(original, id=added.id)
    assert loaded is not None
    assert str(loaded.price_tiers[0].unit_price) == "0.40"  # no float on the way
    assert str(loaded.setup_fee) == "35.00"


async def test_a_minimal_supplier_keeps_its_empty_fields_empty(db: Database) -> None:
    original = Supplier(name="Tiny", categories=("boxes",), source="s")
    async with db.sessions.begin() as session:
        added = await SupplierStore(session).add(original)
    async with db.sessions() as session:
        assert await SupplierStore(session).get(added.id or 0) == added


async def test_stores_never_commit_so_an_abandoned_session_writes_nothing(db: Database) -> None:
    async with db.sessions() as session:
        await SupplierStore(session).add(make_supplier())
        await session.rollback()
    async with db.sessions() as session:
        assert await SupplierStore(session).count() == 0


async def test_update_replaces_fields_categories_and_tiers(db: Database) -> None:
    async with db.sessions.begin() as session:
        added = await SupplierStore(session).add(make_supplier())
    changed = make_supplier(
        categories=("mailer-boxes",),
        price_tiers=(PriceTier(250, Decimal("0.39")), PriceTier(5000, Decimal("0.1"))),
        moq=None,
        notes=None,
    )
    async with db.sessions.begin() as session:
        await SupplierStore(session).update(added.id or 0, changed)
    async with db.sessions() as session:
        assert await SupplierStore(session).get(added.id or 0) == dataclasses.replace(
            changed, id=added.id
        )


async def test_update_of_an_unknown_supplier_is_an_input_error(db: Database) -> None:
    async with db.sessions.begin() as session:
        with pytest.raises(InputError, match="no supplier with id 999"):
            await SupplierStore(session).update(999, make_supplier())


async def test_delete_hides_a_supplier_and_restore_brings_it_back(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        kept = await store.add(make_supplier("Kept", website="kept.example"))
        gone = await store.add(make_supplier("Gone", website="gone.example"))
    async with db.sessions.begin() as session:
        deleted = await SupplierStore(session).delete(gone.id or 0)
    assert deleted.name == "Gone"
    async with db.sessions() as session:
        store = SupplierStore(session)
        assert [s.name for s in await store.all()] == ["Kept"]
        assert [s.name for s in await store.all(include_deleted=True)] == ["Kept", "Gone"]
        assert await store.get(gone.id or 0) is None
        assert await store.get(gone.id or 0, include_deleted=True) is not None
        assert await store.count() == 1
        assert await store.is_deleted(gone.id or 0)
        assert await store.find("Gone") == []
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        with pytest.raises(InputError):
            await store.delete(gone.id or 0)  # already deleted
        with pytest.raises(InputError, match="not deleted"):
            await store.restore(kept.id or 0)
        await store.restore(gone.id or 0)
    async with db.sessions() as session:
        assert await SupplierStore(session).count() == 2


async def test_find_tries_id_then_exact_name_then_contains(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        box = await store.add(make_supplier("Box Co", website="box.example"))
        await store.add(make_supplier("Box Company", website="boxcompany.example"))
        await store.add(make_supplier("100% Labels_Ltd", website="pct.example"))
    async with db.sessions() as session:
        store = SupplierStore(session)
        assert [s.name for s in await store.find(str(box.id))] == ["Box Co"]
        assert [s.name for s in await store.find("  box co ")] == ["Box Co"]
        assert [s.name for s in await store.find("box")] == ["Box Co", "Box Company"]
        assert [s.name for s in await store.find("0% l")] == ["100% Labels_Ltd"]
        assert await store.find("%") == [await store.get(3)]  # wildcards match literally
        assert await store.find("_") == [await store.get(3)]
        assert await store.find("nothing like it") == []
        assert await store.find("") == []
        assert await store.find("99999999999999999999") == []


async def test_upsert_updates_by_name_and_website_and_adds_the_rest(db: Database) -> None:
    async with db.sessions.begin() as session:
        await SupplierStore(session).add(
            make_supplier("Box Co", website="https://www.box.example/", moq=500)
        )
    incoming = [
        make_supplier("  BOX co", website="box.example", moq=100),  # same key: update
        make_supplier("Box Co", website="other.example"),  # other website: a new supplier
        make_supplier("Fresh", website=None),
    ]
    async with db.sessions.begin() as session:
        report = await SupplierStore(session).upsert_many(incoming)
    assert (report.added, report.updated, report.updated_names) == (2, 1, ("  BOX co",))
    async with db.sessions() as session:
        suppliers = await SupplierStore(session).all()
    assert [(s.id, s.website, s.moq) for s in suppliers] == [
        (1, "box.example", 100),
        (2, "other.example", 250),
        (3, None, 250),
    ]


async def test_upsert_brings_back_a_deleted_supplier(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        added = await store.add(make_supplier())
        await store.delete(added.id or 0)
    async with db.sessions.begin() as session:
        report = await SupplierStore(session).upsert_many([make_supplier(moq=7)])
    assert (report.added, report.updated) == (0, 1)
    async with db.sessions() as session:
        found = await SupplierStore(session).get(added.id or 0)
    assert found is not None
    assert found.moq == 7


async def test_upsert_in_a_failed_transaction_leaves_the_base_unchanged(db: Database) -> None:
    async with db.sessions.begin() as session:
        await SupplierStore(session).add(make_supplier("Before", website="before.example"))

    async def import_then_fail() -> None:
        async with db.sessions.begin() as session:
            await SupplierStore(session).upsert_many(
                [make_supplier("Before", website="before.example", moq=1), make_supplier("New")]
            )
            raise RuntimeError("a later step failed")

    with pytest.raises(RuntimeError):
        await import_then_fail()
    async with db.sessions() as session:
        suppliers = await SupplierStore(session).all()
    assert [(s.name, s.moq) for s in suppliers] == [("Before", 250)]


async def test_upsert_of_many_rows_reports_progress(db: Database) -> None:
    suppliers = [make_supplier(f"Supplier {n}", website=f"s{n}.example") for n in range(1200)]
    seen: list[int] = []
    async with db.sessions.begin() as session:
        report = await SupplierStore(session).upsert_many(suppliers, progress=seen.append)
    assert report.added == 1200
    assert seen == [500, 1000, 1200]
    async with db.sessions() as session:
        assert await SupplierStore(session).count() == 1200


async def test_a_mixed_bulk_import_updates_restores_and_adds_in_one_go(db: Database) -> None:
    old = [make_supplier(f"Supplier {n}", website=f"s{n}.example", moq=n) for n in range(700)]
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        await store.upsert_many(old)
        await store.delete(1)
    incoming = [
        make_supplier(f"Supplier {n}", website=f"s{n}.example", moq=n + (n % 2))
        for n in range(1400)
    ]
    seen: list[int] = []
    async with db.sessions.begin() as session:
        report = await SupplierStore(session).upsert_many(incoming, progress=seen.append)
    assert (report.added, report.updated) == (700, 700)
    assert seen == sorted(seen)
    assert seen[-1] == 1400
    async with db.sessions() as session:
        stored = await SupplierStore(session).all()
    assert [dataclasses.replace(s, id=None) for s in stored] == incoming
    assert [s.id for s in stored] == list(range(1, 1401))


async def test_stats_count_live_suppliers_only(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        await store.add(make_supplier("A", website="a.example", country="DE"))
        await store.add(
            make_supplier("B", website="b.example", country="GB", categories=("boxes",))
        )
        await store.add(
            make_supplier(
                "C",
                website="c.example",
                country=None,
                small_series=None,
                status=Status.UNCHECKED,  # from general knowledge: not counted as sourced
            )
        )
        gone = await store.add(
            make_supplier("D", website="d.example", country="US", categories=("tape",))
        )
        await store.delete(gone.id or 0)
    async with db.sessions() as session:
        stats = await SupplierStore(session).stats()
    assert stats == KbStats(suppliers=3, categories=3, countries=2, small_series=2, sourced=2)


async def test_add_and_update_refuse_a_second_supplier_with_the_same_name_and_website(
    db: Database,
) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        first = await store.add(make_supplier("Box Co", website="box.example"))
        other = await store.add(make_supplier("Tape Co", website="box.example"))
        with pytest.raises(InputError, match=f"supplier {first.id} already has this name"):
            await store.add(make_supplier("BOX CO", website="https://www.box.example/"))
        with pytest.raises(InputError, match=f"supplier {first.id} already has this name"):
            await store.update(other.id or 0, make_supplier("box co", website="box.example"))
        await store.update(first.id or 0, make_supplier("Box Co", website="box.example", moq=1))
    async with db.sessions() as session:
        assert await SupplierStore(session).count() == 2


async def test_two_concurrent_adds_of_one_supplier_leave_one_and_a_clear_error(
    db: Database,
) -> None:
    import asyncio

    async def add_once() -> object:
        try:
            async with db.sessions.begin() as session:
                added = await SupplierStore(session).add(make_supplier(name="Twin Boxes Ltd"))
                await asyncio.sleep(0.05)  # hold the transaction open so the two overlap
                return added
        except InputError as exc:
            return exc

    results = await asyncio.gather(add_once(), add_once())

    assert sum(isinstance(r, Supplier) for r in results) == 1
    errors = [r for r in results if isinstance(r, InputError)]
    assert len(errors) == 1
    assert errors[0].field == "name"
    async with db.sessions() as session:
        names = [s.name for s in await SupplierStore(session).all()]
    assert names.count("Twin Boxes Ltd") == 1


async def test_restore_refuses_when_a_live_twin_was_added_meanwhile(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        first = await store.add(make_supplier(name="Phoenix Print"))
        assert first.id is not None
        await store.delete(first.id)
        await store.add(make_supplier(name="Phoenix Print"))
    async with db.sessions.begin() as session:
        with pytest.raises(InputError, match="already has this name and website"):
            await SupplierStore(session).restore(first.id)


async def test_two_concurrent_imports_of_a_new_supplier_store_it_once_with_clear_outcomes(
    db: Database,
) -> None:
    import asyncio

    from bot.store.suppliers import UpsertReport

    async def import_once() -> object:
        try:
            async with db.sessions.begin() as session:
                report = await SupplierStore(session).upsert_many(
                    [make_supplier(name="Race Labels GmbH")]
                )
                await asyncio.sleep(0.05)  # overlap the two transactions
                return report
        except InputError as exc:
            return exc

    outcomes = await asyncio.gather(import_once(), import_once())

    # SQLite serialises the two (the second updates); PostgreSQL lets the second lose the race
    # on the unique index, which must surface as a clear InputError, never a raw database error.
    assert all(isinstance(o, UpsertReport | InputError) for o in outcomes), outcomes
    assert all(o.field == "import" for o in outcomes if isinstance(o, InputError))
    assert any(isinstance(o, UpsertReport) and o.added == 1 for o in outcomes)
    async with db.sessions() as session:
        names = [s.name for s in await SupplierStore(session).all()]
    assert names.count("Race Labels GmbH") == 1


async def test_loading_without_the_orm_gives_what_get_gives(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        full = await store.add(make_supplier())
        bare = await store.add(Supplier(name="Tiny", categories=("boxes",), source="s"))
        gone = await store.add(make_supplier("Gone Labels"))
        await store.delete(gone.id or 0)
    async with db.sessions() as session:
        store = SupplierStore(session)
        assert await store.all() == [full, bare]
        every = await store.all(include_deleted=True)
        assert [s.id for s in every] == [full.id, bare.id, gone.id]
        assert every[2] == await store.get(gone.id or 0, include_deleted=True)
        assert await store.load([bare.id or 0, full.id or 0, 999]) == [full, bare]


async def test_changes_since_a_time_name_every_add_edit_delete_and_restore(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        kept = await store.add(make_supplier("Kept"))
        edited = await store.add(make_supplier("Edited"))
        deleted = await store.add(make_supplier("Deleted"))
        restored = await store.add(make_supplier("Restored"))
        await store.delete(restored.id or 0)
    async with db.sessions() as session:
        mark = await SupplierStore(session).watermark()
    assert mark is not None
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        await store.update(edited.id or 0, make_supplier("Edited", moq=5))
        await store.delete(deleted.id or 0)
        await store.restore(restored.id or 0)
        added = await store.add(make_supplier("Added"))
    async with db.sessions() as session:
        store = SupplierStore(session)
        changes = await store.changed_since(mark)
        after = {i: deleted for i, deleted, stamp in changes if stamp > mark}
        everything = await store.changed_since(None)
        newest = await store.watermark()
    assert after == {edited.id: False, deleted.id: True, restored.id: False, added.id: False}
    assert kept.id not in after
    assert {i for i, _, _ in everything} == {kept.id, edited.id, deleted.id, restored.id, added.id}
    assert newest is not None
    assert newest >= max(stamp for _, _, stamp in changes)


async def test_a_supplier_added_after_a_bulk_import_gets_the_next_id(db: Database) -> None:
    bulk = [make_supplier(f"Bulk {n}", website=f"b{n}.example") for n in range(600)]
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        first = await store.add(make_supplier("First"))
        await store.upsert_many(bulk)
    async with db.sessions.begin() as session:
        later = await SupplierStore(session).add(make_supplier("Later"))
    async with db.sessions() as session:
        stored = await SupplierStore(session).all()
    assert [s.id for s in stored] == list(range(first.id or 0, (first.id or 0) + 602))
    assert stored[-1] == later
    assert [dataclasses.replace(s, id=None) for s in stored[1:-1]] == bulk


async def test_keys_read_before_an_import_lose_a_race_with_a_clear_error_and_no_write(
    db: Database,
) -> None:
    async with db.readers() as reader:
        known = await SupplierStore(reader).keys()
    async with db.sessions.begin() as session:  # another change, between the read and the write
        await SupplierStore(session).add(make_supplier("Race Labels GmbH"))
    incoming = [make_supplier("Race Labels GmbH", moq=9), make_supplier("Other", website="o.ex")]
    with pytest.raises(InputError) as raised:
        async with db.sessions.begin() as session:
            await SupplierStore(session).upsert_many(incoming, known=known)
    assert raised.value.field == "import"
    async with db.sessions() as session:
        assert [s.name for s in await SupplierStore(session).all()] == ["Race Labels GmbH"]
