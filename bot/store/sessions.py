"""Dialog sessions: the state of one conversation as JSON, guarded by a version number.

Two updates for one user may be handled at once (or by two bot instances); each saves with the
version it loaded, and the second gets StaleSession instead of overwriting the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, bindparam, delete, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from bot.core.types import SessionKey
from bot.store.db import Executor, dialect_name
from bot.store.models import DialogSessionRow, utcnow


class StaleSession(Exception):
    """The session changed (or was created) since it was loaded; reload and try again."""


@dataclass(frozen=True)
class StoredSession:
    """A session's state as saved, and the version to pass back when saving it."""

    state: dict[str, Any]
    version: int


# The per-update statements, built once on the table (Core): SQLAlchemy reuses their compiled
# form and cache key instead of rebuilding both for every update.
_T = cast(Table, DialogSessionRow.__table__)
_KEY = (
    _T.c.chat_id == bindparam("k_chat"),
    _T.c.user_id == bindparam("k_user"),
    _T.c.thread_id == bindparam("k_thread"),
)
_LOAD = select(_T.c.state, _T.c.version_id).where(*_KEY)
_CONFLICT = ["chat_id", "user_id", "thread_id"]  # the table's unique key
_CREATE_SQLITE = sqlite_insert(_T).on_conflict_do_nothing(index_elements=_CONFLICT)
_CREATE_PG = pg_insert(_T).on_conflict_do_nothing(index_elements=_CONFLICT)
_LOAD_FOR_UPDATE = _LOAD.with_for_update()
_DELETE = delete(_T).where(*_KEY)
_SAVE = (
    update(_T)
    .where(*_KEY, _T.c.version_id == bindparam("version"))
    .values(
        state=bindparam("state"),
        version_id=bindparam("next_version"),
        updated_at=bindparam("now"),
    )
)


def _params(key: SessionKey) -> dict[str, int]:
    """Returns the bound values selecting one session (thread 0 stands for no forum topic)."""
    return {"k_chat": key.chat_id, "k_user": key.user_id, "k_thread": key.thread_id or 0}


class SessionStore:
    """Dialog sessions in the database; the caller owns the transaction."""

    def __init__(self, session: Executor) -> None:
        self.session = session

    async def load(self, key: SessionKey, *, for_update: bool = False) -> StoredSession | None:
        """Returns the stored state and its version, or None for a new conversation.

        `for_update` locks the row until the transaction ends (PostgreSQL; SQLite's write
        transactions are serialised already), so concurrent updates for one founder queue up
        instead of racing; the version check in `save` stays the safety net.
        """
        query = _LOAD_FOR_UPDATE if for_update else _LOAD
        found = (await self.session.execute(query, _params(key))).first()
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
            # One INSERT ... ON CONFLICT DO NOTHING (both engines): an existing session, or one
            # a racing transaction creates meanwhile, inserts nothing and leaves the caller's
            # transaction usable, without a lookup first or a savepoint around it.
            dialect = dialect_name(self.session)
            created = await self.session.execute(
                _CREATE_PG if dialect == "postgresql" else _CREATE_SQLITE,
                {
                    "chat_id": key.chat_id,
                    "user_id": key.user_id,
                    "thread_id": key.thread_id or 0,
                    "state": state,
                    "version_id": 1,
                    "created_at": now,
                    "updated_at": now,
                },
            )
            if created.rowcount != 1:  # type: ignore[attr-defined]
                raise StaleSession(f"session {key} already exists")
            return 1
        values = {"version": version, "state": state, "next_version": version + 1, "now": now}
        result = await self.session.execute(_SAVE, {**_params(key), **values})
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise StaleSession(f"session {key} changed since version {version}")
        return version + 1

    async def delete(self, key: SessionKey) -> bool:
        """Forgets a conversation; returns True if there was one."""
        result = await self.session.execute(_DELETE, _params(key))
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]
