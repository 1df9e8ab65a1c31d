"""Uploads run as background jobs: the page answers at once, reads stay fast meanwhile,
and the job's page tells its state, progress and each file's result, escaped."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from civharm import Project
from civharm.errors import DatabaseError
from civharm.web.jobs import IngestJobs

from .conftest import finished_job
from .test_pages import login

PLACES = ("Hajin", "Raqqa", "Mosul", "Idlib", "Aleppo", "Taiz", "Sirte", "Kandahar")


def records(count: int) -> bytes:
    """`count` short, distinct wire reports as JSON lines (seeded by their number)."""
    lines = []
    for n in range(count):
        place = PLACES[n % len(PLACES)]
        text = (
            f"Strike Report Number {n}\n\nSource: Wire {n % 5}\n"
            f"Shelling killed {n % 9 + 2} civilians in {place} on {n % 27 + 1} March 2018, "
            f"residents said. Report {n} adds that {n % 4 + 1} houses were destroyed.\n"
        )
        lines.append(json.dumps({"id": f"wire-{n}", "text": text, "published": "2018-03-30"}))
    return ("\n".join(lines) + "\n").encode()


def upload(client: Any, csrf: str, *files: tuple[str, bytes]) -> Any:
    return client.post(
        "/ingest",
        data={"csrf": csrf},
        files=[("files", f) for f in files],
        follow_redirects=False,
    )


def test_uploads_reads_stay_fast_while_a_job_runs(web: tuple[Project, Any]) -> None:
    # Issue #9: an upload of 400 records froze `GET /api/v1/incidents` for 10 s.
    project, client = web
    csrf = login(client, "researcher")
    before = project.counts()["documents"]
    count = 400
    started = time.perf_counter()
    response = upload(client, csrf, ("wire.jsonl", records(count)))
    assert response.status_code == 303
    assert time.perf_counter() - started < 5  # saved and queued, not ingested
    job_url = "/api/v1/jobs/" + response.headers["location"].rsplit("/", 1)[1]
    timings: list[float] = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        state = client.get(job_url).json()["state"]
        if state in ("done", "failed"):
            break
        if state == "running":
            t0 = time.perf_counter()
            read = client.get("/api/v1/incidents?per_page=1")
            took = time.perf_counter() - t0
            assert read.status_code == 200
            if client.get(job_url).json()["state"] == "running":
                timings.append(took)  # answered while the ingest went on
        time.sleep(0.02)
    job = finished_job(client, response)
    assert job["state"] == "done", job
    assert len(timings) >= 3, f"the job ran too briefly to measure reads ({timings})"
    assert max(timings) < 1.0, f"a read took {max(timings):.2f} s during an upload"
    assert job["summary"]["new_documents"] == count
    assert job["documents_done"] == count and job["files_done"] == job["files_total"] == 1
    assert project.counts()["documents"] == before + count


def test_uploads_two_files_of_one_name_both_ingest(web: tuple[Project, Any]) -> None:
    # Two files called report.txt in one upload, and a third in the next: none overwrites
    # another, each is its own document.
    project, client = web
    csrf = login(client, "researcher")
    texts = [
        f"Report {place}\n\nSource: Wire\nShelling killed 4 people in {place} on Monday.\n"
        for place in ("Hajin", "Raqqa", "Mosul")
    ]
    first = upload(
        client, csrf, ("report.txt", texts[0].encode()), ("report.txt", texts[1].encode())
    )
    second = upload(client, csrf, ("report.txt", texts[2].encode()))
    one, two = finished_job(client, first), finished_job(client, second)
    assert [f["outcome"] for f in one["files"]] == ["stored", "stored"]
    assert [f["name"] for f in one["files"]] == ["report.txt", "report.txt"]
    assert two["summary"]["new_documents"] == 1
    stored = [d for d in project.records("documents") if d["doc_id"] == "report.txt"]
    assert len(stored) == 3


def test_uploads_job_page_shows_results_escaped(web: tuple[Project, Any]) -> None:
    _, client = web
    csrf = login(client, "researcher")
    hostile = "<img src=x onerror=alert(1)>.txt"  # an uploader chooses the name
    body = b"Report\n\nSource: Wire\nShelling killed 4 people in Hajin on Monday.\n"
    response = upload(client, csrf, (hostile, body), ("<i>empty.txt", b""))
    job = finished_job(client, response)
    assert [f["outcome"] for f in job["files"]] == ["stored", "failed"]
    assert job["files"][1]["errors"]  # the empty file's error line
    page = client.get(response.headers["location"])
    assert page.status_code == 200
    assert "<img src=x" not in page.text and "<i>empty" not in page.text
    assert "&lt;img src=x onerror=alert(1)&gt;.txt" in page.text
    assert "&lt;i&gt;empty.txt" in page.text
    assert "1 new document," in page.text and "refresh" not in page.text  # over: no reload
    listing = client.get("/ingest").text  # the uploader's recent jobs
    assert job["id"] in listing and "<img src=x" not in listing


def test_uploads_failed_job_shows_its_error(
    web: tuple[Project, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    project, client = web
    csrf = login(client, "researcher")

    def broken(*args: Any, **kwargs: Any) -> None:
        raise DatabaseError("cannot write: disk full")

    monkeypatch.setattr(project, "ingest", broken)
    response = upload(client, csrf, ("a.txt", b"Report\n\nShelling killed 4 in Hajin.\n"))
    job = finished_job(client, response)
    assert job["state"] == "failed" and "disk full" in job["error"]
    page = client.get(response.headers["location"]).text
    assert "Failed" in page and "disk full" in page
    assert client.get("/api/v1/incidents?per_page=1").status_code == 200  # the server lives on
    monkeypatch.undo()
    again = upload(client, csrf, ("a.txt", b"Report\n\nShelling killed 4 in Hajin.\n"))
    assert finished_job(client, again)["state"] == "done"  # the worker too


def test_uploads_job_is_its_uploaders_and_admins(web: tuple[Project, Any]) -> None:
    project, client = web
    csrf = login(client, "researcher")
    response = upload(client, csrf, ("a.txt", b"Report\n\nShelling killed 4 in Hajin.\n"))
    job = finished_job(client, response)
    project.add_user("other", role="researcher", password="other-secret")
    login(client, "other")
    assert client.get(f"/api/v1/jobs/{job['id']}").status_code == 404
    assert client.get(f"/jobs/{job['id']}").status_code == 404
    login(client, "admin")
    assert client.get(f"/api/v1/jobs/{job['id']}").json()["state"] == "done"
    login(client, "viewer")
    assert client.get(f"/api/v1/jobs/{job['id']}").status_code == 403


def test_uploads_an_empty_form_is_refused(web: tuple[Project, Any]) -> None:
    _, client = web
    csrf = login(client, "researcher")
    response = client.post("/ingest", data={"csrf": csrf}, files=[("files", ("", b""))])
    assert response.status_code == 400 and "choose at least one file" in response.text


def test_uploads_stop_ends_the_running_job_and_the_queued_ones(project: Project) -> None:
    # Shutdown must not wait for a long upload, nor leave jobs that never end.
    jobs = IngestJobs(project)
    jobs.start()
    slow = jobs.submit([("wire.jsonl", _stream(records(2000)))], user="tester")
    queued = jobs.submit([("later.txt", _stream(b"Report\n\nShelling in Hajin.\n"))], user="tester")
    deadline = time.monotonic() + 60
    while (jobs.get(slow.id) or {})["documents_done"] < 5 and time.monotonic() < deadline:
        time.sleep(0.02)
    jobs.stop()
    assert not jobs.running
    ended, waiting = jobs.get(slow.id), jobs.get(queued.id)
    assert ended is not None and waiting is not None
    assert ended["state"] == "failed" and "upload the files again" in (ended["error"] or "")
    assert waiting["state"] == "failed" and "before this upload" in (waiting["error"] or "")
    assert not slow.folder.exists() and not queued.folder.exists()
    with pytest.raises(RuntimeError, match="not running"):
        jobs.submit([("x.txt", _stream(b"x"))], user="tester")


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def test_uploads_unsaveable_file_is_a_failed_result(project: Project, tmp_path: Path) -> None:
    # A name the filesystem refuses (a NUL byte) fails that file, not the request.
    jobs = IngestJobs(project)
    jobs.start()
    try:
        job = jobs.submit(
            [("bad\x00name.txt", _stream(b"x")), ("good.txt", _stream(b"Report\n\nHajin.\n"))],
            user="tester",
        )
        deadline = time.monotonic() + 60
        while (jobs.get(job.id) or {})["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline
            time.sleep(0.02)
    finally:
        jobs.stop()
    done = jobs.get(job.id)
    assert done is not None and done["state"] == "done"
    assert [f["outcome"] for f in done["files"]] == ["failed", "stored"]
    assert "could not be saved" in done["files"][0]["errors"][0]


# An invented report with a place of the gazetteer, a date and both figures; and one that
# gives no date at all.
SARAQIB = (
    b"Shelling Hits Saraqib Bakery\n\nSource: Idlib Monitor\n"
    b"Shelling killed 5 civilians and injured 11 others near a bakery in Saraqib on "
    b"9 February 2020, local medics said.\n"
)
ARIHA = b"Shells Fall On Ariha\n\nSource: Idlib Monitor\nShelling killed 3 people in Ariha.\n"


def test_uploads_job_json_follows_its_model(web: tuple[Project, Any]) -> None:
    # why: the job is the one answer of the API built by hand (jobs.py), not from stored
    # records; its model and /openapi.json must say what it really gives, running and done
    import schemathesis

    from civharm.web.schemas import Error, Job

    project, client = web
    csrf = login(client, "researcher")
    response = upload(client, csrf, ("saraqib.txt", SARAQIB), ("empty.txt", b""))
    job_id = response.headers["location"].rsplit("/", 1)[1]
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    operation = schema["/api/v1/jobs/{job_id}"]["GET"]
    headers = {"Authorization": f"Bearer {project.create_token('researcher')}"}
    early = Job.model_validate(client.get(f"/api/v1/jobs/{job_id}").json())
    assert early.state in ("queued", "running", "done")
    job = finished_job(client, response)
    assert Job.model_validate(job).model_dump(mode="json") == job  # nothing more, nothing less
    checked = operation.Case(path_parameters={"job_id": job_id}).call_and_validate(headers=headers)
    assert checked.json()["state"] == "done"
    [stored, empty] = job["files"]
    assert stored["outcome"] == "stored" and stored["documents"][0]["incidents"]
    assert empty["outcome"] == "failed" and empty["documents"] == []
    assert job["summary"]["incidents"] == len(stored["documents"][0]["incidents"])
    assert job["created"].endswith("Z")  # RFC 3339, like every time of the API

    # An unknown job is a 404 in the one error shape, as the schema says.
    missing = operation.Case(path_parameters={"job_id": "no-such-job"})
    unknown = missing.call_and_validate(headers=headers)
    assert unknown.status_code == 404
    error = Error.model_validate(unknown.json()).error
    assert error.code == "E404" and "no upload job no-such-job" in error.message


def test_uploads_job_json_documents_are_null_until_done(project: Project) -> None:
    # why: a running job knows a new document's hash before its title and incidents;
    # null says "not yet", an empty list would say "none"
    from civharm.model import IngestReport
    from civharm.web.jobs import FileResult
    from civharm.web.schemas import JobFile

    result = FileResult("a.txt", IngestReport(new_documents=1, documents=("ab" * 32,)))
    shown = result.as_dict({})
    assert shown["documents"] == [{"sha256": "ab" * 32, "title": None, "incidents": None}]
    JobFile.model_validate(shown)


def test_uploads_job_page_labels_each_incident(web: tuple[Project, Any]) -> None:
    # A reviewer recognises an incident by its place, date and toll, not by its id.
    project, client = web
    csrf = login(client, "researcher")
    response = upload(client, csrf, ("saraqib.txt", SARAQIB), ("ariha.txt", ARIHA))
    job = finished_job(client, response)
    [saraqib], [ariha] = (f["documents"][0]["incidents"] for f in job["files"])
    page = client.get(response.headers["location"]).text
    assert _link_text(page, saraqib) == "Sarāqib (Saraqib) · 2020-02-09 · killed 5, injured 11"
    assert _link_text(page, ariha) == "Ariha · undated · killed 3, injured –"

    # Read when the page is: a review since the upload shows, and its text stays inert.
    project.review("edit", saraqib, reason="spelling", fields={"place_mentioned": "<b>Saraqeb</b>"})
    page = client.get(response.headers["location"]).text
    assert "<b>Saraqeb" not in page and "(&lt;b&gt;Saraqeb&lt;/b&gt;)" in page


def _link_text(page: str, incident_id: str) -> str:
    """The words of the job page's link to an incident, without its markup."""
    import html
    import re

    found = re.search(rf'<a href="/incidents/{incident_id}"[^>]*>(.*?)</a>', page, re.S)
    assert found is not None, incident_id
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).split())
