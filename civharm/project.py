"""`Project`: the Python API. The CLI, and later the web app, are thin layers over it.

A project is a database plus the evidence folder beside it. `ingest` reads files,
preserves their bytes, runs the pipeline on what is new and stores the result one
document per transaction, so an interrupted ingest can simply be run again.
"""

from __future__ import annotations

import datetime as dt
import logging
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from civharm.accounts import Accounts
from civharm.custody import Custody
from civharm.errors import InputError, NotFound, UsageError, WorkerStopped
from civharm.evaluate.report import EvalResult
from civharm.evaluate.scoring import score
from civharm.evidence import repaired, sha256
from civharm.executors import open_executor
from civharm.exports import EXPORTERS, FIELDS, RECORDS
from civharm.exports.rows import incidents as incident_records
from civharm.extract.lexicon import lexicon
from civharm.gazetteer import Gazetteer, packaged_path
from civharm.geonames import import_geonames
from civharm.gold import read_gold
from civharm.layout import open_evidence, require_database
from civharm.model import IngestReport, SourceDocument
from civharm.pipeline import Processed, versions
from civharm.readers import is_supported, reader_for, suffix_of
from civharm.readers.guard import display_name
from civharm.reprocessing import Reprocessing
from civharm.settings import Settings, load_settings
from civharm.store import Store, open_store
from civharm.store.search import IncidentFilters
from civharm.version import __version__
from civharm.workers import CONTAINERS, FileJob, Tools, outcome

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]
"""Called after each input file with its display name and its size in bytes."""


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    problems: tuple[str, ...]
    swept: int = 0  # temporary files of interrupted writes, removed

    @property
    def ok(self) -> bool:
        return not self.problems


def sample_data_dir() -> Path:
    """The folder of fictional sample reports shipped inside the package."""
    return Path(str(resources.files("civharm") / "sample_data"))


def sample_files() -> list[Path]:
    """The sample reports themselves, without the folder's README and gold coding."""
    skip = {"README.md", "gold.json"}
    return sorted(p for p in sample_data_dir().iterdir() if is_supported(p) and p.name not in skip)


