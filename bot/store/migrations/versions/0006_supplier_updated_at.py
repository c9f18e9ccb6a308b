"""Suppliers found by change time: the incremental cross-instance refresh filters on updated_at.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_suppliers_updated_at"), "suppliers", ["updated_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_suppliers_updated_at"), table_name="suppliers")
