"""Storage: `open_store(url)` gives a `Store` over SQLite (default) or PostgreSQL."""

from civharm.store.store import Store, open_store

__all__ = ["Store", "open_store"]
