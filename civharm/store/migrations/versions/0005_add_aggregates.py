"""Keep aggregate claims ("8,000 killed since the war began") apart from mentions.

They carry the same provenance as a mention (article, evidence span, extractor version)
but are never merged into incidents.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aggregates",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("extractor_version", sa.String(40), nullable=False),
    )
    op.create_index("ix_aggregates_article_id", "aggregates", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_aggregates_article_id", table_name="aggregates")
    op.drop_table("aggregates")
