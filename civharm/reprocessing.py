"""Reading every stored document again with the current rules (`Project.reprocess`): in this
process, on local worker processes, or on a Dask cluster.

A reprocess has the two halves of an ingest (docs/scale.md). Segmenting and extracting one
preserved text is pure: it runs wherever the executor puts it, given the text and the
dates and outlet the document is read with. Storing is not: this process alone swaps each
document's processing, in one transaction, in the order of the documents, as they come
back; then it resolves every incident once, replaying the review log. What is stored does
not depend on where the pure half ran.

The text read again travels with the task (workers need civharm installed, not the
database), a bounded number of documents ahead of the one being stored, so memory stays
bounded however many documents there are.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol

from civharm.dask_tasks import ToolSpec, tools_for
from civharm.document_dates import DocumentDates, source_from_row
from civharm.errors import ClusterLost
from civharm.executors import (
    PARTITION_BYTES,
    PARTITION_FILES,
    SPREAD,
    DaskExecutor,
    check_executor,
    distributed_module,
    settled,
)
from civharm.model import SourceDocument
from civharm.pipeline import Processed, versions
from civharm.workers import Runner, Tools, outcome, worker_count

if TYPE_CHECKING:
    import distributed

__all__ = ["Redo", "Reprocessing", "run_redo_partition"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Redo:
    """One stored document to read again: its text, with the publication date (a reviewed
    one, else the ingest default) and outlet it is read with."""

    sha256: str
    doc_id: str
    size: int
    source: SourceDocument
    published: dt.date | None
    outlet: str | None

    @classmethod
    def of(cls, row: Mapping[str, Any], reviewed: Mapping[str, dt.date]) -> Redo:
        """A stored document's row as `DocumentDates._process_again` reads it."""
        sha = row["sha256"]
        return cls(
            sha256=sha,
            doc_id=row["doc_id"],
            size=row["size"],
            source=source_from_row(row),
            published=reviewed.get(sha) or row["default_published"],
            outlet=row["default_outlet"],
        )


Done = tuple[Redo, Future[Processed]]


class Reprocessing(DocumentDates):
    """The part of `Project` that reads every stored document again."""

    def reprocess(
        self,
        *,
        progress: Callable[[str, int], None] | None = None,
        workers: int | None = None,
        executor: str = "local",
        scheduler: str | None = None,
    ) -> int:
        """Run segmentation and extraction again on every stored document; returns the count.

        Use it after upgrading civharm or changing the rules: the preserved text is read
        again with the current rules, each document in one transaction, with the defaults
        it was ingested with and the publication dates reviewers set (`date_document`);
        then incidents are resolved again, keeping their ids, and the review log replayed.

        `workers`, `executor` and `scheduler` are those of `Project.ingest`: the reading
        runs on `workers` local processes (default: the setting `workers`), or on a Dask
        cluster; this process alone stores, in document order, so what is stored does not
        depend on them. `progress(doc_id, size)` is called after each document is stored.
        """
        check_executor(executor, scheduler=scheduler, workers=workers)
        shas = self.store.document_shas()
        reviewed = self.document_dates()
        tools = Tools(
            self.gazetteer, self.lexicon, self.settings.vague_numbers, self.settings.max_file_mb
        )
        # Each stored document counts as one file: no more workers than documents.
        count = worker_count(
            self.settings.workers if workers is None else workers, [Path(s) for s in shas]
        )
        runner: Redoer
        if executor == "local":
            runner = LocalRedoer(Runner(tools, actors=self.settings.actors, workers=count))
        else:
            cluster = DaskExecutor(
                tools, actors=self.settings.actors, scheduler=scheduler, workers=count
            )
            runner = DaskRedoer(cluster, total=len(shas))
        done = 0
        with runner:
            redos = (Redo.of(self.store.document(sha), reviewed) for sha in shas)
            for redo, processed in runner.redo(redos):
                result = outcome(processed)  # a document that fails stops the reprocess
                self.store.replace_processing(
                    redo.sha256,
                    articles=result.articles,
                    mentions=result.mentions,
                    aggregates=result.aggregates,
                    processed_by=versions(),
                )
                done += 1
                if progress is not None:
                    progress(redo.doc_id, redo.size)
        self.resolve(everything=True)
        return done


