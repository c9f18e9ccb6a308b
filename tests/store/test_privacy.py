"""One founder's data across every table: covered, exported, deleted, purged (both engines)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, func, insert, inspect, select, update

from bot.core.types import SessionKey
from bot.store.db import Database
from bot.store.models import (
    Base,
    DialogSessionRow,
    OutboxRow,
    QuoteRow,
    UpdateRow,
)
from bot.store.privacy import (
    FOUNDER_TABLES,
    NOT_FOUNDER_DATA,
    delete_founder,
    export_founder,
    purge_idle_sessions,
)
from bot.store.sessions import SessionStore

ANNA, BEN, GROUP = 1001, 1002, -100500
# Columns naming a Telegram user or chat: a table with one holds someone's data or says why not.
_ID_COLUMNS = {"user_id", "chat_id"}


def _covered() -> set[str]:
    return {founder.table.name for founder in FOUNDER_TABLES}


def test_every_table_with_a_user_or_chat_column_is_covered_by_forget() -> None:
    for table in Base.metadata.sorted_tables:
        if _ID_COLUMNS & set(table.columns.keys()):
            assert table.name in _covered(), f"{table.name} holds founders' ids: list it"


def test_every_table_is_listed_as_founder_data_or_not() -> None:
    listed = _covered() | set(NOT_FOUNDER_DATA)
    unlisted = {t.name for t in Base.metadata.sorted_tables} - listed
    assert not unlisted, f"add to FOUNDER_TABLES or NOT_FOUNDER_DATA: {sorted(unlisted)}"
    assert not _covered() & set(NOT_FOUNDER_DATA)


async def test_the_migrated_schema_has_no_table_forget_does_not_know(db: Database) -> None:
    # The database as migrations built it: a table without a model would escape the lists.
    def tables(connection: Connection) -> list[str]:
        return list(inspect(connection).get_table_names())

    async with db.engine.connect() as connection:
        found = set(await connection.run_sync(tables))
    assert found - (_covered() | set(NOT_FOUNDER_DATA)) == set()


async def _fill(db: Database, user_id: int, chat_id: int, update_id: int) -> None:
    """Stores a row of the founder's in every founder table (private chat and a group)."""
    now = datetime.now(UTC)
    async with db.sessions.begin() as session:
        store = SessionStore(session)
        await store.save(SessionKey(user_id, user_id, None), {"history": ["private"]}, None)
        await store.save(SessionKey(chat_id, user_id, 7), {"history": ["group"]}, None)
        await session.execute(
            insert(QuoteRow).values(
                user_id=user_id,
                supplier="Acme",
                text="1000 @ $0.80",
                reading={},
                source="text",
                confirmed=True,
            )
        )
        for chat in (user_id, chat_id):
            await session.execute(
                insert(UpdateRow).values(
                    update_id=update_id + (chat < 0),
                    chat_id=chat,
                    user_id=user_id,
                    payload={"update_id": update_id},
                    received_at=now,
                )
            )
            await session.execute(
                insert(OutboxRow).values(
                    update_id=update_id,
                    chat_id=chat,
                    user_id=user_id,
                    kind="photo",
                    body={"html": "hi"},
                    data=b"\x89PNG",
                )
            )


async def _counts(db: Database, user_id: int) -> dict[str, int]:
    async with db.readers() as session:
        out = {}
        for founder in FOUNDER_TABLES:
            query = select(func.count()).select_from(founder.table)
            out[founder.table.name] = int(
                await session.scalar(query.where(founder.rows_of(user_id))) or 0
            )
        return out


async def test_export_holds_every_row_of_the_founder_and_none_of_anyone_else(db: Database) -> None:
    await _fill(db, ANNA, GROUP, 10)
    await _fill(db, BEN, GROUP, 20)
    async with db.readers() as session:
        exported = await export_founder(session, ANNA)
    assert {name: len(rows) for name, rows in exported.items()} == {
        "dialog_sessions": 2,
        "quotes": 1,
        "updates": 2,
        "outbox": 2,
    }
    assert all(row["user_id"] == ANNA for rows in exported.values() for row in rows)
    outbox = exported["outbox"][0]
    assert base64.b64decode(outbox["data"]["base64"]) == b"\x89PNG"
    assert isinstance(outbox["created_at"], str)  # JSON-ready


async def test_delete_leaves_nothing_of_the_founder_and_everything_of_others(db: Database) -> None:
    await _fill(db, ANNA, GROUP, 10)
    await _fill(db, BEN, GROUP, 20)
    async with db.sessions.begin() as session:
        deleted = await delete_founder(session, ANNA)
    assert deleted == {"dialog_sessions": 2, "quotes": 1, "updates": 2, "outbox": 2}
    assert set((await _counts(db, ANNA)).values()) == {0}
    assert await _counts(db, BEN) == {"dialog_sessions": 2, "quotes": 1, "updates": 2, "outbox": 2}
    async with db.sessions.begin() as session:
        assert set((await delete_founder(session, ANNA)).values()) == {0}  # again: no-op


async def test_purge_deletes_only_conversations_idle_past_the_moment(db: Database) -> None:
    await _fill(db, ANNA, GROUP, 10)
    await _fill(db, BEN, GROUP, 20)
    old = datetime.now(UTC) - timedelta(days=200)
    async with db.sessions.begin() as session:
        await session.execute(
            update(DialogSessionRow)
            .where(DialogSessionRow.user_id == ANNA)
            .values(updated_at=old)
            .execution_options(synchronize_session=False)
        )
    async with db.sessions.begin() as session:
        purged = await purge_idle_sessions(session, datetime.now(UTC) - timedelta(days=180))
    assert purged == 2
    counts = await _counts(db, ANNA)
    assert counts["dialog_sessions"] == 0
    assert counts["quotes"] == 1  # quotes are kept until the founder deletes them
    assert (await _counts(db, BEN))["dialog_sessions"] == 2