def iter_input_files(paths: Iterable[Path | str]) -> Iterator[Path | InputError]:
    """Files to ingest, folders walked recursively in a stable order; unknown formats skipped."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if is_supported(child) and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            if is_supported(path):
                yield path
            else:
                try:
                    reader_for(path)
                except InputError as exc:
                    yield exc
        else:
            yield InputError(str(path), "no such file or folder")


class Project(Accounts, Reprocessing):
    """A civharm database and its evidence folder. Use as a context manager.

    Users, API tokens and login sessions are managed through the methods of `Accounts`;
    reading every stored document again, through `Reprocessing.reprocess`.

    With `create=False` an SQLite file that does not exist is refused (`MissingDatabase`)
    rather than created empty: only ingesting starts a project.
    """

    def __init__(self, settings: Settings, *, create: bool = True) -> None:
        self.settings = settings
        if not create:
            require_database(settings.db)
        self.store: Store = open_store(settings.db)
        self.evidence = open_evidence(settings.db, settings.data_dir, self.store.blobs)
        self._gazetteer: Gazetteer | None = None
        self.lexicon = lexicon(settings.actors)

    @property
    def gazetteer(self) -> Gazetteer:
        """The packaged gazetteer, opened on first use."""
        if self._gazetteer is None:
            path = Path(self.settings.gazetteer) if self.settings.gazetteer else None
            if path is not None and not path.is_file():
                raise UsageError(f"gazetteer file {path} not found (setting gazetteer)")
            self._gazetteer = Gazetteer.open(path)
        return self._gazetteer

    def __enter__(self) -> Project:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()
        if self._gazetteer is not None:
            self._gazetteer.close()

    # -- ingest ----------------------------------------------------------------------------

    def ingest(
        self,
        paths: Iterable[Path | str],
        *,
        published: dt.date | None = None,
        outlet: str | None = None,
        progress: Progress | None = None,
        user: str | None = None,
        origins: Mapping[Path, str] | None = None,
        on_file: Callable[[str, IngestReport], None] | None = None,
        on_document: Callable[[], None] | None = None,
        workers: int | None = None,
        executor: str = "local",
        scheduler: str | None = None,
    ) -> IngestReport:
        """Ingest files and folders; each bad input gives one error line and the rest go on.

        The custody log records `user` (default: the setting `user`, else the login name)
        and, for each path given in `origins`, that name instead of the path (a web upload).
        `on_file(name, report)` gets each input's own share of the report, and
        `on_document()` is called after each document a file holds: the web app's upload
        jobs show their progress and results file by file with them.

        `workers` processes read, segment and extract (default: the setting `workers`,
        0 meaning one per core); this process alone stores their results, in input order,
        so what is stored does not depend on their number (`civharm/workers.py`).
        With `executor="dask"` they run on the Dask cluster whose scheduler is at
        `scheduler`, or on a LocalCluster of `workers` processes (`civharm/executors.py`).
        """
        report = IngestReport()
        custody = Custody(user or self.settings.custody_user(), origins or {})
        inputs = list(iter_input_files(paths))
        tools = Tools(
            self.gazetteer,
            self.lexicon,
            self.settings.vague_numbers,
            self.settings.max_file_mb,
            signatures=True,
        )
        try:
            with open_executor(
                tools,
                actors=self.settings.actors,
                inputs=inputs,
                workers=workers,
                default_workers=self.settings.workers,
                executor=executor,
                scheduler=scheduler,
            ) as runner:
                self.store.shuffle_bands(runner.shuffles)
                jobs = runner.plan(
                    inputs, known=self.store.has_document, published=published, outlet=outlet
                )
                for job in jobs:
                    before = report
                    if isinstance(job, InputError):
                        report = replace(report, errors=(*report.errors, str(job)))
                        name = job.path
                    else:
                        report = self._ingest_file(
                            job,
                            report,
                            custody,
                            published=published,
                            outlet=outlet,
                            on_document=on_document,
                        )
                        name = display_name(job.path)
                        if progress is not None:
                            progress(name, job.path.stat().st_size if job.path.exists() else 0)
                    if on_file is not None:
                        on_file(name, report.since(before))
                runner.find_copies(self.store)
            self.resolve()  # also finishes what an interrupted run left unresolved
        finally:
            self.store.forget_copies()
        return report

    def _ingest_file(
        self,
        job: FileJob,
        report: IngestReport,
        custody: Custody,
        *,
        published: dt.date | None,
        outlet: str | None,
        on_document: Callable[[], None] | None = None,
    ) -> IngestReport:
        """Store one file's documents, in order, as their processing comes back."""
        path, name, data = job.path, str(job.path), job.data
        if isinstance(data, InputError):
            return replace(report, errors=(*report.errors, str(data)))
        if job.documents is None or (
            suffix_of(path) not in CONTAINERS and self.store.has_document(sha256(data))
        ):
            # Known bytes: record the custody line without parsing the file again.
            digest, damage = self.evidence.put_checked(data)
            self.store.add_custody(
                digest,
                origin=custody.origin(path),
                user=custody.user,
                version=__version__,
                action="ingest-again",
            )
            warnings = (*report.warnings, *repaired(name, digest, damage))
            return replace(report, seen_documents=report.seen_documents + 1, warnings=warnings)
        container_sha: str | None = None
        for item, processed in job.documents:
            if isinstance(item, InputError):
                report = replace(report, errors=(*report.errors, str(item)))
                continue
            if item.container is not None and container_sha is None:
                container_sha = self.evidence.put(item.container)
            report = self._ingest_document(
                item,
                processed,
                path,
                container_sha,
                report,
                custody,
                published=published,
                outlet=outlet,
            )
            if on_document is not None:
                on_document()
        return report

    def _ingest_document(
        self,
        doc: SourceDocument,
        processed: Future[Processed] | None,
        path: Path,
        container_sha: str | None,
        report: IngestReport,
        custody: Custody,
        *,
        published: dt.date | None,
        outlet: str | None,
    ) -> IngestReport:
        digest = sha256(doc.data)
        origin = custody.origin(path) + doc.origin[len(str(path)) :]
        user = custody.user
        warnings = (*report.warnings, *doc.notes)
        if processed is None or self.store.has_document(digest):  # None: stored when handed out
            # Restores a blob lost or changed on disk, and says so; a no-op otherwise.
            damage = self.evidence.put_checked(doc.data)[1]
            warnings = (*warnings, *repaired(doc.origin, digest, damage))
            self.store.save_document(
                doc,
                sha256=digest,
                container_sha256=container_sha,
                container_media_type=_container_type(path),
                origin=origin,
                articles=[],
                user=user,
                version=__version__,
                processed_by={},
            )
            return replace(report, seen_documents=report.seen_documents + 1, warnings=warnings)
        try:
            result = outcome(processed)
        except WorkerStopped:
            raise
        except InputError as exc:
            return replace(report, errors=(*report.errors, str(exc)))
        except Exception as exc:  # an extraction bug must cost one document, not the batch
            log.exception("processing %s failed", doc.origin)
            failed = InputError(doc.origin, f"could not be processed ({exc!r}); please report this")
            return replace(report, errors=(*report.errors, str(failed)))
        self.evidence.put(doc.data)
        stored = self.store.save_document(
            doc,
            sha256=digest,
            container_sha256=container_sha,
            container_media_type=_container_type(path),
            origin=origin,
            articles=result.articles,
            mentions=result.mentions,
            aggregates=result.aggregates,
            user=user,
            version=__version__,
            processed_by=versions(),
            defaults=(published, outlet),
        )
        if not stored:  # another process stored the same bytes since the check above
            return replace(report, seen_documents=report.seen_documents + 1, warnings=warnings)
        articles = result.articles
        if articles:  # what resolving the batch's stories does first, done while workers work
            signed = zip(articles, result.signatures, strict=False)
            self.store.find_copies_early({(digest, a.ordinal): sig for a, sig in signed})
        return replace(
            report,
            new_documents=report.new_documents + 1,
            articles=report.articles + len(articles),
            warnings=warnings,
            undated=report.undated + sum(a.published is None for a in articles),
            documents=(*report.documents, digest),
        )

    # -- stories and incidents -------------------------------------------------------

    def export(
        self, entity: str, *, format: str, out: BinaryIO, status: str | None = None,
        filters: IncidentFilters | None = None,
    ) -> int:  # fmt: skip
        """Write every record of `entity` in `format` to a binary stream; returns the count.

        `status` keeps only incidents with that status: public mode publishes the
        confirmed ones and nothing else. `filters` narrow incidents as the review app's
        list does (`civharm.filters.parse_filters` reads them from text).
        """
        if entity not in RECORDS:
            raise UsageError(f"unknown export {entity!r}; choose from {', '.join(RECORDS)}")
        if format not in EXPORTERS:
            raise UsageError(f"unknown format {format!r}; choose from {', '.join(EXPORTERS)}")
        if status is None and filters is None:
            records = RECORDS[entity](self.store)
        elif entity == "incidents":
            records = incident_records(self.store, status=status, filters=filters)
        else:
            raise UsageError(f"only incidents can be exported by status or filters, not {entity}")
        return EXPORTERS[format](records, FIELDS[entity], out)

    def records(self, entity: str) -> list[dict[str, Any]]:
        """Every record of `entity` as exported, in memory: handy in notebooks and tests."""
        if entity not in RECORDS:
            raise UsageError(f"unknown entity {entity!r}; choose from {', '.join(RECORDS)}")
        return list(RECORDS[entity](self.store))

    def evaluate(
        self, gold: Path | str, *, split: str | None = None, by: str = "incidents"
    ) -> EvalResult:
        """Score what is stored against a gold file (seeds-gold JSON, or a JSON-lines set
        with `split` choosing its "dev" or "heldout" part).

        `by` is the unit scored: "incidents" (copies and retellings merged across
        articles, their figures the range across sources) or "mentions" (what each
        article claims, the unit of a gold set coded one article at a time).
        """
        if by not in ("incidents", "mentions"):
            raise UsageError(f'unknown unit "{by}": "incidents" or "mentions"')
        data = read_gold(Path(gold), split=split)
        return score(
            data,
            articles=self.records("articles"),
            mentions=self.records("mentions"),
            incidents=self.records("incidents") if by == "incidents" else None,
            documents=self.records("documents"),
        )

    @staticmethod
    def import_geonames(dump: Path | str, *, out: Path | str) -> int:
        """Add a GeoNames dump to a copy of the packaged gazetteer at `out`.

        Point the `gazetteer` setting at `out` to use it. Returns the places added. It
        needs no database: the CLI calls it without opening one.
        """
        target = Path(out)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(packaged_path(), target)
        try:
            return import_geonames(Path(dump), target=target)
        except (OSError, ValueError, zipfile.BadZipFile) as exc:
            raise InputError(str(dump), f"not a GeoNames dump ({exc})") from None

    def verify(self) -> VerifyReport:
        """Re-hash every preserved blob; report any that changed or went missing, and remove
        the temporary files that writes cut short by a crash left behind."""
        problems = []
        digests = self.store.blobs()
        for digest in digests:
            problem = self.evidence.check(digest)
            if problem is not None:
                problems.append(f"{digest}: {problem} ({self.evidence.path(digest)})")
        swept = self.evidence.sweep()
        return VerifyReport(checked=len(digests), problems=tuple(problems), swept=swept)

    def original(self, sha: str) -> bytes:
        """The preserved bytes of a document, re-hashed first: `EvidenceDamaged` when they
        went missing or changed on disk. The web app streams them (`evidence.stream`)."""
        if not self.store.has_document(sha):
            raise NotFound(f"no preserved document with sha256 {sha}")
        return b"".join(self.evidence.stream(sha)[1])

    def counts(self) -> dict[str, int]:
        return self.store.counts()


