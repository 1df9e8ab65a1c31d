"""Syndication signatures and LSH band keys; article credits; stable mention keys.

Band keys and shingle fingerprints live in indexed tables, so the copies of a new article
are found by lookups rather than by scanning every stored article.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), primary_key=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
    )
    op.create_table(
        "article_bands",
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
    )
    op.create_index("ix_article_bands_key", "article_bands", ["band", "key"])
    op.create_index("ix_article_bands_article_id", "article_bands", ["article_id"])
    op.create_table(
        "article_prints",
        sa.Column("print", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id"), nullable=False),
    )
    op.create_index("ix_article_prints_print", "article_prints", ["print"])
    op.create_index("ix_article_prints_article_id", "article_prints", ["article_id"])
    with op.batch_alter_table("articles") as batch_op:
        batch_op.add_column(sa.Column("credit", sa.Text(), nullable=True))
    with op.batch_alter_table("mentions") as batch_op:
        batch_op.add_column(sa.Column("key", sa.String(120), nullable=True))
        batch_op.create_index("ix_mentions_key", ["key"])


def downgrade() -> None:
    with op.batch_alter_table("mentions") as batch_op:
        batch_op.drop_index("ix_mentions_key")
        batch_op.drop_column("key")
    with op.batch_alter_table("articles") as batch_op:
        batch_op.drop_column("credit")
    op.drop_table("article_prints")
    op.drop_table("article_bands")
    op.drop_table("article_signatures")
