"""What runs on a Dask worker: the tools it opens once per thread from a `ToolSpec`, and
the task that reads, segments and extracts one partition of an ingest's files
(`civharm/executors.py` hands the partitions out and stores what comes back).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import threading
from dataclasses import dataclass
from pathlib import Path

from civharm.errors import InputError
from civharm.extract.lexicon import lexicon
from civharm.gazetteer import Gazetteer, packaged_path
from civharm.pipeline import Processed
from civharm.workers import Item, Tools


@dataclass(frozen=True)
class ToolSpec:
    """What a Dask worker needs to open its own `Tools`: file names rather than open
    files, since the worker may be another machine. A gazetteer of None is the worker's
    own packaged copy; any other file must exist at the same path on every worker.
    `signatures` is `Tools.signatures`: an ingest's workers compute each article's
    syndication signature, as local workers do, so this process need not."""

    gazetteer: str | None
    actors: str
    vague_numbers: bool
    max_file_mb: int
    signatures: bool = False

    @classmethod
    def of(cls, tools: Tools, actors: str) -> ToolSpec:
        path = Path(tools.gazetteer.path).resolve()
        gazetteer = None if path == packaged_path().resolve() else str(path)
        return cls(gazetteer, actors, tools.vague_numbers, tools.max_file_mb, tools.signatures)


_opened = threading.local()
"""Each worker thread's tools (SQLite connections are best kept to one thread)."""


def tools_for(spec: ToolSpec) -> Tools:
    """Open the gazetteer and compile the lexicon once per worker thread, not per task."""
    held: tuple[ToolSpec, Tools] | None = getattr(_opened, "tools", None)
    if held is None or held[0] != spec:
        if held is not None:
            held[1].gazetteer.close()
        path = Path(spec.gazetteer) if spec.gazetteer else None
        tools = Tools(
            Gazetteer.open(path),
            lexicon(spec.actors),
            spec.vague_numbers,
            spec.max_file_mb,
            spec.signatures,
        )
        held = (spec, tools)
        _opened.tools = held
    return held[1]


def quiet_worker() -> None:
    """Leave Ctrl-C to this process, which stops the cluster it started, as the local pool's
    workers do; and keep the worker's logs from drowning the ingest's own lines."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed").setLevel(logging.ERROR)


Outcome = Processed | Exception | None
FileResult = list[tuple[Item, Outcome]] | Exception


def run_partition(
    spec: ToolSpec,
    files: list[tuple[Path, bytes]],
    published: dt.date | None,
    outlet: str | None,
) -> list[FileResult]:
    """Read, segment and extract each file of a partition: the Dask task. Errors come
    back as values, one per document (or per file that could not be read), as they would
    from `Runner`'s tasks."""
    tools = tools_for(spec)
    return [_run_file(tools, path, data, published, outlet) for path, data in files]


def _run_file(
    tools: Tools, path: Path, data: bytes, published: dt.date | None, outlet: str | None
) -> FileResult:
    try:
        items = list(tools.read(path, data))
    except Exception as exc:
        return exc
    results: list[tuple[Item, Outcome]] = []
    for item in items:
        if isinstance(item, InputError):
            results.append((item, None))
            continue
        try:
            results.append((item, tools.process(item, published, outlet)))
        except Exception as exc:  # raised again where the document is stored
            results.append((item, exc))
    return results
