"""Ingest on several cores: reading, segmentation and extraction run in worker processes,
and the main process alone stores what they return.

Files are handed out in input order with a bounded look-ahead (`AHEAD` documents per
worker), and their results are stored in that same order, so an ingest stores exactly what
it would with one process, and memory stays bounded whatever the size of the batch. Only
the main process touches the database: it decides, as it stores each document, whether it
is new, so a worker's result for bytes that turned out to be stored already is dropped.

With one worker nothing is started: each file is read, and each document processed, just
before it is stored, as a plain loop would.
"""

from __future__ import annotations

import datetime as dt
import logging
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.connection import wait
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from civharm.errors import InputError, MalformedInput, TooLarge, UsageError, WorkerStopped
from civharm.evidence import sha256
from civharm.extract.lexicon import Lexicon, lexicon
from civharm.gazetteer import Gazetteer
from civharm.model import Article, SourceDocument
from civharm.pipeline import Processed, process_document
from civharm.readers import reader_for, suffix_of
from civharm.readers.guard import display_name, guarded, unusable_name
from civharm.stages.syndication import signature

T = TypeVar("T")

log = logging.getLogger(__name__)

AHEAD = 4
"""Documents (and files) handed out per worker beyond the one being stored: enough that
no worker waits while the main process writes, few enough to keep memory bounded."""

# Formats whose files hold several documents; every other file is one document.
CONTAINERS = (".jsonl", ".jsonl.gz", ".warc", ".warc.gz")

Item = SourceDocument | InputError
Document = tuple[Item, Future[Processed] | None]


def apply_defaults(
    articles: list[Article], *, published: dt.date | None, outlet: str | None
) -> list[Article]:
    """Fill in the publication date and outlet given on the command line where an article
    states none."""
    out = []
    for article in articles:
        if article.published is None and published is not None:
            article = replace(article, published=published, published_source="default")
        if article.outlet is None and outlet:
            article = replace(article, outlet=outlet)
        out.append(article)
    return out


@dataclass(frozen=True)
class Tools:
    """What reading and processing need, opened once in each process that does them."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    vague_numbers: bool
    max_file_mb: int
    signatures: bool = False
    """Add each article's syndication signature (`Processed.signatures`): an ingest asks,
    so that they are computed where documents are processed, not in the storing process."""

    def read(self, path: Path, data: bytes) -> Iterator[Item]:
        name = str(path)
        return guarded(name, reader_for(path)(name, data, max_bytes=self.max_file_mb * 1024**2))

    def process(
        self, doc: SourceDocument, published: dt.date | None, outlet: str | None
    ) -> Processed:
        processed = process_document(
            doc,
            self.gazetteer,
            adjust=partial(apply_defaults, published=published, outlet=outlet),
            vague_numbers=self.vague_numbers,
            lex=self.lexicon,
        )
        if not self.signatures:
            return processed
        signatures = tuple(signature(article.text) for article in processed.articles)
        return replace(processed, signatures=signatures)


def load(path: Path, max_file_mb: int) -> bytes | InputError:
    """A file's bytes, or the one error that says why they cannot be ingested."""
    name = str(path)
    if (bad_name := unusable_name(path)) is not None:
        return bad_name
    try:
        size = path.stat().st_size
        if size > max_file_mb * 1024**2:
            raise TooLarge(
                name,
                f"{size / 1e6:.1f} MB is over the {max_file_mb} MB limit (setting max_file_mb)",
            )
        return path.read_bytes()
    except InputError as exc:
        return exc
    except OSError as exc:
        return InputError(name, f"unreadable ({exc.strerror})")


def worker_count(requested: int, inputs: Sequence[Path | InputError]) -> int:
    """The processes to use: `requested`, where 0 means one per core this process may run
    on, but no more than there are files to share out (a file of records counts as many):
    starting a pool takes longer than processing one small report."""
    if requested < 0:
        raise UsageError(f"workers must be 0 (one per core) or more, not {requested}")
    wanted = requested or _cores()
    files = [p for p in inputs if isinstance(p, Path)]
    if any(suffix_of(p) in CONTAINERS for p in files):
        return wanted
    return max(1, min(wanted, len(files)))


def _cores() -> int:
    """Cores this process may run on: fewer than the machine has in a limited container."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- the worker processes --------------------------------------------------------------

_tools: Tools | None = None
"""This worker process's own tools, opened by `_start_worker`."""


