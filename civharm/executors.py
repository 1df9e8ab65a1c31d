"""Where an ingest's pure stages run: in local processes (`civharm/workers.py`), or on the
workers of a Dask cluster.

Either way `Project.ingest` receives the same `FileJob`s, in input order, and stores them
in its one writing loop, so what is stored does not depend on the executor. On Dask,
consecutive input files are grouped into partitions, each read, segmented and extracted in
one task: a task per document would cost more in scheduling than the work itself. Beyond
the partition being stored, at most `AHEAD` per worker thread are handed out, so memory
stays bounded however many files there are. The bytes travel with the tasks: workers need
civharm installed, not the files or the database.

Dask is an optional extra; it is imported only when the Dask executor is asked for.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, TracebackType
from typing import TYPE_CHECKING, Protocol

from civharm.band_shuffle import find_band_copies
from civharm.dask_tasks import FileResult, ToolSpec, quiet_worker, run_partition
from civharm.errors import ClusterLost, InputError, MalformedInput, UsageError
from civharm.evidence import sha256
from civharm.pipeline import Processed
from civharm.readers import suffix_of
from civharm.readers.guard import display_name
from civharm.store.stories import StoryStore
from civharm.workers import (
    CONTAINERS,
    Document,
    FileJob,
    Runner,
    Tools,
    load,
    plan,
    worker_count,
)

if TYPE_CHECKING:
    import distributed

log = logging.getLogger(__name__)

DASK_LOGGERS = ("distributed", "distributed.client")
"""Dask's loggers with levels of their own, quietened while an ingest uses the cluster."""

EXECUTORS = ("local", "dask")

AHEAD = 2
"""Partitions handed out per worker thread beyond the one being stored: one running, one
waiting to start."""

SPREAD = 4
"""Partitions per slot a small batch is cut into (see `DaskExecutor.plan`)."""

PARTITION_FILES = 64
PARTITION_BYTES = 4 * 1024**2
"""Most files, and bytes, in one partition: large enough that a task is mostly work, small
enough to stay far below Dask's warning about large task arguments (10 MB)."""

CONNECT_TIMEOUT_S = 5
WORKERS_TIMEOUT_S = 10

Known = Callable[[str], bool]
"""Whether bytes of this sha256 are stored already."""


class Executor(Protocol):
    """Hands out the pure stages of an ingest and gives back each input's job in order;
    where it `shuffles`, `find_copies` then finds the batch's band-key copy candidates."""

    shuffles: bool

    def find_copies(self, store: StoryStore) -> None: ...

    def __enter__(self) -> Executor: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def plan(
        self,
        inputs: Sequence[Path | InputError],
        *,
        known: Known,
        published: dt.date | None,
        outlet: str | None,
    ) -> Iterator[FileJob | InputError]: ...


def open_executor(
    tools: Tools,
    *,
    actors: str,
    inputs: Sequence[Path | InputError],
    workers: int | None,
    default_workers: int,
    executor: str = "local",
    scheduler: str | None = None,
) -> Executor:
    """The executor asked for, checked before anything is read or stored.

    `workers` (default: the setting, `default_workers`) sizes the local pool, or the
    LocalCluster Dask starts when no `scheduler` is given; a scheduler's cluster has the
    workers that were started on it, so `workers` with a scheduler is refused.
    """
    check_executor(executor, scheduler=scheduler, workers=workers)
    count = worker_count(default_workers if workers is None else workers, inputs)
    if executor == "local":
        return LocalExecutor(tools, actors=actors, workers=count)
    return DaskExecutor(tools, actors=actors, scheduler=scheduler, workers=count)


def check_executor(executor: str, *, scheduler: str | None, workers: int | None) -> None:
    """Refuse options that cannot work together, and a Dask executor without Dask: the
    CLI calls this before it opens (and perhaps creates) a database."""
    if executor not in EXECUTORS:
        raise UsageError(f"unknown executor {executor!r}; choose from {', '.join(EXECUTORS)}")
    if scheduler is not None and executor != "dask":
        raise UsageError("--scheduler needs --executor dask")
    if scheduler is not None and workers is not None:
        raise UsageError(
            "--workers sizes a local cluster; a scheduler's workers are started with "
            "`dask worker ADDRESS`"
        )
    if executor == "dask":
        distributed_module()


