"""One founder's data across every table that holds it: export, delete, and idle-session purge.

Every table is listed either in FOUNDER_TABLES (with the columns that tie a row to a founder) or
in NOT_FOUNDER_DATA (with the reason); tests/store/test_privacy.py fails for a table in neither,
so a new table cannot hold founders' data unnoticed by /forget and /mydata.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import Base, DialogSessionRow, OutboxRow, QuoteRow, UpdateRow


@dataclass(frozen=True)
class FounderTable:
    """A table holding founders' rows; a row is theirs when any of `columns` equals their id.

    chat_id counts because a private chat's id is the founder's user id (groups are negative).
    """

    table: Table
    columns: tuple[str, ...]

    def rows_of(self, user_id: int) -> ColumnElement[bool]:
        """Returns the WHERE clause selecting the founder's rows."""
        return or_(*(self.table.c[name] == user_id for name in self.columns))


def _table(model: type[Base]) -> Table:
    table = model.__table__
    if not isinstance(table, Table):  # a mapped view or join would need its own rule
        raise TypeError(f"{model.__name__} is not mapped to a table")
    return table


FOUNDER_TABLES: tuple[FounderTable, ...] = (
    # conversations (answers in progress and the history of recommendations), every chat/topic
    FounderTable(_table(DialogSessionRow), ("user_id", "chat_id")),
    FounderTable(_table(QuoteRow), ("user_id",)),  # the quote book
    FounderTable(_table(UpdateRow), ("user_id", "chat_id")),  # messages received (delivery)
    FounderTable(_table(OutboxRow), ("user_id", "chat_id")),  # replies to send or sent
)

# Tables with no founder's data, and why.
NOT_FOUNDER_DATA: Mapping[str, str] = {
    "suppliers": "the knowledge base",
    "supplier_categories": "the knowledge base",
    "price_tiers": "the knowledge base",
    "audit_log": "admins' changes to the knowledge base (actor_id is an admin)",
    "rate_sets": "currency rates an admin loaded (loaded_by is an admin)",
    "rate_budget": "send-rate counters per group chat and overall",
    "alembic_version": "the schema revision",
}


def _json_value(value: Any) -> Any:
    """Returns a column value as JSON can carry it (bytes as base64, times as ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Decimal):
        return str(value)
    return value


async def export_founder(session: AsyncSession, user_id: int) -> dict[str, list[dict[str, Any]]]:
    """Returns every row of the founder's, table by table, as JSON-ready dicts."""
    out: dict[str, list[dict[str, Any]]] = {}
    for founder in FOUNDER_TABLES:
        primary = list(founder.table.primary_key.columns)
        result = await session.execute(
            select(founder.table).where(founder.rows_of(user_id)).order_by(*primary)
        )
        out[founder.table.name] = [
            {key: _json_value(value) for key, value in row.items()} for row in result.mappings()
        ]
    return out


async def delete_founder(session: AsyncSession, user_id: int) -> dict[str, int]:
    """Deletes every row of the founder's (caller's transaction); returns the count per table."""
    counts: dict[str, int] = {}
    for founder in FOUNDER_TABLES:
        result = await session.execute(
            delete(founder.table)
            .where(founder.rows_of(user_id))
            .execution_options(synchronize_session=False)
        )
        counts[founder.table.name] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return counts


async def purge_idle_sessions(session: AsyncSession, idle_since: datetime) -> int:
    """Deletes conversations untouched since the moment (retention); returns how many."""
    result = await session.execute(
        delete(DialogSessionRow)
        .where(DialogSessionRow.updated_at < idle_since)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


__all__ = [
    "FOUNDER_TABLES",
    "NOT_FOUNDER_DATA",
    "FounderTable",
    "delete_founder",
    "export_founder",
    "purge_idle_sessions",
]
