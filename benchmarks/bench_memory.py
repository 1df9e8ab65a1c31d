"""Ingest memory: peak resident memory of one ingest, by corpus size.

An ingest must not hold what it has stored: its peak memory should hardly grow with the
number of documents. For each size this script generates a fictional corpus
(`benchmarks/corpus.py`) and ingests it into a fresh SQLite database in a child process of
its own, whose peak resident set size (`ru_maxrss` of that child) is the figure; the ratio
is each size's peak over the first size's.

Usage::

    .venv/bin/python benchmarks/bench_memory.py                # 1,000 and 10,000 documents
    .venv/bin/python benchmarks/bench_memory.py --large        # and 100,000
    .venv/bin/python benchmarks/bench_memory.py --sizes 50 200 # any sizes
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import generate

ROOT = Path(__file__).resolve().parent.parent

CHILD = """
import json, resource, sys
import civharm
with civharm.open_project(db=sys.argv[1], user="bench") as project:
    report = project.ingest([sys.argv[2]], workers=int(sys.argv[3]))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"new_documents": report.new_documents, "errors": len(report.errors),
                  "peak_kib": peak}))
"""


def measure(workdir: Path, docs: int, *, seed: int, workers: int) -> dict[str, float]:
    """Generate `docs` documents and ingest them in a child process; its peak RSS in MB.

    The child is a fresh interpreter, so the peak is the ingest's alone, not this
    script's corpus generation or an earlier size's ingest.
    """
    folder = workdir / str(docs)
    shutil.rmtree(folder, ignore_errors=True)
    generate(folder / "corpus", docs, seed=seed)
    database, corpus = f"sqlite:///{folder / 'bench.db'}", str(folder / "corpus")
    child = subprocess.run(
        [sys.executable, "-c", CHILD, database, corpus, str(workers)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    # The child reports its own peak: RUSAGE_CHILDREN would give the largest child so far.
    result = json.loads(child.stdout.strip().splitlines()[-1])
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "documents": result["new_documents"],
        "errors": result["errors"],
        "peak_rss_mb": result["peak_kib"] / 1024,
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    parser.add_argument("--large", action="store_true", help="also ingest 100,000 documents")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--workers", type=int, default=1, help="ingest worker processes")
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    sizes = [*args.sizes, *([100_000] if args.large else [])]
    workdir: Path = args.workdir or Path(tempfile.mkdtemp(prefix="civharm-memory-"))
    rows: list[dict[str, float]] = []
    try:
        for docs in sizes:
            row = measure(workdir, docs, seed=args.seed, workers=args.workers)
            row["ratio"] = row["peak_rss_mb"] / (rows[0] if rows else row)["peak_rss_mb"]
            rows.append(row)
            print(
                f"{docs:>8} documents: peak RSS {row['peak_rss_mb']:7.0f} MB, "
                f"{row['ratio']:.2f}x the first size ({row['errors']:.0f} errors)",
                flush=True,
            )
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=2) + "\n")
    here = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this script itself peaked at {here:.0f} MB, not counted)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