def _container_type(path: Path) -> str:
    return {
        ".jsonl": "application/jsonl",
        ".jsonl.gz": "application/gzip",
        ".warc": "application/warc",
        ".warc.gz": "application/warc",
    }.get(suffix_of(path), "application/octet-stream")


def open_project(
    *,
    db: str | None = None,
    settings: Settings | None = None,
    create: bool = True,
    **overrides: Any,
) -> Project:
    """Open the project at `db` (default: `CIVHARM_DB`, then `./civharm.db`); with
    `create=False`, an SQLite file that does not exist raises `MissingDatabase`."""
    if settings is None:
        settings = load_settings({"db": db, **overrides})
    elif db is not None:
        settings = replace(settings, db=db)
    return Project(settings, create=create)


def ingest(
    paths: Iterable[Path | str],
    *,
    db: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
    workers: int | None = None,
    executor: str = "local",
    scheduler: str | None = None,
) -> IngestReport:
    """Ingest files and folders into the project at `db`. CLI: `civharm ingest`."""
    with open_project(db=db) as project:
        return project.ingest(
            paths,
            published=published,
            outlet=outlet,
            workers=workers,
            executor=executor,
            scheduler=scheduler,
        )


def export(entity: str, *, format: str, out: BinaryIO, db: str | None = None) -> int:
    """Export `entity` in `format` to a binary stream. CLI: `civharm export`."""
    with open_project(db=db) as project:
        return project.export(entity, format=format, out=out)


def verify(*, db: str | None = None) -> VerifyReport:
    """Re-hash every preserved document. CLI: `civharm verify`."""
    with open_project(db=db) as project:
        return project.verify()
