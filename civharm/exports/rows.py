"""Turn stored rows into export records with exactly the fields in `fields.py`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

from civharm.exports.fields import FIELDS
from civharm.store import Store
from civharm.store.search import IncidentFilters


def _pick(entity: str, values: dict[str, Any]) -> dict[str, Any]:
    """Exactly the entity's fields; dates kept as JSON strings become dates again."""
    out = {f.name: values.get(f.name) for f in FIELDS[entity]}
    for f in FIELDS[entity]:
        value = out[f.name]
        if f.kind == "date" and isinstance(value, str):
            out[f.name] = dt.date.fromisoformat(value)
    return out


def documents(store: Store, **page: int) -> Iterator[dict[str, Any]]:
    for row in store.documents(**page):
        yield _pick("documents", row)


def articles(store: Store) -> Iterator[dict[str, Any]]:
    for row in store.articles():
        yield _pick("articles", {**row, "sha256": row["document_sha256"]})


def mentions(
    store: Store, *, incident: str | None = None, limit: int | None = None, offset: int = 0
) -> Iterator[dict[str, Any]]:
    """Mentions with their quotes: the first evidence sentence, then every sentence used."""
    for row in store.mentions(incident=incident, limit=limit, offset=offset):
        text: str = row["document_text"]
        values = {**row, **(row.get("data") or {})}
        values["quote"] = text[row["start"] : row["end"]]
        values["evidence"] = [
            {"start": start, "end": end, "quote": text[start:end]}
            for start, end in values.get("evidence") or []
        ]
        yield _pick("mentions", values)


def aggregates(
    store: Store, *, document: str | None = None, limit: int | None = None, offset: int = 0
) -> Iterator[dict[str, Any]]:
    """Aggregate claims: totals over a period or an area, never incidents; of one document
    (its sha256) or all."""
    for row in store.aggregates(document=document, limit=limit, offset=offset):
        yield _pick("aggregates", {**row, **(row.get("data") or {})})


def incident_values(row: dict[str, Any]) -> dict[str, Any]:
    """A stored incident row as an export record."""
    return _pick(
        "incidents",
        {
            **(row.get("data") or {}),
            "id": row["id"],
            "status": row["status"],
            "grade": row["grade"],
        },
    )


def incidents(
    store: Store, *, status: str | None = None, filters: IncidentFilters | None = None
) -> Iterator[dict[str, Any]]:
    """Every incident, or those the filters match and with `status` on top of them (public
    mode publishes confirmed ones, whatever the filters ask for)."""
    if status is None and filters is None:
        rows = store.incidents()
    else:
        chosen = filters or IncidentFilters()
        rows = store.matching_incidents(replace(chosen, status=status) if status else chosen)
    for row in rows:
        yield incident_values(row)


# Entity name → its records; every one can be called with the store alone.
RECORDS: dict[str, Callable[[Store], Iterator[dict[str, Any]]]] = {
    "incidents": incidents,
    "mentions": mentions,
    "aggregates": aggregates,
    "articles": articles,
    "documents": documents,
}
