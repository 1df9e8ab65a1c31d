"""Bring a database's schema up to date once, however many processes open it together.

The version is checked without a lock (the usual case: nothing to do), then again inside
a lock (SQLite's write lock; a PostgreSQL advisory lock), so that a second process that
raced the first finds the work done rather than creating the tables again.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection, Engine

from civharm.errors import DatabaseError
from civharm.store.engine import write

_MIGRATIONS = Path(__file__).parent / "migrations"

# The PostgreSQL advisory lock key held while migrating ("civh" in ASCII).
SCHEMA_LOCK = 0x63697668


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest revision; refuse one newer than this civharm."""
    logging.getLogger("alembic").setLevel(logging.WARNING)
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    heads = set(script.get_heads())
    with engine.connect() as conn:
        if _current(conn, script) == heads:
            return
    with write(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(SCHEMA_LOCK)))
        if _current(conn, script) == heads:  # another process migrated while we waited
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def _current(conn: Connection, script: ScriptDirectory) -> set[str]:
    current = set(MigrationContext.configure(conn).get_current_heads())
    known = {rev.revision for rev in script.walk_revisions()}
    if not current <= known:
        raise DatabaseError(
            f"the database schema ({', '.join(sorted(current))}) is newer than this "
            f"civharm knows; upgrade civharm"
        )
    return current
