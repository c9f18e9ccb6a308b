"""Opening the database and the knowledge base: migrations, first-start seeding, one-line errors.

Shared by the CLI commands and the assistant, so every front end fails the same clear way.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy.exc import DBAPIError

from bot.config import Settings
from bot.core.types import InputError, Supplier, Taxonomy
from bot.knowledge_files import load_taxonomy
from bot.seeding import ensure_seeded
from bot.store.db import Database
from bot.store.suppliers import Snapshot, SupplierStore

logger = logging.getLogger(__name__)


async def open_database(settings: Settings) -> Database:
    """Returns the connected database with every migration applied."""
    try:
        db = await Database.connect(settings.database_url)
    except OSError as exc:  # e.g. the SQLite file's folder cannot be created
        raise InputError("DATABASE_URL", f"cannot open the database: {exc}") from None
    try:
        await db.upgrade()
    except (OSError, DBAPIError) as exc:
        await db.dispose()
        logger.debug("cannot open the database", exc_info=True)
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise InputError("DATABASE_URL", f"cannot open the database: {reason}") from None
    except BaseException:
        await db.dispose()
        raise
    return db


@asynccontextmanager
async def opened_database(settings: Settings) -> AsyncIterator[Database]:
    """Yields the migrated database for one command and releases it afterwards."""
    db = await open_database(settings)
    try:
        yield db
    finally:
        await db.dispose()


async def open_knowledge(
    settings: Settings, *, seed_if_empty: bool = True
) -> tuple[Database, list[Supplier], Taxonomy]:
    """Returns the database, its live suppliers and the taxonomy, seeding an empty base first."""
    db, snapshot, taxonomy = await open_snapshot(
        settings, timedelta(0), seed_if_empty=seed_if_empty
    )
    return db, snapshot.suppliers, taxonomy


async def open_snapshot(
    settings: Settings, overlap: timedelta, *, seed_if_empty: bool = True
) -> tuple[Database, Snapshot, Taxonomy]:
    """Returns the database, a snapshot of its live suppliers with the stamps of the changes
    within `overlap` of the latest (SupplierStore.snapshot), and the taxonomy, seeding an
    empty base first."""
    db = await open_database(settings)
    try:
        if seed_if_empty:
            await ensure_seeded(db, settings.knowledge_dir)
        async with db.readers() as session:
            snapshot = await SupplierStore(session).snapshot(overlap)
        taxonomy = load_taxonomy(settings.knowledge_dir)
    except BaseException:
        await db.dispose()
        raise
    return db, snapshot, taxonomy
