"""Server-rendered pages: incidents, an incident, a document, map, timeline.

Uploads (uploads.py), logins and the users page (users.py) have their own modules.

Every page is rendered by Jinja2 with autoescaping; text from documents is only ever
inserted escaped, and highlighted spans are built from escaped pieces.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from markupsafe import Markup, escape

from civharm.errors import CivharmError, UsageError
from civharm.exports import EXPORTERS, RECORDS
from civharm.exports.rows import incident_values
from civharm.review import EDITABLE, GRADES, REVERT, STATUSES, reverted
from civharm.store.store import IncidentFilters
from civharm.web.auth import check_csrf, csrf_token, project_of, require, viewer
from civharm.web.paging import Page
from civharm.web.visibility import (
    check_export,
    check_incident,
    incident_filters,
    incident_status,
    is_anonymous,
    logged_in_only,
    reader,
)

router = APIRouter(include_in_schema=False)
SORTS = ("-date", "date", "-killed", "killed", "place", "grade", "status", "-updated")


def render(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    who = viewer(request)
    return request.app.state.templates.TemplateResponse(  # type: ignore[no-any-return]
        request,
        template,
        {"who": who, "csrf": csrf_token(request), "exports": list(EXPORTERS), **context},
        status_code=status,
    )


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _country(value: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code, as stored; anything else is no filter, like a bad date."""
    return value.upper() if value and len(value) == 2 and value.isascii() else None


def _filters(request: Request) -> IncidentFilters:
    q = request.query_params
    chosen = IncidentFilters(
        date_from=_date(q.get("date_from")),
        date_to=_date(q.get("date_to")),
        place=q.get("place") or None,
        admin1=q.get("admin1") or None,
        country=_country(q.get("country")),
        perpetrator=q.get("perpetrator") or None,
        victims=q.get("victims") or None,
        grade=q.get("grade") or None,
        status=q.get("status") or None,
        q=q.get("q") or None,
    )
    return incident_filters(reader(request), chosen)


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/incidents", status_code=303)


@router.get("/incidents", response_class=HTMLResponse)
def incidents_page(request: Request, sort: str = "-date", page: Page = 1) -> HTMLResponse:
    chosen = _filters(request)
    sort = sort if sort in SORTS else "-date"
    total, rows = project_of(request).store.list_incidents(
        chosen, sort=sort, page=page, per_page=50
    )
    params = {k: v for k, v in request.query_params.items() if k not in ("page", "sort") and v}
    return render(
        request,
        "incidents.html",
        incidents=[incident_values(r) for r in rows],
        total=total,
        page=page,
        pages=max(1, (total + 49) // 50),
        sort=sort,
        filters=chosen,
        params=params,
        grades=GRADES,
        statuses=STATUSES,
    )


@router.get("/incidents/{incident_id}", response_class=HTMLResponse)
def incident_page(request: Request, incident_id: str) -> HTMLResponse:
    who = reader(request)
    project = project_of(request)
    try:
        row = project.store.incident(incident_id)
    except CivharmError:
        raise HTTPException(404, f"no incident {incident_id}") from None
    check_incident(who, row)
    anonymous = is_anonymous(who)
    record = incident_values(row)
    sources = []
    for source in record.get("sources") or []:
        # The text around a quote may tell other, unreviewed incidents.
        context = None if anonymous else _context(project, source)
        sources.append({**source, "context": context})
    return render(
        request,
        "incident.html",
        incident=record,
        sources=sources,
        log=[] if anonymous else project.store.review_events(incident_id),
        undone={} if anonymous else reverted(project.store.review_log()),
        editable=EDITABLE,
        grades=GRADES,
        statuses=STATUSES,
        json=json.dumps,
    )


def _context(project: Any, source: dict[str, Any]) -> Markup | None:
    """The quoted sentence highlighted inside the text around it, escaped."""
    digest = project.store.document_sha(source.get("doc_id"))
    if digest is None or source.get("start") is None:
        return None
    text = project.store.document(digest)["text"]
    start, end = int(source["start"]), int(source["end"])
    low, high = project.store.article_bounds(digest, start) or (0, len(text))
    before, after = text[max(low, start - 300) : start], text[end : min(high, end + 300)]
    return Markup("…{}<mark>{}</mark>{}…").format(before, text[start:end], after)


@router.post("/incidents/{incident_id}/review")
async def review(request: Request, incident_id: str) -> RedirectResponse:
    who = require(request, "review")
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""), who)
    action = str(form.get("action") or "")
    reason = str(form.get("reason") or "")
    after: dict[str, Any] = {}
    if action == "edit":
        # Raw text: the one check in review_fields reads each value by its field's type.
        fields = {name: str(form.get(name) or "").strip() for name in EDITABLE}
        after["fields"] = {name: raw for name, raw in fields.items() if raw}
    elif action in ("grade", "status"):
        after[action] = str(form.get(action) or "")
    elif action == "merge":
        after["into"] = str(form.get("into") or "").strip()
    elif action == "split":
        after["keys"] = [str(k) for k in form.getlist("keys")]
    try:
        if action == REVERT:
            project_of(request).revert(_event_id(form.get("event")), reason=reason, user=who.name)
        else:
            project_of(request).review(action, incident_id, reason=reason, user=who.name, **after)
    except CivharmError as exc:
        raise HTTPException(400, str(exc)) from None
    target = after.get("into") if action == "merge" else incident_id
    return RedirectResponse(f"/incidents/{target}", status_code=303)


