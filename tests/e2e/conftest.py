"""End-to-end fixtures: the Bot API stand-in on 127.0.0.1 and the REAL bot process against it.

`python -m bot run` is started as a subprocess with BOT_TOKEN=123456:TEST,
BOT_API_BASE_URL=<stand-in>/bot and an SQLite file in tmp_path, exactly as in production; tests
play users through `botapi` and read what the bot sent. Every test here is marked `e2e`.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path

import pytest

from tests.e2e.botapi import BotApiServer

TOKEN = "123456:TEST"
START_TIMEOUT = 60.0  # seconds: migrations, seeding and the index on a busy 2-core machine
STOP_TIMEOUT = 20.0
REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Marks every test under tests/e2e with `e2e`."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


class BotProcess:
    """The bot as a subprocess (`python -m bot run`) with its log in a file."""

    def __init__(self, api: BotApiServer, workdir: Path, env: dict[str, str]) -> None:
        self.api = api
        self.workdir = workdir
        self.env = env
        self.log_path = workdir / "bot.log"
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self, *args: str, ready: Callable[[], bool] | None = None) -> None:
        """Starts the bot; returns once it polls for updates or `ready()` is true."""
        if self.process is not None and self.process.returncode is None:
            raise RuntimeError("the bot is already running")
        self.starts += 1
        polls_before = self._polls()
        with self.log_path.open("ab") as log:
            log.write(f"\n----- start {self.starts} -----\n".encode())
            log.flush()
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "run",
                *args,
                cwd=self.workdir,
                env=self.env,
                stdout=log,
                stderr=log,
                stdin=asyncio.subprocess.DEVNULL,
            )
        await self.wait_until(
            ready or (lambda: self._polls() > polls_before), START_TIMEOUT, "to get ready"
        )

    def _polls(self) -> int:
        """Returns how many getUpdates calls the stand-in has seen."""
        return sum(1 for method, _ in self.api.requests if method == "getupdates")

    async def wait_until(self, ready: Callable[[], bool], within: float, what: str) -> None:
        """Waits for a condition while the process lives; raises with the log tail if it dies."""
        deadline = time.monotonic() + within
        while not ready():
            if self.process is not None and self.process.returncode is not None:
                raise AssertionError(
                    f"the bot exited ({self.process.returncode}) before {what}:\n{self.log_tail()}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the bot did not manage {what} in {within}s:\n{self.log_tail()}"
                )
            await asyncio.sleep(0.05)

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        """Sends a signal (SIGTERM: graceful) and returns the exit status."""
        process = self.process
        if process is None or process.returncode is not None:
            return process.returncode if process and process.returncode is not None else 0
        process.send_signal(sig)
        try:
            return await asyncio.wait_for(process.wait(), STOP_TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError(f"the bot ignored signal {sig}:\n{self.log_tail()}") from None

    async def kill(self) -> None:
        """Kills the bot at once (SIGKILL): no shutdown code runs."""
        await self.stop(signal.SIGKILL)

    def log_tail(self, lines: int = 60) -> str:
        """Returns the end of the bot's log."""
        if not self.log_path.exists():
            return "(no log)"
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def log(self) -> str:
        """Returns the bot's whole log."""
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def bot_env(
    api: BotApiServer,
    workdir: Path,
    *,
    admin_ids: Iterable[int] = (),
    rate_limiter: bool = False,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """Returns the environment of a bot process pointed at the stand-in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BOT_", "TELEGRAM_"))}
    env.update(
        {
            "BOT_TOKEN": api.token,
            "BOT_API_BASE_URL": api.base_url,
            "DATABASE_URL": f"sqlite:///{workdir / 'e2e.db'}",
            "ADMIN_IDS": ",".join(str(i) for i in admin_ids),
            "RATE_LIMITER": "1" if rate_limiter else "0",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "PYTHONPATH": str(REPO),
            "MPLBACKEND": "Agg",
        }
    )
    env.pop("WEBHOOK_SECRET", None)
    env.update(extra or {})
    return env


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