def _start_worker(
    gazetteer: str, actors: str, vague_numbers: bool, max_file_mb: int, signatures: bool
) -> None:
    """Open the gazetteer and compile the lexicon once per worker, not once per task.

    Ctrl-C is left to the main process, which stops handing out work and lets the running
    tasks end; and a worker exits when the main process is gone (killed, it cannot say so).
    """
    global _tools
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        threading.Thread(target=_exit_with, args=(parent.sentinel,), daemon=True).start()
    _tools = Tools(
        Gazetteer.open(Path(gazetteer)), lexicon(actors), vague_numbers, max_file_mb, signatures
    )


def _exit_with(sentinel: int) -> None:
    wait([sentinel])
    os._exit(1)


def _worker_tools() -> Tools:
    if _tools is None:
        raise RuntimeError("not in an ingest worker process")
    return _tools


def _read(path: Path, data: bytes) -> list[Item]:
    return list(_worker_tools().read(path, data))


def _process(doc: SourceDocument, published: dt.date | None, outlet: str | None) -> Processed:
    return _worker_tools().process(doc, published, outlet)


def _context() -> multiprocessing.context.BaseContext:
    """'forkserver' where there is one, else 'spawn'; never 'fork'.

    A forked worker would inherit the main process's open SQLite connections (SQLite forbids
    using one across a fork) and, in the web app, locks held by its other threads. A fork
    server is a fresh interpreter that imports civharm once; each worker is forked from it
    in a fraction of a second. Spawn (Windows, macOS without a fork server) is as safe and
    imports civharm in every worker.
    """
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        # spaCy takes a second to import: once in the server, not in every worker.
        context.set_forkserver_preload([__name__, "spacy"])
        return context
    return multiprocessing.get_context("spawn")


# -- handing out work ------------------------------------------------------------------


class Runner:
    """Reads files and processes documents: in a pool of `workers` processes, started on
    first use, or with one worker here, when asked (no pool and no pickling).

    Starting the pool takes a second or two (the fork server imports civharm and spaCy):
    it starts in a thread of its own, and until it has, this process reads and processes
    what it hands out itself, as one worker would, rather than wait.
    """

    early = True
    """Work here while the pool starts; tests turn it off to send everything to the pool."""

    def __init__(self, tools: Tools, *, actors: str, workers: int) -> None:
        self.tools = tools
        self.actors = actors
        self.workers = workers
        self.ahead = AHEAD * workers if workers > 1 else 0
        self._pool: ProcessPoolExecutor | None = None
        self._starting: threading.Thread | None = None
        self._started = threading.Event()
        self._failed: BaseException | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._starting is not None:
            self._starting.join()
        if self._pool is not None:  # what was not started yet is dropped; stored is stored
            self._pool.shutdown(cancel_futures=True)

    def read(self, path: Path, data: bytes) -> Future[Iterable[Item]]:
        if self._in_process():
            # A lazy iterator: the records of a large file are read as they are stored.
            return _now(self.tools.read, path, data)
        if not self._pool_ready():
            return _now(_listed, self.tools.read, path, data)
        return self._submit(_read, path, data)

    def process(
        self, doc: SourceDocument, published: dt.date | None, outlet: str | None
    ) -> Future[Processed]:
        if self._in_process() or not self._pool_ready():
            return _now(self.tools.process, doc, published, outlet)
        # Processing reads the text: the preserved bytes need not travel.
        doc = replace(doc, data=b"", container=None)
        return self._submit(_process, doc, published, outlet)

    def _in_process(self) -> bool:
        return self.workers == 1

    def _pool_ready(self) -> bool:
        """Whether the pool has started, starting it on first use; without `early`, wait
        until it has."""
        if self._starting is None:
            tools = self.tools
            initargs = (
                str(tools.gazetteer.path),
                self.actors,
                tools.vague_numbers,
                tools.max_file_mb,
                tools.signatures,
            )
            self._starting = threading.Thread(target=self._start, args=(initargs,), daemon=True)
            self._starting.start()
        if not self.early:
            self._started.wait()
        return self._started.is_set()

    def _start(self, initargs: tuple[str, str, bool, int, bool]) -> None:
        pool = None
        try:
            pool = ProcessPoolExecutor(
                self.workers, mp_context=_context(), initializer=_start_worker, initargs=initargs
            )
            # A task per worker starts the workers (each waits for the fork server).
            for _ in range(self.workers):
                pool.submit(_ready)
            self._pool = pool
        except Exception as exc:  # raised again in the storing thread, at its next task
            self._failed = exc
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        finally:
            self._started.set()

    def _submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        """Hand a task to the pool, started already."""
        if self._pool is None:
            if isinstance(self._failed, BrokenProcessPool):
                raise WorkerStopped() from self._failed
            raise self._failed or RuntimeError("the pool has not started")
        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool as exc:
            raise WorkerStopped() from exc


