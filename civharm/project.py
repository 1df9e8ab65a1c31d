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
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import partial
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from civharm.accounts import Accounts
from civharm.custody import Custody
from civharm.errors import InputError, NotFound, UsageError, WorkerStopped
from civharm.evaluate import EvalResult, score
from civharm.evidence import repaired, sha256
from civharm.exports import EXPORTERS, FIELDS, RECORDS
from civharm.exports.rows import incidents as incident_records
from civharm.extract.lexicon import lexicon
from civharm.gazetteer import Gazetteer, import_geonames, packaged_path
from civharm.gold import read_gold
from civharm.layout import open_evidence, require_database
from civharm.model import Heading, IngestReport, Metadata, SourceDocument, Structure
from civharm.pipeline import Processed, process_document, versions
from civharm.readers import is_supported, reader_for, suffix_of
from civharm.readers.guard import display_name
from civharm.review import (
    REVERT,
    check,
    effective,
    involved,
    replay_fields,
    replay_structure,
    revert_of,
)
from civharm.review_fields import check_order
from civharm.settings import Settings, load_settings
from civharm.stages.merge import (
    Cluster,
    Footprint,
    Item,
    Where,
    assign_ids,
    blocks,
    build,
    cluster,
    footprint,
    linkable,
)
from civharm.stages.syndication import Signature, Stories, is_copy, original, signature
from civharm.store import Store, open_store
from civharm.version import __version__
from civharm.workers import (
    CONTAINERS,
    FileJob,
    Runner,
    Tools,
    apply_defaults,
    outcome,
    plan,
    worker_count,
)

log = logging.getLogger(__name__)

Progress = Callable[[str, int], None]
"""Called after each input file with its display name and its size in bytes."""

RESOLVE_GROUP = 2_000
"""New mentions placed per query and transaction when resolving (whole blocks, so a
larger block makes a larger group): bounds memory, not the result."""

ARTICLE_PAGE = 500
"""Articles with no story yet read per query, texts and all, when grouping stories."""


@dataclass(frozen=True)
class ResolveReport:
    new_stories: int = 0
    incidents: int = 0
    unlinked: int = 0
    # Review events skipped on replay (an invalid value an older version wrote), one line each.
    warnings: tuple[str, ...] = ()


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


