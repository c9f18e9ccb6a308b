"""Shared fixtures: `db_url` (SQLite in tmp_path, PostgreSQL when reachable) and `db`.

PostgreSQL comes from TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test. That
database is only the maintenance connection: every test gets its own fresh database
(sb_<hex>), dropped afterwards, so parallel runs never collide. When the server does not
answer, the PostgreSQL cases skip with the reason.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.store.db import Database

DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
_CONNECT_TIMEOUT = 3  # seconds; an absent server should not slow the suite down
# Maintenance URL -> "" when reachable, else the reason (checked once per session).
_POSTGRES_STATE: dict[str, str] = {}


def _maintenance_url() -> str:
    """Returns the PostgreSQL URL the tests create their databases through (plain driver)."""
    url = make_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _where(url: str) -> str:
    """Returns host:port of a URL for messages."""
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


async def _execute(url: str, statement: str) -> None:
    """Runs one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    import asyncpg

    connection = await asyncpg.connect(url, timeout=_CONNECT_TIMEOUT)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_maintenance_url() -> str:
    """Returns the maintenance URL if PostgreSQL answers, else skips (checked once a session)."""
    url = _maintenance_url()
    cached = _POSTGRES_STATE.get(url)
    if cached is None:
        try:
            asyncio.run(_execute(url, "SELECT 1"))
            cached = ""
        except Exception as exc:  # any failure means "not reachable" for the test run
            cached = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
        _POSTGRES_STATE[url] = cached
    if cached:
        pytest.skip(f"PostgreSQL not reachable at {_where(url)}: {cached}")
    return url


@pytest.fixture
def postgres_url(postgres_maintenance_url: str) -> Iterator[str]:
    """Yields the URL of a fresh PostgreSQL database, dropped after the test."""
    name = f"sb_{uuid.uuid4().hex}"
    asyncio.run(_execute(postgres_maintenance_url, f'CREATE DATABASE "{name}"'))
    try:
        yield (
            make_url(postgres_maintenance_url)
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        asyncio.run(
            _execute(postgres_maintenance_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        )


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """Returns the URL of an SQLite file in the test's tmp_path."""
    return f"sqlite:///{tmp_path / 'smallbatch.db'}"


@pytest.fixture(
    params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
)
def db_url(request: pytest.FixtureRequest) -> str:
    """Returns a plain database URL: SQLite in tmp_path, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_url"))
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    """Yields a connected Database with every migration applied; disposed afterwards."""
    database = await Database.connect(db_url)
    await database.upgrade()
    try:
        yield database
    finally:
        await database.dispose()
