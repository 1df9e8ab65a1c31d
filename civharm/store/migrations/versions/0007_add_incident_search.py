"""A full-text index over `incident_index.search`, so that the list's `q` uses an index.

`LIKE '%word%'` could use none: counting the matches of one town scanned every incident.
Both engines index the same folded text, each its own way, under one name
(`incident_search`):

* SQLite: an FTS5 table kept by triggers on `incident_index`, so that every writer (the
  store, a bulk load, a hand-made fix) keeps it current. It holds its own copy of the text
  and its own rowids: `incident_index` has a text key, and SQLite may renumber such a
  table's rowids on VACUUM, which would point an external-content index at the wrong rows.
  A row is found again by `key`, the hex of the incident's id: one token, whatever
  characters the id holds.
* PostgreSQL: a GIN index on `to_tsvector('simple', search)`, which PostgreSQL keeps itself.
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SQLITE = (
    """
    CREATE VIRTUAL TABLE incident_search USING fts5(
        id UNINDEXED, key, search, tokenize = 'unicode61 remove_diacritics 2'
    )
    """,
    """
    CREATE TRIGGER incident_search_insert AFTER INSERT ON incident_index BEGIN
        INSERT INTO incident_search (id, key, search) VALUES (new.id, hex(new.id), new.search);
    END
    """,
    """
    CREATE TRIGGER incident_search_delete AFTER DELETE ON incident_index BEGIN
        DELETE FROM incident_search WHERE key MATCH '"' || hex(old.id) || '"' AND id = old.id;
    END
    """,
    """
    CREATE TRIGGER incident_search_update AFTER UPDATE OF id, search ON incident_index BEGIN
        DELETE FROM incident_search WHERE key MATCH '"' || hex(old.id) || '"' AND id = old.id;
        INSERT INTO incident_search (id, key, search) VALUES (new.id, hex(new.id), new.search);
    END
    """,
    "INSERT INTO incident_search (id, key, search) SELECT id, hex(id), search FROM incident_index",
)


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE INDEX incident_search ON incident_index "
            "USING gin (to_tsvector('simple', search))"
        )
        return
    for statement in _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX incident_search")
        return
    for trigger in ("insert", "delete", "update"):
        op.execute(f"DROP TRIGGER incident_search_{trigger}")
    op.execute("DROP TABLE incident_search")
