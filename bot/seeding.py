"""Seeding the knowledge base from knowledge/ (the curated YAML files)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from bot.core.curation.knowledge import format_errors, validate_rows
from bot.core.types import InputError, Supplier
from bot.knowledge_files import load_knowledge_dir
from bot.store.db import SEED_LOCK_ID, Database, lock_exclusively
from bot.store.importing import import_suppliers
from bot.store.suppliers import SupplierStore, UpsertReport

logger = logging.getLogger(__name__)

SEED_ACTOR = 0  # the program itself (CLI and start-up), not a Telegram user
# Seeding is an import from knowledge/; the audit's "after" names the source and the counts.


def load_curated(knowledge_dir: Path) -> list[Supplier]:
    """Returns the validated suppliers of knowledge/suppliers/*.yaml (InputError if any is bad)."""
    rows, _taxonomy = load_knowledge_dir(knowledge_dir)
    suppliers, errors = validate_rows(rows)
    if errors:
        lines = format_errors(errors)
        more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
        raise InputError("knowledge", f"{knowledge_dir}/suppliers: {lines[0]}{more}")
    return suppliers


async def seed(db: Database, knowledge_dir: Path) -> UpsertReport:
    """Validates every curated supplier, then adds or updates them all in one transaction."""
    suppliers = load_curated(knowledge_dir)
    async with db.sessions.begin() as session:
        await lock_exclusively(session, SEED_LOCK_ID)
        report = await import_suppliers(
            session,
            suppliers,
            actor_id=SEED_ACTOR,
            source=str(knowledge_dir),
            at=datetime.now(UTC),
        )
    logger.info("seeded %d suppliers (%d updated)", report.added, report.updated)
    return report


async def ensure_seeded(db: Database, knowledge_dir: Path) -> int:
    """Seeds from knowledge/ when the base has no supplier at all; returns how many were added.

    Soft-deleted suppliers count as "some": an admin who deleted everything keeps an empty base.
    """
    async with db.sessions() as session:
        if await SupplierStore(session).count_all() > 0:
            return 0
    suppliers = load_curated(knowledge_dir)
    if not suppliers:
        logger.warning("knowledge base is empty and %s has no suppliers to seed", knowledge_dir)
        return 0
    async with db.sessions.begin() as session:
        # Checked again under a lock: another instance starting now may be seeding too.
        await lock_exclusively(session, SEED_LOCK_ID)
        if await SupplierStore(session).count_all() > 0:
            return 0
        report = await import_suppliers(
            session,
            suppliers,
            actor_id=SEED_ACTOR,
            source=str(knowledge_dir),
            at=datetime.now(UTC),
        )
    logger.info(
        "knowledge base was empty: seeded %d suppliers from %s", report.added, knowledge_dir
    )
    return report.added
