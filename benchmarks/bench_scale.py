"""Ingest at scale: does the cost of a document stay the same as the corpus grows?

Issue #10 asks that the ingest time per document at 10,000 documents be within 1.3x of
that at 1,000, and that the whole ingest be within 10x of spaCy's blank English tokenizer
run over the same texts. For each size this script generates a fictional corpus
(`benchmarks/corpus.py`, seed 2024, every format; generation is not timed), then, in this
one process:

* **tokenizer**: reads every file with civharm's own readers (not timed), then times
  `spacy.blank("en")` over the texts (`nlp.pipe(texts, batch_size=256)`), best of three
  (of one from 5,000 documents up): the floor the issue compares with;
* **1 worker**: `Project.ingest([corpus], workers=1)` into a fresh SQLite database;
* **N workers**: the same with `workers=0` (one per core), into another fresh database.

Per size it reports the documents, each ingest's wall time and milliseconds per document,
that figure over the smallest size's (*x smallest*; the bar: at most 1.3 at 10,000 against
1,000) and the ingest time over the tokenizer's (*x tokenizer*; the bar: at most 10). The
1-minute load average before and after each size says how busy the machine was (the two
ingests themselves add about 1 and N).

It writes `benchmarks/results/scale.json` and adds one row per size to the "## Scale"
section of `benchmarks/RESULTS.md` (not with `--no-save`).

Usage::

    .venv/bin/python benchmarks/bench_scale.py                      # 500 and 2,000 documents
    .venv/bin/python benchmarks/bench_scale.py --sizes 1000 10000   # the issue's sizes
    .venv/bin/python benchmarks/bench_scale.py --sizes 8 16 --no-save   # does it run at all
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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
from benchmarks.bench_extract import baseline
from benchmarks.bench_ingest import corpus_files, machine
from benchmarks.corpus import generate
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, add_row, machine_cell
from civharm.model import SourceDocument
from civharm.readers import reader_for
from civharm.workers import _cores

SECTION = "## Scale"
SECTION_TEXT = f"""\
{SECTION}

Rows are added by `benchmarks/bench_scale.py`; the latest run's figures are in
`results/scale.json`.

**Method.** For each size, a fresh corpus of `benchmarks/corpus.py` (seed 2024, every
format) is written to a temporary folder (not timed). In one Python process: every file is
read with civharm's readers (not timed) and `spacy.blank("en")` tokenizes the texts
(`nlp.pipe`, batch 256; best of 3, of 1 from 5,000 documents up): *tokenizer s*. Then the
corpus is ingested into a fresh SQLite database with `workers=1` and into another with one
worker per core (`N`). *ms/doc* is wall time per document; *x smallest* is it over the
first size's; *x tok* is ingest time over tokenizer time. *Load* is the 1-minute load
average before and after the size (the ingests themselves add about 1 and N). Bars of issue
#10: ms/doc at 10,000 within 1.3x of 1,000; ingest within 10x the tokenizer at 10,000.

| date | commit | machine | docs | tokenizer s | 1 worker s | ms/doc | x smallest | x tok | N | N workers s | ms/doc | x smallest | x tok | load |
| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""

SINGLE_PASS = 5_000
"""From this many documents the tokenizer runs once: three passes add minutes, not accuracy."""


def texts(corpus: Path) -> list[str]:
    """The text of every document civharm reads from the corpus's files."""
    out = []
    for path in corpus_files(corpus):
        for item in reader_for(path)(str(path), path.read_bytes(), max_bytes=2**31):
            if isinstance(item, SourceDocument):
                out.append(item.text)
    return out


def timed_ingest(db: Path, corpus: Path, workers: int) -> dict[str, Any]:
    """Ingest `corpus` into a fresh database at `db`: wall seconds and what was stored."""
    with civharm.open_project(db=f"sqlite:///{db}", user="bench") as project:
        start = time.perf_counter()
        report = project.ingest([corpus], workers=workers)
        seconds = time.perf_counter() - start
    return {
        "workers": workers,
        "seconds": seconds,
        "documents": report.new_documents,
        "errors": len(report.errors),
    }


