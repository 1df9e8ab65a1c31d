"""Account lifecycle: disabled users, expiring and revocable tokens, server-side sessions.

A login session is a row, so that logging out, a password change or disabling a user
ends it for good: a copy of the old cookie finds no row. Only hashes of session ids are
stored, as for tokens.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("disabled", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column("api_tokens", sa.Column("prefix", sa.String(16)))
    op.add_column("api_tokens", sa.Column("expires", sa.DateTime(timezone=True)))
    op.add_column("api_tokens", sa.Column("revoked", sa.DateTime(timezone=True)))
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_sessions_user_id", "sessions", ["user_id"])
    op.create_index("ix_sessions_last_seen", "sessions", ["last_seen"])


def downgrade() -> None:
    op.drop_index("ix_sessions_last_seen", table_name="sessions")
    op.drop_index("ix_sessions_user_id", table_name="sessions")
    op.drop_table("sessions")
    op.drop_index("ix_api_tokens_user_id", table_name="api_tokens")
    with op.batch_alter_table("api_tokens") as batch:
        batch.drop_column("revoked")
        batch.drop_column("expires")
        batch.drop_column("prefix")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("disabled")
