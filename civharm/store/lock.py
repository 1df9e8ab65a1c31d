"""One process at a time per database, for work that reads, decides, then writes back.

Resolving stories and incidents reads what is stored, clusters it and writes the result
over many transactions; two processes doing it at once would each write a clustering made
without the other's, leaving stories and incidents that nothing points at.
"""

from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, nullcontext
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import Engine

# The PostgreSQL advisory lock key of `ProcessLock` ("civr" in ASCII).
PROCESS_LOCK = 0x63697672


class ProcessLock:
    """Held by one thread of one process at a time; re-entrant within its thread.

    SQLite: `flock` on a file beside the database (`civharm.db-lock`, kept: removing a
    lock file races with the next process opening it). PostgreSQL: a session advisory
    lock. An in-memory database belongs to one process anyway.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._threads = threading.RLock()
        self._depth = 0

    @contextmanager
    def held(self) -> Iterator[None]:
        with self._threads, ExitStack() as stack:
            if self._depth == 0:
                stack.enter_context(self._across_processes())
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1

    def _across_processes(self) -> AbstractContextManager[None]:
        url = self._engine.url
        if url.get_backend_name() == "postgresql":
            return _advisory_lock(self._engine)
        name = url.database or ""
        if name in ("", ":memory:") or name.startswith("file:"):
            return nullcontext()
        return _file_lock(Path(f"{name}-lock"))


@contextmanager
def _file_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def _advisory_lock(engine: Engine) -> Iterator[None]:
    with engine.connect() as conn:
        conn.execute(sa.select(sa.func.pg_advisory_lock(PROCESS_LOCK)))
        conn.commit()  # the lock is the session's: no transaction stays open
        try:
            yield
        finally:
            conn.execute(sa.select(sa.func.pg_advisory_unlock(PROCESS_LOCK)))
            conn.commit()
