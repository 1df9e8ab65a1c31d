"""Ingest on several processes stores exactly what one process stores, in the same order,
and reports each bad input the same way."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.corpus import generate
from civharm import open_project
from civharm.cli import app
from civharm.errors import UsageError
from civharm.model import IngestReport
from civharm.project import sample_files
from civharm.workers import worker_count

from .conftest import DATA

EXPORTS = ("incidents", "mentions", "aggregates", "articles")


def ingest(db: str, paths: list[Path], workers: int) -> tuple[IngestReport, dict[str, bytes]]:
    """The report of one ingest into a fresh database, and what that database exports."""
    with open_project(db=db, user="tester") as project:
        report = project.ingest(paths, workers=workers)
        exports = {}
        for entity in EXPORTS:
            out = io.BytesIO()
            project.export(entity, format="jsonl", out=out)
            exports[entity] = out.getvalue()
    return report, exports


def both(tmp_path: Path, paths: list[Path]) -> tuple[IngestReport, dict[str, bytes]]:
    """Ingest with one worker and with two; both must give the same report and exports."""
    one = ingest(f"sqlite:///{tmp_path / 'one.db'}", paths, workers=1)
    two = ingest(f"sqlite:///{tmp_path / 'two.db'}", paths, workers=2)
    assert one[0] == two[0]
    for entity in EXPORTS:
        assert one[1][entity] == two[1][entity], entity
    return one


def test_workers_sample_data_gives_the_same_record(tmp_path: Path) -> None:
    report, exports = both(tmp_path, sample_files())
    assert report.errors == ()
    assert exports["incidents"].count(b"\n") > 5


def test_workers_generated_corpus_gives_the_same_record(tmp_path: Path) -> None:
    # Why: every format, and JSONL and WARC files whose records are processed separately.
    manifest = generate(tmp_path / "corpus", 30, seed=11)
    report, exports = both(tmp_path, [tmp_path / "corpus"])
    assert (report.new_documents, report.errors) == (manifest.total_documents, ())
    assert exports["mentions"].count(b"\n") > 20


def test_workers_bad_inputs_give_one_error_line_each(tmp_path: Path) -> None:
    # Why: a paragraph too long for the sentence splitter fails in the worker (TooLarge must
    # come back as itself), and every kind of bad file fails beside good ones.
    long = tmp_path / "long.txt"
    long.write_text("Title\n\n" + "word " * 210_000 + "\n", encoding="utf-8")
    report, _ = both(tmp_path, [DATA / "bad", long, DATA / "good"])
    assert report.new_documents > 0
    assert len([line for line in report.errors if "long.txt" in line]) == 1
    assert any(line.startswith("E004") and "long.txt" in line for line in report.errors)
    assert len([line for line in report.errors if "empty.txt" in line]) == 1


def test_workers_interrupted_ingest_keeps_what_was_stored(db_url: str, tmp_path: Path) -> None:
    # Why: work handed out ahead of the store is dropped, never half-stored.
    for i in range(6):
        text = f"Shelling\n\nAt least {20 + i} civilians were killed in Raqqa on Monday.\n"
        (tmp_path / f"{i}.txt").write_text(text, encoding="utf-8")

    def stop_after_two(name: str, size: int) -> None:
        if name.endswith("1.txt"):
            raise KeyboardInterrupt

    files = sorted(tmp_path.glob("*.txt"))
    with open_project(db=db_url) as project, pytest.raises(KeyboardInterrupt):
        project.ingest(files, progress=stop_after_two, workers=2)
    with open_project(db=db_url) as project:
        assert project.counts()["documents"] == 2
        report = project.ingest(files, workers=2)
        assert (report.new_documents, report.seen_documents) == (4, 2)


def test_workers_cli_option(runner: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'cli.db'}"
    result = runner.invoke(app, ["ingest", str(DATA / "good"), "--db", db, "--workers", "2"])
    assert result.exit_code == 0, result.output
    assert "already stored; 0 inputs failed" in result.output
    _, exports = ingest(f"sqlite:///{tmp_path / 'one.db'}", [DATA / "good"], workers=1)
    out = tmp_path / "mentions.jsonl"
    runner.invoke(app, ["export", "mentions", "--db", db, "--out", str(out)])
    assert out.read_bytes() == exports["mentions"]
    refused = runner.invoke(app, ["ingest", str(DATA / "good"), "--db", db, "--workers", "-1"])
    assert refused.exit_code == 2
    assert "workers must be 0" in refused.output


# (inputs, requested, expected, why)
COUNTS = [
    (["a.txt"], 4, 1, "one report: a pool would take longer to start than it saves"),
    (["a.txt", "b.txt"], 4, 2, "no more workers than files"),
    (["a.jsonl"], 4, 4, "a file of records is shared out record by record"),
    (["a.txt", "b.txt", "c.txt"], 2, 2, "as many as asked for"),
]


@pytest.mark.parametrize(("names", "requested", "expected", "why"), COUNTS)
def test_workers_count(names: list[str], requested: int, expected: int, why: str) -> None:
    assert worker_count(requested, [Path(n) for n in names]) == expected, why


def test_workers_count_zero_means_every_core_and_negative_is_refused() -> None:
    assert worker_count(0, [Path("a.jsonl")]) >= 1
    with pytest.raises(UsageError):
        worker_count(-1, [Path("a.txt")])
