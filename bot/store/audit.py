"""The audit log of knowledge-base changes; never commits."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.types import AuditEntry
from bot.store.models import AuditRow


def _json_safe(record: Mapping[str, object] | None) -> dict[str, Any] | None:
    """Returns the record as plain JSON data (Decimals and dates become text)."""
    if record is None:
        return None
    return json.loads(json.dumps(dict(record), default=str))  # type: ignore[no-any-return]


def _aware(moment: datetime) -> datetime:
    """Returns the time with UTC attached when the engine dropped the zone (SQLite)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class AuditLog:
    """Who changed what in the knowledge base, and when; the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def record(
        self,
        actor_id: int,
        action: str,
        supplier_id: int | None,
        supplier_name: str | None,
        before: Mapping[str, object] | None,
        after: Mapping[str, object] | None,
        at: datetime,
    ) -> None:
        """Adds one entry (before/after are import-format records)."""
        self.session.add(
            AuditRow(
                at=at,
                actor_id=actor_id,
                action=action,
                supplier_id=supplier_id,
                supplier_name=supplier_name[:200] if supplier_name else supplier_name,
                before=_json_safe(before),
                after=_json_safe(after),
            )
        )
        await self.session.flush()

    async def recent(self, limit: int = 10) -> list[AuditEntry]:
        """Returns the newest entries first."""
        rows = await self.session.scalars(
            select(AuditRow).order_by(AuditRow.at.desc(), AuditRow.id.desc()).limit(limit)
        )
        return [
            AuditEntry(
                id=row.id,
                at=_aware(row.at),
                actor_id=row.actor_id,
                action=row.action,
                supplier_id=row.supplier_id,
                supplier_name=row.supplier_name,
                before=row.before,
                after=row.after,
            )
            for row in rows
        ]
