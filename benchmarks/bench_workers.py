"""Ingest on several cores: the same corpus ingested with one worker and with N, in one run.

`civharm ingest --workers N` reads, segments and extracts in N processes while the main
process stores the results. This script says what that buys: it generates a fictional
corpus (`benchmarks/corpus.py`; generation is not timed), ingests it into one fresh SQLite
database with one worker and into another with N, and prints the wall time of each and
their ratio. It also checks that both databases export the same incidents and mentions.

Run it on an otherwise idle machine: other work on the same cores makes the ratio
meaningless. It writes `benchmarks/results/workers.json` and appends a row to
`benchmarks/RESULTS.md` (not with `--no-save`).

Usage::

    .venv/bin/python benchmarks/bench_workers.py --docs 2000 --workers 2
    .venv/bin/python benchmarks/bench_workers.py --docs 20 --no-save   # does it run at all
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import civharm
from benchmarks.bench_ingest import machine, make_corpus
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, machine_cell, save_row

SECTION = "## Workers"
SECTION_TEXT = f"""\
{SECTION}

Rows are added by `benchmarks/bench_workers.py`; the latest run's figures are in
`results/workers.json`.

**Method.** The corpus of the ingest benchmark (`benchmarks/corpus.py`, seed 2024, every
format) is written to a temporary folder, then ingested in one Python process into two
fresh SQLite databases: with `workers=1` (no pool) and with `workers=N`. Wall times
include starting the pool. *Speed-up* is the first time over the second; *main CPU* is
the CPU time of the storing process alone during the N-worker ingest (near the wall time,
the writer is the limit). *Same* says whether both databases export the same incidents and
mentions (JSON Lines), as they must.

| date | commit | machine | docs | files | MB | 1 worker s | N | N workers s | speed-up | main CPU s | same |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""


def timed_ingest(db: str, corpus: Path, **options: Any) -> dict[str, Any]:
    """Ingest `corpus` into a fresh database with the ingest `options` (`workers=2`,
    `executor="dask"`); wall and main-process CPU times, and the exports to compare."""
    with civharm.open_project(db=db, user="bench") as project:
        cpu = time.process_time()
        start = time.perf_counter()
        report = project.ingest([corpus], **options)
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
        exports = {}
        for entity in ("incidents", "mentions"):
            out = io.BytesIO()
            project.export(entity, format="jsonl", out=out)
            exports[entity] = out.getvalue()
    return {
        "options": options,
        "workers": options.get("workers"),
        "seconds": wall,
        "main_cpu_seconds": cpu,
        "new_documents": report.new_documents,
        "articles": report.articles,
        "errors": len(report.errors),
        "exports": exports,
    }


def results_row(result: dict[str, Any]) -> str:
    m, c, one, many = result["machine"], result["corpus"], result["one"], result["many"]
    cells = [
        result["date"],
        m["commit"],
        machine_cell(m),
        str(c["documents"]),
        str(c["files"]),
        f"{c['mb']:.1f}",
        f"{one['seconds']:.1f}",
        str(many["workers"]),
        f"{many['seconds']:.1f}",
        f"{result['speedup']:.2f}",
        f"{many['main_cpu_seconds']:.1f}",
        "yes" if result["same"] else "NO",
    ]
    return "| " + " | ".join(cells) + " |\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--docs", type=int, default=2_000, help="documents in the corpus")
    parser.add_argument("--workers", type=int, default=2, help="workers of the second ingest")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and databases")
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)

    if args.workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix="civharm-workers-"))
    else:  # a folder of our own inside it: a previous run's leftovers would make a re-ingest
        workdir = args.workdir / "bench-workers"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
    corpus = workdir / "corpus"
    try:
        manifest = make_corpus(corpus, args.docs, args.seed)
        mb = manifest.total_bytes / 1e6
        print(
            f"corpus: {manifest.total_documents} documents in {manifest.total_files} files, "
            f"{mb:.1f} MB at {corpus}"
        )
        runs = []
        for workers in (1, args.workers):
            run = timed_ingest(
                f"sqlite:///{workdir / f'workers{workers}.db'}", corpus, workers=workers
            )
            runs.append(run)
            print(
                f"workers={workers}: {run['seconds']:.1f} s wall, "
                f"{manifest.total_documents / run['seconds']:.0f} docs/s, main process "
                f"{run['main_cpu_seconds']:.1f} s CPU; {run['new_documents']} new documents, "
                f"{run['errors']} errors"
            )
        one, many = runs
        same = one.pop("exports") == many.pop("exports")
        speedup = one["seconds"] / many["seconds"]
        print(f"speed-up with {args.workers} workers: {speedup:.2f}x; same record: {same}")
        result = {
            "date": dt.date.today().isoformat(),
            "machine": machine(),
            "corpus": {
                "documents": manifest.total_documents,
                "files": manifest.total_files,
                "mb": mb,
                "seed": args.seed,
            },
            "one": one,
            "many": many,
            "speedup": speedup,
            "same": same,
        }
        if not args.no_save:
            save_row("workers", result, SECTION, SECTION_TEXT, results_row(result))
            print(f"wrote {RESULTS_DIR / 'workers.json'} and a row in {RESULTS_MD}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
