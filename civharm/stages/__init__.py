"""Pipeline stages: pure functions over domain objects, no database, no network."""