class Project(Accounts):
    """A civharm database and its evidence folder. Use as a context manager.

    Users, API tokens and login sessions are managed through the methods of `Accounts`.

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
        """
        report = IngestReport()
        custody = Custody(user or self.settings.custody_user(), origins or {})
        inputs = list(iter_input_files(paths))
        count = worker_count(self.settings.workers if workers is None else workers, inputs)
        tools = Tools(
            self.gazetteer, self.lexicon, self.settings.vague_numbers, self.settings.max_file_mb
        )
        with Runner(tools, actors=self.settings.actors, workers=count) as runner:
            jobs = plan(
                inputs, runner, known=self.store.has_document, published=published, outlet=outlet
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
        self.resolve()  # also finishes what an interrupted run left unresolved
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
                apply_defaults, published=row["default_published"], outlet=row["default_outlet"]
            )
            processed = process_document(
                doc,
                self.gazetteer,
                adjust=adjust,
                vague_numbers=self.settings.vague_numbers,
                lex=self.lexicon,
            )
            self.store.replace_processing(
                digest,
                articles=processed.articles,
                mentions=processed.mentions,
                aggregates=processed.aggregates,
                processed_by=versions(),
            )
            count += 1
            if progress is not None:
                progress(row["doc_id"], row["size"])
        self.resolve(everything=True)
        return count

    # -- stories and incidents -------------------------------------------------------

    def resolve(self, *, everything: bool = False) -> ResolveReport:
        """Group copies into stories and mentions into incidents.

        Only the provinces that new mentions fall in are re-clustered, unless `everything`;
        incident ids are kept where the mentions are substantially the same, and the review
        log is replayed last, so no human decision is undone. One process at a time
        resolves a database: each works from what the one before it stored.
        """
        with self.store.exclusive():
            stories = self._resolve_stories()
            if everything:
                report = self._resolve_incidents(None, recluster=True)
            else:
                report = self._resolve_new()
        return replace(report, new_stories=stories)

    def _resolve_new(self) -> ResolveReport:
        """Place new mentions block by block (`civharm.stages.merge.blocks`).

        A first pass streams where and when each new mention is; then each group of
        blocks loads its new mentions, and the stored incidents near them that those can
        join, places them and writes the result before the next is read. Memory follows
        the largest block, not the batch, and the incidents are those that placing every
        new mention at once would give.
        """
        places: set[tuple[str | None, dt.date | None]] = set()
        counts: Counter[Footprint] = Counter()
        wheres: dict[Where, Where] = {}  # one copy of each place: footprints are many
        unlinked = 0
        for row in self.store.mention_places(unresolved=True):
            places.add((row["admin1"], row["date"] if isinstance(row["date"], dt.date) else None))
            item = _placed(row)
            if linkable(item):
                where, when = footprint(item)
                counts[wheres.setdefault(where, where), when] += 1
            else:
                unlinked += 1
        if not places:
            return ResolveReport()
        nearby: set[str] = set()
        for admin1, day in places:
            nearby |= self.store.nearby_incidents(admin1, day)
        anchors: dict[str, Footprint] = {}  # a stored incident stands where its first mention is
        for row in self.store.mention_places(incident_ids=nearby) if nearby else ():
            anchors.setdefault(row["incident_id"], footprint(_placed(row)))
        block_of = blocks([*counts, *anchors.values()])
        group_of = _groups(counts, block_of, size=RESOLVE_GROUP)
        del counts, wheres
        fresh: dict[int, array[int]] = {group: array("q") for group in set(group_of.values())}
        for row in self.store.mention_places(unresolved=True):
            item = _placed(row)
            if linkable(item):  # the same new mentions as the first pass: resolving is locked
                fresh[group_of[block_of[footprint(item)]]].append(row["id"])
        stored: dict[int, list[str]] = {}
        for incident_id, fp in anchors.items():
            if block_of[fp] in group_of:
                stored.setdefault(group_of[block_of[fp]], []).append(incident_id)
        events, skipped = effective(self.store.review_log())
        for warning in skipped:
            log.warning(warning)
        incidents = 0
        for group, ids in sorted(fresh.items()):
            rows = self.store.mention_rows(ids=ids)
            if stored.get(group):
                rows += self.store.mention_rows(incident_ids=stored[group])
            incidents += self._resolve_rows(rows, recluster=False, events=events).incidents
        return ResolveReport(incidents=incidents, unlinked=unlinked, warnings=tuple(skipped))

    def _resolve_stories(self) -> int:
        # Articles with no story yet: new ones, and any an interrupted run left behind.
        found = Stories()
        touched: set[int] = set()
        for article_id, text, stored in self._articles_without_story():
            sig = stored or signature(text)
            for candidate, other in self.store.copy_candidates(article_id, sig).items():
                if is_copy(sig, other):
                    found.union(article_id, candidate)
                    touched.add(candidate)
            if stored is None:
                self.store.save_signature(article_id, sig)
            touched.add(article_id)
        if not touched:
            return 0
        existing = self.store.story_members(touched)
        for members in existing.values():
            for member in members:
                found.union(members[0], member)
        story_of = {m: story for story, members in existing.items() for m in members}
        created = 0
        stale: set[int] = set()
        for group in found.groups(touched | set(story_of)):
            stories = sorted({story_of[m] for m in group if m in story_of})
            keep = stories[0] if stories else None
            stale.update(stories[1:])
            self.store.save_story(keep, group, original(self.store.copies(group)))
            created += keep is None
        self.store.drop_stories(stale)
        return created

    def _articles_without_story(self) -> Iterator[tuple[int, str, Signature | None]]:
        """Articles with no story yet, by id, read a page at a time."""
        after = 0
        while page := self.store.articles_without_story(after=after, limit=ARTICLE_PAGE):
            yield from page
            after = page[-1][0]

    def _resolve_incidents(
        self, admin1s: set[str | None] | None, *, recluster: bool
    ) -> ResolveReport:
        """Cluster the mentions of the given provinces (all when None) into incidents.

        Without `recluster`, incidents already stored keep their mentions and only new
        mentions are placed, joining one or starting their own: the work follows what is
        new, not the size of the database.
        """
        if admin1s is not None and not admin1s:
            return ResolveReport()
        with self.store.exclusive():
            rows = self.store.mention_rows(admin1s=admin1s)
            events, skipped = effective(self.store.review_log())
            for warning in skipped:
                log.warning(warning)
            return self._resolve_rows(rows, recluster=recluster, events=events, skipped=skipped)

    def _resolve_rows(
        self,
        rows: list[dict[str, Any]],
        *,
        recluster: bool,
        events: Sequence[dict[str, Any]],
        skipped: Sequence[str] = (),
    ) -> ResolveReport:
        """Cluster these mentions, build their incidents and write them.

        `events` is the review log as `effective` gives it, read once per resolve.
        """
        named = {name.lower() for _, name in self.lexicon.claimant_aliases}
        items = [_item(row, named) for row in rows]
        sources = {row["article_id"]: row for row in rows}
        previous = {row["key"]: row["incident_id"] for row in rows if row["incident_id"]}
        km = self.settings.merge_km
        if recluster:
            clusters = cluster(items, km=km)
            assign_ids(clusters, previous)
            clusters = replay_structure(clusters, events)
            changed, dropped = clusters, set(previous.values())
        else:
            stored: dict[str, Cluster] = {}
            for item in items:
                if item.key in previous:
                    stored.setdefault(
                        previous[item.key], Cluster([], previous[item.key])
                    ).items.append(item)
            fresh = [item for item in items if item.key not in previous]
            changed = cluster(fresh, km=km, existing=list(stored.values()))
            assign_ids([c for c in changed if c.id is None], {})
            dropped = set()
        records = {
            group.id or "": {**build(group, sources), "status": "machine"} for group in changed
        }
        records = replay_fields(records, events)
        members = {group.id or "": [i.id for i in group.items] for group in changed}
        linked = {m for ids in members.values() for m in ids}
        placed = linked | {i.id for i in items if i.key in previous}
        self.store.save_incidents(
            records,
            members,
            unlinked=[i.id for i in items if i.id not in placed] if recluster else [],
            previous=dropped,
        )
        return ResolveReport(
            incidents=len(records), unlinked=len(items) - len(placed), warnings=tuple(skipped)
        )

    def review(
        self,
        action: str,
        incident_id: str,
        *,
        reason: str,
        user: str | None = None,
        fields: Mapping[str, Any] | None = None,
        **after: Any,
    ) -> int:
        """Record a reviewer's decision on an incident and apply it; returns the event id.

        Actions: `edit` (fields as keywords, or as `fields=` when their names come from
        a user and must not collide with these parameters), `grade` (grade=), `status` (status=), `merge`
        (into= another incident), `split` (keys= mention keys to move to a new incident),
        `discount`, `note`. Every value is checked before the event is written (an
        `InvalidField` error names the field), so the log only holds what can be replayed.
        CLI: `civharm incident …`.
        """
        if not reason.strip():
            raise UsageError("every review decision needs a reason")
        if action == REVERT:
            raise UsageError("undo an event with Project.revert(event_id)")
        after = {**(fields or {}), **after}
        current = self.store.incident(incident_id)
        data = {**current["data"], "status": current["status"], "grade": current["grade"]}
        if action == "merge":
            other = self.store.incident(str(after.get("into") or ""))
            if other["id"] == incident_id:
                raise UsageError(f"cannot merge {incident_id} into itself")
            after = {"into": other["id"], "keys": current["mention_keys"] + other["mention_keys"]}
        elif action == "split":
            keys = list(after.get("keys") or [])
            unknown = sorted(set(keys) - set(current["mention_keys"]))
            if not keys or unknown:
                raise UsageError(f"split needs mention keys of {incident_id}; not in it: {unknown}")
            after = {"keys": keys, "new_id": f"{incident_id}-s{len(self.store.review_log()) + 1}"}
        after = check(action, after)
        if action == "edit":
            check_order({**data, **after}, touched=after)
        before = (
            {name: data.get(name) for name in after}
            if action in ("edit", "grade", "status")
            else data
        )
        event = self.store.add_review(
            user=user or self.settings.custody_user(),
            action=action,
            incident_id=incident_id,
            before=before,
            after=after,
            reason=reason,
        )
        self._resolve_incidents(self._areas({incident_id, after.get("into")}), recluster=True)
        return event

    def revert(self, event_id: int, *, reason: str, user: str | None = None) -> int:
        """Undo one review event with a new event that says so; returns the new event's id.

        The log stays append-only: replay skips the reverted event as if it had never been
        made, so fields go back to what extraction and the other decisions give. Reverting
        a revert makes its event count again. CLI: `civharm incident revert`.
        """
        if not reason.strip():
            raise UsageError("every review decision needs a reason")
        events = self.store.review_log()
        undo = revert_of(events, event_id)
        areas = self._areas(involved(events, event_id))  # before the incidents change
        event = self.store.add_review(
            user=user or self.settings.custody_user(),
            action=REVERT,
            reason=reason,
            **undo,
        )
        self._resolve_incidents(areas, recluster=True)
        return event

    def _areas(self, incident_ids: set[str | None]) -> set[str | None]:
        """The provinces of these incidents and of their mentions: what re-clustering covers.

        An incident's own province may have been edited away from its mentions'.
        """
        ids = {i for i in incident_ids if i}
        rows = self.store.mention_rows(incident_ids=ids)
        areas: set[str | None] = {row["admin1"] for row in rows}
        for incident_id in ids:
            with suppress(NotFound):
                areas.add(self.store.incident(incident_id)["data"].get("admin1"))
        return areas

    # -- export and verify --------------------------------------------------------------

    def export(self, entity: str, *, format: str, out: BinaryIO, status: str | None = None) -> int:
        """Write every record of `entity` in `format` to a binary stream; returns the count.

        `status` keeps only incidents with that status: public mode publishes the
        confirmed ones and nothing else.
        """
        if entity not in RECORDS:
            raise UsageError(f"unknown export {entity!r}; choose from {', '.join(RECORDS)}")
        if format not in EXPORTERS:
            raise UsageError(f"unknown format {format!r}; choose from {', '.join(EXPORTERS)}")
        if status is None:
            records = RECORDS[entity](self.store)
        elif entity == "incidents":
            records = incident_records(self.store, status=status)
        else:
            raise UsageError(f"only incidents can be exported by status, not {entity}")
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


