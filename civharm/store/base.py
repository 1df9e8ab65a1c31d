"""What every part of the `Store` shares: the engine, closing it, and the process lock."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager
from types import TracebackType
from typing import Any, Self

from sqlalchemy.engine import Engine

from civharm.store.lock import ProcessLock


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def jsonable(value: Any) -> Any:
    """Dates as ISO strings, so that JSON columns round-trip on every database."""
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


class StoreBase:
    """A migrated database. Use as a context manager so the engine is always disposed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = ProcessLock(engine)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.engine.dispose()

    def exclusive(self) -> AbstractContextManager[None]:
        """Hold the database's process lock (see `civharm.store.lock`): for work that
        reads, decides and writes back, such as resolving stories and incidents."""
        return self._lock.held()
