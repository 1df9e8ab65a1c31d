"""Issue #11's small things that add up: CLI help and piped output, the ingest page and
its result, error pages, and one spelling of each place."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from markupsafe import escape
from typer.testing import CliRunner

from civharm import Project, open_project
from civharm.cli import app, counted
from civharm.readers import READERS

from .conftest import finished_job
from .test_pages import login


def _commands() -> Iterator[list[str]]:
    """Every command and command group, as the words that name it (the root is [])."""
    root: Any = typer.main.get_command(app)

    def walk(command: Any, words: list[str]) -> Iterator[list[str]]:
        yield words
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            yield from walk(sub, [*words, name])

    return walk(root, [])


# A Python type in angle brackets (`<str>`, `<list[Path]>`, `<bool>`) or a required argument
# in braces (`{paths}`): what Typer shows where no metavar was given.
PYTHON_TYPES = re.compile(r"<[\w\[\], |.]+>|\{\w+\}")


# One case per command: a new command or option without a metavar fails its own case.
@pytest.mark.parametrize("words", list(_commands()), ids=lambda w: " ".join(w) or "civharm")
def test_cli_help_shows_metavars_not_python_types(runner: CliRunner, words: list[str]) -> None:
    result = runner.invoke(app, [*words, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    assert PYTHON_TYPES.findall(result.output) == [], result.output


def test_cli_help_names_values_by_their_metavar(runner: CliRunner) -> None:
    ingest = runner.invoke(app, ["ingest", "--help"], terminal_width=100).output
    assert "ingest [OPTIONS] PATH..." in ingest
    assert re.search(r"--published\s+YYYY-MM-DD", ingest)
    assert re.search(r"--db\s+URL", ingest)
    export = runner.invoke(app, ["export", "--help"], terminal_width=100).output
    assert re.search(r"--out\s+-o\s+FILE", export)
    serve = runner.invoke(app, ["serve", "--help"], terminal_width=100).output
    assert re.search(r"--port\s+PORT", serve)


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, "0 new documents"),  # none is plural in English
        (1, "1 new document"),  # the case the issue saw as "1 new documents"
        (2, "2 new documents"),
    ],
)
def test_cli_counted_agrees(count: int, expected: str) -> None:
    assert counted(count, "new document") == expected


def test_cli_piped_output_keeps_a_sha256_on_one_line(tmp_path: Path) -> None:
    # why: Rich cut piped output at 80 columns, splitting a sha256 over two lines
    report = tmp_path / "undated.txt"
    report.write_text("Shelling Report\n\nShelling killed 3 people in Raqqa on Monday.\n")
    db = f"sqlite:///{tmp_path / 'pipe.db'}"
    with open_project(db=db) as project:
        project.ingest([report])
        sha = project.records("documents")[0]["sha256"]
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "civharm",
            "document",
            "date",
            sha,
            "2019-03-12",
            "-r",
            "why",
            "--db",
            db,
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    [line] = [line for line in done.stdout.splitlines() if "document-date" in line]
    assert len(line) > 80 and f"document-date {sha} 2019-03-12" in line


def test_cli_demo_next_commands_are_whole_and_name_the_database(
    runner: CliRunner, tmp_path: Path
) -> None:
    db = tmp_path / "with space" / "demo.db"
    db.parent.mkdir()
    result = runner.invoke(app, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # Each command alone on its line, quoted for the shell: it can be pasted as it is.
    assert f"  civharm serve --db '{db}'" in lines
    assert f"  civharm export articles --format csv --out articles.csv --db '{db}'" in lines


# -- error pages -------------------------------------------------------------------------


def test_pages_errors_are_styled_pages_with_navigation(web: tuple[Project, Any]) -> None:
    _, client = web
    login(client, "viewer")
    for path in ("/no-such-page", "/incidents/inc-000000000000"):
        page = client.get(path)
        assert page.status_code == 404
        assert page.headers["content-type"].startswith("text/html")
        assert '<link rel="stylesheet" href="/static/civharm/style.css">' in page.text
        assert '<a href="/incidents">Incidents</a>' in page.text  # the navigation bar
        assert 'class="error-page"' in page.text and "Error 404" in page.text
    hostile = client.get("/<script>alert(1)</script>")
    assert "<script>alert" not in hostile.text and "&lt;script&gt;" in hostile.text


def test_pages_unexpected_error_page_has_navigation_and_no_detail(
    web: tuple[Project, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from fastapi.testclient import TestClient

    project, client = web
    login(client, "viewer")

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(project.store, "timeline", broken)
    # Answered by the server error middleware, outside the app's own: still a styled page.
    quiet = TestClient(client.app, raise_server_exceptions=False, cookies=client.cookies)
    page = quiet.get("/timeline")
    assert page.status_code == 500 and "Error 500" in page.text
    assert '<a href="/incidents">Incidents</a>' in page.text
    assert "secret-internal-detail" not in page.text


def test_api_errors_stay_json(web: tuple[Project, Any]) -> None:
    _, client = web
    login(client, "viewer")
    for path in ("/api/v1/no-such-endpoint", "/api/v1/incidents/inc-000000000000"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/json"
        assert response.json()["error"]["code"] in ("E404", "E030")


def test_pages_login_needed_page_links_to_the_login(web: tuple[Project, Any]) -> None:
    _, client = web
    page = client.get("/ingest")
    assert page.status_code == 401
    assert '<a href="/login">Log in</a>' in page.text and 'class="error-page"' in page.text


# -- the ingest page and its result ------------------------------------------------------


def test_uploads_page_lists_the_formats_and_the_size_limit(web: tuple[Project, Any]) -> None:
    project, client = web
    login(client, "researcher")
    form = client.get("/ingest").text
    for suffix in READERS:
        assert f"<code>{suffix}</code>" in form
    assert f"up to {project.settings.max_file_mb} MB a file" in form
    assert 'name="outlet"' in form and 'type="date" name="published"' in form


def _upload(client: Any, csrf: str, name: str, body: bytes, **fields: str) -> Any:
    return client.post(
        "/ingest",
        data={"csrf": csrf, **fields},
        files=[("files", (name, body, "text/plain"))],
        follow_redirects=False,
    )


UNDATED = b"Night Shelling\n\nShelling killed 4 people in Raqqa on Monday night, residents said.\n"


def test_uploads_take_an_outlet_and_a_publication_date(web: tuple[Project, Any]) -> None:
    project, client = web
    csrf = login(client, "researcher")
    sent = _upload(
        client, csrf, "night.txt", UNDATED, outlet="Euphrates Wire", published="2019-03-14"
    )
    job = finished_job(client, sent)
    assert job["state"] == "done" and job["outlet"] == "Euphrates Wire"
    [stored] = [a for a in project.records("articles") if a["doc_id"] == "night.txt"]
    assert stored["outlet"] == "Euphrates Wire" and str(stored["published"]) == "2019-03-14"
    assert job["summary"]["undated"] == 0

    # The result links to the new document and to its incident; the counts agree in number.
    [document] = job["files"][0]["documents"]
    assert document["incidents"]
    page = client.get(sent.headers["location"]).text
    assert f'href="/documents/{document["sha256"]}"' in page
    for incident in document["incidents"]:
        assert f'href="/incidents/{incident}"' in page
    assert "1 new document, 1 article, 1 incident;" in page


def test_uploads_result_counts_undated_articles(web: tuple[Project, Any]) -> None:
    _, client = web
    csrf = login(client, "researcher")
    job = finished_job(client, _upload(client, csrf, "monday.txt", UNDATED))
    assert job["summary"]["undated"] == 1 and job["files"][0]["undated"] == 1
    page = client.get(f"/jobs/{job['id']}").text
    assert "1 of the new articles state no publication date" in page


def test_uploads_refuse_a_date_that_is_not_one(web: tuple[Project, Any]) -> None:
    _, client = web
    csrf = login(client, "researcher")
    answer = _upload(client, csrf, "x.txt", UNDATED, published="last <b>Tuesday</b>")
    assert answer.status_code == 400
    assert "YYYY-MM-DD" in answer.text and "<b>Tuesday" not in answer.text


# -- one spelling of each place ----------------------------------------------------------


def test_pages_places_by_the_gazetteer_name_with_the_name_as_written(
    web: tuple[Project, Any],
) -> None:
    project, client = web
    records = [r for r in project.records("incidents") if r["place"] and r["place_mentioned"]]
    respelled = [r for r in records if r["place"].lower() != r["place_mentioned"].lower()]
    assert respelled  # the sample data writes some places otherwise than the gazetteer
    login(client, "viewer")
    listing = client.get("/incidents").text
    for r in respelled:
        shown = f'{escape(r["place"])} <small class="as-written" title="as written in the report">({escape(r["place_mentioned"])})</small>'
        assert shown in listing
        assert shown in client.get(f"/incidents/{r['id']}").text
