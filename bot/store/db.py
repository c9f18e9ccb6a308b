"""Engines and sessions: one async engine per Database, migrations applied through Alembic."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from sqlalchemy import Connection, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.core.types import InputError
from bot.store.sqlite_driver import OneHopConnection, one_hop_dbapi

if TYPE_CHECKING:
    from alembic.config import Config

logger = logging.getLogger(__name__)

_MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Any constant works: every instance of the program takes the same advisory lock while migrating.
_MIGRATION_LOCK_ID = 0x5B0A7C4
SEED_LOCK_ID = 0x5B0A7C5
# Seconds a writer waits for SQLite's write lock before giving up ("database is locked"):
# bounded, so an outside lock on the file costs a founder one failed turn, not a stalled bot.
# Readers never wait for it (WAL, deferred BEGIN in `Database.readers`).
SQLITE_BUSY_TIMEOUT = 10
# Seconds an instance starting up waits for another one's migration to finish.
SQLITE_UPGRADE_TIMEOUT = 120
# A unit of work runs at most this often when the connection drops under it (the first try
# plus one retry on a fresh connection).
UNIT_OF_WORK_ATTEMPTS = 2
# Execution option marking a session that only reads (SQLite: deferred BEGIN, no write lock).
_READ_ONLY = "smallbatch_read_only"

T = TypeVar("T")
# What a store runs its statements on: an ORM session, or a plain connection in a transaction
# (the hot path's Core statements: no session, identity map or unit-of-work bookkeeping).
Executor: TypeAlias = AsyncSession | AsyncConnection


def dialect_name(executor: Executor) -> str:
    """Returns the database engine's name ("sqlite", "postgresql") a store runs on."""
    if isinstance(executor, AsyncConnection):
        return executor.dialect.name
    return executor.bind.dialect.name if executor.bind is not None else ""


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
    """Turns on WAL and foreign keys and makes every writing transaction take the lock up front.

    pysqlite's own BEGIN handling breaks SAVEPOINTs, so SQLAlchemy's documented recipe takes
    over. BEGIN IMMEDIATE makes a second writer wait for the first (up to the busy timeout)
    instead of failing with "database is locked" when it upgrades a read to a write. Read-only
    sessions begin DEFERRED: under WAL they read while someone else holds the write lock.
    """

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # In WAL mode NORMAL syncs at checkpoints, not at every commit: a killed process loses
        # nothing (the WAL is in the OS's hands), only a power cut may lose the last commits;
        # the outbox and the intake commit several times per message (SQLite's own advice).
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT * 1000}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        read_only = connection.get_execution_options().get(_READ_ONLY, False)
        statement = "BEGIN DEFERRED" if read_only else "BEGIN IMMEDIATE"
        driver = connection.connection.dbapi_connection
        if isinstance(driver, OneHopConnection):
            # run with the transaction's first statement, in its hand-off to the thread
            driver.begin_with_next(statement)
        else:
            connection.exec_driver_sql(statement)


def alembic_config() -> Config:
    """Returns the Alembic configuration (built in code; no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    return config


def _upgrade(connection: Connection) -> None:
    """Runs every pending migration on `connection` (inside its transaction)."""
    if connection.dialect.name == "postgresql":
        # Several instances starting together must not race to create the same tables.
        connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
    if _stored_revision(connection) == head_revision():
        return  # the usual start: Alembic (and the Mako/Pygments it loads) is not imported
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


_REVISION = re.compile(r"^revision = [\"']([^\"']+)[\"']", re.MULTILINE)
_DOWN_REVISION = re.compile(r"^down_revision = [\"']([^\"']+)[\"']", re.MULTILINE)


def head_revision() -> str | None:
    """Returns the newest migration's id, read from the version files (one head, no merges)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (_MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        if found := _REVISION.search(source):
            revisions.add(found.group(1))
        if parent := _DOWN_REVISION.search(source):
            parents.add(parent.group(1))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None  # several heads: let Alembic say so


