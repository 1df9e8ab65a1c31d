"""Server-rendered pages: incidents, an incident, a document, map, timeline.

Uploads (uploads.py), logins and the users page (users.py) have their own modules.

Every page is rendered by Jinja2 with autoescaping; text from documents is only ever
inserted escaped, and highlighted spans are built from escaped pieces.
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from markupsafe import Markup, escape

from civharm.errors import CivharmError, UsageError
from civharm.exports import EXPORTERS, RECORDS
from civharm.exports.rows import incident_values
from civharm.filters import FILTERS, VICTIMS, filter_query
from civharm.review import EDITABLE, GRADES, REVERT, STATUSES, reverted
from civharm.store.store import IncidentFilters
from civharm.web.api import read_filters
from civharm.web.auth import check_csrf, csrf_token, project_of, require, viewer
from civharm.web.paging import Page
from civharm.web.sources import source_groups
from civharm.web.visibility import (
    check_export,
    check_incident,
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


def _filters(request: Request) -> IncidentFilters:
    """The filters in the query string, read as the API and the CLI read them."""
    return read_filters(request, request.query_params)


def _views(chosen: IncidentFilters) -> dict[str, Any]:
    """What every filtered page needs to link to the others, and to exports, with the same
    filters (public mode's narrowing included: it changes nothing for who sees it)."""
    return {
        "filters": chosen,
        "query": filter_query(chosen),
        "grades": GRADES,
        "statuses": STATUSES,
        "victims": VICTIMS,
    }


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
        params=params,
        **_views(chosen),
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
    return render(
        request,
        "incident.html",
        incident=record,
        sources=record.get("sources") or [],
        # Only the mention's own sentences are shown: the text around them may tell
        # other, unreviewed incidents, and documents are for logged-in users.
        view=source_groups(project, incident_id, record),
        documents_linked=not anonymous,
        log=[] if anonymous else project.store.review_events(incident_id),
        undone={} if anonymous else reverted(project.store.review_log()),
        editable=EDITABLE,
        grades=GRADES,
        statuses=STATUSES,
        json=json.dumps,
    )


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
    who = reader(request)
    logged_in_only(who, "documents")
    project = project_of(request)
    try:
        row = project.store.document(sha256)
    except CivharmError:
        raise HTTPException(404, f"no document {sha256}") from None
    spans = [
        (start, end, "evidence", span["incident_id"])
        for span in project.store.document_spans(sha256)
        for start, end in (span["data"] or {}).get("evidence", [])
    ]
    totals = [
        {**claim, **(claim.get("data") or {})}
        for claim in project.store.aggregates(document=row["sha256"])
    ]
    spans += [(claim["start"], claim["end"], "aggregate", None) for claim in totals]
    articles = project.store.document_articles(sha256)
    log = project.document_log(sha256)
    return render(
        request,
        "document.html",
        document=row,
        body=_highlight(row["text"], spans),
        aggregates=totals,
        articles=articles,
        undated=sum(a["published_source"] in (None, "default") for a in articles),
        reviewed=project.document_dates().get(sha256),
        log=log,
        undone=reverted(project.store.review_log()) if log else {},
        json=json.dumps,
    )


def _highlight(text: str, spans: list[tuple[int, int, str, str | None]]) -> Markup:
    """The text escaped, with each evidence sentence (linked to its incident) and each
    aggregate claim marked; `#ev-START` and `#agg-START` lead to them."""
    out: list[Markup] = []
    at = 0
    for start, end, kind, incident in sorted(spans):
        if start < at:
            continue
        out.append(escape(text[at:start]))
        anchor = f"{'ev' if kind == 'evidence' else 'agg'}-{start}"
        marked = Markup('<mark id="{}" class="{}">{}</mark>').format(anchor, kind, text[start:end])
        link = f"/incidents/{incident}" if incident else None
        out.append(Markup('<a href="{}">{}</a>').format(link, marked) if link else marked)
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


@router.post("/documents/{sha256}/date")
async def document_date(request: Request, sha256: str) -> RedirectResponse:
    """Set the document's publication date, or revert one such decision: a review event
    each, and the document read again so its mentions' dates resolve."""
    who = require(request, "review")
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""), who)
    reason = str(form.get("reason") or "")
    project = project_of(request)
    try:
        if form.get("action") == REVERT:
            event = _event_id(form.get("event"))
            if event not in {e["id"] for e in project.document_log(sha256)}:
                raise UsageError(f"review event {event} is not about this document's date")
            project.revert(event, reason=reason, user=who.name)
        else:
            published = str(form.get("published") or "").strip()
            project.date_document(sha256, published, reason=reason, user=who.name)
    except CivharmError as exc:
        raise HTTPException(400, str(exc)) from None
    return RedirectResponse(f"/documents/{sha256}", status_code=303)


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
    """The map starts on the filtered incidents (or on `bbox`, the view a link kept); the
    points and the list beside it come from the API, which applies the public rule."""
    chosen = _filters(request)
    view = chosen.bbox or project_of(request).store.incident_bounds(chosen)
    without_view = replace(chosen, bbox=None)  # the view moves; the other filters stay
    return render(
        request,
        "map.html",
        tiles=request.app.state.settings.map_tiles,
        bounds=json.dumps(view),
        **_views(without_view),
    )


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, period: str = "month") -> HTMLResponse:
    chosen = _filters(request)
    period = period if period in ("week", "month") else "month"
    store = project_of(request).store
    rows = [
        {**row, "query": filter_query(_within(chosen, row["start"], row["end"]))}
        for row in store.timeline(chosen, period=period)
    ]
    # A timeline cannot place undated incidents: say how many there are and link to them.
    undated = 0 if chosen.dated else store.count_incidents(replace(chosen, dated=False))
    top = max((r["killed"] for r in rows), default=0) or 1
    most = max((r["incidents"] for r in rows), default=0) or 1
    return render(
        request,
        "timeline.html",
        rows=rows,
        top=top,
        most=most,
        period=period,
        undated=undated,
        undated_query=filter_query(replace(chosen, dated=False)),
        **_views(chosen),
    )


def _within(chosen: IncidentFilters, start: dt.date, end: dt.date) -> IncidentFilters:
    """The filters narrowed to one period of the timeline, never widened past their dates."""
    low = max(start, chosen.date_from) if chosen.date_from else start
    high = min(end, chosen.date_to) if chosen.date_to else end
    return replace(chosen, date_from=low, date_to=high)


@router.get("/export/{entity}.{fmt}")
def export(request: Request, entity: str, fmt: str) -> StreamingResponse:
    """An export with the filters of the page it was linked from; only incidents take them."""
    who = reader(request)
    if entity not in RECORDS or fmt not in EXPORTERS:
        raise HTTPException(404, "unknown export")
    check_export(who, entity)
    chosen = _filters(request) if entity == "incidents" else None
    if chosen is None and FILTERS.keys() & request.query_params.keys():
        raise HTTPException(422, f"only incidents can be exported with filters, not {entity}")
    # The spool must outlive this function: the response streams it, then it is collected.
    spool = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    project_of(request).export(
        entity,
        format=fmt,
        out=spool,  # type: ignore[arg-type]
        status=incident_status(who),
        filters=chosen,
    )
    spool.seek(0)
    media = {"jsonl": "application/x-ndjson", "csv": "text/csv", "geojson": "application/geo+json"}
    return StreamingResponse(
        iter(lambda: spool.read(1 << 16), b""),
        media_type=media.get(fmt, "application/octet-stream"),
        headers={"Content-Disposition": f'attachment; filename="{entity}.{fmt}"'},
    )