def measure(workdir: Path, docs: int, *, seed: int, workers: int) -> dict[str, Any]:
    """One size: generate, tokenize, ingest with one worker and with `workers`."""
    folder = workdir / str(docs)
    shutil.rmtree(folder, ignore_errors=True)
    corpus = folder / "corpus"
    generate(corpus, docs, seed=seed)
    load_before = os.getloadavg()[0]
    read = texts(corpus)
    tokenizer = baseline(read, 1 if docs >= SINGLE_PASS else 3)
    print(f"{docs} documents: tokenizer {tokenizer:.2f} s over {len(read)} texts", flush=True)
    runs = []
    for n in (1, workers):
        run = timed_ingest(folder / f"workers{n}.db", corpus, n)
        print(
            f"  workers={n}: {run['seconds']:.1f} s, "
            f"{1000 * run['seconds'] / max(1, run['documents']):.1f} ms/doc, "
            f"{run['documents']} documents, {run['errors']} errors",
            flush=True,
        )
        runs.append(run)
    shutil.rmtree(folder, ignore_errors=True)
    return {
        "documents": runs[0]["documents"],
        "texts": len(read),
        "tokenizer_seconds": tokenizer,
        "one": runs[0],
        "many": runs[1],
        "load": [load_before, os.getloadavg()[0]],
    }


def ratios(sizes: list[dict[str, Any]]) -> None:
    """Add ms/doc, its ratio to the first size's and the ratio to the tokenizer."""
    for size in sizes:
        for name in ("one", "many"):
            run = size[name]
            run["ms_per_doc"] = 1000 * run["seconds"] / max(1, run["documents"])
            run["x_smallest"] = run["ms_per_doc"] / sizes[0][name]["ms_per_doc"]
            run["x_tokenizer"] = run["seconds"] / size["tokenizer_seconds"]


def results_row(result: dict[str, Any], size: dict[str, Any]) -> str:
    one, many = size["one"], size["many"]
    cells = [
        result["date"],
        result["machine"]["commit"],
        machine_cell(result["machine"]),
        str(size["documents"]),
        f"{size['tokenizer_seconds']:.2f}",
        f"{one['seconds']:.1f}",
        f"{one['ms_per_doc']:.1f}",
        f"{one['x_smallest']:.2f}",
        f"{one['x_tokenizer']:.0f}",
        str(many["workers"]),
        f"{many['seconds']:.1f}",
        f"{many['ms_per_doc']:.1f}",
        f"{many['x_smallest']:.2f}",
        f"{many['x_tokenizer']:.0f}",
        "{:.1f} → {:.1f}".format(*size["load"]),
    ]
    return "| " + " | ".join(cells) + " |\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2_000])
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--workers", type=int, default=0, help="workers of the second ingest (0: one per core)"
    )
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)

    workers = args.workers or _cores()
    temporary = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="civharm-scale-")) if temporary else args.workdir
    try:
        sizes = [measure(workdir, docs, seed=args.seed, workers=workers) for docs in args.sizes]
    finally:
        if temporary:
            shutil.rmtree(workdir, ignore_errors=True)
    ratios(sizes)
    result = {"date": dt.date.today().isoformat(), "machine": machine(), "sizes": sizes}
    rows = [results_row(result, size) for size in sizes]
    print("".join(rows), end="")
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    if not args.no_save:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        (RESULTS_DIR / "scale.json").write_text(json.dumps(result, indent=2) + "\n")
        markdown = RESULTS_MD.read_text() if RESULTS_MD.exists() else "# Benchmark results\n"
        for row in rows:
            markdown = add_row(markdown, SECTION, SECTION_TEXT, row)
        RESULTS_MD.write_text(markdown)
        print(f"wrote {RESULTS_DIR / 'scale.json'} and {len(rows)} rows in {RESULTS_MD}")
    return 0 if all(s["one"]["errors"] == s["many"]["errors"] == 0 for s in sizes) else 1


if __name__ == "__main__":
    sys.exit(main())
