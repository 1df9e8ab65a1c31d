"""Uploads ingested in the background, one at a time, so that reading never waits on them.

An upload is saved to a folder of its own and queued as a job; one worker thread, started
and stopped with the app, ingests the jobs in turn (one writer is all SQLite allows anyway).
The page answers at once with the job's address, where its state, progress and the result
of each file are shown.

Jobs are kept in memory only, the last `KEEP` finished ones: a restart forgets them, though
what they stored stays stored. A job the server stops in the middle ends `failed`, saying
so; uploading the same files again finishes it, since stored documents are recognised.
"""

from __future__ import annotations

import datetime as dt
import logging
import queue
import re
import secrets
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Literal

from civharm.errors import CivharmError
from civharm.model import IngestReport
from civharm.project import Project
from civharm.readers.guard import display_name

log = logging.getLogger(__name__)

State = Literal["queued", "running", "done", "failed"]
Outcome = Literal[
    "stored", "stored, with errors", "already stored", "already stored, with errors",
    "failed", "nothing to store",
]  # fmt: skip
KEEP = 200  # finished jobs remembered; older ones are forgotten first
STOP_WAIT_S = 60.0  # how long shutdown waits for the document being ingested


class Stopped(Exception):
    """Raised inside an ingest when the server is stopping; it ends the job, not the server."""