class Redoer(Protocol):
    """Hands out the reading of stored documents and gives each back, in order, with its
    processing under way (or done)."""

    def __enter__(self) -> Redoer: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def redo(self, redos: Iterable[Redo]) -> Iterator[Done]: ...


class LocalRedoer:
    """This process (one worker: each document is read just before it is stored, as a
    plain loop would), or a pool of local processes working `Runner.ahead` documents ahead
    of the one being stored."""

    def __init__(self, runner: Runner) -> None:
        self.runner = runner

    def __enter__(self) -> LocalRedoer:
        self.runner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.runner.__exit__(exc_type, exc, tb)  # work not stored yet is dropped

    def redo(self, redos: Iterable[Redo]) -> Iterator[Done]:
        window: deque[Done] = deque()
        for redo in redos:
            window.append((redo, self.runner.process(redo.source, redo.published, redo.outlet)))
            while len(window) > self.runner.ahead:
                yield window.popleft()
        yield from window


Result = Processed | Exception


def run_redo_partition(
    spec: ToolSpec, work: list[tuple[SourceDocument, dt.date | None, str | None]]
) -> list[Result]:
    """Segment and extract each stored document of a partition again: the Dask task.
    Errors come back as values, one per document, and are raised where it is stored."""
    tools = tools_for(spec)
    results: list[Result] = []
    for source, published, outlet in work:
        try:
            results.append(tools.process(source, published, outlet))
        except Exception as exc:
            results.append(exc)
    return results


class DaskRedoer:
    """The reading on a Dask cluster (`DaskExecutor` starts or joins it, and stops what it
    started). Consecutive documents are grouped into partitions of at most
    `PARTITION_FILES` documents and `PARTITION_BYTES` of text, one task each; a small
    database is cut into smaller partitions, so that every worker gets some. At most
    `slots` partitions are handed out beyond the one being stored."""

    def __init__(self, cluster: DaskExecutor, *, total: int) -> None:
        self.cluster = cluster
        self.total = total

    def __enter__(self) -> DaskRedoer:
        self.cluster.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.cluster.__exit__(exc_type, exc, tb)

    def redo(self, redos: Iterable[Redo]) -> Iterator[Done]:
        slots = self.cluster.slots
        size = max(1, min(PARTITION_FILES, math.ceil(self.total / (SPREAD * slots))))
        pending: deque[tuple[list[Redo], distributed.Future[list[Result]]]] = deque()
        for part in _partitions(redos, size):
            pending.append((part, self._submit(part)))
            while len(pending) > slots:
                yield from self._collect(*pending.popleft())
        while pending:
            yield from self._collect(*pending.popleft())

    def _submit(self, part: list[Redo]) -> distributed.Future[list[Result]]:
        client = self.cluster.client
        payload: object = [(r.source, r.published, r.outlet) for r in part]
        if sum(len(r.source.text) for r in part) > PARTITION_BYTES:
            # A long text makes a large task, which Dask warns of: it goes ahead.
            [payload] = client.scatter([payload], hash=False)
        return client.submit(run_redo_partition, self.cluster.spec, payload, pure=False)

    def _collect(
        self, part: list[Redo], future: distributed.Future[list[Result]]
    ) -> Iterator[Done]:
        """The partition's documents with their results; a cluster that lost the task
        stops the reprocess (`ClusterLost`) between two stored documents."""
        try:
            results: list[Result] = future.result()
        except (CancelledError, OSError, distributed_module().KilledWorker) as exc:
            raise ClusterLost(type(exc).__name__) from exc
        except Exception as exc:  # the results could not come back: raised as it is stored
            log.exception("a Dask task of %d documents failed", len(part))
            results = [exc for _ in part]
        for redo, result in zip(part, results, strict=True):
            yield redo, settled(result)


def _partitions(redos: Iterable[Redo], size: int) -> Iterator[list[Redo]]:
    """Consecutive documents, cut after `size` documents or `PARTITION_BYTES` of text."""
    part: list[Redo] = []
    held = 0
    for redo in redos:
        part.append(redo)
        held += len(redo.source.text)
        if len(part) >= size or held >= PARTITION_BYTES:
            yield part
            part, held = [], 0
    if part:
        yield part
