"""Start-up benchmark: CPU of `python -m bot run` from exec to its first getUpdates, warm.

    python -m benchmarks.startup [--starts 5]

The bot runs against the Bot API stand-in on 127.0.0.1 (tests/e2e/botapi.py) with its own
SQLite file: the first start migrates and seeds it (cold, shown apart), every later start finds
it ready and the operating system's file cache warm (warm: issue 14's figure, target 0.8 s).
The echo bot (benchmarks/echo_bot.py, python-telegram-bot alone) is started the same way
beside it, as the anchor: what importing PTB and polling costs here. CPU is user + system time
of the process (Linux /proc), read when the stand-in sees the first poll; the process then ends
by SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from tests.e2e.botapi import BotApiServer
from tests.e2e.process import BotProcess, bot_env

ECHO_COMMAND = ("-m", "benchmarks.echo_bot")
BOT_COMMAND = ("-m", "bot", "run")
TARGET_S = 0.8  # issue 14: start-up CPU, warm


async def _cpu_at_first_poll(api: BotApiServer, workdir: Path, command: tuple[str, ...]) -> float:
    """Starts one process, returns its CPU seconds once it polls, and stops it."""
    process = BotProcess(api, workdir, bot_env(api, workdir), command=command)
    try:
        await process.start()
        return process.cpu_seconds()
    finally:
        await process.stop()


async def _measure(starts: int) -> list[tuple[str, float, float, float]]:
    """Returns (what, first start, warm median, warm max) for the bot and the echo bot."""
    api = BotApiServer()
    await api.start()
    rows = []
    try:
        for name, command in (("echo bot (PTB alone)", ECHO_COMMAND), ("smallbatch", BOT_COMMAND)):
            with tempfile.TemporaryDirectory(prefix="sb-startup-") as folder:
                workdir = Path(folder)
                first = await _cpu_at_first_poll(api, workdir, command)
                warm = [await _cpu_at_first_poll(api, workdir, command) for _ in range(starts)]
            rows.append((name, first, statistics.median(warm), max(warm)))
    finally:
        await api.stop()
    return rows


def _table(rows: Sequence[tuple[str, float, float, float]], starts: int) -> str:
    """Returns the printed table."""
    out = [
        f"{'process':<22} {'first s':>8} {'warm p50 s':>11} {'warm max s':>11} {'x echo':>7}",
        "-" * 63,
    ]
    echo = rows[0][2]
    for name, first, median, most in rows:
        out.append(f"{name:<22} {first:>8.2f} {median:>11.2f} {most:>11.2f} {median / echo:>7.2f}")
    out.append(
        f"\nCPU seconds (user + system) from exec to the first getUpdates; warm: median of "
        f"{starts} starts on a ready database; target for smallbatch warm: <= {TARGET_S} s."
    )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the benchmark and prints its table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5, help="warm starts per process")
    args = parser.parse_args(argv)
    if not 1 <= args.starts <= 50:
        parser.error("--starts must be between 1 and 50")
    print(_table(asyncio.run(_measure(args.starts)), args.starts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
