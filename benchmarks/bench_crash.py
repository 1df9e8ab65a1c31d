"""Crash safety: `kill -9` during ingest and resolve, and concurrent ingests, lose nothing.

Issue #9 asks that a researcher can pull the plug at any moment and simply run the same
command again, and that a team's ingests into one database neither lose nor duplicate a
document. This script generates a fictional corpus (`benchmarks/corpus.py`) and, with the
`civharm` command run as a subprocess in a session of its own (so its worker processes
die with it):

1. **clean**: ingests the corpus into a new database, uninterrupted: the reference. Then
   `civharm resolve --all` once on it: the reference for the resolve runs (it should
   change nothing: incidents do not depend on how resolving was batched; printed).
2. **resolve**: on that database, starts `civharm resolve --all` and sends SIGKILL to its
   process group at a random moment, again and again, each kill followed by a new run,
   until a run ends by itself; repeated until `--kills` kills were made.
3. **ingest**: the same with `civharm ingest CORPUS`, each round in a new database.
4. **concurrent**: `--writers` ingests started together on a new database, each given two
   neighbouring shares of the corpus's files, so that every file is ingested twice.

Kill moments are drawn uniformly between the start-up time of the command (a `civharm
info` on the same database, so kills do not all land while Python imports) and the clean
run's duration; `--seed` repeats them. After each completed round the database is compared
with its reference through the Python API the CLI is a thin layer over: documents,
articles and mentions by identity (sha256, sha256 and ordinal, mention key), counted as
lost or duplicated; `Project.export("incidents", format="jsonl")` (what `civharm export
incidents` writes) after normalising what legitimately differs (see `normalise`);
`Project.verify()` (what `civharm verify` runs). Files in the evidence folder that no
blob row names are counted too: evidence is written before its row is committed, so a
kill between the two leaves a file a rerun adopts, or a `.tmp-` file of a write cut short.

When CIVHARM_TEST_PG names a PostgreSQL server URL where databases may be created, all of
it runs on PostgreSQL too (each database created and dropped by this script).

It prints the figures, writes `benchmarks/results/crash.json` and adds a row per engine to
the "## Crash safety" section of `benchmarks/RESULTS.md` (unless `--no-save`).

Usage::

    .venv/bin/python benchmarks/bench_crash.py
    .venv/bin/python benchmarks/bench_crash.py --docs 40 --kills 3 --writers 2 --no-save
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

import civharm
from benchmarks.bench_ingest import corpus_files, machine
from benchmarks.corpus import generate
from benchmarks.results_md import RESULTS_DIR, RESULTS_MD, machine_cell, save_row
from civharm.store import tables as t
from civharm.store.engine import normalise_url

SECTION = "## Crash safety"
SECTION_TEXT = f"""
{SECTION}

Rows are added by `benchmarks/bench_crash.py`; the latest run's full figures (every kill,
every round's comparison) are in `results/crash.json`.

