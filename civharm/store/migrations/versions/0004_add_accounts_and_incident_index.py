"""Accounts (users, API tokens) and a narrow, indexed copy of the incident fields.

The review app filters, sorts and maps incidents through `incident_index`, which holds
no JSON, so that 100,000 incidents can be listed without reading their documents.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_incident_index_date": ["date", "id"],
    "ix_incident_index_country_date": ["country", "date", "id"],
    "ix_incident_index_admin1_date": ["admin1", "date", "id"],
    "ix_incident_index_status_date": ["status", "date", "id"],
    "ix_incident_index_grade_date": ["grade", "date", "id"],
    "ix_incident_index_perpetrator_date": ["perpetrator", "date", "id"],
    "ix_incident_index_killed": ["killed_max", "id"],
    "ix_incident_index_map": ["lat", "lon", "killed_min", "geo_precision", "id"],
}


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
    op.create_table(
        "incident_index",
        sa.Column("id", sa.String(40), sa.ForeignKey("incidents.id"), primary_key=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("grade", sa.String(20)),
        sa.Column("date", sa.Date()),
        sa.Column("place", sa.Text()),
        sa.Column("admin1", sa.Text()),
        sa.Column("country", sa.String(2)),
        sa.Column("perpetrator", sa.Text()),
        sa.Column("victims", sa.String(20)),
        sa.Column("killed_min", sa.Integer()),
        sa.Column("killed_max", sa.Integer()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("geo_precision", sa.String(10)),
        sa.Column("updated", sa.DateTime(timezone=True), nullable=False),
        sa.Column("search", sa.Text()),
    )
    for name, columns in INDEXES.items():
        op.create_index(name, "incident_index", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "incident_index")
    op.drop_table("incident_index")
    op.drop_table("api_tokens")
    op.drop_table("users")