def _event_id(value: object) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise UsageError(f"revert needs a review event id, not {value!r}") from None


@router.get("/documents/{sha256}", response_class=HTMLResponse)
def document_page(request: Request, sha256: str) -> HTMLResponse:
    logged_in_only(reader(request), "documents")
    project = project_of(request)
    try:
        row = project.store.document(sha256)
    except CivharmError:
        raise HTTPException(404, f"no document {sha256}") from None
    spans = sorted(
        (start, end, span["incident_id"])
        for span in project.store.document_spans(sha256)
        for start, end in (span["data"] or {}).get("evidence", [])
    )
    totals = [
        {**claim, **(claim.get("data") or {})}
        for claim in project.store.aggregates(document=row["sha256"])
    ]
    return render(
        request,
        "document.html",
        document=row,
        body=_highlight(row["text"], spans),
        aggregates=totals,
    )


def _highlight(text: str, spans: list[tuple[int, int, str | None]]) -> Markup:
    out: list[Markup] = []
    at = 0
    for start, end, incident in spans:
        if start < at:
            continue
        out.append(escape(text[at:start]))
        link = f"/incidents/{incident}" if incident else None
        marked = Markup("<mark>{}</mark>").format(text[start:end])
        out.append(Markup('<a href="{}">{}</a>').format(link, marked) if link else marked)
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


@router.get("/documents/{sha256}/original")
def original(request: Request, sha256: str) -> Response:
    """The preserved bytes, streamed after a re-hash: a blob that went missing or changed on
    disk is refused with a 500 page (`EvidenceDamaged`, logged in app.py), never served
    under the hash it no longer has."""
    logged_in_only(reader(request), "documents")
    project = project_of(request)
    row = project.store.document(sha256)
    size, chunks = project.evidence.stream(sha256)
    name = "".join(c for c in Path(row["doc_id"]).name if c.isalnum() or c in "._-") or sha256
    return StreamingResponse(
        chunks,
        media_type="application/octet-stream",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Content-Length": str(size),
            "X-Content-SHA256": sha256,
        },
    )


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    reader(request)  # the points come from /api/v1/map, which applies the public rule
    return render(request, "map.html", tiles=request.app.state.settings.map_tiles)


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, period: str = "month") -> HTMLResponse:
    chosen = _filters(request)
    period = period if period in ("week", "month") else "month"
    rows = project_of(request).store.timeline(chosen, period=period)
    top = max((r["killed"] for r in rows), default=0) or 1
    most = max((r["incidents"] for r in rows), default=0) or 1
    return render(request, "timeline.html", rows=rows, top=top, most=most, period=period)


@router.get("/export/{entity}.{fmt}")
def export(request: Request, entity: str, fmt: str) -> StreamingResponse:
    who = reader(request)
    if entity not in RECORDS or fmt not in EXPORTERS:
        raise HTTPException(404, "unknown export")
    check_export(who, entity)
    # The spool must outlive this function: the response streams it, then it is collected.
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    project_of(request).export(
        entity,
        format=fmt,
        out=spool,  # type: ignore[arg-type]
        status=incident_status(who),
    )
    spool.seek(0)
    media = {"jsonl": "application/x-ndjson", "csv": "text/csv", "geojson": "application/geo+json"}
    return StreamingResponse(
        iter(lambda: spool.read(1 << 16), b""),
        media_type=media.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{entity}.{fmt}"'},
    )
