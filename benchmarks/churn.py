"""Churn benchmark: admin changes at scale while founders talk to the bot, one process.

    python -m benchmarks.churn [--size 100000] [--import-rows 10000] [--founders 8] [--edits 20]

On a scratch PostgreSQL database (created and dropped; PGURL, default
postgresql://postgres@127.0.0.1:5432/test) or, when PostgreSQL is not reachable or with
--sqlite, a temporary SQLite file. It seeds `--size` synthetic suppliers (stamped an hour ago:
the base existed before the instance started), then measures:
- startup: loading every row as an instance starts (SupplierStore.snapshot: the rows and the
  stamps of the latest changes, so the first sync does not read them again) and building
  the index;
- edit: `/editsupplier ID keywords ...` through the admin service, from the command to the
  edited supplier being found by a search of its new keyword (each of `--edits` edits);
- import: a `--import-rows` CSV imported as a large /import is (bot/import_worker.py: read,
  validated and written in one transaction by a worker process; /import itself takes documents
  up to 1 MB, `kb import` runs in a process of its own), then followed by this instance in
  place (checked every second), while `--founders` founders each hold a conversation in a
  group (a turn, a pause of 0.25-0.75 s seeded per founder, the next; `--lockstep`: all start
  at once and pause exactly 0.5 s, as earlier runs did, which keeps their turns in step); the
  instance warms up first, as the bot does once it is up; every founder turn's time is
  recorded for `--quiet` seconds before the import and during the import and the sync (p50,
  p99, max).
  The import's rows must all be searchable when it ends.
Prints one table; the founders' turns include their session's database round trips.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from sqlalchemy import update

from benchmarks.corpus import make_suppliers
from benchmarks.search import load_taxonomy, percentile
from bot.assistant import SYNC_OVERLAP, Assistant
from bot.config import load_settings
from bot.core.types import Command, ReplyContext, SessionKey, Supplier, Text
from bot.import_worker import ImportJob, import_in_worker, worker_url
from bot.knowledge_files import export_csv
from bot.startup import open_database
from bot.store.db import Database
from bot.store.models import SupplierRow
from bot.store.suppliers import SupplierStore

PGURL = os.environ.get("PGURL", "postgresql://postgres@127.0.0.1:5432/test")
ADMIN = 1
# Founders talk in a group: the same dialog and search, without the private chat's charts
# (drawn in a worker process; their first spawn alone takes seconds on a busy machine).
_GROUP = ReplyContext(in_group=True)
# Seconds a founder pauses between turns on average (people read and type; without a pause a
# handful of founders saturate one process and every turn measures the others' CPU).
_THINK = 0.5
_CONVERSATION = (
    "/start", "custom mailer boxes", "300 a month", "budget 1500 eur", "germany", "/skip",
    "launch", "soy candles", "labels for candles", "/start",
)  # fmt: skip


def _suppliers(count: int, seed: int, prefix: str) -> list[Supplier]:
    """Returns synthetic suppliers with distinct (name, website) keys and no ids."""
    taxonomy = load_taxonomy()
    return [
        dataclasses.replace(s, id=None, website=f"{prefix}{n}.example")
        for n, s in enumerate(make_suppliers(count, taxonomy, seed=seed), start=1)
    ]


async def _scratch_database(use_sqlite: bool, folder: Path) -> tuple[str, str | None]:
    """Returns a database URL and, for PostgreSQL, the scratch database's name to drop."""
    if not use_sqlite:
        try:
            admin = await asyncpg.connect(PGURL, timeout=3)
        except (OSError, asyncpg.PostgresError) as exc:
            sys.stderr.write(f"PostgreSQL not reachable ({exc}); using SQLite\n")
        else:
            name = f"bench_churn_{os.getpid()}"
            await admin.execute(f'CREATE DATABASE "{name}"')
            await admin.close()
            return f"{PGURL.rsplit('/', 1)[0]}/{name}", name
    return f"sqlite:///{folder / 'churn.db'}", None


