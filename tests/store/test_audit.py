"""The audit log: entries come back newest first, with JSON-safe before/after records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from bot.store.audit import AuditLog
from bot.store.db import Database

T0 = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)


async def test_recent_returns_entries_newest_first_up_to_the_limit(db: Database) -> None:
    async with db.sessions.begin() as session:
        log = AuditLog(session)
        for minute, action in enumerate(["add", "edit", "delete", "restore"]):
            await log.record(7, action, 1, "Box Co", None, None, T0 + timedelta(minutes=minute))
    async with db.sessions() as session:
        entries = await AuditLog(session).recent(3)
    assert [entry.action for entry in entries] == ["restore", "delete", "edit"]
    assert entries[0].at == T0 + timedelta(minutes=3)
    assert entries[0].at.tzinfo is not None


async def test_before_and_after_records_keep_their_values_as_json(db: Database) -> None:
    before = {"name": "Box Co", "moq": 500, "price_tiers": [{"min_qty": 1, "unit_price": "2.50"}]}
    after = {"name": "Box Co", "moq": 100, "setup_fee": Decimal("35.00")}
    async with db.sessions.begin() as session:
        await AuditLog(session).record(42, "edit", 3, "Box Co", before, after, T0)
    async with db.sessions() as session:
        (entry,) = await AuditLog(session).recent()
    assert (entry.actor_id, entry.supplier_id, entry.supplier_name) == (42, 3, "Box Co")
    assert entry.before == before
    assert entry.after == {"name": "Box Co", "moq": 100, "setup_fee": "35.00"}


async def test_an_import_entry_needs_no_supplier(db: Database) -> None:
    async with db.sessions.begin() as session:
        await AuditLog(session).record(0, "import", None, None, None, {"added": 3}, T0)
    async with db.sessions() as session:
        (entry,) = await AuditLog(session).recent()
    assert (entry.supplier_id, entry.before, entry.after) == (None, None, {"added": 3})
