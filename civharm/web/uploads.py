"""Uploading reports: the form, the upload (queued as a job, see jobs.py) and the job's
page and JSON, which say how far it is and what each file gave.

A job is shown to the user who uploaded it and to admins; to anyone else it does not exist.
File names come from the uploader and are shown escaped, like everything on a page.
"""

from __future__ import annotations

import datetime as dt
from contextlib import suppress
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from civharm.errors import NotFound
from civharm.exports.rows import incident_values
from civharm.readers import READERS
from civharm.web.auth import BEARER, Viewer, check_csrf, project_of, require
from civharm.web.errors import ERROR_RESPONSES
from civharm.web.jobs import IngestJobs
from civharm.web.pages import render
from civharm.web.schemas import Error, Job

router = APIRouter(include_in_schema=False)
api_router = APIRouter(
    prefix="/api/v1",
    tags=["api"],
    dependencies=[Depends(BEARER)],
    responses={**ERROR_RESPONSES, 403: {"model": Error, "description": "Not an ingester."}},
)


def jobs_of(request: Request) -> IngestJobs:
    jobs: IngestJobs = request.app.state.jobs
    return jobs


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    who = require(request, "ingest")
    mine = jobs_of(request).recent(None if who.may("users") else who.name)
    return render(
        request,
        "ingest.html",
        jobs=mine,
        formats=sorted(READERS),
        max_file_mb=project_of(request).settings.max_file_mb,
    )


@router.post("/ingest")
async def ingest_upload(request: Request) -> RedirectResponse:
    """Save the files and queue them; the answer is the job's page, at once."""
    who = require(request, "ingest")
    form = await request.form()
    check_csrf(request, str(form.get("csrf") or ""), who)
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile) and f.filename]
    if not uploads:
        raise HTTPException(400, "choose at least one file to upload")
    jobs = jobs_of(request)
    if not jobs.running:
        raise HTTPException(503, "the ingest worker is not running: restart the server")
    published = _date(str(form.get("published") or "").strip())
    outlet = str(form.get("outlet") or "").strip() or None
    files = [(u.filename or "upload", u.file) for u in uploads]
    # Saving copies the bytes to disk: off the event loop, like the ingest itself.
    job = await run_in_threadpool(
        jobs.submit, files, user=who.name, published=published, outlet=outlet
    )
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


def _date(value: str) -> dt.date | None:
    """The form's publication date: empty for none, else a day as `<input type=date>` sends it."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise HTTPException(
            400, f"the publication date must be YYYY-MM-DD, not {value!r}"
        ) from None


def _job(request: Request, job_id: str) -> dict[str, Any]:
    who: Viewer = require(request, "ingest")
    job = jobs_of(request).get(job_id)
    if job is None or (job["user"] != who.name and not who.may("users")):
        raise HTTPException(
            404, f"no upload job {job_id} (jobs are kept in memory: a restart forgets them)"
        )
    return job


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, job_id: str) -> HTMLResponse:
    job = _job(request, job_id)
    return render(request, "job.html", job=job, incidents=_incidents(request, job))


def _incidents(request: Request, job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The new documents' incidents as the incident list shows them, read when the page is:
    a review since the upload shows. One merged away since is left out (its link shows
    its id alone)."""
    store = project_of(request).store
    found: dict[str, dict[str, Any]] = {}
    for result in job["files"]:
        for document in result["documents"]:
            for incident_id in document["incidents"] or ():
                if incident_id not in found:
                    with suppress(NotFound):
                        found[incident_id] = incident_values(store.incident(incident_id))
    return found


@api_router.get("/jobs/{job_id}", response_model=Job)
def job_json(request: Request, job_id: str) -> dict[str, Any]:
    """An upload job: `state` (queued, running, done, failed), `files_done` of
    `files_total`, `documents_done`, `resolving`, each file's result, and `error` when
    it failed."""
    return _job(request, job_id)
