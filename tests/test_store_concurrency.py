"""Several `civharm ingest` processes on one database: none fails, and together they store
what one ingest of all their inputs would (issue #9).

The processes are forked from this one, so they start without importing civharm again,
and wait at a barrier so that they really run at the same time.
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import open_project
from civharm.cli import app
from civharm.store import open_store

# Invented reports, one incident each, in the formats ingest reads; b.txt is a copy of
# a.txt under another title, so that stories (signatures, bands) are written by both.
REPORT = (
    "IDLIB, March 3, 2019 (SANA) - Twelve civilians were killed on Sunday when warplanes "
    "struck a crowded market in Maarat al-Numan, local sources said.\n"
)
INPUTS = {
    "a.txt": f"Airstrike kills 12 civilians in Maarat al-Numan\n\n{REPORT}",
    "b.txt": f"Twelve civilians killed in market strike\n\nSource: Press TV\n\n{REPORT}",
    "c.txt": (
        "Shelling kills five in Aleppo\n\nALEPPO, April 10, 2019 (SANA) - Five civilians, "
        "among them two children, were killed and nine others were injured on Wednesday when "
        "terrorists shelled the al-Hamdaniya neighbourhood of Aleppo city with rockets.\n"
    ),
    "d.md": (
        "# Coalition raid kills family near Hajin\n\nDEIR EZZOR, May 20, 2019 - Seven members "
        "of one family were killed on Monday in a coalition airstrike on the village of "
        "al-Shafa near Hajin, the Syrian Observatory for Human Rights said.\n"
    ),
    "e.jsonl": "".join(
        json.dumps(record) + "\n"
        for record in (
            {
                "id": "rec-hama",
                "title": "Barrel bombs hit Kafr Zita",
                "outlet": "Syria Direct",
                "published": "2019-07-15",
                "text": "Four civilians were killed on Monday when regime helicopters dropped "
                "barrel bombs on Kafr Zita in the northern Hama countryside, activists said.",
            },
            {
                "id": "rec-raqqa",
                "title": "Mine kills farmer",
                "outlet": "Enab Baladi",
                "published": "2019-08-01",
                "text": "A farmer was killed on Thursday when a landmine left by ISIS exploded "
                "in farmland east of Raqqa city, local sources said.",
            },
        )
    ),
    "f.txt": (
        "Car bomb in Daraa kills three\n\nDARAA, June 2, 2019 (SANA) - Three civilians were "
        "killed and 14 injured on Sunday when a car bomb exploded near a bakery in Daraa "
        "al-Balad, a police source said.\n"
    ),
}
ENTITIES = ("documents", "articles", "mentions", "incidents")


def _ingest_at_barrier(db: str, paths: list[str], barrier: Barrier, out: Connection) -> None:
    """One `civharm ingest` process: report its exit code and output to the parent."""
    barrier.wait()
    result = CliRunner().invoke(app, ["ingest", *paths, "--db", db])
    out.send((result.exit_code, result.output, repr(result.exception)))


def _open_at_barrier(db: str, _paths: list[str], barrier: Barrier, out: Connection) -> None:
    """One process opening (so creating and migrating) the database."""
    barrier.wait()
    try:
        with open_store(db) as store:
            out.send((0, str(store.counts()), ""))
    except Exception as exc:
        out.send((1, "", repr(exc)))


def _ingest_together(
    db: str, inputs: list[list[Path]], target: Callable[..., None] = _ingest_at_barrier
) -> list[tuple[int, str, str]]:
    forked = multiprocessing.get_context("fork")
    barrier = forked.Barrier(len(inputs), timeout=30)
    pipes, processes = [], []
    for paths in inputs:
        receive, send = forked.Pipe(duplex=False)
        process = forked.Process(target=target, args=(db, [str(p) for p in paths], barrier, send))
        process.start()
        pipes.append(receive)
        processes.append(process)
    results = []
    for receive, process in zip(pipes, processes, strict=True):
        results.append(receive.recv() if receive.poll(60) else (-1, "no answer", ""))
        process.join(10)
        if process.is_alive():
            process.kill()
    return results


def _export(db: str) -> dict[str, list[str]]:
    """Every record of each entity, without what depends on timing: row and story ids,
    first seen, and incident ids (named after whichever mention was resolved first); an
    incident is known by its sources instead, and a source's story by its first source."""
    with open_project(db=db) as project:
        records = {entity: project.records(entity) for entity in ENTITIES}
    incident_of = {}
    for incident in records["incidents"]:
        sources = sorted(incident["sources"], key=lambda s: (s["doc_id"], s["start"]))
        stories: dict[Any, int] = {}
        for source in sources:
            if source["story"] is not None:
                source["story"] = stories.setdefault(source["story"], len(stories))
        incident_of[incident["id"]] = [(s["doc_id"], s["start"]) for s in sources]
        incident["id"] = incident_of[incident["id"]]
        incident["sources"] = sources
    for mention in records["mentions"]:
        mention["incident_id"] = incident_of.get(mention["incident_id"])
    for record in records["mentions"] + records["articles"]:
        del record["id"]
    for record in records["documents"]:
        del record["first_seen"]
    return {
        entity: sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)
        for entity, rows in records.items()
    }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("inputs")
    for name, text in INPUTS.items():
        (folder / name).write_text(text)
    return {name: folder / name for name in INPUTS}