def _item(row: dict[str, Any], named: set[str]) -> Item:
    """A stored mention as the merge stage sees it, with the source it counts toward.

    Copies of one story, and reports by one outlet, are one source; a report whose first
    claimant is a named agency other than its outlet ("SANA reported …", "… told SANA")
    counts toward that agency.
    """
    data = {**row, **(row.get("data") or {})}
    outlet = (row.get("outlet") or "").strip().lower()
    claimants = data.get("claimants") or []
    first = claimants[0].lower() if claimants else ""
    keys = [f"story:{row['story_id'] or row['article_id']}"]
    if outlet:
        keys.append(f"outlet:{outlet}")
    if first in named and first != outlet:
        keys = [f"claim:{first}"]  # a relayed claim counts toward its agency alone
    return Item(
        row["id"], row["key"], row["article_id"], row["story_id"] or 0, " ".join(keys), data
    )


def _placed(row: dict[str, Any]) -> Item:
    """A mention as blocking sees it: where and when it is (`Store.mention_places`)."""
    return Item(row["id"], "", 0, 0, "", row)


def _groups(
    counts: Mapping[Footprint, int], block_of: Mapping[Footprint, int], *, size: int
) -> dict[int, int]:
    """The blocks holding new mentions, gathered into groups of about `size` new mentions:
    one query and one transaction per group rather than per block (often one mention)."""
    per_block: Counter[int] = Counter()
    for fp, n in counts.items():
        per_block[block_of[fp]] += n
    group_of: dict[int, int] = {}
    group, held = 0, 0
    for block, n in sorted(per_block.items()):
        if held and held + n > size:
            group, held = group + 1, 0
        group_of[block] = group
        held += n
    return group_of


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
) -> IngestReport:
    """Ingest files and folders into the project at `db`. CLI: `civharm ingest`."""
    with open_project(db=db) as project:
        return project.ingest(paths, published=published, outlet=outlet, workers=workers)


def export(entity: str, *, format: str, out: BinaryIO, db: str | None = None) -> int:
    """Export `entity` in `format` to a binary stream. CLI: `civharm export`."""
    with open_project(db=db) as project:
        return project.export(entity, format=format, out=out)


def verify(*, db: str | None = None) -> VerifyReport:
    """Re-hash every preserved document. CLI: `civharm verify`."""
    with open_project(db=db) as project:
        return project.verify()
