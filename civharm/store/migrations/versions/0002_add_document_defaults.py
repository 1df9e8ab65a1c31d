"""Remember the --published and --outlet defaults a document was ingested with.

Re-processing a document must resolve its dates against the same publication date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.add_column(sa.Column("default_published", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("default_outlet", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("documents") as batch_op:
        batch_op.drop_column("default_outlet")
        batch_op.drop_column("default_published")