async def _drop(name: str | None) -> None:
    if name is not None:
        admin = await asyncpg.connect(PGURL, timeout=3)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _pauses(number: int, lockstep: bool) -> Iterator[float]:
    """Yields a founder's pause before each turn: the first one spreads the founders' starts,
    the others are each between half and one and a half of _THINK (seeded per founder).

    With `lockstep` every founder starts at once and pauses exactly _THINK: their turns then
    interleave at every await, end together and start together again, so each turn waits for
    all the others' work (and the same kind of turn, a search or a /skip, for all of them at
    once). People do not type in step; this is the figure earlier runs reported.
    """
    if lockstep:
        yield 0.0
        while True:
            yield _THINK
    rng = random.Random(number)
    yield rng.uniform(0.0, _THINK)
    while True:
        yield rng.uniform(0.5 * _THINK, 1.5 * _THINK)


async def _founder(
    assistant: Assistant,
    number: int,
    stop: asyncio.Event,
    timings: list[tuple[float, float]],
    *,
    lockstep: bool = False,
) -> None:
    """Talks to the bot until told to stop, recording (start time, seconds) per turn."""
    key = SessionKey(10_000 + number, 10_000 + number)
    pauses = _pauses(number, lockstep)
    turn = 0
    await asyncio.sleep(next(pauses))
    while not stop.is_set():
        text = _CONVERSATION[turn % len(_CONVERSATION)]
        event = Command(text[1:]) if text.startswith("/") else Text(text)
        started = time.perf_counter()
        await assistant.handle(key, event, _GROUP)
        timings.append((started, time.perf_counter() - started))
        turn += 1
        await asyncio.sleep(next(pauses))


