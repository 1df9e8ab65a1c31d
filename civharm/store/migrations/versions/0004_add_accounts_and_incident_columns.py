"""Accounts (users, API tokens) and the incident fields the review app filters and sorts on.

The incident fields stay in `data` too; these columns are copies with indexes, so that a
list of 100,000 incidents can be filtered and paged by the database.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_COLUMNS: list[tuple[str, Any]] = [
    ("date", sa.Date()),
    ("place", sa.Text()),
    ("admin1", sa.Text()),
    ("country", sa.String(2)),
    ("perpetrator", sa.Text()),
    ("victims", sa.String(20)),
    ("killed_min", sa.Integer()),
    ("killed_max", sa.Integer()),
    ("lat", sa.Float()),
    ("lon", sa.Float()),
    ("geo_precision", sa.String(10)),
    ("search", sa.Text()),
]


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(120), nullable=False, unique=True),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("incidents") as batch_op:
        for name, kind in _COLUMNS:
            batch_op.add_column(sa.Column(name, kind, nullable=True))
    for name in ("date", "admin1", "country", "perpetrator", "killed_max", "lat"):
        op.create_index(f"ix_incidents_{name}", "incidents", [name])


def downgrade() -> None:
    for name in ("date", "admin1", "country", "perpetrator", "killed_max", "lat"):
        op.drop_index(f"ix_incidents_{name}", "incidents")
    with op.batch_alter_table("incidents") as batch_op:
        for name, _ in reversed(_COLUMNS):
            batch_op.drop_column(name)
    op.drop_table("api_tokens")
    op.drop_table("users")
