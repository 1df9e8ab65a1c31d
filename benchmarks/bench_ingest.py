"""Ingest throughput: how fast civharm reads, preserves, segments and stores a mixed corpus.

Researchers ingest tens of thousands of reports at a time, so ingest speed decides whether
re-running it after an improvement is cheap. This script generates a fictional corpus
(`benchmarks/corpus.py`; generation time is not measured), then times in one process:

* a baseline: read every file (gunzipping `.gz`) and run one compiled regex over the bytes,
  the floor that any ingest must pay;
* `Project.ingest` of the whole corpus into a fresh SQLite database (wall and CPU time,
  and peak resident memory from `getrusage(RUSAGE_SELF).ru_maxrss`);
* a second ingest of the same corpus, where every document is already stored;
* optionally, a small ingest per format, for the documents/s of each format alone.

It prints the figures, writes them to `benchmarks/results/ingest.json` and appends a row to
`benchmarks/RESULTS.md`.

Usage::

    .venv/bin/python benchmarks/bench_ingest.py --docs 10000
    .venv/bin/python benchmarks/bench_ingest.py --docs 2000 --profile   # cProfile the ingest
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gzip
import io
import os
import platform
import pstats
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import civharm
from benchmarks.corpus import FORMATS, Manifest, generate
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, machine_cell, save_row

ROOT = Path(__file__).resolve().parent.parent
BASELINE_RE = re.compile(rb"\b(?:killed|wounded|injured|dead)\b", re.IGNORECASE)

SECTION = "## Ingest"
SECTION_TEXT = f"""\
{SECTION}

Rows are added by `make bench` (`benchmarks/bench_ingest.py`); the latest run's full
figures are in `results/ingest.json`.

**Method.** A deterministic, fictional corpus (`benchmarks/corpus.py`, seed 2024) of mixed
formats — about 40% `.txt` (30% of them compilations of 2–3 articles), 15% `.md`, 15% full
HTML pages, 5% PDF letters, and JSONL, gzipped JSONL and gzipped WARC files holding many
records each (records count as documents) — is written to a temporary folder; generation
is not timed. Then, in one Python process, against a fresh SQLite database:

* **baseline**: read every file's bytes (gunzipping `.gz`) and run one compiled regex over
  them, best of three: the floor;
* **ingest**: `civharm.open_project(db=…).ingest([corpus])`, wall time (the page cache is
  warm: the corpus was just written); *× baseline* is ingest time over baseline time;
* **re-ingest**: the same call again, when every document is already stored (each only
  gets a custody line);
* **peak RSS**: `resource.getrusage(RUSAGE_SELF).ru_maxrss` after the ingest (the process
  peak so far, including the interpreter and libraries; tracemalloc is not used);
* **per format**: a separate small corpus of one format per ingest (200 documents each),
  documents/s.

MB is the size of the files on disk (compressed for `.gz`). The machine column gives the
CPUs available to the process, total RAM from `/proc/meminfo` and the Python version.

| date | commit | machine | docs | files | MB | ingest s | docs/s | MB/s | × baseline | re-ingest docs/s | peak RSS MB | per format, docs/s |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""


# --------------------------------------------------------------------------------------
# Measurements
# --------------------------------------------------------------------------------------


def rss_mb() -> float:
    """Peak resident set size of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def baseline(root: Path, repeats: int = 3) -> tuple[float, int]:
    """The floor: read and regex-scan every file; best wall time of `repeats`, and the matches."""
    best = float("inf")
    matches = 0
    files = corpus_files(root)
    for _ in range(repeats):
        start = time.perf_counter()
        matches = 0
        for path in files:
            data = path.read_bytes()
            if path.name.endswith(".gz"):
                data = _gunzip(data)
            matches += sum(1 for _ in BASELINE_RE.finditer(data))
        best = min(best, time.perf_counter() - start)
    return best, matches


def _gunzip(data: bytes) -> bytes:
    """Decompress every gzip member (a WARC.gz is one member per record)."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
        return handle.read()


