"""End-to-end fixtures: the Bot API stand-in on 127.0.0.1 and the REAL bot process against it.

`python -m bot run` is started as a subprocess with BOT_TOKEN=123456:TEST,
BOT_API_BASE_URL=<stand-in>/bot and an SQLite file in tmp_path, exactly as in production; tests
play users through `botapi` and read what the bot sent. Every test here is marked `e2e`.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path

import pytest

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


@pytest.fixture
async def start_bot(botapi: BotApiServer, tmp_path: Path) -> AsyncIterator[StartBot]:
    """Yields a function that starts the real bot: `await start_bot(admin_ids=[...])`."""
    started: list[BotProcess] = []

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
        process = BotProcess(botapi, tmp_path, env)
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
