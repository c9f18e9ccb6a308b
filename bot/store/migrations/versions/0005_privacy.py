"""Privacy and retention (issue 14): sessions found by founder (/forget) and by idle time (purge).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        op.f("ix_dialog_sessions_user_id"), "dialog_sessions", ["user_id"], unique=False
    )
    op.create_index(
        op.f("ix_dialog_sessions_updated_at"), "dialog_sessions", ["updated_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_dialog_sessions_updated_at"), table_name="dialog_sessions")
    op.drop_index(op.f("ix_dialog_sessions_user_id"), table_name="dialog_sessions")