class LocalExecutor(Runner):
    """This process, or a pool of local processes (`civharm/workers.py`)."""

    shuffles = False

    def find_copies(self, store: StoryStore) -> None:
        """Nothing: the writer looked them up as it stored each document."""

    def __enter__(self) -> LocalExecutor:
        return self

    def plan(
        self,
        inputs: Sequence[Path | InputError],
        *,
        known: Known,
        published: dt.date | None,
        outlet: str | None,
    ) -> Iterator[FileJob | InputError]:
        return plan(inputs, self, known=known, published=published, outlet=outlet)


# -- handing out partitions ------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One input file: its bytes (or why not), and whether it goes to a worker (it does
    not when its bytes could not be read or are stored already)."""

    path: Path
    data: bytes | InputError
    work: bool


Partition = list[_Entry | InputError]


def distributed_module() -> ModuleType:
    """`distributed`, or a one-line error saying how to install it."""
    try:
        import distributed
    except ImportError:
        raise UsageError("the Dask executor needs Dask: pip install 'civharm[dask]'") from None
    return distributed


class DaskExecutor:
    """The pure stages on a Dask cluster: the scheduler at `scheduler`, or a LocalCluster of
    `workers` processes started here (and stopped at the end)."""

    shuffles = True

    def find_copies(self, store: StoryStore) -> None:
        """Group the batch's band keys on the cluster (`civharm/band_shuffle.py`)."""
        find_band_copies(self.client, store)

    def __init__(self, tools: Tools, *, actors: str, scheduler: str | None, workers: int) -> None:
        self.spec = ToolSpec.of(tools, actors)
        self.max_file_mb = tools.max_file_mb
        self.scheduler = scheduler
        self.workers = workers
        self._cluster: distributed.LocalCluster | None = None
        self._client: distributed.Client | None = None
        self._log_levels: dict[str, int] = {}
        self.slots = AHEAD * workers

    def __enter__(self) -> DaskExecutor:
        dd = distributed_module()
        # A lost cluster becomes one civharm error line (`ClusterLost`), not the tracebacks
        # Dask's client and nannies log as it goes.
        self._log_levels = {name: logging.getLogger(name).level for name in DASK_LOGGERS}
        for name in DASK_LOGGERS:
            logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            if self.scheduler is None:
                self._cluster = dd.LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=":0",  # any free port: 8787 may be taken
                )
                self._client = dd.Client(self._cluster, set_as_default=False)
                self._client.run(quiet_worker)
            else:
                self._client = self._connect(dd, self.scheduler)
        except BaseException:
            self._close()
            raise
        threads = sum(w["nthreads"] for w in self.client.scheduler_info()["workers"].values())
        self.slots = AHEAD * max(1, threads)
        return self

    @property
    def client(self) -> distributed.Client:
        if self._client is None:
            raise RuntimeError("use the Dask executor as a context manager")
        return self._client

    @staticmethod
    def _connect(dd: ModuleType, address: str) -> distributed.Client:
        """A client of the scheduler at `address` that has a worker, or a clear error
        within seconds."""
        try:
            client: distributed.Client = dd.Client(
                address, timeout=CONNECT_TIMEOUT_S, set_as_default=False
            )
        except (OSError, TimeoutError, ValueError) as exc:
            raise UsageError(
                f"cannot reach the Dask scheduler at {address} ({exc}); start one with "
                "`dask scheduler` and give the address it prints"
            ) from None
        try:
            client.wait_for_workers(1, timeout=WORKERS_TIMEOUT_S)
        except TimeoutError:
            client.close()
            raise UsageError(
                f"the Dask scheduler at {address} has no workers; start some with "
                f"`dask worker {address}` where civharm is installed"
            ) from None
        return client

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._close()  # what was not stored is dropped; stored is stored

    def _close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)

    def plan(
        self,
        inputs: Sequence[Path | InputError],
        *,
        known: Known,
        published: dt.date | None,
        outlet: str | None,
    ) -> Iterator[FileJob | InputError]:
        """Each input's job in input order, partitions handed out `slots` early.

        A small batch is cut into smaller partitions, several per slot, so that every
        worker has some and this process can store the first while the others are made.
        """
        share = math.ceil(len(inputs) / (SPREAD * self.slots))
        size = max(1, min(PARTITION_FILES, share))
        entries = (self._entry(item, known) for item in inputs)
        pending: deque[tuple[Partition, distributed.Future[list[FileResult]] | None]] = deque()
        for part in _partitions(entries, size):
            pending.append((part, self._submit(part, published, outlet)))
            while len(pending) > self.slots:
                yield from self._collect(*pending.popleft(), known=known)
        while pending:
            yield from self._collect(*pending.popleft(), known=known)

    def _entry(self, item: Path | InputError, known: Known) -> _Entry | InputError:
        """Read a file's bytes here; skip the work for bytes stored already (the writer
        checks again as it stores)."""
        if isinstance(item, InputError):
            return item
        data = load(item, self.max_file_mb)
        if isinstance(data, InputError):
            return _Entry(item, data, work=False)
        work = suffix_of(item) in CONTAINERS or not known(sha256(data))
        return _Entry(item, data, work=work)

    def _submit(
        self, part: Partition, published: dt.date | None, outlet: str | None
    ) -> distributed.Future[list[FileResult]] | None:
        files = _work(part)
        if not files:
            return None
        payload: object = files
        if sum(len(data) for _, data in files) > PARTITION_BYTES:
            # A large file makes a large task, which Dask warns of: its bytes go ahead.
            [payload] = self.client.scatter([files], hash=False)
        return self.client.submit(run_partition, self.spec, payload, published, outlet, pure=False)

    def _collect(
        self, part: Partition, future: distributed.Future[list[FileResult]] | None, *, known: Known
    ) -> Iterator[FileJob | InputError]:
        results = iter(self._results(part, future))
        for entry in part:
            if isinstance(entry, InputError):
                yield entry
            elif not entry.work:
                yield FileJob(entry.path, entry.data, None)
            else:
                yield FileJob(entry.path, entry.data, _documents(entry.path, next(results), known))

    def _results(
        self, part: Partition, future: distributed.Future[list[FileResult]] | None
    ) -> list[FileResult]:
        """The task's results; a cluster that lost the task stops the ingest, and a result
        that could not come back costs its partition's files, not the batch."""
        if future is None:
            return []
        try:
            results: list[FileResult] = future.result()
        except (CancelledError, OSError, distributed_module().KilledWorker) as exc:
            raise ClusterLost(type(exc).__name__) from exc
        except Exception as exc:
            log.exception("a Dask task of %d files failed", len(_work(part)))
            return [exc for _ in _work(part)]
        return results