async def _edits(assistant: Assistant, count: int) -> list[float]:
    """Returns the seconds from each /editsupplier to its new keyword being searchable."""
    service = assistant.admin_service
    assert service is not None
    ids = [s.id for s in assistant.index.suppliers[:: max(1, len(assistant.index) // count)]]
    out: list[float] = []
    # a warm-up edit first: first-call costs (statement compilation) are not per-edit costs
    await service.execute(ADMIN, Command("editsupplier", f"{ids[-1]} keywords warmup"))
    for number, supplier_id in enumerate(ids[:count]):
        word = f"zebrawood{chr(97 + number % 26)}{number}"
        started = time.perf_counter()
        await service.execute(ADMIN, Command("editsupplier", f"{supplier_id} keywords {word}"))
        hits = assistant.index.search(word).hits
        out.append(time.perf_counter() - started)
        if not hits or hits[0].supplier.id != supplier_id:
            raise SystemExit(f"edit of #{supplier_id} not searchable: {word}")
    return out


@dataclasses.dataclass(frozen=True)
class _UnderLoad:
    """What the import under load measured."""

    import_s: float  # the import's seconds
    searchable_s: float  # seconds until all of it was searchable
    quiet: list[float]  # founders' turn seconds before it...
    during: list[float]  # ...and during the import and the sync
    # this process's CPU seconds per quiet turn (turns, follower, everything): the turns' own
    # work, apart from waiting for a core on a busy machine
    quiet_cpu: float
    load: float  # the machine's 1-minute load average as the quiet phase ended


async def _import_under_load(
    assistant: Assistant, db: Database, args: argparse.Namespace
) -> _UnderLoad:
    """Returns the import's and the sync's seconds and the founders' turn times before and
    during it (import and sync)."""
    data = export_csv(_suppliers(args.import_rows, seed=99, prefix="import")).encode()
    expected = len(assistant.index) + args.import_rows
    url = worker_url(db)
    assert url is not None, "churn runs on a database file or server"
    job = ImportJob(url, data, "churn.csv", ADMIN, datetime.now(UTC), assistant.taxonomy)
    stop = asyncio.Event()
    timings: list[tuple[float, float]] = []
    tasks = [
        asyncio.create_task(_founder(assistant, n, stop, timings, lockstep=args.lockstep))
        for n in range(args.founders)
    ]
    await asyncio.sleep(1.0)  # the first turns create their sessions; CPU is counted after
    first, cpu = len(timings), time.process_time()
    await asyncio.sleep(args.quiet)  # founders alone first: the quiet figures
    before = len(timings)
    quiet_cpu = (time.process_time() - cpu) / max(1, before - first)
    load = os.getloadavg()[0]
    started = time.perf_counter()
    outcome = await import_in_worker(job)  # as a large /import: this instance then follows
    if outcome.report is None:
        raise SystemExit(f"import refused: {outcome.problems}")
    import_s = time.perf_counter() - started
    deadline = time.perf_counter() + 300.0
    while len(assistant.index) < expected and time.perf_counter() < deadline:  # noqa: ASYNC110 - polls a count, no event to wait on
        await asyncio.sleep(0.01)  # a founder's turn starts the sync; none waits for it
    searchable_s = time.perf_counter() - started
    end = time.perf_counter()
    stop.set()
    await asyncio.gather(*tasks)
    if len(assistant.index) < expected:
        raise SystemExit(f"import not searchable after 300 s: {len(assistant.index):,}")
    quiet = [t for _, t in timings[:before]]
    # every turn that overlapped the import or the sync
    during = [t for at, t in timings[before:] if at <= end and at + t >= started]
    return _UnderLoad(import_s, searchable_s, quiet, during, quiet_cpu, load)


def _row(name: str, values: Sequence[float], note: str = "") -> str:
    ms = [v * 1000.0 for v in values]
    return (
        f"{name:<34} {len(ms):>6} {statistics.median(ms):>9.1f} {percentile(ms, 0.99):>9.1f}"
        f" {max(ms):>9.1f}  {note}"
    )


async def run(args: argparse.Namespace) -> str:
    """Runs the benchmark and returns the table."""
    with tempfile.TemporaryDirectory() as folder:
        url, scratch = await _scratch_database(args.sqlite, Path(folder))
        try:
            return await _measure(args, url)
        finally:
            await _drop(scratch)


async def _measure(args: argparse.Namespace, url: str) -> str:
    settings = load_settings({"DATABASE_URL": url, "ADMIN_IDS": str(ADMIN)})
    db = await open_database(settings)
    async with db.sessions.begin() as session:
        await SupplierStore(session).upsert_many(_suppliers(args.size, seed=7, prefix="s"))
        # the knowledge base was there before this instance started (not changed a moment ago)
        earlier = datetime.now(UTC) - timedelta(hours=1)
        await session.execute(update(SupplierRow).values(created_at=earlier, updated_at=earlier))
    started = time.perf_counter()
    async with db.readers() as session:  # as build_assistant reads it
        snapshot = await SupplierStore(session).snapshot(SYNC_OVERLAP)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    assistant = Assistant(
        settings,
        db,
        load_taxonomy(),
        snapshot.suppliers,
        kb_watermark=snapshot.watermark,
        kb_applied=snapshot.stamps,
        kb_check_seconds=1.0,
    )
    build_s = time.perf_counter() - started
    del snapshot
    try:
        assistant.start_warm_up()  # as the bot does once it is up (bot/telegram/app.py)
        await assistant.warmed_up()
        edits = await _edits(assistant, args.edits)
        measured = await _import_under_load(assistant, db, args)
        size = len(assistant.index)
    finally:
        await assistant.close()
    engine = "PostgreSQL" if url.startswith("postgresql") else "SQLite"
    head = f"{'':<34} {'n':>6} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9}"
    return "\n".join(
        [
            f"churn on {engine}: {args.size:,} suppliers, import of {args.import_rows:,} rows,"
            f" {args.founders} founders{' in lockstep' if args.lockstep else ''}",
            f"startup: load rows {load_s:.2f} s (a snapshot), build index {build_s:.2f} s",
            head,
            "-" * len(head),
            _row("edit -> searchable", edits, "(/editsupplier, commit, in-place sync)"),
            _row(
                "founder turn, no import",
                measured.quiet,
                f"(CPU {measured.quiet_cpu * 1000:.1f} ms a turn; load average"
                f" {measured.load:.1f} on {os.cpu_count()} cores)",
            ),
            _row(
                "founder turn, during import + sync",
                measured.during,
                f"(import {measured.import_s:.1f} s, all searchable after"
                f" {measured.searchable_s:.1f} s)",
            ),
            f"index after the import: {size:,} suppliers"
            f" (expected {args.size + args.import_rows:,})",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.churn", description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--founders", type=int, default=8)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--quiet", type=float, default=10.0, help="seconds before the import")
    parser.add_argument("--sqlite", action="store_true", help="use SQLite even if PG is up")
    parser.add_argument(
        "--lockstep",
        action="store_true",
        help="founders start together and pause exactly 0.5 s (the earlier runs' figures)",
    )
    args = parser.parse_args(argv)
    sys.stdout.write(asyncio.run(run(args)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
