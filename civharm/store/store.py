"""`Store`: the database behind a project. Saves and reads rows; holds no business rules.

One class for callers, composed of one part per concern: documents and evidence, mentions
and aggregate claims, stories, incidents, the review app's queries, the review log, and
accounts. Every write is safe when several processes share the database (see `engine`).
"""

from __future__ import annotations

import sqlalchemy as sa

from civharm.errors import DatabaseError
from civharm.store.accounts import AccountStore
from civharm.store.base import jsonable as _jsonable
from civharm.store.documents import DocumentStore
from civharm.store.engine import connect, normalise_url
from civharm.store.incidents import IncidentStore, index_row
from civharm.store.mentions import MentionStore, aggregate_data, mention_row
from civharm.store.migrate import migrate
from civharm.store.reviews import ReviewStore
from civharm.store.search import IncidentFilters, SearchStore, fold
from civharm.store.stories import StoryStore

__all__ = [
    "IncidentFilters",
    "Store",
    "_jsonable",
    "aggregate_data",
    "fold",
    "index_row",
    "mention_row",
    "normalise_url",
    "open_store",
]


class Store(
    DocumentStore,
    MentionStore,
    StoryStore,
    IncidentStore,
    SearchStore,
    ReviewStore,
    AccountStore,
):
    """A migrated database. Use as a context manager so the engine is always disposed."""


def open_store(url: str) -> Store:
    """Open (creating and migrating as needed) the database at `url`."""
    engine = connect(url)
    try:
        migrate(engine)
    except sa.exc.OperationalError as exc:
        engine.dispose()
        raise DatabaseError(f"cannot open database {normalise_url(url)!r}: {exc.orig}") from None
    except DatabaseError:
        engine.dispose()
        raise
    return Store(engine)
