"""Connecting to a database that several processes may write at the same time.

SQLite waits for another process's write (a busy timeout) instead of failing with
"database is locked", and each write transaction takes the write lock as it begins
(`BEGIN IMMEDIATE`), so what it reads stays true until it commits. Rows named by their
content (a blob by its sha256, a document, an article's signature) are inserted with "on
conflict do nothing": two ingests of the same bytes store them once.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection, Engine

from civharm.errors import DatabaseError

# How long SQLite waits for another process's write transaction before giving up: far
# longer than any one transaction here (a document, a batch of incidents) takes.
BUSY_TIMEOUT_MS = 30_000


def normalise_url(url: str) -> str:
    """Accept a bare file path for SQLite and plain `postgresql://` for psycopg 3."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    _use_wal(cursor)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _use_wal(cursor: Any) -> None:
    """Switch the database to WAL (a setting kept in the file), retrying while another
    process opens the same new file: the switch needs an exclusive lock, and SQLite
    answers "database is locked" at once rather than wait for it with a shared lock held."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def connect(url: str) -> Engine:
    """An engine for `url` (see `normalise_url`); an SQLite file's folder is created."""
    url = normalise_url(url)
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        Path(url[len("sqlite:///") :]).expanduser().parent.mkdir(parents=True, exist_ok=True)
    try:
        engine = sa.create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as exc:
        raise DatabaseError(f"cannot use database {url!r}: {exc}") from None
    if engine.dialect.name == "sqlite":
        sa.event.listen(engine, "connect", _sqlite_pragmas)
    return engine


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """A write transaction. On SQLite it holds the write lock from its first statement:
    a read-then-write transaction that started as a reader could not wait for another
    writer, and would fail at once with "database is locked"."""
    with engine.begin() as conn:
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        yield conn


def insert_ignore(conn: Connection, table: sa.Table, row: dict[str, Any]) -> bool:
    """Insert one row unless its key is stored already; True when it was inserted.

    RETURNING tells which: psycopg gives no row count for an insert that ignores conflicts.
    """
    insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
    query = insert(table).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return conn.execute(query, row).first() is not None
