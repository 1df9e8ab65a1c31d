"""Reads under an upload: the incidents list's latency for many readers, with and without a
web upload being ingested.

Issue #9 reported that one upload of 400 records froze `GET /api/v1/incidents` for ten
seconds; uploads now run as background jobs (`civharm/web/jobs.py`). This script checks
the fix under load, in one run: it builds a database of fictional incidents with
`bench_web.build_database` (not timed), adds a researcher with an API token, and starts
`civharm serve` (uvicorn, one process) on a free port. Then `--readers` concurrent
readers (asyncio tasks sharing one keep-alive `httpx.AsyncClient`, each holding a viewer's
token) request `/api/v1/incidents` with a seeded mix of filters, sorts and pages:

1. **idle**: for `--seconds`, nothing else happening;
2. **upload**: the researcher posts a JSONL file of `--records` fictional reports to
   `POST /ingest` (token-authenticated: no CSRF token needed) and the readers go on until
   the job's JSON (`/api/v1/jobs/{id}`, polled every 0.2 s) says it is done;
3. **alone**: a second file of as many other records, with no readers: the upload's own
   duration, to show how much the readers slow it down (not a bar).

Each request is timed from sending to its body read; a request counts towards the phase
in which it started. Bars (issue #9): p95 during the upload at most 3 × the idle p95, and
no errors (any status but 200, or a failed connection) in either phase.

It prints the figures, writes `benchmarks/results/upload_load.json` and adds a row to the
"## Reads during an upload" section of `benchmarks/RESULTS.md` (unless `--no-save`).

ALL DATA GENERATED HERE IS FICTIONAL (see `bench_web.py` and `corpus.py`).

Usage::

    .venv/bin/python benchmarks/bench_upload_load.py
    .venv/bin/python benchmarks/bench_upload_load.py --incidents 200 --mentions 400 \\
        --readers 4 --seconds 2 --records 20 --no-save
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

import civharm
from benchmarks.bench_ingest import machine
from benchmarks.bench_web import (
    build_database,
    free_port,
    list_queries,
    percentiles,
    start_server,
    stop_server,
    wait_until_up,
)
from benchmarks.corpus import SAMPLE, Writer, jsonl_record
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, machine_cell, save_row

SECTION = "## Reads during an upload"
SECTION_TEXT = f"""
{SECTION}

Rows are added by `benchmarks/bench_upload_load.py`; the latest run's full figures are in
`results/upload_load.json`.

**Method.** A SQLite database of fictional incidents is built as for the web benchmark
(`bench_web.build_database`, seed 2024; not timed), and `civharm serve` (uvicorn, one
process) answers on 127.0.0.1. *Readers* asyncio tasks sharing one keep-alive
`httpx.AsyncClient` with a viewer's API token request `GET /api/v1/incidents`, each
drawing from the six queries of the web benchmark and pages 1–20 (seeded), as fast as
answers come. *Idle*: for *seconds*, nothing else running. *Upload*: a researcher's token
posts one JSONL file of *records* fictional reports (`benchmarks/corpus.py`) to
`POST /ingest`, and the readers go on until the job's JSON says it is done. A request
counts toward the phase it started in; cells are p50 / p95 in ms (requests). *Upload s*
is from the post to the job's end seen by polling (every 0.2 s); *alone s* the same for
a second file of as many other records with no readers. Client and server share the
machine's CPUs. Bars (issue #9): upload p95 ≤ 3 × idle p95; no errors.

| date | commit | machine | incidents | readers | seconds | idle ms | upload ms | p95 ratio | errors | records | upload s | alone s | bars met |
| --- | --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
"""

RATIO_BAR = 3.0
POLL_S = 0.2


@dataclass
class Samples:
    """One phase's requests: latency in ms, and errors by kind."""

    ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)

    def summary(self, seconds: float) -> dict[str, Any]:
        figures = percentiles(self.ms) if self.ms else {"n": 0}
        return {
            **figures,
            "seconds": round(seconds, 2),
            "per_second": round(len(self.ms) / seconds, 1) if seconds else 0.0,
            "errors": dict(self.errors),
        }


def reader_urls(built: Any, rng: random.Random) -> list[str]:
    """The web benchmark's list queries, and plain pages 1-20."""
    queries = [params for _, params in list_queries(built, rng)]
    queries += [f"page={n}" for n in range(1, 21)]
    return [
        f"/api/v1/incidents?{httpx.QueryParams(q)}" if q else "/api/v1/incidents" for q in queries
    ]


