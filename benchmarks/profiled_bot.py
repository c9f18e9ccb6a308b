"""`python -m bot` under cProfile, measuring the main thread's CPU between two signals.

    python -m benchmarks.profiled_bot OUT.prof run

SIGUSR1 starts the profile, SIGUSR2 stops it and writes OUT.prof (pstats) and, beside it,
OUT.sql.json: the SQLite statements run meanwhile, counted by verb and table. The load benchmark
(`bot_load --profile DIR`) sends them around a phase's measured window, so start-up and the
warm-up stay out. The timer is the thread's CPU clock: time waiting on the database thread, the
network or another process for the cores is not counted, as the benchmark's CPU column does not.
"""

from __future__ import annotations

import collections
import cProfile
import json
import re
import signal
import sqlite3
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

STATEMENTS: collections.Counter[str] = collections.Counter()
COUNTING = [False]


def _kind(statement: str) -> str:
    """Returns a statement's verb and first table."""
    words = statement.split()
    if not words:
        return "?"
    verb = words[0].upper()
    if verb == "BEGIN":
        return " ".join(words[:2]).upper()
    if verb in ("INSERT", "DELETE"):
        return f"{verb} {words[2]}" if len(words) > 2 else verb
    if verb == "UPDATE":
        return f"UPDATE {words[1]}" if len(words) > 1 else verb
    if verb in ("SELECT", "WITH"):
        tables = re.findall(r"\bFROM\s+(\w+)", statement, re.IGNORECASE)
        return f"SELECT {tables[0] if tables else ''}".strip()
    return verb


def _counting_connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
    """Opens an SQLite connection that counts its statements while the profile runs."""
    connection = _connect(*args, **kwargs)

    def trace(statement: str) -> None:
        if COUNTING[0]:
            STATEMENTS[_kind(statement)] += 1

    connection.set_trace_callback(trace)
    return connection


_connect = sqlite3.connect


def main() -> int:
    """Runs the bot's command line with the profile switched by SIGUSR1/SIGUSR2."""
    out = Path(sys.argv[1])
    profiler = cProfile.Profile(time.thread_time)

    def start(_signal: int, _frame: FrameType | None) -> None:
        STATEMENTS.clear()
        COUNTING[0] = True
        profiler.enable()

    def stop(_signal: int, _frame: FrameType | None) -> None:
        profiler.disable()
        COUNTING[0] = False
        profiler.dump_stats(out)
        counts = dict(STATEMENTS.most_common())
        out.with_suffix(".sql.json").write_text(json.dumps(counts, indent=1))

    sqlite3.connect = _counting_connect  # type: ignore[assignment]

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    from bot.cli import main as bot_main

    return bot_main(sys.argv[2:])


# Guarded: the chart workers (multiprocessing "spawn") import the main module again.
if __name__ == "__main__":
    sys.exit(main())
