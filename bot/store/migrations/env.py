"""Alembic environment: runs on the connection that Database.upgrade passes in."""

from __future__ import annotations

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


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `smallbatch db upgrade` (it passes the connection in)")
run_migrations(connection)