@dataclass(frozen=True)
class FileResult:
    """What one uploaded file gave."""

    name: str
    report: IngestReport

    @property
    def outcome(self) -> Outcome:
        r = self.report
        if r.new_documents:
            return "stored, with errors" if r.errors else "stored"
        if r.seen_documents:
            return "already stored, with errors" if r.errors else "already stored"
        return "failed" if r.errors else "nothing to store"

    def as_dict(self, stored: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
        """`stored`: the title and incidents of each new document, once the job is done;
        both are null until then."""
        r = self.report
        return {
            "name": self.name,
            "outcome": self.outcome,
            "new_documents": r.new_documents,
            "seen_documents": r.seen_documents,
            "articles": r.articles,
            "undated": r.undated,
            "documents": [
                stored.get(sha, {"sha256": sha, "title": None, "incidents": None})
                for sha in r.documents
            ],
            "errors": list(r.errors),
            "warnings": list(r.warnings),
        }


@dataclass
class Job:
    """One upload. The worker changes it under `IngestJobs`' lock; pages read `as_dict()`."""

    id: str
    user: str | None
    folder: Path
    paths: list[Path]
    names: dict[str, str]  # display name of a saved path → the name it was uploaded as
    files_total: int
    created: dt.datetime
    published: dt.date | None = None  # the uploader's defaults for documents that state none
    outlet: str | None = None
    state: State = "queued"
    started: dt.datetime | None = None
    finished: dt.datetime | None = None
    files_done: int = 0
    documents_done: int = 0
    results: list[FileResult] = field(default_factory=list)
    summary: IngestReport | None = None
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # sha256 → new document
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The job as /api/v1/jobs/{id} gives it (schemas.Job describes it)."""
        summary = self.summary
        return {
            "id": self.id,
            "user": self.user,
            "state": self.state,
            "created": self.created.isoformat(),
            "started": self.started.isoformat() if self.started else None,
            "finished": self.finished.isoformat() if self.finished else None,
            "files_total": self.files_total,
            "files_done": self.files_done,
            "documents_done": self.documents_done,
            # All files read, the run not over: stories and incidents are being resolved.
            "resolving": self.state == "running" and self.files_done >= self.files_total,
            "published": self.published.isoformat() if self.published else None,
            "outlet": self.outlet,
            "files": [r.as_dict(self.stored) for r in self.results],
            "summary": None
            if summary is None
            else {
                "new_documents": summary.new_documents,
                "seen_documents": summary.seen_documents,
                "articles": summary.articles,
                "undated": summary.undated,
                "incidents": len({i for d in self.stored.values() for i in d["incidents"]}),
                "errors": len(summary.errors),
                "warnings": len(summary.warnings),
            },
            "error": self.error,
        }


class IngestJobs:
    """The queue of upload jobs and the one thread that runs them. `start()` and `stop()`
    belong to the app's lifespan."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stopping.clear()
        self._thread = threading.Thread(target=self._work, name="civharm-ingest", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = STOP_WAIT_S) -> None:
        """Stop after the document being ingested; jobs still queued fail, saying why."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        self._queue.put(None)
        thread.join(timeout)
        if thread.is_alive():
            log.warning("the ingest worker did not stop within %.0f s", timeout)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- submitting and reading --------------------------------------------------------

    def submit(
        self,
        files: Iterable[tuple[str, BinaryIO]],
        *,
        user: str | None,
        published: dt.date | None = None,
        outlet: str | None = None,
    ) -> Job:
        """Save the uploaded files and queue their ingest; a file that cannot be saved is
        a failed result of the job, not an error of the request. `published` and `outlet`
        go to the documents that state none, as `civharm ingest --published --outlet`."""
        if not self.running:
            raise RuntimeError("the ingest worker is not running")
        folder = Path(tempfile.mkdtemp(prefix="civharm-upload-"))
        paths: list[Path] = []
        names: dict[str, str] = {}
        failed: list[FileResult] = []
        for number, (uploaded, handle) in enumerate(files):
            # One folder each: two files of the same name must not overwrite each other.
            name = Path(uploaded).name or "upload"
            path = folder / str(number) / name
            try:
                path.parent.mkdir()
                with path.open("wb") as out:
                    shutil.copyfileobj(handle, out, 1 << 20)
            except (OSError, ValueError) as exc:
                reason = getattr(exc, "strerror", None) or str(exc)
                line = f"{display_name(name)}: could not be saved for ingesting ({reason})"
                failed.append(FileResult(name, IngestReport(errors=(line,))))
                continue
            paths.append(path)
            names[display_name(path)] = name
        job = Job(
            id=secrets.token_urlsafe(9),
            user=user,
            folder=folder,
            paths=paths,
            names=names,
            files_total=len(paths) + len(failed),
            created=_now(),
            published=published,
            outlet=outlet,
            files_done=len(failed),
            results=failed,
        )
        with self._lock:
            self._jobs[job.id] = job
        self._queue.put(job)
        return job

    def get(self, job_id: str) -> dict[str, Any] | None:
        """A snapshot of the job, safe to render while the worker goes on."""
        with self._lock:
            job = self._jobs.get(job_id)
            return None if job is None else job.as_dict()

    def recent(self, user: str | None, *, limit: int = 10) -> list[dict[str, Any]]:
        """The user's latest jobs (everyone's for `user=None`), newest first."""
        with self._lock:
            mine = [j for j in self._jobs.values() if user is None or j.user == user]
            return [j.as_dict() for j in reversed(mine[-limit:])]

    # -- the worker --------------------------------------------------------------------

    def _work(self) -> None:
        while (job := self._queue.get()) is not None:
            if self._stopping.is_set():
                self._end(job, "failed", "the server stopped before this upload was ingested")
                continue
            self._run(job)
        while not self._queue.empty():  # queued after the stop: never started
            if (left := self._queue.get_nowait()) is not None:
                self._end(left, "failed", "the server stopped before this upload was ingested")

    def _run(self, job: Job) -> None:
        with self._lock:
            job.state, job.started = "running", _now()
        cut = re.compile(re.escape(str(job.folder)) + r"/\d+/")

        def on_file(name: str, report: IngestReport) -> None:
            clean = replace(
                report,
                errors=tuple(cut.sub("", line) for line in report.errors),
                warnings=tuple(cut.sub("", line) for line in report.warnings),
            )
            with self._lock:
                job.results.append(FileResult(job.names.get(name, cut.sub("", name)), clean))
                job.files_done += 1
                job.documents_done = sum(
                    r.report.new_documents + r.report.seen_documents for r in job.results
                )
            self._check_stop()

        def on_document() -> None:
            with self._lock:
                job.documents_done += 1
            self._check_stop()

        try:
            self.project.ingest(
                job.paths,
                published=job.published,
                outlet=job.outlet,
                user=job.user,
                origins=_origins(job),
                on_file=on_file,
                on_document=on_document,
            )
            summary = _total(job.results)
            stored = {sha: self._stored(sha) for sha in summary.documents}
        except Stopped:
            self._end(
                job,
                "failed",
                "the server stopped while this upload was being ingested; what was stored "
                "stays stored: upload the files again to finish (stored ones are recognised)",
            )
        except CivharmError as exc:
            self._end(job, "failed", str(exc))
        except Exception as exc:  # the worker must outlive any one job
            log.exception("upload job %s failed", job.id)
            self._end(job, "failed", f"unexpected error ({type(exc).__name__}: {exc})")
        else:
            with self._lock:
                job.summary, job.stored = summary, stored
            self._end(job, "done", None)

    def _stored(self, sha: str) -> dict[str, Any]:
        """A new document's title and its incidents, for the job's page to link to; read
        after the ingest has grouped mentions into incidents."""
        store = self.project.store
        row = store.document(sha)
        incidents = {s["incident_id"] for s in store.document_spans(sha) if s["incident_id"]}
        return {
            "sha256": sha,
            "title": row["title"] or row["doc_id"],
            "incidents": sorted(incidents),
        }

    def _check_stop(self) -> None:
        if self._stopping.is_set():
            raise Stopped

    def _end(self, job: Job, state: State, error: str | None) -> None:
        shutil.rmtree(job.folder, ignore_errors=True)
        with self._lock:
            job.state, job.error, job.finished = state, error, _now()
            finished = [k for k, j in self._jobs.items() if j.state in ("done", "failed")]
            for old in finished[: max(0, len(finished) - KEEP)]:
                del self._jobs[old]


def _origins(job: Job) -> dict[Path, str]:
    """Custody names an upload by the name it came with, never the server's folder."""
    return {path: f"upload:{job.names[display_name(path)]}" for path in job.paths}


def _total(results: list[FileResult]) -> IngestReport:
    """The whole job's counts: every file's, those that could not even be saved included."""
    return IngestReport(
        new_documents=sum(r.report.new_documents for r in results),
        seen_documents=sum(r.report.seen_documents for r in results),
        articles=sum(r.report.articles for r in results),
        errors=tuple(line for r in results for line in r.report.errors),
        warnings=tuple(line for r in results for line in r.report.warnings),
        undated=sum(r.report.undated for r in results),
        documents=tuple(sha for r in results for sha in r.report.documents),
    )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
