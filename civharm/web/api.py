"""The JSON API under /api/v1: incidents, mentions, documents and stories, read-only.

Errors come back as `{"error": {"code": …, "message": …}}` (see app.py). Lists are paged
with `page` and `per_page` (bounds in paging.py; out of bounds is a 422) and say how many
records match in all.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request

from civharm.exports.rows import documents as document_records
from civharm.exports.rows import incident_values
from civharm.exports.rows import mentions as mention_records
from civharm.store.store import IncidentFilters
from civharm.web.auth import project_of
from civharm.web.paging import Page, PerPage
from civharm.web.visibility import (
    check_incident,
    incident_filters,
    is_anonymous,
    logged_in_only,
    reader,
)

router = APIRouter(prefix="/api/v1", tags=["api"])

# The values a filter or a sort may take: anything else is a 422, not an empty or unsorted
# list (the review vocabulary is civharm.review's; a test keeps the two the same).
Grade = Literal["confirmed", "fair", "weak", "contested", "discounted"]
Status = Literal["machine", "reviewed", "confirmed", "discounted"]
Victims = Literal["civilians", "military", "unknown"]
Sort = Literal[
    "date", "-date", "killed", "-killed", "place", "-place", "grade", "-grade",
    "status", "-status", "updated", "-updated",
]  # fmt: skip


def filters(
    request: Request,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    place: str | None = None,
    admin1: str | None = None,
    country: str | None = None,
    perpetrator: str | None = None,
    victims: Victims | None = None,
    grade: Grade | None = None,
    status: Status | None = None,
    q: str | None = None,
) -> IncidentFilters:
    """The filters of a request; anonymous readers in public mode see confirmed incidents only."""
    chosen = IncidentFilters(
        date_from, date_to, place, admin1, country, perpetrator, victims, grade, status, q
    )
    return incident_filters(reader(request), chosen)


@router.get("/incidents")
def list_incidents(
    request: Request,
    chosen: Annotated[IncidentFilters, Depends(filters)],
    sort: Sort = "-date",
    page: Page = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    """Incidents, filtered, sorted (`date`, `killed`, `place`, `grade`, `status`; `-` for
    descending) and paged."""
    total, rows = project_of(request).store.list_incidents(
        chosen, sort=sort, page=page, per_page=per_page
    )
    return {
        "total": total,
        "page": page,
        "per_page": per_page,
        "incidents": [incident_values(r) for r in rows],
    }


@router.get("/incidents/{incident_id}")
def get_incident(request: Request, incident_id: str) -> dict[str, Any]:
    """One incident; its review log (reviewers' names and notes) only for logged-in readers."""
    who = reader(request)
    row = project_of(request).store.incident(incident_id)
    check_incident(who, row)
    if is_anonymous(who):
        return incident_values(row)
    return {
        **incident_values(row),
        "review_log": project_of(request).store.review_events(incident_id),
    }


@router.get("/mentions")
def list_mentions(request: Request, page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
    logged_in_only(reader(request), "mentions")
    store = project_of(request).store
    found = list(mention_records(store, limit=per_page, offset=(page - 1) * per_page))
    return {"total": store.counts()["mentions"], "page": page, "mentions": found}


@router.get("/documents")
def list_documents(request: Request, page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
    logged_in_only(reader(request), "documents")
    store = project_of(request).store
    found = list(document_records(store, limit=per_page, offset=(page - 1) * per_page))
    return {"total": store.counts()["documents"], "page": page, "documents": found}


@router.get("/documents/{sha256}")
def get_document(request: Request, sha256: str) -> dict[str, Any]:
    logged_in_only(reader(request), "documents")
    row = project_of(request).store.document(sha256)
    return {
        "sha256": row["sha256"],
        "doc_id": row["doc_id"],
        "media_type": row["media_type"],
        "size": row["size"],
        "title": row["title"],
        "outlet": row["outlet"],
        "published": row["published"],
        "url": row["url"],
        "text": row["text"],
        "spans": [
            {"start": start, "end": end, "incident_id": span["incident_id"]}
            for span in project_of(request).store.document_spans(sha256)
            for start, end in (span["data"] or {}).get("evidence", [])
        ],
    }


@router.get("/stories")
def list_stories(request: Request, page: Page = 1, per_page: PerPage = 50) -> dict[str, Any]:
    logged_in_only(reader(request), "stories")
    return {
        "page": page,
        "stories": project_of(request).store.stories(page=page, per_page=per_page),
    }


@router.get("/map")
def map_cells(
    request: Request,
    chosen: Annotated[IncidentFilters, Depends(filters)],
    west: float = -180,
    south: float = -90,
    east: float = 180,
    north: float = 90,
    zoom: Annotated[int, Query(ge=0, le=20)] = 5,
) -> dict[str, Any]:
    """Incidents clustered on the server into grid cells that shrink as the map zooms in."""
    cell = 360 / (2 ** (zoom + 3))
    cells = project_of(request).store.map_cells(chosen, cell=cell, bbox=(west, south, east, north))
    return {"cell_degrees": cell, "cells": cells}
