"""Shared fixtures: `db_url` (SQLite in tmp_path, PostgreSQL when reachable) and `db`.

PostgreSQL comes from TEST_DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test. That
database is only the maintenance connection: every test gets its own fresh database
(sb_<hex>), dropped afterwards, so parallel runs never collide. When the server does not
answer, the PostgreSQL cases skip with the reason.

A test that asks for `db` gets its database as a copy of one migrated once per worker (an SQLite
file copy; CREATE DATABASE … TEMPLATE on PostgreSQL): migrating each copy again cost ~0.5 s a
test. `db` still runs `upgrade()` (a no-op on a current schema), and a test that asks only for
`db_url` gets an empty database, so the migrations themselves are tested from nothing. Used
PostgreSQL databases are dropped in a background thread: the next test need not wait for it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.store.db import Database

# Cache the test modules' rewritten bytecode and the bot's (__pycache__, ignored by git) even
# when PYTHONDONTWRITEBYTECODE is set: each worker compiled every module again at each run.
sys.dont_write_bytecode = False

DEFAULT_TEST_DATABASE_URL = "postgresql://postgres@127.0.0.1:5432/test"
_CONNECT_TIMEOUT = 3  # seconds; an absent server should not slow the suite down
# Maintenance URL -> "" when reachable, else the reason (checked once per session).
_POSTGRES_STATE: dict[str, str] = {}
# The suite mostly waits (bot processes, the Bot API stand-in's timeouts, PostgreSQL's disk):
# with two workers per core it took 226 s on 2 cores against 318 s with one (3,941 tests; its
# CPU is ~190 s either way). PYTEST_XDIST_AUTO_NUM_WORKERS overrides it.
_WORKERS_PER_CORE = 2
# Run first, so that the longest tests do not start last and leave the other workers idle: the
# fault tests, the other end-to-end tests, the property tests, then the PostgreSQL cases.
# xdist's default scheduler (`load`) first gives each worker a run of consecutive tests (a
# quarter of its share), then the rest in order as workers drain. Those first runs are filled
# here by expected cost, the costliest test to the run that is cheapest so far: the fault tests
# (each tens of seconds, mostly waiting out faults) go to two workers, not one after another
# on the first (150 s there alone kept the suite at ~237 s on a quiet machine), and the other
# slow tests to the other workers first. (`--dist worksteal` was tried: a worker inside a long
# test answers no steal request until the test ends, and the others sat idle meanwhile.)
_SLOW_FIRST = ("tests/e2e/test_faults.py", "tests/e2e/", "tests/core/test_dialog_fuzz.py")
# Rough seconds per test of each group above, then of the rest (measured on 2 cores).
_EXPECTED_SECONDS = (20.0, 3.0, 5.0, 0.05)
# Fault tests run on at most this many workers at once: each loads the machine with a bot, its
# chart workers and dozens of founders whose answers have deadlines.
_FAULT_WORKERS = 2


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Returns the worker count for `-n auto`: two per core the process may use."""
    del config  # the hook's signature
    override = os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS")
    if override and override.isdigit():
        return int(override)
    return _WORKERS_PER_CORE * len(os.sched_getaffinity(0))


def _rank(item: pytest.Item) -> int:
    """Returns the item's place in the run: slow groups first (see _SLOW_FIRST)."""
    path = Path(str(item.path)).resolve().relative_to(Path(__file__).resolve().parents[1])
    where = path.as_posix()
    for rank, prefix in enumerate(_SLOW_FIRST):
        if where.startswith(prefix):
            return rank
    return len(_SLOW_FIRST) + (0 if "postgresql" in item.name else 1)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Orders the tests slow first, dealt out across the workers' first runs (see _SLOW_FIRST);
    every worker computes the same order, as xdist requires."""
    items.sort(key=_rank)  # stable: the order within a group stays
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers > 1:
        items[:] = _dealt(items, workers)


def _cost(item: pytest.Item) -> float:
    """Returns the item's expected seconds (see _EXPECTED_SECONDS)."""
    return _EXPECTED_SECONDS[min(_rank(item), len(_EXPECTED_SECONDS) - 1)]