async def read_until(
    client: httpx.AsyncClient,
    urls: Sequence[str],
    rng: random.Random,
    samples: Samples,
    done: Callable[[], bool],
) -> None:
    """One reader: request a random list URL after another until `done()`."""
    while not done():
        url = rng.choice(urls)
        start = time.perf_counter()
        try:
            response = await client.get(url)
            status = response.status_code
        except httpx.HTTPError as exc:
            samples.errors[type(exc).__name__] += 1
            continue
        samples.ms.append((time.perf_counter() - start) * 1000)
        if status != 200:
            samples.errors[f"HTTP {status}"] += 1


async def load(
    client: httpx.AsyncClient,
    urls: Sequence[str],
    *,
    readers: int,
    seed: int,
    phase: str,
    done: Callable[[], bool],
) -> Samples:
    samples = Samples()
    tasks = [
        read_until(client, urls, random.Random(f"{seed}-{phase}-{n}"), samples, done)
        for n in range(readers)
    ]
    await asyncio.gather(*tasks)
    return samples


async def upload(
    client: httpx.AsyncClient, token: str, data: bytes, timeout: float
) -> tuple[dict[str, Any], float]:
    """Post the file as a researcher, then poll its job until it ends: the job and seconds."""
    headers = {"Authorization": f"Bearer {token}"}
    start = time.perf_counter()
    posted = await client.post(
        "/ingest",
        files=[("files", ("upload.jsonl", data, "application/jsonl"))],
        headers=headers,
        follow_redirects=False,
    )
    if posted.status_code != 303:
        raise RuntimeError(f"upload refused: {posted.status_code} {posted.text[:300]}")
    job_url = "/api/v1/jobs/" + posted.headers["location"].rsplit("/", 1)[1]
    while time.perf_counter() - start < timeout:
        job: dict[str, Any] = (await client.get(job_url, headers=headers)).json()
        if job["state"] in ("done", "failed"):
            return job, time.perf_counter() - start
        await asyncio.sleep(POLL_S)
    raise RuntimeError(f"the upload job was not done after {timeout:.0f} s")


async def measure(
    base_url: str,
    viewer: str,
    researcher: str,
    urls: Sequence[str],
    files: tuple[bytes, bytes],
    args: argparse.Namespace,
) -> dict[str, Any]:
    limits = httpx.Limits(
        max_connections=args.readers + 4, max_keepalive_connections=args.readers + 4
    )
    headers = {"Authorization": f"Bearer {viewer}"}
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, limits=limits, timeout=120
    ) as client:
        warm = time.perf_counter() + 1.0
        await load(
            client,
            urls,
            readers=args.readers,
            seed=args.seed,
            phase="warm-up",
            done=lambda: time.perf_counter() > warm,
        )

        start = time.perf_counter()
        deadline = start + args.seconds
        idle = await load(
            client,
            urls,
            readers=args.readers,
            seed=args.seed,
            phase="idle",
            done=lambda: time.perf_counter() > deadline,
        )
        idle_s = time.perf_counter() - start

        ended = asyncio.Event()
        start = time.perf_counter()
        task = asyncio.create_task(upload(client, researcher, files[0], args.upload_timeout))
        task.add_done_callback(lambda _: ended.set())
        during = await load(
            client, urls, readers=args.readers, seed=args.seed, phase="upload", done=ended.is_set
        )
        during_s = time.perf_counter() - start
        job, upload_s = task.result()
        # The second file alone, no readers: how much the readers slowed the upload.
        alone_job, alone_s = await upload(client, researcher, files[1], args.upload_timeout)
    return {
        "idle": idle.summary(idle_s),
        "upload": during.summary(during_s),
        "job": job,
        "upload_seconds": round(upload_s, 2),
        "alone_job": alone_job,
        "alone_seconds": round(alone_s, 2),
    }


def upload_files(records: int, seed: int) -> tuple[bytes, bytes]:
    """Two files of `records` fictional reports as JSON lines, none of them in the database
    yet nor in the other file."""
    rng = random.Random(seed)
    writer = Writer(rng)

    def lines() -> bytes:
        data: bytes = SAMPLE.jsonl_bytes(
            jsonl_record(writer.article(), rng) for _ in range(records)
        )
        return data

    return lines(), lines()


def results_row(result: dict[str, Any]) -> str:
    m, idle, during = result["machine"], result["idle"], result["upload"]

    def cell(group: dict[str, Any]) -> str:
        return f"{group['p50']:.0f} / {group['p95']:.0f} ({group['n']})"

    bars = result["bars"]
    cells = [
        result["date"],
        m["commit"],
        machine_cell(m),
        str(result["database"]["incidents"]),
        str(result["readers"]),
        str(result["seconds"]),
        cell(idle),
        cell(during),
        f"{result['p95_ratio']:.2f}",
        str(result["errors"]),
        str(result["records"]),
        f"{result['upload_seconds']:.1f}",
        f"{result['alone_seconds']:.1f}",
        ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in bars.items()),
    ]
    return "| " + " | ".join(cells) + " |\n"


