"""An import: suppliers added or updated, and one audit entry for the whole of it (no commit)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.types import Supplier
from bot.store.audit import AuditLog
from bot.store.suppliers import SupplierStore, UpsertReport


async def import_suppliers(
    session: AsyncSession,
    suppliers: Sequence[Supplier],
    *,
    actor_id: int,
    source: str,
    at: datetime,
    progress: Callable[[int], None] | None = None,
    known: Mapping[tuple[str, str], int] | None = None,
) -> UpsertReport:
    """Upserts the suppliers and records the import in the audit log; the caller commits.
    `known`: the stored keys read beforehand (SupplierStore.upsert_many)."""
    report = await SupplierStore(session).upsert_many(suppliers, progress=progress, known=known)
    await AuditLog(session).record(
        actor_id=actor_id,
        action="import",
        supplier_id=None,
        supplier_name=source,
        before=None,
        after={
            "file": source,
            "rows": len(suppliers),
            "added": report.added,
            "updated": report.updated,
            "updated_names": list(report.updated_names),
        },
        at=at,
    )
    return report
