"""`Project`: the Python API. The CLI, and later the web app, are thin layers over it.

A project is a database plus the evidence folder beside it. `ingest` reads files,
preserves their bytes, runs the pipeline on what is new and stores the result one
document per transaction, so an interrupted ingest can simply be run again.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from civharm.errors import InputError, NotFound, TooLarge, UsageError
from civharm.evaluate import EvalResult, score
from civharm.evidence import EvidenceStore, sha256
from civharm.exports import EXPORTERS, FIELDS, RECORDS
from civharm.gazetteer import Gazetteer, import_geonames, packaged_path
from civharm.model import Article, Heading, IngestReport, Metadata, SourceDocument, Structure
from civharm.pipeline import process_document, versions
from civharm.readers import is_supported, reader_for, suffix_of
from civharm.settings import Settings, load_settings
from civharm.store import Store, open_store
from civharm.version import __version__

Progress = Callable[[str, int], None]
"""Called after each input file with its display name and its size in bytes."""


@dataclass(frozen=True)
class VerifyReport:
    checked: int
    problems: tuple[str, ...]

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


def _apply_defaults(
    articles: list[Article], published: dt.date | None, outlet: str | None
) -> list[Article]:
    out = []
    for article in articles:
        if article.published is None and published is not None:
            article = replace(article, published=published, published_source="default")
        if article.outlet is None and outlet:
            article = replace(article, outlet=outlet)
        out.append(article)
    return out


class Project:
    """A civharm database and its evidence folder. Use as a context manager."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store: Store = open_store(settings.db)
        self.evidence = EvidenceStore(settings.evidence_dir())
        self._gazetteer: Gazetteer | None = None

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
    ) -> IngestReport:
        """Ingest files and folders; each bad input gives one error line and the rest go on."""
        report = IngestReport()
        for item in iter_input_files(paths):
            if isinstance(item, InputError):
                report = replace(report, errors=(*report.errors, str(item)))
                continue
            report = self._ingest_file(item, report, published=published, outlet=outlet)
            if progress is not None:
                progress(str(item), item.stat().st_size if item.exists() else 0)
        return report

    def _ingest_file(
        self,
        path: Path,
        report: IngestReport,
        *,
        published: dt.date | None,
        outlet: str | None,
    ) -> IngestReport:
        name = str(path)
        limit = self.settings.max_file_mb * 1024 * 1024
        try:
            size = path.stat().st_size
            if size > limit:
                raise TooLarge(
                    name,
                    f"{size / 1e6:.1f} MB is over the {self.settings.max_file_mb} MB limit (setting max_file_mb)",
                )
            data = path.read_bytes()
        except InputError as exc:
            return replace(report, errors=(*report.errors, str(exc)))
        except OSError as exc:
            return replace(
                report,
                errors=(*report.errors, str(InputError(name, f"unreadable ({exc.strerror})"))),
            )
        if suffix_of(path) not in CONTAINERS and self.store.has_document(sha256(data)):
            # Known bytes: record the custody line without parsing the file again.
            self.evidence.put(data)
            self.store.add_custody(
                sha256(data),
                origin=str(path.absolute()),
                user=self.settings.custody_user(),
                version=__version__,
                action="ingest-again",
            )
            return replace(report, seen_documents=report.seen_documents + 1)
        container_sha: str | None = None
        for item in reader_for(path)(name, data):
            if isinstance(item, InputError):
                report = replace(report, errors=(*report.errors, str(item)))
                continue
            if item.container is not None and container_sha is None:
                container_sha = self.evidence.put(item.container)
            report = self._ingest_document(
                item, path, container_sha, report, published=published, outlet=outlet
            )
        return report

    def _ingest_document(
        self,
        doc: SourceDocument,
        path: Path,
        container_sha: str | None,
        report: IngestReport,
        *,
        published: dt.date | None,
        outlet: str | None,
    ) -> IngestReport:
        digest = sha256(doc.data)
        origin = str(path.absolute()) + doc.origin[len(str(path)) :]
        user = self.settings.custody_user()
        warnings = (*report.warnings, *doc.notes)
        if self.store.has_document(digest):
            self.evidence.put(doc.data)  # restores a blob lost from disk; a no-op otherwise
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
        processed = process_document(
            doc,
            self.gazetteer,
            adjust=lambda found: _apply_defaults(found, published, outlet),
            vague_numbers=self.settings.vague_numbers,
        )
        self.evidence.put(doc.data)
        self.store.save_document(
            doc,
            sha256=digest,
            container_sha256=container_sha,
            container_media_type=_container_type(path),
            origin=origin,
            articles=processed.articles,
            mentions=processed.mentions,
            user=user,
            version=__version__,
            processed_by=versions(),
            defaults=(published, outlet),
        )
        articles = processed.articles
        return replace(
            report,
            new_documents=report.new_documents + 1,
            articles=report.articles + len(articles),
            warnings=warnings,
        )

    def reprocess(self, *, progress: Progress | None = None) -> int:
        """Run segmentation and extraction again on every stored document; returns the count.

        Use it after upgrading civharm: the preserved text is read again with the current
        rules, each document in one transaction, with the defaults it was ingested with.
        """
        count = 0
        for digest in self.store.document_shas():
            row = self.store.document(digest)
            doc = _source_from_row(row)
            adjust = partial(
                _apply_defaults, published=row["default_published"], outlet=row["default_outlet"]
            )
            processed = process_document(
                doc, self.gazetteer, adjust=adjust, vague_numbers=self.settings.vague_numbers
            )
            self.store.replace_processing(
                digest,
                articles=processed.articles,
                mentions=processed.mentions,
                processed_by=versions(),
            )
            count += 1
            if progress is not None:
                progress(row["doc_id"], row["size"])
        return count

    # -- export and verify --------------------------------------------------------------

    def export(self, entity: str, *, format: str, out: BinaryIO) -> int:
        """Write every record of `entity` in `format` to a binary stream; returns the count."""
        if entity not in RECORDS:
            raise UsageError(f"unknown export {entity!r}; choose from {', '.join(RECORDS)}")
        if format not in EXPORTERS:
            raise UsageError(f"unknown format {format!r}; choose from {', '.join(EXPORTERS)}")
        return EXPORTERS[format](RECORDS[entity](self.store), FIELDS[entity], out)

    def records(self, entity: str) -> list[dict[str, Any]]:
        """Every record of `entity` as exported, in memory: handy in notebooks and tests."""
        if entity not in RECORDS:
            raise UsageError(f"unknown entity {entity!r}; choose from {', '.join(RECORDS)}")
        return list(RECORDS[entity](self.store))

    def evaluate(self, gold: Path | str) -> EvalResult:
        """Score what is stored against a gold file in the seeds-gold format."""
        path = Path(gold)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"{path}: cannot read the gold file ({exc.strerror})") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise UsageError(f"{path}: not a JSON gold file ({exc})") from None
        if not isinstance(data, dict) or "incidents" not in data:
            raise UsageError(f"{path}: a gold file needs `articles` and `incidents`")
        return score(
            data,
            articles=self.records("articles"),
            mentions=self.records("mentions"),
            incidents=self.records("incidents"),
            documents=self.records("documents"),
        )

    def import_geonames(self, dump: Path | str, *, out: Path | str) -> int:
        """Add a GeoNames dump to a copy of the packaged gazetteer at `out`.

        Point the `gazetteer` setting at `out` to use it. Returns the places added.
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
        """Re-hash every preserved blob; report any that changed or went missing."""
        problems = []
        digests = self.store.blobs()
        for digest in digests:
            problem = self.evidence.check(digest)
            if problem is not None:
                problems.append(f"{digest}: {problem} ({self.evidence.path(digest)})")
        return VerifyReport(checked=len(digests), problems=tuple(problems))

    def original(self, sha: str) -> bytes:
        """The preserved bytes of a document."""
        if not self.evidence.has(sha):
            raise NotFound(f"no preserved document with sha256 {sha}")
        return self.evidence.get(sha)

    def counts(self) -> dict[str, int]:
        return self.store.counts()


# Formats whose files hold several documents; every other file is one document.
CONTAINERS = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz")


def _source_from_row(row: dict[str, Any]) -> SourceDocument:
    """A stored document as the pipeline reads it: text, structure and metadata."""
    structure = row["structure"] or {}
    return SourceDocument(
        doc_id=row["doc_id"],
        origin=row["origin"],
        data=b"",
        media_type=row["media_type"],
        text=row["text"],
        metadata=Metadata(
            title=row["title"],
            author=row["author"],
            outlet=row["outlet"],
            published=row["published"],
            url=row["url"],
            captured=row["captured"],
        ),
        structure=Structure(
            headings=tuple(Heading(h["offset"], h["level"]) for h in structure.get("headings", [])),
            breaks=tuple(structure.get("breaks", [])),
        ),
    )


def _container_type(path: Path) -> str:
    return {
        ".jsonl": "application/jsonl",
        ".jsonl.gz": "application/gzip",
        ".warc": "application/warc",
        ".warc.gz": "application/warc",
    }.get(suffix_of(path), "application/octet-stream")


def open_project(
    *, db: str | None = None, settings: Settings | None = None, **overrides: Any
) -> Project:
    """Open the project at `db` (default: `CIVHARM_DB`, then `./civharm.db`)."""
    if settings is None:
        settings = load_settings({"db": db, **overrides})
    elif db is not None:
        settings = replace(settings, db=db)
    return Project(settings)


def ingest(
    paths: Iterable[Path | str],
    *,
    db: str | None = None,
    published: dt.date | None = None,
    outlet: str | None = None,
) -> IngestReport:
    """Ingest files and folders into the project at `db`. CLI: `civharm ingest`."""
    with open_project(db=db) as project:
        return project.ingest(paths, published=published, outlet=outlet)


def export(entity: str, *, format: str, out: BinaryIO, db: str | None = None) -> int:
    """Export `entity` in `format` to a binary stream. CLI: `civharm export`."""
    with open_project(db=db) as project:
        return project.export(entity, format=format, out=out)


def verify(*, db: str | None = None) -> VerifyReport:
    """Re-hash every preserved document. CLI: `civharm verify`."""
    with open_project(db=db) as project:
        return project.verify()