def timed_ingest(db: str, corpus: Path, *, profile: Path | None = None) -> dict[str, Any]:
    """Open the project at `db` and ingest `corpus`; wall and CPU seconds and the report.

    With `profile`, the ingest runs under cProfile, whose stats are written to that file.
    """
    with civharm.open_project(db=db, user="bench") as project:
        profiler = cProfile.Profile() if profile is not None else None
        cpu = time.process_time()
        start = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        report = project.ingest([corpus])
        if profiler is not None:
            profiler.disable()
        wall = time.perf_counter() - start
        cpu = time.process_time() - cpu
    if profiler is not None and profile is not None:
        profiler.dump_stats(str(profile))
        print(f"\ncProfile of {corpus} into {db} (full profile in {profile}):")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)
    return {
        "seconds": wall,
        "cpu_seconds": cpu,
        "new_documents": report.new_documents,
        "seen_documents": report.seen_documents,
        "articles": report.articles,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "first_errors": list(report.errors[:5]),
    }


def per_format(workdir: Path, docs: int, seed: int) -> dict[str, dict[str, float]]:
    """Documents/s of each format alone: a small corpus and a fresh database per format."""
    out: dict[str, dict[str, float]] = {}
    for fmt in FORMATS:
        folder = workdir / "per_format" / fmt.replace(".", "_")
        manifest = generate(folder / "corpus", docs, seed=seed + 1, formats=[fmt])
        result = timed_ingest(f"sqlite:///{folder / 'bench.db'}", folder / "corpus")
        if result["errors"] or result["new_documents"] != manifest.total_documents:
            print(f"  {fmt}: unexpected result {result}", file=sys.stderr)
        out[fmt] = {
            "documents": manifest.total_documents,
            "files": manifest.total_files,
            "mb": manifest.total_bytes / 1e6,
            "seconds": result["seconds"],
            "docs_per_s": manifest.total_documents / result["seconds"],
            "mb_per_s": manifest.total_bytes / 1e6 / result["seconds"],
        }
        print(
            f"  {fmt:9} {manifest.total_documents:5d} docs "
            f"{out[fmt]['seconds']:6.2f} s  {out[fmt]['docs_per_s']:7.1f} docs/s"
        )
    return out


# --------------------------------------------------------------------------------------
# Machine and reporting
# --------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    mem_kb = 0
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    except OSError:
        pass
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:
        cpus = os.cpu_count() or 0
    return {
        "cpus": cpus,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "civharm": civharm.__version__,
        "commit": _commit(),
    }


def _commit() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def results_row(result: dict[str, Any]) -> str:
    m, c, i = result["machine"], result["corpus"], result["ingest"]
    formats = result.get("per_format") or {}
    breakdown = ", ".join(f"{fmt} {v['docs_per_s']:.0f}" for fmt, v in formats.items()) or "-"
    cells = [
        result["date"],
        m["commit"],
        machine_cell(m),
        str(c["documents"]),
        str(c["files"]),
        f"{c['mb']:.1f}",
        f"{i['seconds']:.1f}",
        f"{i['docs_per_s']:.0f}",
        f"{i['mb_per_s']:.2f}",
        f"{i['vs_baseline']:.0f}",
        f"{result['reingest']['docs_per_s']:.0f}",
        f"{i['peak_rss_mb']:.0f}",
        breakdown,
    ]
    return "| " + " | ".join(cells) + " |\n"


def save(result: dict[str, Any]) -> None:
    save_row("ingest", result, SECTION, SECTION_TEXT, results_row(result))


