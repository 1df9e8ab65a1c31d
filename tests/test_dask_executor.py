"""Ingest with the Dask executor stores exactly what a plain ingest stores, and options that
cannot work are refused before anything is stored."""

from __future__ import annotations

import io
import sys
import time
from concurrent.futures import CancelledError
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks import merge_corpus
from benchmarks.corpus import generate
from civharm import Project, open_project
from civharm.cli import app
from civharm.errors import ClusterLost, UsageError
from civharm.executors import DaskExecutor
from civharm.model import IngestReport
from civharm.project import sample_files
from civharm.stages.syndication import signature
from civharm.workers import FileJob, Tools

from .conftest import DATA
from .test_workers_early import record

EXPORTS = ("incidents", "mentions", "aggregates", "articles")


def ingest(db: str, paths: list[Path], **options: Any) -> tuple[IngestReport, dict[str, bytes]]:
    """The report of one ingest, and what the database exports after it."""
    with open_project(db=db, user="tester") as project:
        report = project.ingest(paths, **options)
    return report, exports(db)


def exports(db: str) -> dict[str, bytes]:
    """Each entity of `EXPORTS` as JSON Lines."""
    found = {}
    with open_project(db=db, create=False) as project:
        for entity in EXPORTS:
            out = io.BytesIO()
            project.export(entity, format="jsonl", out=out)
            found[entity] = out.getvalue()
    return found


@pytest.mark.slow
def test_dask_executor_generated_corpus_gives_the_same_record(
    tmp_path: Path, scheduler: str
) -> None:
    # Why: every format, with JSONL and WARC files of many records, cut into partitions
    # across two workers; the second ingest finds everything stored (the writer's checks).
    manifest = generate(tmp_path / "corpus", 30, seed=11)
    paths = [tmp_path / "corpus"]
    plain_db, dask_db = f"sqlite:///{tmp_path / 'plain.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    plain = ingest(plain_db, paths, workers=1)
    on_dask = ingest(dask_db, paths, executor="dask", scheduler=scheduler)
    assert (on_dask[0].new_documents, on_dask[0].errors) == (manifest.total_documents, ())
    assert on_dask == plain
    assert plain[1]["incidents"].count(b"\n") > 5
    again = ingest(dask_db, paths, executor="dask", scheduler=scheduler)
    assert again == ingest(plain_db, paths, workers=1)
    assert again[0].new_documents == 0


