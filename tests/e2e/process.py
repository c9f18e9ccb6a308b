"""The bot as a subprocess (`python -m bot run`) pointed at the Bot API stand-in.

Shared by the e2e fixtures (tests/e2e/conftest.py) and the load benchmark (benchmarks/bot_load.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from tests.e2e.botapi import BotApiServer

START_TIMEOUT = 60.0  # seconds: migrations, seeding and the index on a busy 2-core machine
STOP_TIMEOUT = 20.0
REPO = Path(__file__).resolve().parents[2]
# What a chat is still owed (bot/store/updates.py, bot/store/outbox.py): a claimed or "sending"
# row is one whose send has not been recorded yet; "unknown" and "failed" rows are never resent.
_UNHANDLED = "SELECT count(*) FROM updates WHERE chat_id = ? AND handled_at IS NULL"
_UNSENT = (
    "SELECT count(*) FROM outbox WHERE chat_id = ? AND status IN ('pending', 'claimed', 'sending')"
)


class BotProcess:
    """The bot as a subprocess (`python -m bot run`) with its log in a file."""

    def __init__(
        self,
        api: BotApiServer,
        workdir: Path,
        env: dict[str, str],
        command: tuple[str, ...] = ("-m", "bot", "run"),
    ) -> None:
        self.api = api
        self.command = command  # after the interpreter; the load benchmark's echo bot differs
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
                *self.command,
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

    def cpu_seconds(self) -> float:
        """Returns the CPU time (user + system) the bot process has used so far (Linux /proc)."""
        if self.process is None:
            return 0.0
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        # Fields 14 and 15 of /proc/<pid>/stat (utime, stime), in clock ticks; the slice
        # starts after the command name, at field 3.
        ticks = int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def owes(self, chat_id: int) -> bool | None:
        """Returns whether the bot has an update of the chat unhandled or an answer to it unsent
        (read from its SQLite file, which WAL lets others read); None on another database."""
        url = self.env.get("DATABASE_URL", "")
        if not url.startswith("sqlite:///"):
            return None
        path = Path(url.removeprefix("sqlite:///"))
        if not path.exists():
            return True  # not even migrated yet
        reader = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        with contextlib.closing(reader) as db:
            try:
                unhandled = db.execute(_UNHANDLED, (chat_id,)).fetchone()[0]
                unsent = db.execute(_UNSENT, (chat_id,)).fetchone()[0]
            except sqlite3.OperationalError:
                return True  # the schema is not there yet
        return bool(unhandled or unsent)

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
    # The bot's bytecode is cached (bot/__pycache__), as on a developer's machine and in the
    # image (pip compiles on install): compiling its ~80 modules at every start cost ~0.1 s CPU.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(extra or {})
    return env
