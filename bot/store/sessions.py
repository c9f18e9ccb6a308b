"""Dialog sessions: the state of one conversation as JSON, guarded by a version number.

Two updates for one user may be handled at once (or by two bot instances); each saves with the
version it loaded, and the second gets StaleSession instead of overwriting the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.types import SessionKey
from bot.store.models import DialogSessionRow, utcnow


class StaleSession(Exception):
    """The session changed (or was created) since it was loaded; reload and try again."""


@dataclass(frozen=True)
class StoredSession:
    """A session's state as saved, and the version to pass back when saving it."""

    state: dict[str, Any]
    version: int


def _where(key: SessionKey) -> tuple[Any, ...]:
    """Returns the WHERE clauses selecting one session (thread 0 stands for no forum topic)."""
    return (
        DialogSessionRow.chat_id == key.chat_id,
        DialogSessionRow.user_id == key.user_id,
        DialogSessionRow.thread_id == (key.thread_id or 0),
    )


class SessionStore:
    """Dialog sessions in the database; the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def load(self, key: SessionKey, *, for_update: bool = False) -> StoredSession | None:
        """Returns the stored state and its version, or None for a new conversation.

        `for_update` locks the row until the transaction ends (PostgreSQL; SQLite's write
        transactions are serialised already), so concurrent updates for one founder queue up
        instead of racing; the version check in `save` stays the safety net.
        """
        query = select(DialogSessionRow.state, DialogSessionRow.version_id).where(*_where(key))
        if for_update:
            query = query.with_for_update()
        result = await self.session.execute(query)
        found = result.first()
        if found is None:
            return None
        return StoredSession(state=dict(found.state), version=found.version_id)

    async def save(self, key: SessionKey, state: dict[str, Any], version: int | None) -> int:
        """Saves the state if nobody saved since `version` was loaded; returns the new version.

        `version` None creates the session. Raises StaleSession when the stored version is no
        longer `version` (or, on create, when the session exists by now).
        """
        now = utcnow()
        if version is None:
            exists = await self.session.scalar(select(DialogSessionRow.id).where(*_where(key)))
            if exists is not None:
                raise StaleSession(f"session {key} already exists")
            try:
                # A savepoint keeps the caller's transaction usable if a racing insert wins.
                async with self.session.begin_nested():
                    await self.session.execute(
                        insert(DialogSessionRow).values(
                            chat_id=key.chat_id,
                            user_id=key.user_id,
                            thread_id=key.thread_id or 0,
                            state=state,
                            version_id=1,
                            created_at=now,
                            updated_at=now,
                        )
                    )
            except IntegrityError:
                raise StaleSession(f"session {key} was created meanwhile") from None
            return 1
        result = await self.session.execute(
            update(DialogSessionRow)
            .where(*_where(key), DialogSessionRow.version_id == version)
            .values(state=state, version_id=version + 1, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleSession(f"session {key} changed since version {version}")
        return version + 1

    async def delete(self, key: SessionKey) -> bool:
        """Forgets a conversation; returns True if there was one."""
        row = await self.session.scalar(select(DialogSessionRow).where(*_where(key)))
        if row is None:
            return False
        await self.session.delete(row)
        await self.session.flush()
        return True
