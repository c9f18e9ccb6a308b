"""Database faults: dropped PostgreSQL connections are retried once; SQLite readers never wait."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.store import db as db_module
from bot.store.db import Database, is_disconnect


async def _terminate(maintenance_url: str, pid: int) -> None:
    """Ends one PostgreSQL backend from outside, as an operator or a failover would."""
    import asyncpg

    connection = await asyncpg.connect(maintenance_url)
    try:
        await connection.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await connection.close()


@pytest.fixture
async def pg(postgres_url: str) -> AsyncIterator[Database]:
    """Yields a Database on a fresh PostgreSQL database with a `probe` table."""
    database = await Database.connect(postgres_url)
    async with database.sessions.begin() as session:
        await session.execute(text("CREATE TABLE probe (n integer)"))
    yield database
    await database.dispose()


Work = Callable[[Any], Awaitable[Any]]
# Both units of work: on an ORM session, and on a plain connection (the hot path's Core one).
UNITS = pytest.mark.parametrize("unit", ["unit_of_work", "core_unit_of_work"])


def _run(database: Database, unit: str, work: Work) -> Awaitable[Any]:
    """Returns the awaitable of `work` run by the named unit of work."""
    run: Callable[[Work], Awaitable[Any]] = getattr(database, unit)
    return run(work)


async def _count(database: Database) -> int:
    async with database.readers() as session:
        return int(await session.scalar(text("SELECT count(*) FROM probe")) or 0)


@pytest.mark.postgres
@UNITS
async def test_a_backend_terminated_mid_transaction_is_retried_once_and_commits(
    unit: str, pg: Database, postgres_maintenance_url: str
) -> None:
    attempts: list[int] = []

    async def work(session: AsyncSession | AsyncConnection) -> str:
        pid = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
        attempts.append(pid)
        await session.execute(text("INSERT INTO probe VALUES (1)"))
        if len(attempts) == 1:
            await _terminate(postgres_maintenance_url, pid)
            await asyncio.sleep(0.1)
        await session.execute(text("INSERT INTO probe VALUES (2)"))
        return "done"

    assert await _run(pg, unit, work) == "done"
    assert len(attempts) == 2
    assert attempts[0] != attempts[1], "the retry runs on a fresh connection"
    assert await _count(pg) == 2, "the first attempt rolled back; the second committed once"


@pytest.mark.postgres
@UNITS
async def test_a_connection_lost_twice_is_reported_not_retried_forever(
    unit: str, pg: Database, postgres_maintenance_url: str
) -> None:
    attempts = 0

    async def work(session: AsyncSession | AsyncConnection) -> None:
        nonlocal attempts
        attempts += 1
        pid = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
        await _terminate(postgres_maintenance_url, pid)
        await asyncio.sleep(0.1)
        await session.execute(text("INSERT INTO probe VALUES (1)"))

    with pytest.raises(DBAPIError) as caught:
        await _run(pg, unit, work)
    assert is_disconnect(caught.value)
    assert attempts == db_module.UNIT_OF_WORK_ATTEMPTS
    assert await _count(pg) == 0


@pytest.mark.postgres
@UNITS
async def test_other_database_errors_are_not_retried(unit: str, pg: Database) -> None:
    attempts = 0

    async def work(session: AsyncSession | AsyncConnection) -> None:
        nonlocal attempts
        attempts += 1
        await session.execute(text("INSERT INTO no_such_table VALUES (1)"))

    with pytest.raises(DBAPIError) as caught:
        await _run(pg, unit, work)
    assert not is_disconnect(caught.value)
    assert attempts == 1


@pytest.mark.postgres
async def test_idle_pooled_connections_terminated_are_replaced_before_use(
    pg: Database, postgres_maintenance_url: str
) -> None:
    async with pg.sessions() as session:
        first = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
    await _terminate(postgres_maintenance_url, first)  # the connection now idles in the pool
    await asyncio.sleep(0.1)
    async with pg.sessions() as session:
        second = int(await session.scalar(text("SELECT pg_backend_pid()")) or 0)
    assert second != first
    await pg.ping()


# ------------------------------------------------------------------------------------------------
# SQLite: an outside lock on the file
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def outside_lock(tmp_path: Path) -> Iterator[Path]:
    """Yields an SQLite file in WAL mode whose write lock another program holds throughout."""
    path = tmp_path / "locked.db"
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("PRAGMA journal_mode=WAL")
    holder.execute("CREATE TABLE probe (n integer)")
    holder.execute("INSERT INTO probe VALUES (1)")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO probe VALUES (2)")
    try:
        yield path
    finally:
        holder.execute("ROLLBACK")
        holder.close()


async def test_sqlite_readers_read_while_someone_else_holds_the_write_lock(
    outside_lock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT", 1)
    database = await Database.connect(f"sqlite:///{outside_lock}")
    try:
        # Bounded wait only so that a regression fails instead of hanging the suite.
        assert await asyncio.wait_for(_count(database), 5) == 1  # the committed row only
        await database.ping()
    finally:
        await database.dispose()


async def test_sqlite_writers_give_up_after_the_bounded_busy_timeout(
    outside_lock: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT", 1)
    database = await Database.connect(f"sqlite:///{outside_lock}")

    async def work(session: AsyncSession) -> None:
        await session.execute(text("INSERT INTO probe VALUES (3)"))

    try:
        with pytest.raises(OperationalError, match="database is locked"):
            await asyncio.wait_for(database.unit_of_work(work), 10)
    finally:
        await database.dispose()