def _dealt(items: list[pytest.Item], workers: int) -> list[pytest.Item]:
    """Returns the items with the first runs of xdist's `load` scheduler filled by cost.

    Each worker's first run is `run` consecutive items (scheduler/load.py). Items, costliest
    first, go to the run with the least expected seconds so far that has room (fault tests only
    to the first _FAULT_WORKERS runs); what does not fit stays in order for the workers that
    drain first.
    """
    run = max(len(items) // workers // 4, 2)
    runs: list[list[pytest.Item]] = [[] for _ in range(workers)]
    seconds = [0.0] * workers
    rest: list[pytest.Item] = []
    for item in items:  # already slow first
        allowed = range(min(_FAULT_WORKERS, workers)) if _rank(item) == 0 else range(workers)
        open_runs = [n for n in allowed if len(runs[n]) < run]
        if not open_runs:
            rest.append(item)
            continue
        cheapest = min(open_runs, key=lambda n: seconds[n])
        runs[cheapest].append(item)
        seconds[cheapest] += _cost(item)
    return [item for first in runs for item in first] + rest


def _maintenance_url() -> str:
    """Returns the PostgreSQL URL the tests create their databases through (plain driver)."""
    url = make_url(os.environ.get("TEST_DATABASE_URL") or DEFAULT_TEST_DATABASE_URL)
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _where(url: str) -> str:
    """Returns host:port of a URL for messages."""
    parsed = make_url(url)
    return f"{parsed.host or 'localhost'}:{parsed.port or 5432}"


def _with_database(url: str, name: str) -> str:
    """Returns the URL with another database name."""
    return make_url(url).set(database=name).render_as_string(hide_password=False)


async def _execute(url: str, statement: str) -> None:
    """Runs one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    import asyncpg

    connection = await asyncpg.connect(url, timeout=_CONNECT_TIMEOUT)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


async def _migrate(url: str) -> None:
    """Applies every migration to the database at the URL and closes its connections."""
    database = await Database.connect(url)
    try:
        await database.upgrade()
    finally:
        await database.dispose()


# What a schema is made of: every relation (table, index, sequence, view) and every column.
_SCHEMA_SIGNATURE = """
SELECT md5(
    (SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname)
     FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public')
    || '|' ||
    (SELECT string_agg(table_name || '.' || column_name || ':' || data_type || ':'
                       || is_nullable || ':' || coalesce(column_default, ''),
                       ',' ORDER BY table_name, column_name)
     FROM information_schema.columns WHERE table_schema = 'public')
)
"""


async def _schema_signature(url: str) -> str:
    """Returns the fingerprint of the database's public schema."""
    import asyncpg

    connection = await asyncpg.connect(url, timeout=_CONNECT_TIMEOUT)
    try:
        return str(await connection.fetchval(_SCHEMA_SIGNATURE))
    finally:
        await connection.close()


async def _emptied(url: str, signature: str) -> bool:
    """Empties a used migrated database in place; False when its schema is not the template's.

    Every row goes (foreign keys are not checked while the whole schema empties in one
    transaction) and every sequence starts again at 1, so ids are those of a fresh database.
    """
    import asyncpg

    connection = await asyncpg.connect(url, timeout=_CONNECT_TIMEOUT)
    try:
        await connection.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        if await connection.fetchval(_SCHEMA_SIGNATURE) != signature:
            return False  # a test changed the schema: only a new copy is a fresh database
        tables = await connection.fetch(
            "SELECT tablename FROM pg_tables "
            "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
        )
        sequences = await connection.fetch(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
        )
        async with connection.transaction():
            await connection.execute("SET LOCAL session_replication_role = replica")
            for row in tables:
                # The names come from the catalogue, not from input.
                await connection.execute(f'DELETE FROM "{row[0]}"')  # noqa: S608
            for row in sequences:
                await connection.execute(f'ALTER SEQUENCE "{row[0]}" RESTART')
        return True
    finally:
        await connection.close()


class PostgresDatabases:
    """Hands out the tests' PostgreSQL databases: empty ones, and migrated ones used again.

    CREATE DATABASE and DROP DATABASE take ~0.6 s each (the server's disk), more than most
    tests. A migrated database a test is done with is emptied in place instead (every row
    deleted, sequences restarted, its schema checked against the template's, else dropped);
    empty databases are created per test and dropped in a background thread.
    """

    def __init__(self, maintenance_url: str) -> None:
        self.maintenance_url = maintenance_url
        self._dropper = ThreadPoolExecutor(max_workers=1, thread_name_prefix="drop-db")
        self._drops: list[Future[None]] = []
        self._template: tuple[str, str] | None = None  # name, schema signature
        self._idle: list[str] = []  # emptied migrated databases, ready for the next test

    def url(self, name: str) -> str:
        """Returns the URL of one of the databases."""
        return _with_database(self.maintenance_url, name)

    def create(self, *, migrated: bool) -> str:
        """Returns the name of a database to use: empty, or migrated and holding no rows."""
        if not migrated:
            return self._make(None)
        if self._idle:
            return self._idle.pop()
        return self._make(self._migrated_template()[0])

    def release(self, name: str, *, migrated: bool) -> None:
        """Takes a database back after its test: emptied for the next one, or dropped."""
        if migrated and asyncio.run(_emptied(self.url(name), self._migrated_template()[1])):
            self._idle.append(name)
        else:
            self.drop_later(name)

    def _make(self, template: str | None) -> str:
        """Creates a database (a copy of the template when given) and returns its name."""
        name = f"sb_{uuid.uuid4().hex}"
        source = f' TEMPLATE "{template}"' if template else ""
        asyncio.run(_execute(self.maintenance_url, f'CREATE DATABASE "{name}"{source}'))
        return name

    def _migrated_template(self) -> tuple[str, str]:
        """Returns this worker's migrated template database and its schema signature."""
        if self._template is None:
            name = self._make(None)
            self._template = (name, "")  # dropped at the end even if the migration fails
            asyncio.run(_migrate(self.url(name)))
            self._template = (name, asyncio.run(_schema_signature(self.url(name))))
        return self._template

    def drop_later(self, name: str) -> None:
        """Drops a database in the background (FORCE ends connections a test left open)."""
        statement = f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
        self._drops.append(
            self._dropper.submit(asyncio.run, _execute(self.maintenance_url, statement))
        )

    def close(self) -> None:
        """Drops every database left, the template last, and waits for the drops."""
        for name in self._idle:
            self.drop_later(name)
        if self._template is not None:
            self.drop_later(self._template[0])
        self._dropper.shutdown(wait=True)
        for drop in self._drops:
            drop.result()  # a failed drop is reported, not left unnoticed


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


@pytest.fixture(scope="session")
def postgres_databases(postgres_maintenance_url: str) -> Iterator[PostgresDatabases]:
    """Yields this worker's database maker; every database it made is dropped at the end."""
    databases = PostgresDatabases(postgres_maintenance_url)
    try:
        yield databases
    finally:
        databases.close()


def _wants_migrated(request: pytest.FixtureRequest) -> bool:
    """Returns whether the test also asks for `db` (so its database may start migrated)."""
    return "db" in request.fixturenames


@pytest.fixture
def postgres_url(
    request: pytest.FixtureRequest, postgres_databases: PostgresDatabases
) -> Iterator[str]:
    """Yields the URL of a fresh PostgreSQL database (empty, or migrated for `db`)."""
    migrated = _wants_migrated(request)
    name = postgres_databases.create(migrated=migrated)
    try:
        yield postgres_databases.url(name)
    finally:
        postgres_databases.release(name, migrated=migrated)


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Returns an SQLite file with every migration applied (made once per worker)."""
    path = tmp_path_factory.mktemp("template") / "smallbatch.db"
    asyncio.run(_migrate(f"sqlite:///{path}"))
    return path  # disposed: the WAL is checkpointed into the file, which alone is the copy


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Returns the URL of an SQLite file in the test's tmp_path."""
    path = tmp_path / "smallbatch.db"
    if _wants_migrated(request):
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


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