**Method.** A fictional corpus (`benchmarks/corpus.py`, seed 2024, all formats) is
ingested by `civharm ingest` (a subprocess) into a new database: the reference; then
`civharm resolve --all` runs once on it: the reference for resolving. *Resolve kills*:
`civharm resolve --all` on that database is killed with SIGKILL (its whole process group)
at a moment drawn uniformly between the command's start-up time and the clean run's
duration (`--seed`), and run again, until a run ends by itself; repeated until *kills*
kills. *Ingest kills*: the same for `civharm ingest`, each round in a new database.
*Concurrent*: *writers* ingests started together on a new database, each given two
neighbouring shares of the files (every file ingested twice). After each round the
database is compared with its reference: documents, articles and mentions by identity
(*lost* / *duplicated* sum over all rounds), the `civharm export incidents` JSON lines
with incident ids and story numbers normalised away (*incidents differing*), and
`civharm verify` (*verify problems*). Bar (issue #9): all four are 0.

| date | commit | machine | engine | docs | ingest kills (rounds) | resolve kills (rounds) | writers | lost | duplicated | incidents differing | verify problems | clean ingest s | total s | bar met |
| --- | --- | --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
"""

CHECKED = ("documents", "articles", "mentions")


# --------------------------------------------------------------------------------------
# Databases
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """One database under test and its evidence folder."""

    url: str
    data_dir: Path

    def options(self) -> list[str]:
        return ["--db", self.url, "-s", f"data_dir={self.data_dir}"]

    @property
    def sqlite_file(self) -> Path | None:
        prefix = "sqlite:///"
        return Path(self.url[len(prefix) :]) if self.url.startswith(prefix) else None


class SQLite:
    """New SQLite files in a folder of their own."""

    name = "sqlite"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def new(self, label: str) -> Target:
        return Target(f"sqlite:///{self.folder / label}.db", self.folder / f"{label}-data")

    def drop(self, target: Target) -> None:
        file = target.sqlite_file
        if file is not None:
            for path in file.parent.glob(file.name + "*"):
                path.unlink()
        shutil.rmtree(target.data_dir, ignore_errors=True)

    def close(self) -> None:
        """Nothing outlives the folder."""


class Postgres:
    """New databases on a PostgreSQL server, each dropped after use (and at the end)."""

    name = "postgresql"

    def __init__(self, server: str, folder: Path) -> None:
        self.server = normalise_url(server)
        self.folder = folder
        self.created: list[str] = []
        folder.mkdir(parents=True, exist_ok=True)

    def new(self, label: str) -> Target:
        name = f"civharm_crash_{os.getpid()}_{label}".lower()
        self._run(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        url = sa.make_url(self.server).set(database=name).render_as_string(hide_password=False)
        return Target(url, self.folder / f"{label}-data")

    def drop(self, target: Target) -> None:
        name = sa.make_url(target.url).database
        if name in self.created:
            self._run(f'DROP DATABASE "{name}" WITH (FORCE)')
            self.created.remove(name)
        shutil.rmtree(target.data_dir, ignore_errors=True)

    def close(self) -> None:
        for name in list(self.created):
            self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()

    def _run(self, statement: str) -> None:
        admin = sa.create_engine(self.server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(statement)
        finally:
            admin.dispose()


Engine = SQLite | Postgres


# --------------------------------------------------------------------------------------
# Running and killing the CLI
# --------------------------------------------------------------------------------------


def civharm_command() -> list[str]:
    civ = Path(sys.executable).with_name("civharm")
    return [str(civ)] if civ.exists() else [sys.executable, "-m", "civharm"]


@dataclass(frozen=True)
class Run:
    """One start of the command: killed at `delay` seconds, or let run (`delay` None)."""

    delay: float | None
    killed: bool
    seconds: float
    returncode: int
    documents_at_end: int | None = None  # stored when it ended: where the kill landed

    def as_dict(self) -> dict[str, Any]:
        return {
            "delay_s": None if self.delay is None else round(self.delay, 2),
            "killed": self.killed,
            "seconds": round(self.seconds, 2),
            "returncode": self.returncode,
            "documents_at_end": self.documents_at_end,
        }


def run(args: Sequence[str], log: Path, *, delay: float | None = None) -> Run:
    """Run `civharm ARGS`; with `delay`, SIGKILL its process group after that many seconds."""
    start = time.perf_counter()
    with log.open("ab") as out:
        out.write(f"\n$ civharm {' '.join(args)}  (kill after {delay} s)\n".encode())
        out.flush()
        process = subprocess.Popen(
            [*civharm_command(), *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: the workers die with it
        )
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):  # it ended just now
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    seconds = time.perf_counter() - start
    killed = process.returncode == -signal.SIGKILL
    return Run(delay, killed, seconds, process.returncode)


def stored_documents(target: Target) -> int | None:
    """Documents committed so far, read without migrating or creating anything (None: the
    tables do not exist yet)."""
    file = target.sqlite_file
    if file is not None and not file.exists():
        return None
    engine = sa.create_engine(normalise_url(target.url), poolclass=NullPool)
    try:
        with engine.connect() as conn:
            count: int = conn.execute(
                sa.select(sa.func.count()).select_from(t.documents)
            ).scalar_one()
            return count
    except sa.exc.DBAPIError:
        return None
    finally:
        engine.dispose()


def kill_rounds(
    args: Sequence[str],
    target: Target,
    log: Path,
    rng: random.Random,
    *,
    window: tuple[float, float],
    kills: int,
) -> list[Run]:
    """Kill the command at random moments in `window`, starting it again each time, until
    `kills` kills are made or a run ends by itself; the last run is let finish."""
    runs: list[Run] = []
    while True:
        delay = rng.uniform(*window) if kills > 0 else None
        done = run(args, log, delay=delay)
        if done.killed:
            kills -= 1
            done = Run(done.delay, True, done.seconds, done.returncode, stored_documents(target))
        runs.append(done)
        if not done.killed:
            return runs


# --------------------------------------------------------------------------------------
# Comparing a database with its reference
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What a database holds, by identity, and its incidents as exported."""

    counts: dict[str, int]
    items: dict[str, Counter[str]]  # documents, articles, mentions → identity → rows
    incidents: Counter[str]  # normalised export lines
    incident_ids: frozenset[str]
    verified: int
    problems: tuple[str, ...]
    unreferenced_files: int
    tmp_files: int


def normalise(line: bytes) -> tuple[str, str]:
    """An exported incident without what legitimately depends on the order of work: its id
    (kept from whichever incident most of its mentions were in before, when resolved in
    several steps; the sources' mention keys identify it instead) and its sources' story
    numbers (row ids, renumbered by first appearance among its sources sorted by mention
    key, which keeps who shares a story)."""
    record = json.loads(line)
    incident_id = record.pop("id")
    sources = sorted(record["sources"], key=lambda s: s["mention_key"])
    stories: dict[Any, int] = {}
    for source in sources:
        if source.get("story") is not None:
            source["story"] = stories.setdefault(source["story"], len(stories))
    record["sources"] = sources
    return incident_id, json.dumps(record, sort_keys=True, ensure_ascii=False)


def snapshot(target: Target) -> Snapshot:
    with civharm.open_project(
        db=target.url, data_dir=str(target.data_dir), create=False
    ) as project:
        with project.store.engine.connect() as conn:
            documents = Counter(conn.execute(sa.select(t.documents.c.sha256)).scalars())
            articles = Counter(
                f"{sha}:{ordinal}"
                for sha, ordinal in conn.execute(
                    sa.select(t.articles.c.document_sha256, t.articles.c.ordinal)
                )
            )
            mentions = Counter(str(k) for k in conn.execute(sa.select(t.mentions.c.key)).scalars())
            blobs = set(conn.execute(sa.select(t.blobs.c.sha256)).scalars())
        out = io.BytesIO()
        project.export("incidents", format="jsonl", out=out)
        report = project.verify()
        counts = project.counts()
    pairs = [normalise(line) for line in out.getvalue().splitlines() if line.strip()]
    files = [p for p in target.data_dir.rglob("*") if p.is_file()]
    tmp = [p for p in files if p.name.startswith(".tmp-")]
    return Snapshot(
        counts=counts,
        items={"documents": documents, "articles": articles, "mentions": mentions},
        incidents=Counter(line for _, line in pairs),
        incident_ids=frozenset(i for i, _ in pairs),
        verified=report.checked,
        problems=report.problems,
        unreferenced_files=sum(1 for p in files if p not in tmp and p.name not in blobs),
        tmp_files=len(tmp),
    )


def compare(reference: Snapshot, got: Snapshot) -> dict[str, Any]:
    """Lost and duplicated rows, differing incidents and verify problems (all 0 is a pass),
    and what may differ legitimately: incident ids and stray evidence files."""
    out: dict[str, Any] = {}
    for name in CHECKED:
        want, have = reference.items[name], got.items[name]
        out[f"{name}_lost"] = sum((want - have).values())
        out[f"{name}_duplicated"] = sum((have - want).values())
    missing = reference.incidents - got.incidents
    extra = got.incidents - reference.incidents
    out["incidents"] = sum(got.incidents.values())
    out["incidents_expected"] = sum(reference.incidents.values())
    out["incidents_differing"] = sum(missing.values()) + sum(extra.values())
    out["incident_ids_changed"] = len(reference.incident_ids - got.incident_ids)
    out["verify_checked"] = got.verified
    out["verify_problems"] = len(got.problems)
    out["unreferenced_evidence_files"] = got.unreferenced_files
    out["tmp_evidence_files"] = got.tmp_files
    out["counts"] = got.counts
    if missing or extra:  # one of each, to see what differs
        out["example_expected"] = next(iter(missing), None)
        out["example_found"] = next(iter(extra), None)
    if got.problems:
        out["first_problems"] = list(got.problems[:3])
    out["ok"] = _failures(out) == 0
    return out


def _failures(compared: dict[str, Any]) -> int:
    keys = [f"{name}_{what}" for name in CHECKED for what in ("lost", "duplicated")]
    keys += ["incidents_differing", "verify_problems"]
    return sum(int(compared[key]) for key in keys)


# --------------------------------------------------------------------------------------
# The scenarios on one engine
# --------------------------------------------------------------------------------------


def shares(files: Sequence[Path], writers: int) -> list[list[Path]]:
    """Each writer's inputs: its own share of the files and the next writer's."""
    size = -(-len(files) // writers)
    parts = [list(files[i * size : (i + 1) * size]) for i in range(writers)]
    return [parts[i] + parts[(i + 1) % writers] for i in range(writers)]


def bench_engine(
    engine: Engine, corpus: Path, log: Path, rng: random.Random, args: argparse.Namespace
) -> dict[str, Any]:
    started = time.perf_counter()
    result: dict[str, Any] = {"engine": engine.name}
    ingest_args = ["ingest", str(corpus)]

    clean = engine.new("clean")
    first = run([*ingest_args, *clean.options()], log)
    if first.returncode != 0:
        raise RuntimeError(f"the clean ingest failed ({first.returncode}); see {log}")
    reference = snapshot(clean)
    floor = run(["info", *clean.options()], log).seconds
    resolved = run(["resolve", "--all", *clean.options()], log)
    reference_all = snapshot(clean)
    result["clean"] = {
        "ingest_s": round(first.seconds, 2),
        "startup_s": round(floor, 2),
        "resolve_all_s": round(resolved.seconds, 2),
        "counts": reference.counts,
        "resolve_all_vs_ingest": compare(reference, reference_all),
    }
    print(
        f"[{engine.name}] clean ingest {first.seconds:.1f} s, start-up {floor:.1f} s, "
        f"resolve --all {resolved.seconds:.1f} s; {reference.counts}"
    )
    changed = result["clean"]["resolve_all_vs_ingest"]["incidents_differing"]
    print(f"  resolve --all after a clean ingest changes {changed} incident records")

    def window(full: float) -> tuple[float, float]:
        return (min(floor, full / 2), full)

    rounds: list[dict[str, Any]] = []
    left = args.kills
    while left > 0 and len(rounds) < 3 * args.kills:  # runs too quick to kill: give up
        runs = kill_rounds(
            ["resolve", "--all", *clean.options()],
            clean,
            log,
            rng,
            window=window(resolved.seconds),
            kills=left,
        )
        left -= sum(r.killed for r in runs)
        rounds.append({"runs": [r.as_dict() for r in runs], **_check(reference_all, clean, runs)})
    result["resolve_kills"] = rounds
    _report("resolve --all", rounds)

    rounds = []
    left = args.kills
    while left > 0 and len(rounds) < 3 * args.kills:  # runs too quick to kill: give up
        target = engine.new(f"kill{len(rounds)}")
        runs = kill_rounds(
            [*ingest_args, *target.options()],
            target,
            log,
            rng,
            window=window(first.seconds),
            kills=left,
        )
        left -= sum(r.killed for r in runs)
        rounds.append({"runs": [r.as_dict() for r in runs], **_check(reference, target, runs)})
        if rounds[-1]["ok"] or not args.keep:
            engine.drop(target)
    result["ingest_kills"] = rounds
    _report("ingest", rounds)

    if args.writers:
        result["concurrent"] = concurrent(engine, corpus, log, args.writers, reference, args.keep)
    if not args.keep:
        engine.drop(clean)
    result["seconds"] = round(time.perf_counter() - started, 1)
    everything = [*result["resolve_kills"], *result["ingest_kills"]]
    if "concurrent" in result:
        everything.append(result["concurrent"])
    result["totals"] = _totals(everything)
    return result


def _check(reference: Snapshot, target: Target, runs: Sequence[Run]) -> dict[str, Any]:
    last = runs[-1]
    compared = compare(reference, snapshot(target))
    if last.returncode != 0:
        compared["ok"] = False
    return {"completed_returncode": last.returncode, **compared}


def concurrent(
    engine: Engine,
    corpus: Path,
    log: Path,
    writers: int,
    reference: Snapshot,
    keep: bool,
) -> dict[str, Any]:
    target = engine.new("together")
    inputs = shares(corpus_files(corpus), writers)
    start = time.perf_counter()
    processes = []
    for n, files in enumerate(inputs):
        out = log.with_name(f"{log.stem}-writer{n}.log").open("wb")
        command = [*civharm_command(), "ingest", *map(str, files), *target.options()]
        processes.append((subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT), out))
    codes = []
    for process, out in processes:
        codes.append(process.wait())
        out.close()
    seconds = time.perf_counter() - start
    compared = compare(reference, snapshot(target))
    if any(codes):
        compared["ok"] = False
    if compared["ok"] or not keep:
        engine.drop(target)
    found = {
        "writers": writers,
        "files_each": [len(f) for f in inputs],
        "returncodes": codes,
        "seconds": round(seconds, 1),
        **compared,
    }
    print(f"  {writers} concurrent ingests: exit codes {codes}, {seconds:.1f} s; {_verdict(found)}")
    return found


def _verdict(compared: dict[str, Any]) -> str:
    lost = sum(compared[f"{n}_lost"] for n in CHECKED)
    duplicated = sum(compared[f"{n}_duplicated"] for n in CHECKED)
    text = (
        f"lost {lost}, duplicated {duplicated}, incidents differing "
        f"{compared['incidents_differing']} (ids changed {compared['incident_ids_changed']}), "
        f"verify problems {compared['verify_problems']}, stray evidence files "
        f"{compared['unreferenced_evidence_files']} (+{compared['tmp_evidence_files']} .tmp), "
        f"custody lines {compared['counts']['custody']}"
    )
    return text + ("" if compared["ok"] else "  FAILED")


def _report(what: str, rounds: Sequence[dict[str, Any]]) -> None:
    kills = sum(r["killed"] for round_ in rounds for r in round_["runs"])
    print(f"  {kills} kills of {what} in {len(rounds)} rounds:")
    for n, round_ in enumerate(rounds):
        at = ", ".join(
            f"{r['delay_s']} s ({r['documents_at_end']} docs)"
            for r in round_["runs"]
            if r["killed"]
        )
        print(f"    round {n + 1}: killed at {at}; {_verdict(round_)}")
        for key in ("example_expected", "example_found"):
            if round_.get(key):
                print(f"      {key}: {round_[key][:300]}")


def _totals(checks: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {
        "lost": sum(c[f"{n}_lost"] for c in checks for n in CHECKED),
        "duplicated": sum(c[f"{n}_duplicated"] for c in checks for n in CHECKED),
        "incidents_differing": sum(c["incidents_differing"] for c in checks),
        "verify_problems": sum(c["verify_problems"] for c in checks),
        "ok": all(c["ok"] for c in checks),
    }


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def results_row(result: dict[str, Any], engine: dict[str, Any]) -> str:
    m, totals = result["machine"], engine["totals"]

    def kills(key: str) -> str:
        rounds = engine[key]
        count = sum(r["killed"] for round_ in rounds for r in round_["runs"])
        return f"{count} ({len(rounds)})"

    cells = [
        result["date"],
        m["commit"],
        machine_cell(m),
        engine["engine"],
        str(result["corpus"]["documents"]),
        kills("ingest_kills"),
        kills("resolve_kills"),
        str(engine["concurrent"]["writers"]) if "concurrent" in engine else "-",
        str(totals["lost"]),
        str(totals["duplicated"]),
        str(totals["incidents_differing"]),
        str(totals["verify_problems"]),
        f"{engine['clean']['ingest_s']:.1f}",
        f"{engine['seconds']:.0f}",
        "yes" if totals["ok"] else "NO",
    ]
    return "| " + " | ".join(cells) + " |\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--docs", type=int, default=200, help="documents in the corpus")
    parser.add_argument("--kills", type=int, default=20, help="kills of ingest, and of resolve")
    parser.add_argument("--writers", type=int, default=4, help="concurrent ingests (0: skip)")
    parser.add_argument("--seed", type=int, default=2024, help="corpus and kill moments")
    parser.add_argument(
        "--keep", action="store_true", help="keep the work folder, and SQLite databases that failed"
    )
    parser.add_argument("--no-save", action="store_true", help="do not write results files")
    args = parser.parse_args(argv)
    if args.writers == 1:
        parser.error("--writers must be 0 or at least 2")
    measured_on = machine()
    workdir = Path(tempfile.mkdtemp(prefix="civharm-crash-"))
    started = time.perf_counter()
    try:
        manifest = generate(workdir / "corpus", args.docs, seed=args.seed)
        print(
            f"corpus: {manifest.total_documents} documents in {manifest.total_files} files "
            f"at {workdir / 'corpus'}; output of each command in {workdir / 'civharm.log'}"
        )
        engines: list[Engine] = [SQLite(workdir / "sqlite")]
        server = os.environ.get("CIVHARM_TEST_PG")
        if server:
            engines.append(Postgres(server, workdir / "postgresql"))
        else:
            print("PostgreSQL skipped: set CIVHARM_TEST_PG to a server URL to run it too")
        results = []
        for n, engine in enumerate(engines):
            rng = random.Random(f"{args.seed}-{n}")
            try:
                results.append(
                    bench_engine(engine, workdir / "corpus", workdir / "civharm.log", rng, args)
                )
            finally:
                engine.close()
        ok = all(r["totals"]["ok"] for r in results)
        for r in results:
            totals = r["totals"]
            print(
                f"[{r['engine']}] lost {totals['lost']}, duplicated {totals['duplicated']}, "
                f"incidents differing {totals['incidents_differing']}, verify problems "
                f"{totals['verify_problems']}: {'bar met' if totals['ok'] else 'BAR MISSED'} "
                f"({r['seconds']:.0f} s)"
            )
        result = {
            "date": dt.date.today().isoformat(),
            "machine": measured_on,
            "seed": args.seed,
            "corpus": {"documents": manifest.total_documents, "files": manifest.total_files},
            "kills": args.kills,
            "postgresql": "run" if server else "skipped (CIVHARM_TEST_PG not set)",
            "engines": results,
            "seconds": round(time.perf_counter() - started, 1),
        }
        print(f"total {result['seconds']:.0f} s")
        if not args.no_save:
            rows = "".join(results_row(result, r) for r in results)
            save_row("crash", result, SECTION, SECTION_TEXT, rows)
            print(f"wrote {RESULTS_DIR / 'crash.json'} and a row in {RESULTS_MD}")
    finally:
        if args.keep:
            print(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