def _ready() -> None:
    """Nothing: a task that starts a worker."""


def _listed(fn: Callable[..., Iterable[T]], *args: object) -> list[T]:
    """All of `fn(*args)` at once, as a worker gives it back."""
    return list(fn(*args))


def outcome(future: Future[T]) -> T:
    """A task's result, or its exception raised again here; a worker process that stopped
    stops the ingest (`WorkerStopped`) rather than failing every input after it."""
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise WorkerStopped() from exc


def _now(fn: Callable[..., T], *args: object) -> Future[T]:
    """`fn(*args)` done here and now, as a future: what the pool would give, later."""
    future: Future[T] = Future()
    try:
        future.set_result(fn(*args))
    except Exception as exc:  # raised again where the result is used, as from a worker
        future.set_exception(exc)
    return future


@dataclass(frozen=True)
class FileJob:
    """One input file on its way to the store: its bytes, or why they cannot be read, and
    its documents, each with its processing under way (None where the document was stored
    already when it was handed out). `documents` is None for a file whose bytes were stored
    already: it is not read again."""

    path: Path
    data: bytes | InputError
    documents: Iterable[Document] | None


def plan(
    inputs: Iterable[Path | InputError],
    runner: Runner,
    *,
    known: Callable[[str], bool],
    published: dt.date | None,
    outlet: str | None,
) -> Iterator[FileJob | InputError]:
    """Each input's job in input order, its work handed out `runner.ahead` documents early.

    `known(sha256)` tells whether bytes are stored; it only saves work, since the caller
    checks again as it stores.
    """
    reads = _ahead((_read_file(item, runner, known) for item in inputs), runner.ahead)
    jobs = (
        item
        if isinstance(item, InputError)
        else _process_file(*item, runner, known, published, outlet)
        for item in reads
    )
    return _ahead(jobs, runner.ahead, weight=_weight)


_Read = tuple[Path, bytes | InputError, Future[Iterable[Item]] | None]


def _read_file(
    item: Path | InputError, runner: Runner, known: Callable[[str], bool]
) -> _Read | InputError:
    if isinstance(item, InputError):
        return item
    data = load(item, runner.tools.max_file_mb)
    if isinstance(data, InputError):
        return item, data, None
    if suffix_of(item) not in CONTAINERS and known(sha256(data)):
        return item, data, None
    return item, data, runner.read(item, data)


def _process_file(
    path: Path,
    data: bytes | InputError,
    read: Future[Iterable[Item]] | None,
    runner: Runner,
    known: Callable[[str], bool],
    published: dt.date | None,
    outlet: str | None,
) -> FileJob:
    if read is None:
        return FileJob(path, data, None)
    documents = _documents(path, read, runner, known, published, outlet)
    # Without look-ahead each document is processed as it is stored; with it, all of a
    # file's documents are handed out now.
    return FileJob(path, data, documents if runner.ahead == 0 else list(documents))


def _documents(
    path: Path,
    read: Future[Iterable[Item]],
    runner: Runner,
    known: Callable[[str], bool],
    published: dt.date | None,
    outlet: str | None,
) -> Iterator[Document]:
    try:
        items = outcome(read)
    except WorkerStopped:
        raise
    except Exception as exc:  # the items could not come back from the worker: one file lost
        log.exception("reading %s failed", display_name(path))
        items = [
            MalformedInput(display_name(path), f"could not be read ({exc!r}); please report this")
        ]
    for item in items:
        if isinstance(item, InputError) or known(sha256(item.data)):
            yield item, None
        else:
            yield item, runner.process(item, published, outlet)


def _weight(job: FileJob | InputError) -> int:
    """A file weighs its documents in the look-ahead, so that a file of thousands of
    records does not count as one and memory stays bounded."""
    if isinstance(job, FileJob) and isinstance(job.documents, list):
        return max(1, len(job.documents))
    return 1


def _ahead(items: Iterator[T], depth: int, weight: Callable[[T], int] = lambda _: 1) -> Iterator[T]:
    """`items` in order, each taken from `items` up to `depth` (by `weight`) before it is
    given out: taking one hands out its work, so the pool works ahead of the caller."""
    if depth == 0:
        yield from items
        return
    window: deque[tuple[T, int]] = deque()
    held = 0
    for item in items:
        size = weight(item)
        window.append((item, size))
        held += size
        while held > depth:
            first, first_size = window.popleft()
            held -= first_size
            yield first
    for item, _ in window:
        yield item