def _work(part: Partition) -> list[tuple[Path, bytes]]:
    """The files of a partition that go to a worker, with their bytes."""
    return [
        (e.path, e.data)
        for e in part
        if isinstance(e, _Entry) and e.work and isinstance(e.data, bytes)
    ]


def _partitions(entries: Iterable[_Entry | InputError], size: int) -> Iterator[Partition]:
    """Consecutive entries, cut after `size` files or `PARTITION_BYTES` bytes of work."""
    part: Partition = []
    files = held = 0
    for entry in entries:
        part.append(entry)
        if isinstance(entry, _Entry) and entry.work and isinstance(entry.data, bytes):
            files += 1
            held += len(entry.data)
        if files >= size or held >= PARTITION_BYTES:
            yield part
            part, files, held = [], 0, 0
    if part:
        yield part


def _documents(path: Path, result: FileResult, known: Known) -> list[Document]:
    """A file's documents as `Project.ingest` stores them: as `workers._documents` makes
    them, with the processing already done."""
    if isinstance(result, Exception):
        log.error("reading %s failed", display_name(path), exc_info=result)
        error = MalformedInput(
            display_name(path), f"could not be read ({result!r}); please report this"
        )
        return [(error, None)]
    documents: list[Document] = []
    for item, outcome in result:
        if isinstance(item, InputError) or outcome is None or known(sha256(item.data)):
            documents.append((item, None))
        else:
            documents.append((item, settled(outcome)))
    return documents


def settled(outcome: Processed | Exception) -> Future[Processed]:
    """A finished future holding a worker's result or error, as `Runner` would give."""
    future: Future[Processed] = Future()
    if isinstance(outcome, Exception):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)
    return future
