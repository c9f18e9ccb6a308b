"""The import worker's priority: below the bot's, except for SQLite's writing (its lock)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest

from bot import import_worker
from bot.core.types import Taxonomy
from bot.import_worker import WORKER_NICENESS, ImportJob, ImportOutcome


def _job(url: str) -> ImportJob:
    return ImportJob(url, b"", "rows.csv", 1, datetime(2026, 12, 1, tzinfo=UTC), Taxonomy())


@dataclass
class _Calls:
    nice: list[int] = field(default_factory=list)
    plan_lower: list[bool] = field(default_factory=list)


@pytest.fixture
def recorded(monkeypatch: pytest.MonkeyPatch) -> _Calls:
    """Records the worker's calls to os.nice and run_import instead of making them."""
    calls = _Calls()

    def nice(increment: int) -> int:
        calls.nice.append(increment)
        return increment

    async def run_import(job: ImportJob, *, plan_lower: bool = False) -> ImportOutcome:
        calls.plan_lower.append(plan_lower)
        return ImportOutcome(None)

    monkeypatch.setattr("os.nice", nice)
    monkeypatch.setattr(import_worker, "run_import", run_import)
    return calls


def test_on_postgresql_the_whole_worker_runs_below_the_bots_priority(recorded: _Calls) -> None:
    import_worker._work(_job("postgresql+asyncpg://postgres@127.0.0.1:5432/kb"))

    assert recorded.nice == [WORKER_NICENESS]  # the process, before its threads start
    assert recorded.plan_lower == [False]  # nothing left to lower apart


def test_on_sqlite_only_reading_and_validating_run_lower(recorded: _Calls) -> None:
    import_worker._work(_job("sqlite+aiosqlite:////tmp/kb.db"))

    assert recorded.nice == []  # the writing keeps the bot's priority: it holds the lock
    assert recorded.plan_lower == [True]
