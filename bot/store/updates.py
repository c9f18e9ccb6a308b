"""Durable intake: every update is stored, keyed by update_id, before Telegram is told we have it.

A founder is (chat, user, topic); their updates are handled one at a time in update_id order.
Across instances (PostgreSQL) the instance handling a founder holds a transaction-scoped advisory
lock on the founder's key; on SQLite a single process is assumed and ordering is in-process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.store.db import Executor, dialect_name
from bot.store.models import UpdateRow, utcnow


@dataclass(frozen=True, slots=True, order=True)
class FounderKey:
    """Whose updates must be handled in order: chat, user, forum topic (0: none)."""

    chat_id: int
    user_id: int
    thread_id: int = 0

    def lock_id(self) -> int:
        """Returns a stable signed 64-bit number for PostgreSQL's advisory locks."""
        digest = hashlib.blake2b(
            f"{self.chat_id}:{self.user_id}:{self.thread_id}".encode(), digest_size=8
        ).digest()
        return int.from_bytes(digest, "big", signed=True)


@dataclass(frozen=True, slots=True)
class StoredUpdate:
    """An update as received: its id, founder and raw JSON."""

    update_id: int
    key: FounderKey
    payload: dict[str, Any]


def key_of(payload: dict[str, Any]) -> FounderKey:
    """Returns the founder of a raw update (message or callback query); zeros when it has none."""
    for kind in ("message", "edited_message", "callback_query", "channel_post"):
        item = payload.get(kind)
        if not isinstance(item, dict):
            continue
        message: Any = item.get("message") if kind == "callback_query" else item
        sender: Any = item.get("from")
        chat: Any = message.get("chat") if isinstance(message, dict) else None
        thread = 0
        if isinstance(message, dict) and message.get("is_topic_message"):
            thread = int(message.get("message_thread_id") or 0)
        user_id = int(sender.get("id") or 0) if isinstance(sender, dict) else 0
        chat_id = int(chat.get("id") or 0) if isinstance(chat, dict) else 0
        return FounderKey(chat_id or user_id, user_id, thread)
    return FounderKey(0, 0, 0)


def quote_of(payload: dict[str, Any]) -> int | None:
    """Returns the message a reply to a raw update quotes: the asker's, in groups only.

    The rule of bot/telegram/send.py's quote_for, on the stored JSON: a press quotes the
    question its answer quoted when the presser asked it, else the pressed message.
    """
    press = payload.get("callback_query")
    message: Any = press.get("message") if isinstance(press, dict) else payload.get("message")
    if not isinstance(message, dict) or message.get("chat", {}).get("type") == "private":
        return None
    asked: Any = message.get("reply_to_message") if isinstance(press, dict) else None
    if isinstance(press, dict) and isinstance(asked, dict) and asked.get("from"):
        presser = (press.get("from") or {}).get("id")
        return int(
            asked["message_id"] if asked["from"].get("id") == presser else message["message_id"]
        )
    message_id = message.get("message_id")
    return int(message_id) if message_id is not None else None


def _for(key: FounderKey) -> tuple[Any, ...]:
    """Returns the WHERE clauses selecting one founder's updates."""
    return (
        UpdateRow.chat_id == key.chat_id,
        UpdateRow.user_id == key.user_id,
        UpdateRow.thread_id == key.thread_id,
    )


# The hot path's statements, built once on the table (Core, not the ORM): SQLAlchemy then reuses
# their compiled form and cache key instead of rebuilding both for every update.
_TABLE = cast(Table, UpdateRow.__table__)
_ADD_SQLITE = sqlite_insert(_TABLE).on_conflict_do_nothing(index_elements=["update_id"])
_ADD_PG = pg_insert(_TABLE).on_conflict_do_nothing(index_elements=["update_id"])
_PENDING_FOR = (
    select(_TABLE.c.update_id, _TABLE.c.payload)
    .where(
        _TABLE.c.chat_id == bindparam("chat_id"),
        _TABLE.c.user_id == bindparam("user_id"),
        _TABLE.c.thread_id == bindparam("thread_id"),
        _TABLE.c.handled_at.is_(None),
    )
    .order_by(_TABLE.c.update_id)
    .limit(bindparam("n"))
)
_MARK_HANDLED = (
    update(_TABLE)
    .where(_TABLE.c.update_id == bindparam("id"), _TABLE.c.handled_at.is_(None))
    .values(handled_at=bindparam("at"))
)


