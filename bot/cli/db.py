"""`smallbatch db`: database upkeep (migrations, the retention purge)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import Any

from bot.cli.context import opened_database, settings_or_exit


def register(subparsers: Any) -> None:
    """Adds the `db` subcommand and its `upgrade` and `purge` actions."""
    parser = subparsers.add_parser(
        "db",
        help="database upkeep",
        description="Database upkeep. DATABASE_URL selects the database.",
    )
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    upgrade = actions.add_parser(
        "upgrade",
        help="apply every pending migration (also done on start)",
        description="Applies every pending schema migration; running it again changes nothing.",
    )
    upgrade.set_defaults(handler=upgrade_command)
    purge = actions.add_parser(
        "purge",
        help="delete conversations idle longer than RETENTION_DAYS (also done by run, daily)",
        description="Deletes conversations with no message for RETENTION_DAYS days (default 180).",
    )
    purge.set_defaults(handler=purge_command)


def upgrade_command(args: argparse.Namespace) -> int:
    """Applies the migrations and prints the schema revision."""
    settings = settings_or_exit()

    async def run() -> str | None:
        async with opened_database(settings) as db:
            return await db.current_revision()

    revision = asyncio.run(run())
    sys.stdout.write(f"database schema at revision {revision}\n")
    return 0


def purge_command(args: argparse.Namespace) -> int:
    """Deletes the idle conversations and prints how many."""
    from bot.privacy_service import PrivacyService

    settings = settings_or_exit()

    async def run() -> int:
        async with opened_database(settings) as db:
            return await PrivacyService(db, settings.retention_days).purge()

    purged = asyncio.run(run())
    sys.stdout.write(
        f"deleted {purged} conversations idle for more than {settings.retention_days} days\n"
    )
    return 0
