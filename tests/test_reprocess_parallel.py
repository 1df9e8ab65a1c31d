"""Reprocessing on local worker processes or on a Dask cluster stores exactly what the plain
reprocess stores: the new rules read on the workers, the review log replayed, incident ids
and reviewed publication dates kept; and a lost cluster leaves every document whole.

The reports are invented; the places are real places of the packaged gazetteer.
"""

from __future__ import annotations

import io
import json
import shutil
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import open_project
from civharm.cli import app
from civharm.errors import ClusterLost
from civharm.executors import DaskExecutor

REPORTS = {
    # Undated, "on Tuesday": a reviewer sets the publication date, which must be replayed.
    "hajin.txt": "Rockets Hit Houses In Hajin\n\nSource: First Wire\n\nTwelve civilians were "
    "killed on Tuesday when rockets hit two houses in Hajin, local sources said.\n",
    # Two reports of one incident, which a reviewer confirms and edits.
    "mosul.txt": "Shells Hit Market In Mosul\n\nSource: Second Wire\n\nAt least nine civilians "
    "were killed on 12 March 2017 when shells hit a market in Mosul, a doctor said.\n",
    "mosul-copy.txt": "Shells hit market in Mosul, doctor says\n\nSource: Third Daily\n\nAt "
    "least nine civilians were killed on 12 March 2017 when shells hit a market in Mosul, a "
    "doctor said. Four more were injured.\n",
    # "Dozens" has a figure only under the changed rule (vague_numbers), read on the workers.
    "raqqa.txt": "Strikes On Raqqa\n\nSource: Fourth Post\n\nDozens of civilians were killed "
    "on 3 June 2017 when airstrikes hit houses in Raqqa, activists said.\n",
    "idlib.txt": "Barrel Bombs On Kafr Nabl\n\nSource: Fifth Monitor\n\nSix civilians, among "
    "them two children, were killed on 4 May 2018 when barrel bombs hit a bakery in Kafr "
    "Nabl, rescuers said.\n",
}
EXPORTS = ("incidents", "mentions")
RULE_CHANGE = {"vague_numbers": True}


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the reports above, reviewed: an incident confirmed and edited, a
    document dated. Each test reprocesses its own copy."""
    folder = tmp_path_factory.mktemp("reviewed")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = folder / "reviewed.db"
    with open_project(db=f"sqlite:///{db}", user="tester") as project:
        project.ingest(sorted(folder.glob("*.txt")))
        [mosul] = [r for r in project.records("incidents") if r["place_mentioned"] == "Mosul"]
        project.review("status", mosul["id"], status="confirmed", reason="two hospitals")
        project.review("edit", mosul["id"], killed_max=11, reason="hospital list")
        project.date_document("hajin.txt", "2018-12-20", reason="date on the outlet's site")
    return db


def copy_of(reviewed: Path, tmp_path: Path, name: str) -> str:
    target = tmp_path / f"{name}.db"
    shutil.copyfile(reviewed, target)
    return f"sqlite:///{target}"


def exports(db: str) -> dict[str, bytes]:
    found = {}
    with open_project(db=db, create=False) as project:
        for entity in EXPORTS:
            out = io.BytesIO()
            project.export(entity, format="jsonl", out=out)
            found[entity] = out.getvalue()
    return found


def reprocessed(db: str, **options: Any) -> tuple[list[str], dict[str, bytes]]:
    """Reprocess under the changed rule; the documents in the order stored, and the exports."""
    stored: list[str] = []
    with open_project(db=db, **RULE_CHANGE) as project:
        count = project.reprocess(progress=lambda name, _size: stored.append(name), **options)
    assert count == len(stored)
    return stored, exports(db)


@pytest.fixture(scope="module")
def plain(reviewed: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """What the plain reprocess stores: the record every other way must match."""
    before = {r["id"] for r in records(f"sqlite:///{reviewed}")}
    db = copy_of(reviewed, tmp_path_factory.mktemp("plain"), "plain")
    stored, found = reprocessed(db, workers=1)
    assert sorted(stored) == sorted(REPORTS)
    incidents = {r["place_mentioned"]: r for r in records(db)}
    assert {r["id"] for r in incidents.values()} == before  # ids are stable
    mosul, hajin, raqqa = incidents["Mosul"], incidents["Hajin"], incidents["Raqqa"]
    assert (mosul["status"], mosul["killed_max"], mosul["n_reports"]) == ("confirmed", 11, 2)
    assert str(hajin["date"]) == "2018-12-18"  # the Tuesday before the reviewed date
    assert raqqa["killed_min"] == 12  # the changed rule was read
    return found


def records(db: str) -> list[dict[str, Any]]:
    with open_project(db=db, create=False) as project:
        return project.records("incidents")


def test_reprocess_parallel_local_workers_give_the_same_record(
    reviewed: Path, plain: dict[str, bytes], tmp_path: Path
) -> None:
    # Why: two local processes read ahead of the writer; it stores in document order.
    stored, found = reprocessed(copy_of(reviewed, tmp_path, "two"), workers=2)
    assert found == plain
    assert len(stored) == len(REPORTS)


def test_reprocess_parallel_dask_gives_the_same_record(
    reviewed: Path, plain: dict[str, bytes], tmp_path: Path, scheduler: str
) -> None:
    # Why: the documents go out in partitions to two Dask workers, which read the changed
    # rule from the settings sent with the task; the progress counts documents in order.
    db = copy_of(reviewed, tmp_path, "dask")
    stored, found = reprocessed(db, executor="dask", scheduler=scheduler)
    assert found == plain
    with open_project(db=db, create=False) as project:
        order = [project.store.document(sha)["doc_id"] for sha in project.store.document_shas()]
    assert stored == order


def test_reprocess_parallel_cli(
    reviewed: Path, plain: dict[str, bytes], tmp_path: Path, scheduler: str, runner: CliRunner
) -> None:
    db = copy_of(reviewed, tmp_path, "cli")
    options = ["--db", db, "-s", "vague_numbers=true", "--executor", "dask"]
    result = runner.invoke(app, ["reprocess", *options, "--scheduler", scheduler])
    assert result.exit_code == 0, result.output
    assert "5 documents processed again." in result.output
    assert exports(db) == plain


@pytest.mark.parametrize(
    ("options", "message"),
    [
        # Why: a scheduler is only used by the Dask executor; silently ignoring it misleads.
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
        # Why: a negative count is a typo, not a request for no workers.
        (["--workers", "-1"], "workers must be 0"),
    ],
)
def test_reprocess_parallel_cli_refuses(
    reviewed: Path, tmp_path: Path, runner: CliRunner, options: list[str], message: str
) -> None:
    db = copy_of(reviewed, tmp_path, "refused")
    before = exports(db)
    result = runner.invoke(app, ["reprocess", "--db", db, *options])
    assert result.exit_code == 2
    assert message in result.output
    assert exports(db) == before


class FlakyClient:
    """A cluster that runs the first partition here and then loses its scheduler."""

    def __init__(self) -> None:
        self.submitted = 0

    def submit(self, fn: Any, *args: Any, pure: bool) -> Any:
        self.submitted += 1
        return Done(fn(*args)) if self.submitted == 1 else Lost()

    def close(self) -> None:
        pass


class Done:
    def __init__(self, value: Any) -> None:
        self.value = value

    def result(self) -> Any:
        return self.value


class Lost:
    def result(self) -> Any:
        raise CancelledError()


def test_reprocess_parallel_lost_cluster_keeps_every_document_whole(
    reviewed: Path, plain: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: a lost cluster must stop the reprocess with E061 between two documents: those
    # stored are stored whole, the others untouched, and running it again finishes the job.
    pytest.importorskip("distributed")

    def enter(self: DaskExecutor) -> DaskExecutor:
        self._client = FlakyClient()
        self.slots = 1  # partitions of 2 documents; the second is lost
        return self

    monkeypatch.setattr(DaskExecutor, "__enter__", enter)
    db = copy_of(reviewed, tmp_path, "lost")
    stored: list[str] = []
    with (
        open_project(db=db, **RULE_CHANGE) as project,
        pytest.raises(ClusterLost, match="E061 the Dask cluster lost a task"),
    ):
        project.reprocess(
            progress=lambda name, _size: stored.append(name),
            executor="dask",
            scheduler="tcp://unused:1",
        )
    assert len(stored) == 2
    with open_project(db=db, create=False) as project:
        counts = project.counts()
        assert (counts["documents"], counts["articles"]) == (5, 5)
    again = reprocessed(db, workers=1)[1]
    assert again["incidents"] == plain["incidents"]
    # Mentions' row ids count every write: twice reprocessed, they are higher.
    assert unnumbered(again["mentions"]) == unnumbered(plain["mentions"])


def unnumbered(jsonl: bytes) -> list[dict[str, Any]]:
    return [{**json.loads(line), "id": None} for line in jsonl.splitlines()]