def make_corpus(root: Path, docs: int, seed: int) -> Manifest:
    """Generate the corpus behind a progress bar."""
    columns = (
        TextColumn("generating corpus"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("corpus", total=docs)
        return generate(root, docs, seed=seed, progress=lambda n: bar.advance(task, n))


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the corpus")
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and database")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--per-format", type=int, default=200, help="docs per format for the breakdown (0: skip)"
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile both ingests (results not saved)"
    )
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)

    temporary = args.workdir is None
    workdir: Path = Path(tempfile.mkdtemp(prefix="civharm-bench-")) if temporary else args.workdir
    ours = [workdir / "corpus", workdir / "per_format", workdir / "bench-data"]
    ours += [workdir / "ingest.prof", workdir / "reingest.prof"]
    ours += [workdir / f"bench.db{suffix}" for suffix in ("", "-wal", "-shm")]
    for path in ours:  # a previous run's leftovers would make this one a re-ingest
        _remove(path)
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = workdir / "corpus"
    db = f"sqlite:///{workdir / 'bench.db'}"
    try:
        started = time.perf_counter()
        manifest = make_corpus(corpus, args.docs, args.seed)
        mb = manifest.total_bytes / 1e6
        print(
            f"corpus: {manifest.total_documents} documents ({manifest.articles} articles) in "
            f"{manifest.total_files} files, {mb:.1f} MB, generated in "
            f"{time.perf_counter() - started:.1f} s at {corpus}"
        )
        for fmt in manifest.documents:
            print(f"  {fmt:9} {manifest.documents[fmt]:6d} docs {manifest.files[fmt]:6d} files")

        base_s, matches = baseline(corpus)
        print(f"baseline (read + one regex, best of 3): {base_s:.3f} s, {matches} matches")

        rss_before = rss_mb()
        ingest = timed_ingest(db, corpus, profile=workdir / "ingest.prof" if args.profile else None)
        rss_after = rss_mb()
        docs = manifest.total_documents
        ingest.update(
            docs_per_s=docs / ingest["seconds"],
            mb_per_s=mb / ingest["seconds"],
            vs_baseline=ingest["seconds"] / base_s,
            rss_before_mb=rss_before,
            peak_rss_mb=rss_after,
        )
        print(
            f"ingest: {ingest['seconds']:.1f} s wall, {ingest['cpu_seconds']:.1f} s CPU; "
            f"{ingest['docs_per_s']:.0f} docs/s, {ingest['mb_per_s']:.2f} MB/s, "
            f"{ingest['vs_baseline']:.0f}x baseline; {ingest['new_documents']} new documents, "
            f"{ingest['articles']} articles, {ingest['errors']} errors, "
            f"{ingest['warnings']} warnings; peak RSS {rss_before:.0f} -> {rss_after:.0f} MB"
        )
        if ingest["errors"] or ingest["new_documents"] != docs:
            print(f"  unexpected: {ingest['first_errors']}", file=sys.stderr)

        again = timed_ingest(
            db, corpus, profile=workdir / "reingest.prof" if args.profile else None
        )
        again.update(docs_per_s=docs / again["seconds"], mb_per_s=mb / again["seconds"])
        print(
            f"re-ingest: {again['seconds']:.1f} s, {again['docs_per_s']:.0f} docs/s "
            f"({again['seen_documents']} already stored, {again['new_documents']} new)"
        )

        formats: dict[str, dict[str, float]] = {}
        if args.per_format > 0:
            print(f"per format ({args.per_format} documents each, fresh database each):")
            formats = per_format(workdir, args.per_format, args.seed)

        result = {
            "date": dt.date.today().isoformat(),
            "machine": machine(),
            "corpus": {
                "documents": docs,
                "articles": manifest.articles,
                "files": manifest.total_files,
                "mb": mb,
                "seed": args.seed,
                "by_format": {
                    fmt: {"documents": manifest.documents[fmt], "files": manifest.files[fmt]}
                    for fmt in manifest.documents
                },
            },
            "baseline": {"seconds": base_s, "docs_per_s": docs / base_s, "matches": matches},
            "ingest": ingest,
            "reingest": again,
            "per_format": formats,
            "memory_method": "resource.getrusage(RUSAGE_SELF).ru_maxrss, process peak",
        }
        if args.profile:
            result["note"] = "profiled run: cProfile slows the ingest; figures not comparable"
        if not args.no_save and not args.profile:
            save(result)
            print(f"wrote {RESULTS_DIR / 'ingest.json'} and a row in {RESULTS_MD}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        elif temporary:
            shutil.rmtree(workdir, ignore_errors=True)
        else:
            for path in ours:
                _remove(path)
    return 0


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    sys.exit(main())
