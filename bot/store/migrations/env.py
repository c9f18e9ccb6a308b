"""Alembic environment: runs on the connection Database.upgrade passes in, or on DATABASE_URL
when the alembic command runs it (see bot/store/alembic.ini)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from bot.store.models import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Runs the migrations on an open connection; SQLite alters tables in batch mode."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_on_configured_database() -> None:
    """Runs the migrations on the database the settings name (the alembic command's path)."""
    from bot.config import load_settings
    from bot.store.db import Database

    db = await Database.connect(load_settings().database_url)
    try:
        async with db.engine.begin() as connection:
            await connection.run_sync(run_migrations)
    finally:
        await db.dispose()


if context.is_offline_mode():
    raise RuntimeError("offline (--sql) migrations are not supported; run them on a database")
passed_in = context.config.attributes.get("connection")
if passed_in is not None:
    run_migrations(passed_in)
else:
    asyncio.run(run_on_configured_database())