def _stored_revision(connection: Connection) -> str | None:
    """Returns the revision in alembic_version, None when the table is missing or empty."""
    if not connection.dialect.has_table(connection, "alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


async def lock_exclusively(session: AsyncSession, lock_id: int) -> None:
    """Makes the session's transaction the only one holding `lock_id` until it ends.

    PostgreSQL takes a transaction-scoped advisory lock; on SQLite every transaction already
    begins IMMEDIATE, so writers are serialised without it.
    """
    connection = await session.connection()
    if connection.dialect.name == "postgresql":
        await connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": lock_id})


def is_disconnect(exc: BaseException) -> bool:
    """Returns whether a database error means the connection was lost (the pool dropped it)."""
    return isinstance(exc, DBAPIError) and bool(exc.connection_invalidated)


def _worth_again(exc: DBAPIError, attempt: int) -> bool:
    """True (and logged) when a unit of work that failed with `exc` is run again: a lost
    connection before the COMMIT rolled it back, and one more attempt is left."""
    if not is_disconnect(exc) or attempt == UNIT_OF_WORK_ATTEMPTS:
        return False
    logger.warning(
        "database connection lost (%s); running the unit of work again",
        str(exc.orig or exc).splitlines()[0],
    )
    return True


class Database:
    """An async engine and its session factories; one per process."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions: async_sessionmaker[AsyncSession] = async_sessionmaker(
            engine, expire_on_commit=False
        )
        # Sessions that only read: on SQLite they never wait for the write lock.
        self.readers: async_sessionmaker[AsyncSession] = async_sessionmaker(
            engine, expire_on_commit=False, execution_options={_READ_ONLY: True}
        )

    async def unit_of_work(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Returns what `work(session)` returns, committed; re-runs it once on a lost connection.

        `work` must not commit. A connection lost before the COMMIT (a PostgreSQL backend
        terminated, a restarted server) rolled everything back, so running the work again on a
        fresh connection is safe. A connection lost during the COMMIT itself is not retried: the
        transaction may have committed, and running it twice could apply a step twice.
        """
        for attempt in range(1, UNIT_OF_WORK_ATTEMPTS + 1):
            async with self.sessions() as session:
                try:
                    result = await work(session)
                except DBAPIError as exc:
                    if not _worth_again(exc, attempt):
                        raise
                    continue
                await session.commit()
                return result
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def core_unit_of_work(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Returns what `work(connection)` returns, committed, as `unit_of_work` does (re-run
        once on a connection lost before the COMMIT), on a plain connection: for work made of
        Core statements only, without the ORM session's cost per transaction."""
        for attempt in range(1, UNIT_OF_WORK_ATTEMPTS + 1):
            async with self.engine.connect() as connection:
                await connection.begin()
                try:
                    result = await work(connection)
                except DBAPIError as exc:
                    if not _worth_again(exc, attempt):
                        raise
                    continue
                await connection.commit()
                return result
        raise AssertionError("unreachable: the last attempt returns or raises")

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """Yields a plain connection in a write transaction, committed on leaving (Core only)."""
        async with self.engine.begin() as connection:
            yield connection

    async def ping(self) -> None:
        """Runs one trivial query (raises when the database does not answer)."""
        async with self.readers() as session:
            await session.execute(text("SELECT 1"))

    @classmethod
    async def connect(cls, url: str) -> Database:
        """Returns a Database for the URL (creating an SQLite file's folder if needed)."""
        driver_url = async_url(url)
        sqlite_file = _sqlite_file(driver_url)
        kwargs: dict[str, Any] = {}
        if sqlite_file is not None:
            sqlite_file.parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT}
        else:
            # A pooled connection whose backend was terminated is replaced before it is used.
            kwargs["pool_pre_ping"] = True
            # The intake holds a founder's advisory lock on one connection while the update's
            # unit of work uses another (bot/delivery.py): room for its workers and the sender.
            kwargs["pool_size"] = 20
            kwargs["max_overflow"] = 20
        if make_url(driver_url).get_backend_name() == "sqlite":
            # One hand-off to aiosqlite's thread per statement (bot/store/sqlite_driver.py).
            kwargs["module"] = one_hop_dbapi()
        engine = create_async_engine(driver_url, **kwargs)
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        logger.debug("database engine: %s", engine.url.render_as_string(hide_password=True))
        return cls(engine)

    async def upgrade(self) -> None:
        """Applies every pending migration (a no-op when the schema is current). On SQLite an
        instance that starts while another migrates waits for it (up to
        SQLITE_UPGRADE_TIMEOUT), not the founders' bounded busy timeout: it has nothing to do
        until the schema is there."""
        async with self.engine.connect() as connection:
            sqlite = connection.dialect.name == "sqlite"
            if sqlite:
                await connection.run_sync(_busy_timeout, SQLITE_UPGRADE_TIMEOUT)
            try:
                async with connection.begin():
                    await connection.run_sync(_upgrade)
            finally:
                if sqlite:
                    await connection.run_sync(_busy_timeout, SQLITE_BUSY_TIMEOUT)

    async def current_revision(self) -> str | None:
        """Returns the schema's Alembic revision, None before the first migration."""
        async with self.engine.connect() as connection:
            return await connection.run_sync(_current_revision)

    async def dispose(self) -> None:
        """Closes every pooled connection."""
        await self.engine.dispose()


def _busy_timeout(connection: Connection, seconds: int) -> None:
    """Sets SQLite's busy timeout on the driver's connection, outside any transaction (a
    statement through SQLAlchemy would begin one, which takes the write lock)."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(f"PRAGMA busy_timeout={seconds * 1000}")
    finally:
        cursor.close()


def _current_revision(connection: Connection) -> str | None:
    """Returns the revision stored in alembic_version, if any."""
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()