@pytest.fixture(scope="module")
def expected(
    inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """The export of one ingest of every input (it also warms up what the forks share)."""
    db = f"sqlite:///{tmp_path_factory.mktemp('single') / 'one.db'}"
    with open_project(db=db) as project:
        report = project.ingest(sorted(inputs.values()))
    assert report.ok and report.new_documents == len(INPUTS) + 1  # the JSONL holds two
    return _export(db)


# Overlapping input sets: every process stores some documents another one stores too.
SETS = {
    2: [["a.txt", "b.txt", "c.txt", "e.jsonl"], ["b.txt", "c.txt", "d.md", "f.txt"]],
    4: [
        ["a.txt", "b.txt", "c.txt"],
        ["b.txt", "c.txt", "d.md"],
        ["d.md", "e.jsonl", "f.txt", "a.txt"],
        list(INPUTS),
    ],
}


# A new database is migrated by whichever process comes first; an existing one already
# holds a document the processes bring again. Four processes make every race likelier.
@pytest.mark.parametrize("existing", [False, True], ids=["new-db", "existing-db"])
@pytest.mark.parametrize("n", [2, 4])
def test_store_concurrent_ingests_store_what_one_ingest_would(
    n: int,
    existing: bool,
    inputs: dict[str, Path],
    expected: dict[str, list[str]],
    any_db_url: str,
) -> None:
    # Why: concurrent ingests hit UNIQUE violations on blobs and signatures, and on a new
    # database the second one failed creating tables the first had just created.
    db = any_db_url
    if existing:  # a migrated database that already holds one of the documents
        with open_project(db=db) as project:
            assert project.ingest([inputs["a.txt"]]).ok
    sets = [[inputs[name] for name in names] for names in SETS[n]]
    results = _ingest_together(db, sets)
    assert [code for code, _, _ in results] == [0] * n, results
    assert _export(db) == expected


def test_store_processes_opening_a_new_database_together_all_succeed(tmp_path: Path) -> None:
    # Why: switching a new SQLite file to WAL answers "database is locked" at once, without
    # waiting, when another process opens the same new file; migrating raced the same way.
    # Two at a time, many times: more processes stagger at the barrier and race less.
    for attempt in range(20):
        results = _ingest_together(
            f"sqlite:///{tmp_path / f'{attempt}.db'}", [[], []], target=_open_at_barrier
        )
        assert [code for code, _, _ in results] == [0, 0], results
