"""One live supplier per (name, website): the database, not only the app, refuses a duplicate.

Two admins adding the same supplier at the same moment could both pass the application's check
on PostgreSQL; a partial unique index (live rows only, so a soft-deleted twin may stay) closes it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.drop_index("ix_suppliers_key", table_name="suppliers")
    op.create_index(
        "ux_suppliers_live_key",
        "suppliers",
        ["name_key", "website_key"],
        unique=True,
        sqlite_where=_LIVE,
        postgresql_where=_LIVE,
    )


def downgrade() -> None:
    op.drop_index("ux_suppliers_live_key", table_name="suppliers")
    op.create_index("ix_suppliers_key", "suppliers", ["name_key", "website_key"], unique=False)