class UpdateStore:
    """The updates table; the caller owns the transaction."""

    def __init__(self, session: Executor) -> None:
        self.session = session

    async def add(self, update_id: int, payload: dict[str, Any]) -> bool:
        """Stores an update; returns False when it was stored before (Telegram redelivered it).

        One INSERT ... ON CONFLICT DO NOTHING (both engines): a redelivery, or another instance
        storing the same update at the same moment, inserts nothing and leaves the transaction
        usable, without a lookup first or a savepoint around it.
        """
        key = key_of(payload)
        values = {
            "update_id": update_id,
            "chat_id": key.chat_id,
            "user_id": key.user_id,
            "thread_id": key.thread_id,
            "payload": payload,
            "received_at": utcnow(),
            "handled_at": None,
        }
        dialect = dialect_name(self.session)
        statement = _ADD_PG if dialect == "postgresql" else _ADD_SQLITE
        result = await self.session.execute(statement, values)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def pending_keys(self, limit: int | None = 500) -> list[FounderKey]:
        """Returns founders with unhandled updates, those waiting longest first (None: all)."""
        oldest = func.min(UpdateRow.update_id)
        result = await self.session.execute(
            select(UpdateRow.chat_id, UpdateRow.user_id, UpdateRow.thread_id)
            .where(UpdateRow.handled_at.is_(None))
            .group_by(UpdateRow.chat_id, UpdateRow.user_id, UpdateRow.thread_id)
            .order_by(oldest)
            .limit(limit)
        )
        return [FounderKey(row.chat_id, row.user_id, row.thread_id) for row in result]

    async def next_for(self, key: FounderKey) -> StoredUpdate | None:
        """Returns the founder's oldest unhandled update, or None."""
        found = await self.pending_for(key, 1)
        return found[0] if found else None

    async def pending_for(self, key: FounderKey, limit: int) -> list[StoredUpdate]:
        """Returns up to `limit` of the founder's unhandled updates, oldest first (one read)."""
        founder = {"chat_id": key.chat_id, "user_id": key.user_id, "thread_id": key.thread_id}
        result = await self.session.execute(_PENDING_FOR, {**founder, "n": limit})
        return [StoredUpdate(row.update_id, key, dict(row.payload)) for row in result]

    async def is_handled(self, update_id: int) -> bool:
        """Returns whether the update is stored and handled."""
        handled = await self.session.scalar(
            select(UpdateRow.handled_at).where(UpdateRow.update_id == update_id)
        )
        return handled is not None

    async def mark_handled(self, update_id: int) -> bool:
        """Marks the update handled; returns False when it was handled already (or is unknown)."""
        result = await self.session.execute(_MARK_HANDLED, {"id": update_id, "at": utcnow()})
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def prune(self, handled_before: datetime) -> int:
        """Forgets updates handled before the moment (Telegram redelivers for a day at most)."""
        result = await self.session.execute(
            delete(UpdateRow)
            .where(UpdateRow.handled_at.is_not(None), UpdateRow.handled_at < handled_before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


async def try_lock_founder(connection: AsyncConnection, key: FounderKey) -> bool:
    """Takes the founder's advisory lock for the connection's transaction (PostgreSQL).

    Returns False when another transaction (another instance) holds it. On SQLite it returns True:
    one process handles everything there, and its dispatcher orders each founder itself.
    """
    if connection.dialect.name != "postgresql":
        return True
    got = await connection.scalar(
        text("SELECT pg_try_advisory_xact_lock(:id)"), {"id": key.lock_id()}
    )
    return bool(got)


async def lock_founder(connection: AsyncConnection, key: FounderKey, wait_ms: int) -> bool:
    """Takes the founder's advisory lock for the transaction, waiting up to `wait_ms` for it.

    Another instance holding the founder is usually finishing one update, the one before this
    one: waiting for its commit answers the founder at once, where giving up would leave the
    update to the next scan of the stored ones (a second later). Returns False on timeout.
    On SQLite it returns True (see try_lock_founder).
    """
    if connection.dialect.name != "postgresql":
        return True
    if await try_lock_founder(connection, key):
        return True
    # Only for this transaction; the pool's connections keep the server's default.
    await connection.execute(text(f"SET LOCAL lock_timeout = {int(wait_ms)}"))
    try:
        async with connection.begin_nested():
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:id)"), {"id": key.lock_id()}
            )
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != _LOCK_NOT_AVAILABLE:
            raise
        return False
    return True


# PostgreSQL's SQLSTATE for "lock_timeout expired".
_LOCK_NOT_AVAILABLE = "55P03"
# How long a handled update is kept so that a redelivery is still recognised.
KEEP_HANDLED = timedelta(days=2)

__all__ = [
    "KEEP_HANDLED",
    "FounderKey",
    "StoredUpdate",
    "UpdateStore",
    "key_of",
    "lock_founder",
    "quote_of",
    "try_lock_founder",
]