def _show(name: str, group: dict[str, Any]) -> None:
    if not group["n"]:
        print(f"  {name:<7} no answers; errors {group['errors']}")
        return
    print(
        f"  {name:<7} p50 {group['p50']:7.1f}  p95 {group['p95']:7.1f}  p99 {group['p99']:7.1f}"
        f"  max {group['max']:7.1f} ms  ({group['n']} requests, {group['per_second']}/s over "
        f"{group['seconds']} s; errors {group['errors'] or 0})"
    )


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--incidents", type=int, default=3000)
    parser.add_argument("--mentions", type=int, default=12000)
    parser.add_argument("--readers", type=int, default=20, help="concurrent readers")
    parser.add_argument("--seconds", type=float, default=20.0, help="length of the idle phase")
    parser.add_argument("--records", type=int, default=400, help="records in the upload")
    parser.add_argument("--upload-timeout", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)
    if not 2 * args.incidents <= args.mentions <= 8 * args.incidents:
        parser.error("--mentions must be 2 to 8 times --incidents")
    return args


def bench(args: argparse.Namespace) -> dict[str, Any]:
    """Build, serve, measure both phases and judge the bars; the result as saved."""
    measured_on = machine()
    workdir = Path(tempfile.mkdtemp(prefix="civharm-upload-load-"))
    try:
        db = workdir / "load.db"
        built = build_database(db, incidents=args.incidents, mentions=args.mentions, seed=args.seed)
        with civharm.open_project(db=f"sqlite:///{db}") as project:
            project.add_user("uploader", role="researcher")
            researcher = project.create_token("uploader")
        print(f"built {db} in {built.seconds:.1f} s: {built.counts}")
        urls = reader_urls(built, random.Random(args.seed))
        files = upload_files(args.records, args.seed)

        port = free_port()
        server = start_server(db, port, workdir / "serve.log")
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                startup = wait_until_up(client, server, timeout=60)
            print(f"civharm serve answered on port {port} after {startup:.1f} s")
            print(
                f"{args.readers} readers: {args.seconds:g} s idle, then during an upload "
                f"of {args.records} records"
            )
            found = asyncio.run(
                measure(f"http://127.0.0.1:{port}", built.token, researcher, urls, files, args)
            )
        finally:
            stop_server(server)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    idle, during, job = found["idle"], found["upload"], found["job"]
    _show("idle", idle)
    _show("upload", during)
    summary = job.get("summary") or {}
    print(
        f"  upload: job {job['state']} after {found['upload_seconds']:.1f} s; "
        f"{summary.get('new_documents')} new documents, {summary.get('errors')} errors"
        + (f"; {job['error']}" if job.get("error") else "")
    )
    alone = found["alone_job"]
    slower = found["upload_seconds"] / found["alone_seconds"]
    print(
        f"  as many other records with no readers: job {alone['state']} after "
        f"{found['alone_seconds']:.1f} s (the readers made the upload {slower:.1f}x slower)"
    )
    errors = sum(idle["errors"].values()) + sum(during["errors"].values())
    ratio = during["p95"] / idle["p95"] if idle["n"] and during["n"] else float("inf")
    upload_ok = all(
        j["state"] == "done" and (j["summary"] or {}).get("new_documents") == args.records
        for j in (job, alone)
    )
    bars = {
        f"p95 ratio <= {RATIO_BAR:g}": ratio <= RATIO_BAR,
        "0 errors": errors == 0,
        "upload stored": upload_ok,
    }
    print(f"  p95 ratio {ratio:.2f} (bar <= {RATIO_BAR:g}); errors {errors} (bar 0)")
    if during["n"] < args.readers * 5:
        print("  note: the upload ended too soon for many reads; try more --records")
    for name, met in bars.items():
        print(f"  bar {name}: {'met' if met else 'MISSED'}")
    return {
        "date": dt.date.today().isoformat(),
        "machine": measured_on,
        "seed": args.seed,
        "database": {k: built.counts[k] for k in ("incidents", "mentions", "documents")},
        "readers": args.readers,
        "seconds": args.seconds,
        "records": args.records,
        "urls": urls,
        "client": "httpx.AsyncClient, keep-alive, one asyncio task per reader, 127.0.0.1",
        "server": "civharm serve (uvicorn, one process)",
        **found,
        "p95_ratio": ratio,
        "errors": errors,
        "bars": bars,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = arguments(argv)
    result = bench(args)
    if not args.no_save:
        save_row("upload_load", result, SECTION, SECTION_TEXT, results_row(result))
        print(f"wrote {RESULTS_DIR / 'upload_load.json'} and a row in {RESULTS_MD}")
    return 0 if all(result["bars"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
