"""End-to-end fixtures: the Bot API stand-in on 127.0.0.1 and the REAL bot process against it.

`python -m bot run` is started as a subprocess with BOT_TOKEN=123456:TEST,
BOT_API_BASE_URL=<stand-in>/bot and an SQLite file in tmp_path, exactly as in production; tests
play users through `botapi` and read what the bot sent. Every test here is marked `e2e`.

The SQLite file starts as a copy of one the bot's own code migrated and seeded once per worker
(seeding 300 suppliers cost each test ~0.4 s CPU) when the bot would seed it from knowledge/;
a test marked `fresh_database` starts from no file at all, as a first start in production does.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bot.config import default_knowledge_dir
from bot.seeding import ensure_seeded
from bot.store.db import Database
from tests.e2e.botapi import BotApiServer
from tests.e2e.process import REPO, BotProcess, bot_env

TOKEN = "123456:TEST"

__all__ = ["REPO", "TOKEN", "BotProcess", "StartBot", "bot_env"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test under tests/e2e with `e2e`."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
async def botapi() -> AsyncIterator[BotApiServer]:
    """Yields the Bot API stand-in (no flood control; tests that need it build their own)."""
    api = BotApiServer(TOKEN)
    await api.start()
    yield api
    await api.stop()


StartBot = Callable[..., Awaitable[BotProcess]]


async def _migrate_and_seed(path: Path) -> None:
    """Does to an SQLite file what the bot's first start does before it polls."""
    database = await Database.connect(f"sqlite:///{path}")
    try:
        await database.upgrade()
        await ensure_seeded(database, default_knowledge_dir())
    finally:
        await database.dispose()  # the WAL is checkpointed into the file


@pytest.fixture(scope="session")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Returns an SQLite file migrated and seeded from knowledge/ (made once per worker)."""
    path = tmp_path_factory.mktemp("seeded") / "e2e.db"
    # In a thread of its own: the first test to need it asks from inside its event loop.
    with ThreadPoolExecutor(max_workers=1) as thread:
        thread.submit(asyncio.run, _migrate_and_seed(path)).result()
    return path


@pytest.fixture
async def start_bot(
    botapi: BotApiServer, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[StartBot]:
    """Yields a function that starts the real bot: `await start_bot(admin_ids=[...])`."""
    started: list[BotProcess] = []
    fresh = request.node.get_closest_marker("fresh_database") is not None

    async def start(
        *args: str,
        admin_ids: Iterable[int] = (),
        rate_limiter: bool = False,
        extra_env: dict[str, str] | None = None,
        ready: Callable[[], bool] | None = None,
    ) -> BotProcess:
        env = bot_env(
            botapi, tmp_path, admin_ids=admin_ids, rate_limiter=rate_limiter, extra=extra_env
        )
        database = tmp_path / "e2e.db"
        seeded_here = env["DATABASE_URL"] == f"sqlite:///{database}" and "KNOWLEDGE_DIR" not in env
        if seeded_here and not fresh and not database.exists():
            shutil.copyfile(request.getfixturevalue("seeded_database"), database)
        process = BotProcess(botapi, tmp_path, env)
        botapi.bot_owes = process.owes
        started.append(process)
        await process.start(*args, ready=ready)
        return process

    yield start
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            await process.stop()
        print(f"--- bot log ({process.log_path}) ---\n{process.log_tail(200)}")


@pytest.fixture
async def bot(start_bot: StartBot) -> BotProcess:
    """Returns the real bot, running, with no admin and no rate limiter."""
    return await start_bot()
