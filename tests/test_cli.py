"""The CLI: each command calls the Python API and reports in one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from civharm.cli import app

from .conftest import DATA


def test_cli_ingest_then_export(runner: CliRunner, db_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(DATA / "good"), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "new documents" in result.output
    out = tmp_path / "articles.jsonl"
    result = runner.invoke(
        app, ["export", "articles", "--format", "jsonl", "--out", str(out), "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    titles = [json.loads(line)["title"] for line in out.read_text().splitlines()]
    assert "Bread queue hit by shelling in Mayadin, five killed" in titles


def test_cli_export_to_stdout(runner: CliRunner, db_url: str) -> None:
    runner.invoke(app, ["ingest", str(DATA / "good" / "one.txt"), "--db", db_url])
    result = runner.invoke(app, ["export", "documents", "-f", "csv", "--db", db_url])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("doc_id,sha256")


def test_cli_bad_inputs_exit_1_with_one_line_each(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(
        app,
        ["ingest", str(DATA / "bad" / "empty.txt"), str(DATA / "good" / "one.txt"), "--db", db_url],
    )
    assert result.exit_code == 1
    failed = [line for line in result.output.splitlines() if line.startswith("failed")]
    assert len(failed) == 1
    assert "empty.txt" in failed[0]
    assert "1 new document," in result.output


def test_cli_usage_errors_exit_2(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(app, ["export", "people", "--db", db_url])
    assert result.exit_code == 2
    assert "unknown export" in result.output
    result = runner.invoke(
        app, ["ingest", str(DATA / "good"), "--published", "yesterday", "--db", db_url]
    )
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output


def test_cli_verify(runner: CliRunner, db_url: str) -> None:
    runner.invoke(app, ["ingest", str(DATA / "good" / "one.txt"), "--db", db_url])
    result = runner.invoke(app, ["verify", "--db", db_url])
    assert result.exit_code == 0
    assert "0 problems" in result.output


def test_cli_demo_ingests_the_sample_data(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(app, ["demo", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "0 inputs failed" in result.output


def test_cli_db_defaults_to_the_environment(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "env.db"
    result = runner.invoke(
        app, ["ingest", str(DATA / "good" / "one.txt")], env={"CIVHARM_DB": f"sqlite:///{db}"}
    )
    assert result.exit_code == 0
    assert db.is_file()


def test_cli_unknown_setting_is_named(runner: CliRunner, db_url: str) -> None:
    result = runner.invoke(app, ["info", "--db", db_url, "-s", "colour=blue"])
    assert result.exit_code == 1
    assert "unknown setting 'colour'" in result.output


def test_cli_output_to_a_pipe_keeps_long_lines_whole(tmp_path: Path) -> None:
    # why: piped output was cut at 80 columns, splitting commands and sha256 values in two
    db = tmp_path / ("a-rather-long-folder-name-for-the-database-" * 2) / "demo.db"
    db.parent.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [sys.executable, "-m", "civharm", "demo", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert f"Database: {db}." in lines
    assert f"  civharm export articles --format csv --out articles.csv --db {db}" in lines
