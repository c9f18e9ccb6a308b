"""The engine, URLs and migrations, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text
from sqlalchemy.exc import IntegrityError

import bot.store.db as db_module
from bot.core.types import InputError
from bot.store.db import Database, alembic_config, async_url, head_revision
from bot.store.models import Base

EXPECTED_TABLES = {
    "alembic_version",
    "audit_log",
    "dialog_sessions",
    "outbox",  # delivery (0003)
    "price_tiers",
    "quotes",
    "rate_sets",
    "rate_budget",  # delivery (0003)
    "supplier_categories",
    "suppliers",
    "updates",  # delivery (0003)
}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///./data/x.db", "sqlite+aiosqlite:///./data/x.db"),
        ("sqlite:////abs/x.db", "sqlite+aiosqlite:////abs/x.db"),
        ("sqlite+aiosqlite:///x.db", "sqlite+aiosqlite:///x.db"),
        ("postgresql://u:p@h:5432/db", "postgresql+asyncpg://u:p@h:5432/db"),
        ("postgres://u@h/db", "postgresql+asyncpg://u@h/db"),
        ("postgresql+asyncpg://u@h/db", "postgresql+asyncpg://u@h/db"),
    ],
)
def test_async_url_picks_the_async_driver(url: str, expected: str) -> None:
    assert async_url(url) == expected


@pytest.mark.parametrize("url", ["mysql://u@h/db", "not a url", "", "oracle://x"])
def test_async_url_rejects_other_databases_naming_the_variable(url: str) -> None:
    with pytest.raises(InputError) as caught:
        async_url(url)
    assert caught.value.field == "DATABASE_URL"


def _head() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def test_migrations_create_every_table_and_are_idempotent(db: Database) -> None:
    await db.upgrade()  # the fixture already ran it once
    await db.upgrade()

    def tables(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with db.engine.connect() as connection:
        assert await connection.run_sync(tables) == EXPECTED_TABLES
    assert await db.current_revision() == _head()


async def test_models_and_migrations_describe_the_same_schema(db: Database) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with db.engine.connect() as connection:
        assert await connection.run_sync(differences) == []


async def test_a_fresh_database_has_no_revision_until_upgraded(db_url: str) -> None:
    database = await Database.connect(db_url)
    try:
        assert await database.current_revision() is None
        await database.upgrade()
        assert await database.current_revision() == _head()
    finally:
        await database.dispose()


async def test_two_instances_upgrading_at_once_both_succeed(db_url: str) -> None:
    first, second = await Database.connect(db_url), await Database.connect(db_url)
    try:
        await asyncio.wait_for(asyncio.gather(first.upgrade(), second.upgrade()), timeout=60)
        assert await first.current_revision() == _head()
    finally:
        await first.dispose()
        await second.dispose()


async def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    database = await Database.connect(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'kb.db'}")
    try:
        await database.upgrade()
        async with database.engine.connect() as connection:
            assert (await connection.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await connection.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (tmp_path / "nested" / "dir" / "kb.db").is_file()
    finally:
        await database.dispose()


async def test_migrations_go_down_to_nothing_and_up_again(db: Database) -> None:
    def downgrade(connection: Connection) -> set[str]:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
        return set(inspect(connection).get_table_names())

    async with db.engine.begin() as connection:
        assert await connection.run_sync(downgrade) == {"alembic_version"}
    assert await db.current_revision() is None
    await db.upgrade()
    assert await db.current_revision() == _head()


def test_the_head_read_from_the_files_is_alembics_head() -> None:
    assert head_revision() == _head()


_UPGRADE_AGAIN = """
import asyncio, sys
from bot.store.db import Database

async def main(url):
    db = await Database.connect(url)
    await db.upgrade()
    await db.dispose()