def test_dask_executor_bad_inputs_give_the_same_errors(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: errors raised on a worker (an empty file, a broken HTML page, a missing path)
    # come back as the same one line each, beside the good inputs; and a partition over
    # the size limit (here every file) is scattered to the cluster before its task.
    monkeypatch.setattr("civharm.executors.PARTITION_BYTES", 1)
    paths = [DATA / "bad", tmp_path / "missing.txt", DATA / "good"]
    plain = ingest(f"sqlite:///{tmp_path / 'plain.db'}", paths, workers=1)
    on_dask = ingest(
        f"sqlite:///{tmp_path / 'dask.db'}", paths, executor="dask", scheduler=scheduler
    )
    assert plain[0].errors
    assert on_dask == plain


@pytest.mark.slow
def test_dask_executor_workers_sign_articles_and_stories_match_the_plain_ingest(
    tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: Dask workers compute each article's syndication signature, as local workers do,
    # so the writer looks up copies as it stores each document without computing any; the
    # stories (ids, originals, members) must be those of the plain ingest.
    corpus = tmp_path / "corpus"
    generate(corpus / "formats", 10, seed=5)
    merge_corpus.write(merge_corpus.generate(30, seed=5), corpus / "copies")
    plain_db, dask_db = f"sqlite:///{tmp_path / 'plain.db'}", f"sqlite:///{tmp_path / 'dask.db'}"
    plain = (ingest(plain_db, [corpus], workers=1), record(plain_db))
    signed_here: list[str] = []

    def counted(text: str) -> Any:
        signed_here.append(text)
        return signature(text)

    monkeypatch.setattr("civharm.store.stories.signature", counted)
    monkeypatch.setattr("civharm.resolution.signature", counted)
    on_dask = (ingest(dask_db, [corpus], executor="dask", scheduler=scheduler), record(dask_db))
    assert on_dask == plain
    assert signed_here == []  # every signature came from a worker
    assert any(n > 1 for _, _, n in on_dask[1]["stories"])  # copies were found


@pytest.mark.slow
def test_dask_executor_cli_starts_a_local_cluster(tmp_path: Path, runner: CliRunner) -> None:
    # Why: without --scheduler the command starts (and stops) a LocalCluster of its own.
    pytest.importorskip("distributed")
    db = tmp_path / "dask.db"
    paths = sample_files()[:4]
    options = ["--db", str(db), "--executor", "dask", "--workers", "2"]
    result = runner.invoke(app, ["ingest", *options, *map(str, paths)])
    assert result.exit_code == 0, result.output
    _, plain = ingest(f"sqlite:///{tmp_path / 'plain.db'}", paths, workers=1)
    assert exports(f"sqlite:///{db}") == plain


@pytest.mark.parametrize(
    ("options", "message"),
    [
        # Why: a scheduler is only used by the Dask executor; silently ignoring it misleads.
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --executor dask"),
        # Why: a scheduler's cluster has the workers started on it.
        (
            ["--executor", "dask", "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2"],
            "--workers sizes a local cluster",
        ),
        # Why: a typo must not fall back to the local executor.
        (["--executor", "spark"], "unknown executor 'spark'"),
    ],
)
def test_dask_executor_usage_errors(
    tmp_path: Path, runner: CliRunner, options: list[str], message: str
) -> None:
    db = tmp_path / "refused.db"
    result = runner.invoke(app, ["ingest", "--db", str(db), *options, str(sample_files()[0])])
    assert result.exit_code == 2
    assert message in result.output
    assert not db.exists()


def test_dask_executor_without_dask_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    with (
        open_project(db=f"sqlite:///{tmp_path / 'x.db'}") as project,
        pytest.raises(UsageError, match=r"pip install 'civharm\[dask\]'"),
    ):
        project.ingest(sample_files(), executor="dask")


def test_dask_executor_unreachable_scheduler_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Why: a wrong address must fail fast with the address in the message, not hang.
    pytest.importorskip("distributed")
    monkeypatch.setattr("civharm.executors.CONNECT_TIMEOUT_S", 1)
    with open_project(db=f"sqlite:///{tmp_path / 'x.db'}") as project:
        start = time.monotonic()
        with pytest.raises(UsageError, match="cannot reach the Dask scheduler at tcp://127"):
            project.ingest(sample_files(), executor="dask", scheduler="tcp://127.0.0.1:1")
        assert time.monotonic() - start < 10
        assert project.counts()["documents"] == 0


class InlineClient:
    """Runs each task as it is submitted, and counts the results not yet asked for."""

    def __init__(self) -> None:
        self.waiting = 0
        self.most = 0
        self.submitted = 0

    def submit(self, fn: Any, *args: Any, pure: bool) -> InlineClient.Done:
        self.submitted += 1
        self.waiting += 1
        self.most = max(self.most, self.waiting)
        return InlineClient.Done(self, fn(*args))

    class Done:
        def __init__(self, client: InlineClient, value: Any) -> None:
            self.client, self.value = client, value

        def result(self) -> Any:
            self.client.waiting -= 1
            return self.value


def test_dask_executor_plan_keeps_input_order_and_bounds_work_in_flight(
    project: Project, tmp_path: Path
) -> None:
    # Why: with many more partitions than slots, only `slots` may be handed out beyond the
    # one being stored, and files come back in input order whatever partition they were in.
    paths = []
    for i in range(24):
        path = tmp_path / f"{i:02}.txt"
        path.write_text(f"Shelling\n\nAt least {i + 3} civilians were killed in Raqqa.\n")
        paths.append(path)
    tools = Tools(project.gazetteer, project.lexicon, False, 10)
    executor = DaskExecutor(tools, actors="", scheduler="tcp://unused:1", workers=1)
    client = InlineClient()
    executor._client = client
    executor.slots = 2
    jobs = list(executor.plan(paths, known=lambda sha: False, published=None, outlet=None))
    assert [job.path for job in jobs if isinstance(job, FileJob)] == paths
    assert client.submitted == 24 // 3  # partitions of ceil(24 / (SPREAD * slots)) files
    assert client.most == executor.slots + 1


class LostClient:
    """A cluster whose scheduler went away: every task comes back cancelled."""

    class Lost:
        def result(self) -> Any:
            raise CancelledError()

    def submit(self, fn: Any, *args: Any, pure: bool) -> LostClient.Lost:
        return LostClient.Lost()


def test_dask_executor_lost_cluster_stops_the_ingest(project: Project, tmp_path: Path) -> None:
    # Why: a lost task must stop the ingest with one error, not fail every file after it.
    (tmp_path / "a.txt").write_text("Shelling\n\nAt least 3 civilians were killed in Raqqa.\n")
    tools = Tools(project.gazetteer, project.lexicon, False, 10)
    executor = DaskExecutor(tools, actors="", scheduler="tcp://unused:1", workers=1)
    executor._client = LostClient()
    jobs = executor.plan([tmp_path / "a.txt"], known=lambda sha: False, published=None, outlet=None)
    with pytest.raises(ClusterLost, match="E061 the Dask cluster lost a task"):
        next(jobs)
