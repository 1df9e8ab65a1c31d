"""The JSON API under /api/v1: incidents, mentions, documents and stories, read-only.

Errors come back as `{"error": {"code": …, "message": …, "field": …}}` (see errors.py).
Lists are paged with `page` and `per_page` (bounds in paging.py; out of bounds is a 422)
and come in one envelope (`total`, `page`, `per_page`, `next`, `prev`) with the same
links in a `Link` header. Every answer has a model in schemas.py, so /openapi.json
describes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from civharm.errors import InvalidField
from civharm.exports.rows import aggregates as aggregate_records
from civharm.exports.rows import documents as document_records
from civharm.exports.rows import incident_values
from civharm.exports.rows import mentions as mention_records
from civharm.filters import FILTERS, parse_filters
from civharm.store.store import IncidentFilters
from civharm.web import schemas
from civharm.web.auth import BEARER, project_of
from civharm.web.errors import ERROR_RESPONSES
from civharm.web.paging import Page, PerPage, envelope
from civharm.web.visibility import (
    check_incident,
    incident_filters,
    is_anonymous,
    logged_in_only,
    reader,
)

router = APIRouter(
    prefix="/api/v1", tags=["api"], dependencies=[Depends(BEARER)], responses=ERROR_RESPONSES
)

# Countries are stored as ISO 3166-1 alpha-2 codes: a longer value was a 500, not a 422.
Country = Annotated[
    str | None, Query(pattern="^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code.")
]
# A map's bounds: Leaflet gives longitudes past ±180 when the world wraps, so no range.
Degrees = Annotated[float, Query(allow_inf_nan=False)]
# The values a filter or a sort may take: anything else is a 422, not an empty or unsorted
# list (the review vocabulary is civharm.review's; a test keeps the two the same).
Grade = Literal["confirmed", "fair", "weak", "contested", "discounted"]
Status = Literal["machine", "reviewed", "confirmed", "discounted"]
Victims = Literal["civilians", "military", "unknown"]
# Four decimal numbers: with digits bounded, every one is finite.
BBOX = r"^-?\d{1,3}(\.\d{1,20})?(,-?\d{1,3}(\.\d{1,20})?){3}$"
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
    country: Country = None,
    perpetrator: str | None = None,
    victims: Victims | None = None,
    grade: Grade | None = None,
    status: Status | None = None,
    q: str | None = None,
    dated: Annotated[Literal["yes", "no"] | None, Query(description=FILTERS["dated"])] = None,
    since: Annotated[dt.datetime | None, Query(description=FILTERS["since"])] = None,
    bbox: Annotated[str | None, Query(pattern=BBOX, description=FILTERS["bbox"])] = None,
) -> IncidentFilters:
    """The filters of a request, read as every page, export and CLI command reads them;
    anonymous readers in public mode see confirmed incidents only."""
    given = {
        "date_from": date_from, "date_to": date_to, "place": place, "admin1": admin1,
        "country": country, "perpetrator": perpetrator, "victims": victims, "grade": grade,
        "status": status, "q": q, "dated": dated, "since": since, "bbox": bbox,
    }  # fmt: skip
    return read_filters(request, given)


def read_filters(request: Request, values: Mapping[str, object]) -> IncidentFilters:
    """`civharm.filters.parse_filters` for a request: a value it refuses is a 422 naming the
    parameter, like FastAPI's own checks, and public mode narrows what is left."""
    who = reader(request)  # a 401 before any 422: nobody learns what the filters accept
    try:
        chosen = parse_filters(values)
    except InvalidField as exc:
        problem = {"loc": ("query", exc.field), "msg": exc.reason, "type": "value_error"}
        raise RequestValidationError([problem]) from None
    return incident_filters(who, chosen)


@router.get("/incidents", response_model=schemas.IncidentPage)
def list_incidents(
    request: Request,
    response: Response,
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
        **envelope(request, response, total=total, page=page, per_page=per_page),
        "incidents": [incident_values(r) for r in rows],
    }


@router.get(
    "/incidents/{incident_id}",
    response_model=schemas.IncidentDetail,
    response_model_exclude_unset=True,  # no `review_log` key at all for anonymous readers
)
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


@router.get("/mentions", response_model=schemas.MentionPage)
def list_mentions(
    request: Request,
    response: Response,
    incident: Annotated[
        str | None, Query(description="Only the mentions merged into this incident.")
    ] = None,
    page: Page = 1,
    per_page: PerPage = 50,
) -> dict[str, Any]:
    """Mentions in the order they were stored, each with the sentences it was read from."""
    logged_in_only(reader(request), "mentions")
    store = project_of(request).store
    offset = (page - 1) * per_page
    found = list(mention_records(store, incident=incident, limit=per_page, offset=offset))
    total = store.mention_count(incident=incident)
    return {
        **envelope(request, response, total=total, page=page, per_page=per_page),
        "mentions": found,
    }


@router.get("/documents", response_model=schemas.DocumentPage)
def list_documents(
    request: Request, response: Response, page: Page = 1, per_page: PerPage = 50
) -> dict[str, Any]:
    """Preserved documents, first seen first, without their text."""
    logged_in_only(reader(request), "documents")
    store = project_of(request).store
    found = list(document_records(store, limit=per_page, offset=(page - 1) * per_page))
    total = store.counts()["documents"]
    return {
        **envelope(request, response, total=total, page=page, per_page=per_page),
        "documents": found,
    }


@router.get("/documents/{sha256}", response_model=schemas.DocumentDetail)
def get_document(request: Request, sha256: str) -> dict[str, Any]:
    """One document: its text, the spans read as evidence, and its aggregate claims."""
    logged_in_only(reader(request), "documents")
    store = project_of(request).store
    row = store.document(sha256)
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
            for span in store.document_spans(sha256)
            for start, end in (span["data"] or {}).get("evidence", [])
        ],
        "aggregates": list(aggregate_records(store, document=row["sha256"])),
    }


@router.get("/stories", response_model=schemas.StoryPage)
def list_stories(
    request: Request, response: Response, page: Page = 1, per_page: PerPage = 50
) -> dict[str, Any]:
    """Stories: the copies of one article, which count as one source."""
    logged_in_only(reader(request), "stories")
    store = project_of(request).store
    return {
        **envelope(request, response, total=store.story_count(), page=page, per_page=per_page),
        "stories": store.stories(page=page, per_page=per_page),
    }


@router.get("/map", response_model=schemas.MapCells)
def map_cells(
    request: Request,
    chosen: Annotated[IncidentFilters, Depends(filters)],
    west: Degrees = -180,
    south: Degrees = -90,
    east: Degrees = 180,
    north: Degrees = 90,
    zoom: Annotated[int, Query(ge=0, le=20)] = 5,
) -> dict[str, Any]:
    """Incidents clustered on the server into grid cells that shrink as the map zooms in.
    Not paged: the cells of one view are bounded by the grid, not by the archive."""
    cell = 360 / (2 ** (zoom + 3))
    cells = project_of(request).store.map_cells(chosen, cell=cell, bbox=(west, south, east, north))
    return {"cell_degrees": cell, "cells": cells}
