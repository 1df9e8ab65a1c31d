"""Ingest on a Dask cluster: the same corpus ingested plainly and with `--executor dask`.

`civharm ingest --executor dask` reads, segments and extracts on Dask workers, in
partitions of consecutive files, while this process stores the results. This script says
what that costs or buys against a plain single-process ingest: it generates a fictional
corpus (`benchmarks/corpus.py`; generation is not timed), ingests it into one fresh SQLite
database with `workers=1` and into another on a Dask LocalCluster of N worker processes
(started and stopped inside the timed call, as the command does), or on the cluster of
`--scheduler`, and prints both wall times and their ratio. It also checks that both
databases export the same incidents and mentions, and prints how long the band-key shuffle
that finds copy candidates (`civharm/band_shuffle.py`) took, pairs found included.

Run it on an otherwise idle machine. It writes `benchmarks/results/dask.json` and appends
a row to `benchmarks/RESULTS.md` (not with `--no-save`).

Usage::

    .venv/bin/python benchmarks/bench_dask.py --docs 2000 --workers 2
    .venv/bin/python benchmarks/bench_dask.py --docs 20 --no-save   # does it run at all
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_ingest import machine, make_corpus
from benchmarks.bench_workers import timed_ingest
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, machine_cell, save_row
from civharm.band_shuffle import find_band_copies

SECTION = "## Dask"
SECTION_TEXT = f"""\
{SECTION}

Rows are added by `benchmarks/bench_dask.py`; the latest run's figures are in
`results/dask.json`.

**Method.** The corpus of the ingest benchmark (`benchmarks/corpus.py`, seed 2024, every
format) is written to a temporary folder, then ingested in one Python process into two
fresh SQLite databases: plainly (`workers=1`, no pool) and with `executor="dask"`. *Cluster*
is `local N` for a LocalCluster of N single-threaded worker processes, started and stopped
within the timed call (as `civharm ingest --executor dask --workers N` does), or the
scheduler given. *Speed-up* is the plain time over the Dask time; *main CPU* is the CPU
time of the storing process alone during the Dask ingest. *Same* says whether both
databases export the same incidents and mentions (JSON Lines), as they must.

| date | commit | machine | docs | files | MB | plain s | cluster | Dask s | speed-up | main CPU s | same |
| --- | --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |
"""


def results_row(result: dict[str, Any]) -> str:
    m, c, plain, dask = result["machine"], result["corpus"], result["plain"], result["dask"]
    cells = [
        result["date"],
        m["commit"],
        machine_cell(m),
        str(c["documents"]),
        str(c["files"]),
        f"{c['mb']:.1f}",
        f"{plain['seconds']:.1f}",
        result["cluster"],
        f"{dask['seconds']:.1f}",
        f"{result['speedup']:.2f}",
        f"{dask['main_cpu_seconds']:.1f}",
        "yes" if result["same"] else "NO",
    ]
    return "| " + " | ".join(cells) + " |\n"


class ShuffleTimer:
    """Stands in for `find_band_copies` in the executor, timing each call."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.pairs = 0

    def __call__(self, client: Any, store: Any) -> int:
        start = time.perf_counter()
        pairs = find_band_copies(client, store)
        self.seconds += time.perf_counter() - start
        self.pairs += pairs
        return pairs


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--docs", type=int, default=2_000, help="documents in the corpus")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    parser.add_argument("--scheduler", help="use this Dask scheduler instead of a LocalCluster")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and databases")
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)

    if args.workdir is None:
        workdir = Path(tempfile.mkdtemp(prefix="civharm-dask-"))
    else:  # a folder of our own inside it: a previous run's leftovers would make a re-ingest
        workdir = args.workdir / "bench-dask"
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
    corpus = workdir / "corpus"
    if args.scheduler:
        options: dict[str, Any] = {"executor": "dask", "scheduler": args.scheduler}
        cluster = args.scheduler
    else:
        options = {"executor": "dask", "workers": args.workers}
        cluster = f"local {args.workers}"
    try:
        manifest = make_corpus(corpus, args.docs, args.seed)
        mb = manifest.total_bytes / 1e6
        print(
            f"corpus: {manifest.total_documents} documents in {manifest.total_files} files, "
            f"{mb:.1f} MB at {corpus}"
        )
        plain = timed_ingest(f"sqlite:///{workdir / 'plain.db'}", corpus, workers=1)
        shuffle = ShuffleTimer()
        with mock.patch("civharm.executors.find_band_copies", shuffle):
            dask = timed_ingest(f"sqlite:///{workdir / 'dask.db'}", corpus, **options)
        dask["shuffle_seconds"], dask["shuffle_pairs"] = shuffle.seconds, shuffle.pairs
        for name, run in (("plain", plain), (f"dask ({cluster})", dask)):
            print(
                f"{name}: {run['seconds']:.1f} s wall, "
                f"{manifest.total_documents / run['seconds']:.0f} docs/s, main process "
                f"{run['main_cpu_seconds']:.1f} s CPU; {run['new_documents']} new documents, "
                f"{run['errors']} errors"
            )
        same = plain.pop("exports") == dask.pop("exports")
        speedup = plain["seconds"] / dask["seconds"]
        print(f"speed-up on Dask ({cluster}): {speedup:.2f}x; same record: {same}")
        print(f"band-key shuffle: {shuffle.seconds:.1f} s, {shuffle.pairs} candidate pairs")
        result = {
            "date": dt.date.today().isoformat(),
            "machine": machine(),
            "corpus": {
                "documents": manifest.total_documents,
                "files": manifest.total_files,
                "mb": mb,
                "seed": args.seed,
            },
            "cluster": cluster,
            "plain": plain,
            "dask": dask,
            "speedup": speedup,
            "same": same,
        }
        print(f"row: {results_row(result)}", end="")
        if not args.no_save:
            save_row("dask", result, SECTION, SECTION_TEXT, results_row(result))
            print(f"wrote {RESULTS_DIR / 'dask.json'} and a row in {RESULTS_MD}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
