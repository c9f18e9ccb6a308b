"""Export then import into an empty database gives the same suppliers; seeding from knowledge/."""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path

import pytest

from bot.config import default_knowledge_dir
from bot.core.curation.knowledge import validate_rows
from bot.core.types import InputError, PriceTier, Status, Supplier
from bot.knowledge_files import export_csv, export_yaml, read_records_bytes
from bot.seeding import ensure_seeded, seed
from bot.store.db import SEED_LOCK_ID, Database, lock_exclusively
from bot.store.suppliers import SupplierStore

KNOWLEDGE = default_knowledge_dir()

HOSTILE = [
    Supplier(
        name='=HYPERLINK("http://evil.example","click")',
        categories=("labels",),
        website="https://www.evil.example/path?q=1",
        keywords=("-minus first", "+plus", "@at", "yes", "no", "1e3", "null"),
        country="NO",
        moq=0,
        moq_unit="on",
        setup_fee=Decimal("0"),
        below_moq_fee=Decimal("1000000.125"),
        currency="NOK",
        price_tiers=(PriceTier(1, Decimal("999999999.99")), PriceTier(2, Decimal("0.0001"))),
        small_series=False,
        status=Status.VERIFIED,
        notes="multi\nline — ünïcode 🧪 <b>&amp;</b>\n\tindented",
        source="'quoted' and \"double\", commas, semicolons; all",
    ),
    Supplier(name="'leading apostrophe", categories=("boxes",), source="-5"),
    Supplier(name="Plain Co", categories=("boxes", "mailer-boxes"), source="s", notes="- dash"),
]


def _without_ids(suppliers: list[Supplier]) -> list[Supplier]:
    return [dataclasses.replace(supplier, id=None) for supplier in suppliers]


async def _store_all(db: Database, suppliers: list[Supplier]) -> list[Supplier]:
    async with db.sessions.begin() as session:
        await SupplierStore(session).upsert_many(suppliers)
    async with db.sessions() as session:
        return await SupplierStore(session).all()


@pytest.mark.parametrize(
    ("export", "filename"), [(export_yaml, "kb.yaml"), (export_csv, "kb.csv")]
)
async def test_export_then_import_into_an_empty_base_is_the_same_field_for_field(
    db: Database, tmp_path: Path, export: Callable[[Sequence[Supplier]], str], filename: str
) -> None:
    curated, _ = validate_rows(
        [
            row
            for path in sorted((KNOWLEDGE / "suppliers").glob("*.yaml"))
            for row in read_records_bytes(path.read_bytes(), path.name)
        ]
    )
    stored = await _store_all(db, [*curated, *HOSTILE])
    text = export(stored)
    fresh = await Database.connect(f"sqlite:///{tmp_path / 'fresh.db'}")
    try:
        await fresh.upgrade()
        imported, errors = validate_rows(read_records_bytes(text.encode(), filename))
        assert errors == []
        reloaded = await _store_all(fresh, imported)
    finally:
        await fresh.dispose()
    assert _without_ids(reloaded) == _without_ids(stored)
    assert len(reloaded) == len(curated) + len(HOSTILE)


def test_csv_export_never_starts_a_cell_with_a_formula_character() -> None:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(export_csv(HOSTILE))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell


async def test_ensure_seeded_fills_an_empty_base_once(db: Database) -> None:
    added = await ensure_seeded(db, KNOWLEDGE)
    assert added >= 100
    assert await ensure_seeded(db, KNOWLEDGE) == 0
    async with db.sessions() as session:
        suppliers = await SupplierStore(session).all()
    assert len(suppliers) == added
    assert all(supplier.source for supplier in suppliers)


async def test_ensure_seeded_leaves_a_base_whose_suppliers_were_all_deleted(
    db: Database,
) -> None:
    async with db.sessions.begin() as session:
        store = SupplierStore(session)
        only = await store.add(HOSTILE[2])
        await store.delete(only.id or 0)
    assert await ensure_seeded(db, KNOWLEDGE) == 0
    async with db.sessions() as session:
        assert await SupplierStore(session).count() == 0


async def test_seed_again_updates_instead_of_duplicating(db: Database) -> None:
    first = await seed(db, KNOWLEDGE)
    second = await seed(db, KNOWLEDGE)
    assert (second.added, second.updated) == (0, first.added)


async def test_seed_refuses_a_knowledge_dir_with_a_bad_row_and_writes_nothing(
    db: Database, tmp_path: Path
) -> None:
    shutil.copytree(KNOWLEDGE, tmp_path / "knowledge")
    bad = tmp_path / "knowledge" / "suppliers" / "zz-bad.yaml"
    bad.write_text("suppliers:\n- name: Bad\n  categories: [boxes]\n  moq: lots\n  source: s\n")
    with pytest.raises(InputError, match="moq: not a whole number: 'lots'"):
        await seed(db, tmp_path / "knowledge")
    async with db.sessions() as session:
        assert await SupplierStore(session).count_all() == 0


async def test_seeding_waits_for_a_concurrent_writer_and_then_skips(db: Database) -> None:
    async with db.sessions.begin() as session:
        # Another instance is seeding: it holds the seed lock and has not committed yet.
        await lock_exclusively(session, SEED_LOCK_ID)
        await SupplierStore(session).add(HOSTILE[2])
        racing = asyncio.create_task(ensure_seeded(db, KNOWLEDGE))
        await asyncio.sleep(0.5)
        assert not racing.done()  # it waits instead of seeding a second copy
    assert await asyncio.wait_for(racing, timeout=60) == 0
    async with db.sessions() as session:
        assert await SupplierStore(session).count_all() == 1
