"""Engines and sessions: one async engine per Database, migrations applied through Alembic."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.core.types import InputError

logger = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works: every instance of the program takes the same advisory lock while migrating.
_MIGRATION_LOCK_ID = 0x5B0A7C4
SEED_LOCK_ID = 0x5B0A7C5
# Seconds a writer waits for SQLite's write lock before giving up ("database is locked").
_SQLITE_BUSY_TIMEOUT = 30


def async_url(url: str) -> str:
    """Returns the URL with the async driver: aiosqlite for SQLite, asyncpg for PostgreSQL."""
    text_url = url.strip()
    scheme, sep, rest = text_url.partition("://")
    if not sep:
        raise InputError("DATABASE_URL", f"not a database URL: {url!r}")
    scheme = scheme.lower()
    if scheme in ("sqlite", "sqlite+aiosqlite"):
        result = f"sqlite+aiosqlite://{rest}"
    elif scheme in ("postgresql", "postgres", "postgresql+asyncpg"):
        result = f"postgresql+asyncpg://{rest}"
    else:
        raise InputError(
            "DATABASE_URL",
            f"unsupported database {scheme!r} (expected sqlite:///path or postgresql://...)",
        )
    try:
        make_url(result)
    except ArgumentError as exc:
        raise InputError("DATABASE_URL", f"not a database URL: {url!r} ({exc})") from None
    return result


def _sqlite_file(url: str) -> Path | None:
    """Returns the SQLite database file of an async URL, None for memory or other engines."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database)


def _configure_sqlite(engine: AsyncEngine) -> None:
    """Turns on WAL and foreign keys and makes every transaction take the write lock up front.

    pysqlite's own BEGIN handling breaks SAVEPOINTs, so SQLAlchemy's documented recipe takes
    over. BEGIN IMMEDIATE makes a second writer wait for the first (up to the busy timeout)
    instead of failing with "database is locked" when it upgrades a read to a write.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={_SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def alembic_config() -> Config:
    """Returns the Alembic configuration (built in code; no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _upgrade(connection: Connection) -> None:
    """Runs every pending migration on `connection` (inside its transaction)."""
    if connection.dialect.name == "postgresql":
        # Several instances starting together must not race to create the same tables.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def lock_exclusively(session: AsyncSession, lock_id: int) -> None:
    """Makes the session's transaction the only one holding `lock_id` until it ends.

    PostgreSQL takes a transaction-scoped advisory lock; on SQLite every transaction already
    begins IMMEDIATE, so writers are serialised without it.
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


class Database:
    """An async engine and its session factory; one per process."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            engine, expire_on_commit=False
        )

    @classmethod
    async def connect(cls, url: str) -> Database:
        """Returns a Database for the URL (creating an SQLite file's folder if needed)."""
        driver_url = async_url(url)
        sqlite_file = _sqlite_file(driver_url)
        kwargs: dict[str, Any] = {}
        if sqlite_file is not None:
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": _SQLITE_BUSY_TIMEOUT}
        else:
            kwargs["pool_pre_ping"] = True
        engine = create_async_engine(driver_url, **kwargs)
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        logger.debug("database engine: %s", engine.url.render_as_string(hide_password=True))
        return cls(engine)

    async def upgrade(self) -> None:
        """Applies every pending migration (a no-op when the schema is current)."""
        async with self.engine.begin() as connection:
            await connection.run_sync(_upgrade)

    async def current_revision(self) -> str | None:
        """Returns the schema's Alembic revision, None before the first migration."""
        async with self.engine.connect() as connection:
            return await connection.run_sync(_current_revision)

    async def dispose(self) -> None:
        """Closes every pooled connection."""
        await self.engine.dispose()


def _current_revision(connection: Connection) -> str | None:
    """Returns the revision stored in alembic_version, if any."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