asyncio.run(main(sys.argv[1]))
print("alembic" in sys.modules, "mako" in sys.modules)
"""


def test_a_current_schema_starts_without_importing_alembic(sqlite_url: str) -> None:
    """The usual start (schema at head) skips Alembic and the template engine it loads."""

    async def migrate() -> None:
        first = await Database.connect(sqlite_url)
        await first.upgrade()
        await first.dispose()

    asyncio.run(migrate())
    done = subprocess.run(
        [sys.executable, "-c", _UPGRADE_AGAIN, sqlite_url],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.split() == ["False", "False"]


def _supplier_indexes(connection: Connection) -> set[str]:
    return {str(index["name"]) for index in inspect(connection).get_indexes("suppliers")}


async def test_0006_indexes_updated_at_and_goes_down_to_0005_and_up_again(db: Database) -> None:
    # the incremental refresh filters suppliers on updated_at: without the index, a scan
    def downgrade(connection: Connection) -> set[str]:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")
        return _supplier_indexes(connection)

    async with db.engine.connect() as connection:
        assert "ix_suppliers_updated_at" in await connection.run_sync(_supplier_indexes)
    async with db.engine.begin() as connection:
        down = await connection.run_sync(downgrade)
    assert "ix_suppliers_updated_at" not in down
    assert "ix_suppliers_deleted_at" in down  # 0006 takes only its own index away
    assert await db.current_revision() == "0005"
    await db.upgrade()
    assert await db.current_revision() == _head() == "0006"
    async with db.engine.connect() as connection:
        assert "ix_suppliers_updated_at" in await connection.run_sync(_supplier_indexes)


async def test_an_instance_starting_during_a_migration_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The founders' busy timeout (1 s here) is shorter than the other instance's migration
    # (an outside write lock held 2.5 s): the upgrade waits for it instead of failing.
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT", 1)
    path = tmp_path / "kb.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("BEGIN IMMEDIATE")
    database = await Database.connect(f"sqlite:///{path}")
    try:
        loop = asyncio.get_running_loop()
        loop.call_later(2.5, holder.execute, "COMMIT")
        await asyncio.wait_for(database.upgrade(), timeout=60)
        assert await database.current_revision() == _head()
    finally:
        holder.close()
        await database.dispose()


async def test_sqlite_runs_each_statement_in_one_hand_off_to_its_thread(tmp_path: Path) -> None:
    database = await Database.connect(f"sqlite:///{tmp_path / 'hops.db'}")
    hops = 0
    try:
        async with database.engine.connect() as connection:
            raw = await connection.get_raw_connection()
            aio = raw.driver_connection
            assert aio is not None
            original = aio._execute

            async def counted(fn: object, *args: object, **kwargs: object) -> object:
                nonlocal hops
                hops += 1
                return await original(fn, *args, **kwargs)

            aio._execute = counted
            await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"))
            await connection.exec_driver_sql("INSERT INTO t (v) VALUES (?)", [("a",), ("b",)])
            inserted = await connection.execute(text("INSERT INTO t (v) VALUES ('c')"))
            rows = (await connection.execute(text("SELECT v FROM t ORDER BY id"))).all()
            updated = await connection.execute(text("UPDATE t SET v = 'z' WHERE v != 'c'"))
            with pytest.raises(IntegrityError):
                await connection.execute(text("INSERT INTO t (id, v) VALUES (1, 'dup')"))
            aio._execute = original
    finally:
        await database.dispose()
    assert [row.v for row in rows] == ["a", "b", "c"]
    assert inserted.lastrowid == 3
    assert updated.rowcount == 2
    # Six statements, one hand-off each (the adapter made 3-4); the BEGIN runs in the first's.
    assert hops == 6


async def test_sqlite_hands_back_a_committed_connection_without_a_rollback(
    tmp_path: Path,
) -> None:
    database = await Database.connect(f"sqlite:///{tmp_path / 'reset.db'}")
    calls: list[str] = []
    try:
        async with database.sessions.begin() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            aio = (await (await session.connection()).get_raw_connection()).driver_connection
            assert aio is not None
            original = aio._execute

            async def counted(fn: object, *args: object, **kwargs: object) -> object:
                calls.append(getattr(fn, "__name__", repr(fn)))
                return await original(fn, *args, **kwargs)

            aio._execute = counted
        # committed: handed back to the pool with no ROLLBACK sent to aiosqlite's thread
        assert calls == ["commit"]
        calls.clear()
        # an unfinished transaction handed back is still rolled back (its lock released)
        async with database.engine.connect() as connection:  # begins (IMMEDIATE) by itself
            await connection.exec_driver_sql("INSERT INTO t (id) VALUES (1)")
        assert calls == ["_run", "rollback"], "BEGIN with the INSERT, then the rollback"
        async with database.readers() as session:
            assert (await session.execute(text("SELECT count(*) FROM t"))).scalar() == 0
        aio._execute = original
    finally:
        await database.dispose()


async def test_sqlite_sees_each_transactions_begin_before_its_first_statement(
    tmp_path: Path,
) -> None:
    database = await Database.connect(f"sqlite:///{tmp_path / 'begin.db'}")
    seen: list[str] = []
    try:
        async with database.sessions.begin() as session:
            await session.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
            aio = (await (await session.connection()).get_raw_connection()).driver_connection
            assert aio is not None
            await aio._execute(aio._conn.set_trace_callback, seen.append)
        async with database.sessions.begin() as session:
            await session.execute(text("INSERT INTO t (id) VALUES (1)"))
            await session.execute(text("INSERT INTO t (id) VALUES (2)"))
        async with database.readers() as session:
            assert (await session.execute(text("SELECT count(*) FROM t"))).scalar() == 2
        async with database.sessions.begin() as session:
            # a server-side cursor (aiosqlite's own) still runs after its transaction's BEGIN
            streamed = await session.stream(text("SELECT id FROM t ORDER BY id"))
            assert [row.id async for row in streamed] == [1, 2]
        async with database.sessions.begin():
            pass  # no statement: nothing begins, nothing to commit
    finally:
        await database.dispose()
    assert seen == [
        "COMMIT",
        "BEGIN IMMEDIATE",
        "INSERT INTO t (id) VALUES (1)",
        "INSERT INTO t (id) VALUES (2)",
        "COMMIT",
        "BEGIN DEFERRED",
        "SELECT count(*) FROM t",
        "ROLLBACK",
        "BEGIN IMMEDIATE",
        "SELECT 1",
        "SELECT id FROM t ORDER BY id",
        "COMMIT",
    ]
