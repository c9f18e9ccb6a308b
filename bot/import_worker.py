"""A large import in a worker process: reading, validating and writing off the bot's event loop.

An import of thousands of rows costs seconds of CPU: parsing, validation, building the insert
parameters. In the bot's process that CPU holds the GIL (in a thread) or the event loop (the
inserts), and every other founder's turn waits behind it. In a spawned process it runs on its
own core; the bot then only follows the committed change (Assistant.refresh_index: in place, a
slice at a time), as it follows another instance's.

The import is still one transaction (all or nothing, as DESIGN.md requires): a bad row or a
concurrent import that won the race writes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.curation.admin import AdminInputError, Problem, plan_import, unknown_categories
from bot.core.markup import Reply
from bot.core.types import InputError, Supplier, Taxonomy
from bot.knowledge_files import read_records_bytes
from bot.store.db import Database
from bot.store.importing import import_suppliers
from bot.store.suppliers import SupplierStore, UpsertReport

# Writes an import's confirmation in its transaction (AdminService: to the outbox).
Confirm = Callable[[AsyncSession, UpsertReport], Awaitable[Sequence[Reply]]]
# How much lower the worker's CPU priority is than the bot's (Unix nice, 0-19).
WORKER_NICENESS = 10


@dataclass(frozen=True)
class ImportJob:
    """What a worker needs to import a file: the database, the file, who and when."""

    database_url: str
    data: bytes
    filename: str
    actor_id: int
    at: datetime
    taxonomy: Taxonomy


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (`report`), or why the file was refused (`problems`: nothing written);
    `unknown` lists the category ids the file uses that the taxonomy lacks."""

    report: UpsertReport | None
    problems: tuple[Problem, ...] = ()
    unknown: tuple[str, ...] = ()
    # the confirmation written in the import's own transaction (in the bot's process only)
    confirmation: tuple[Reply, ...] | None = None


async def run_import(
    job: ImportJob,
    db: Database | None = None,
    confirm: Confirm | None = None,
    *,
    plan_lower: bool = False,
) -> ImportOutcome:
    """Reads, validates and writes the file in one transaction (on `db`, or on a connection of
    its own), with `confirm`'s confirmation; a refusal is an outcome with problems, not an
    exception (it crosses processes). `plan_lower`: read and validate at a lower priority."""
    plan = _plan_lower if plan_lower else _plan
    try:  # CPU work: in a thread, so an import in the bot's own process lets chats go on
        suppliers = await asyncio.to_thread(plan, job)
    except AdminInputError as exc:
        return ImportOutcome(None, exc.problems)
    except InputError as exc:
        return ImportOutcome(None, (Problem(exc.field, exc.reason),))
    own = db is None
    database = await Database.connect(job.database_url) if db is None else db
    try:
        # The stored keys first, in a reader: on SQLite the write transaction holds the lock
        # every founder's turn needs, so it does only the writing (a supplier another change
        # adds meanwhile makes the insert fail: nothing is written, as for any such race).
        async with database.readers() as reader:
            known = await SupplierStore(reader).keys()
        async with database.sessions.begin() as session:
            report = await import_suppliers(
                session,
                suppliers,
                actor_id=job.actor_id,
                source=job.filename,
                at=job.at,
                known=known,
            )
            confirmation = None if confirm is None else tuple(await confirm(session, report))
    except InputError as exc:  # a concurrent import won the race: nothing was written
        return ImportOutcome(None, (Problem(exc.field, exc.reason),))
    finally:
        if own:
            await database.dispose()
    unknown = unknown_categories(suppliers, job.taxonomy)
    return ImportOutcome(report, unknown=unknown, confirmation=confirmation)


def _plan(job: ImportJob) -> list[Supplier]:
    """Returns the file's rows as suppliers, or raises InputError (every bad row listed)."""
    return plan_import(read_records_bytes(job.data, job.filename))


def _plan_lower(job: ImportJob) -> list[Supplier]:
    """Returns _plan's suppliers, read and validated at a lower priority (Linux: niceness is
    per thread, the writing thread keeps the bot's priority; elsewhere the whole process)."""
    with contextlib.suppress(OSError):  # not permitted: the import still runs
        if sys.platform == "linux":
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICENESS)
        else:
            os.nice(WORKER_NICENESS)
    return _plan(job)


def _work(job: ImportJob) -> ImportOutcome:
    """Runs in the worker process, at a lower priority than the bot: on a busy machine the
    founders' turns in the bot's process come first. On SQLite only reading and validating
    do: the writing holds the lock every founder's turn needs, and a low-priority holder
    would make them wait for the machine's other work too. On PostgreSQL the writing holds
    no lock a founder's turn takes (new rows, the suppliers it updates), so all of it does."""
    if _writes_lock_founders_out(job.database_url):
        return asyncio.run(run_import(job, plan_lower=True))
    with contextlib.suppress(OSError):  # before any thread starts: they inherit it (Linux)
        os.nice(WORKER_NICENESS)
    return asyncio.run(run_import(job))


def _writes_lock_founders_out(database_url: str) -> bool:
    """Returns whether an import's write transaction blocks founders' turns (SQLite: one
    writer at a time, and every turn writes its session)."""
    return make_url(database_url).get_backend_name() == "sqlite"


async def import_in_worker(job: ImportJob) -> ImportOutcome:
    """Returns the outcome of the import, run in a freshly spawned process (forking a process
    that runs threads is unsafe); the worker ends with the import."""
    pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
    try:
        return await asyncio.get_running_loop().run_in_executor(pool, _work, job)
    finally:
        pool.shutdown(wait=False)  # it has finished; joining would block the loop


def worker_url(db: Database) -> str | None:
    """Returns the URL a worker reaches the same database with; None for an in-memory SQLite
    database, which no other process can open."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"):
        return None
    return url.render_as_string(hide_password=False)


__all__ = ["Confirm", "ImportJob", "ImportOutcome", "import_in_worker", "run_import", "worker_url"]
