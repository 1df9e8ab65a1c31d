"""A reviewer sets a document's publication date (issue #11): a logged, replayed decision
that resolves the relative dates of the document's mentions.

The report is invented; Hajin is a real place of the packaged gazetteer.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import Project, open_project
from civharm.cli import app
from civharm.date_hints import describe
from civharm.errors import CivharmError, NotFound, UsageError

from .test_pages import login

# "on Tuesday" with no publication date: unresolved until a reviewer dates the document.
REPORT = (
    "Rockets Hit Houses In Hajin\n\nSource: First Wire\n\n"
    "Twelve civilians were killed on Tuesday when rockets hit two houses in Hajin, "
    "local sources said.\n"
)
PUBLISHED = dt.date(2018, 12, 20)  # a Thursday: "on Tuesday" is 18 December
TUESDAY = dt.date(2018, 12, 18)


@pytest.fixture
def undated(project: Project, tmp_path: Path) -> Project:
    (tmp_path / "hajin.txt").write_text(REPORT, encoding="utf-8")
    report = project.ingest([tmp_path / "hajin.txt"])
    assert report.undated == 1
    return project


def only(project: Project) -> dict[str, Any]:
    [record] = project.records("incidents")
    return record


def test_document_date_resolves_mentions_and_survives_resolve_and_reprocess(
    undated: Project,
) -> None:
    project = undated
    before = only(project)
    assert before["date"] is None and before["date_hint"] == "weekday:Tuesday"

    event = project.date_document("hajin.txt", PUBLISHED, reason="date on the outlet's site")

    after = only(project)
    assert after["date"] == TUESDAY and after["date_hint"] is None
    assert after["id"] == before["id"]  # the same incident, now dated
    assert after["sources"][0]["published"] == "2018-12-20"
    [logged] = [e for e in project.store.review_log() if e["id"] == event]
    sha = project.document_sha256("hajin.txt")
    assert logged["action"] == "document-date" and logged["incident_id"] is None
    assert logged["after"] == {"document": sha, "published": "2018-12-20"}
    assert logged["before"] == {"document": sha, "published": None}
    assert logged["reason"] == "date on the outlet's site"
    assert project.document_dates() == {sha: PUBLISHED}

    project.resolve(everything=True)
    assert only(project)["date"] == TUESDAY
    project.reprocess()  # extraction runs again: the reviewed date is replayed from the log
    assert only(project)["date"] == TUESDAY
    articles = project.records("articles")
    assert [(a["published"], a["published_source"]) for a in articles] == [(PUBLISHED, "default")]


def test_document_date_revert_and_a_later_date(undated: Project) -> None:
    project = undated
    first = project.date_document("hajin.txt", "2018-12-20", reason="outlet site")
    project.date_document("hajin.txt", "2018-12-27", reason="the archive says a week later")
    assert only(project)["date"] == dt.date(2018, 12, 25)  # the latest decision wins

    revert = project.revert(first + 1, reason="the archive was of a later edition")
    assert only(project)["date"] == TUESDAY  # back to the first reviewed date
    project.revert(first, reason="no source for the date after all")
    record = only(project)
    assert record["date"] is None and record["date_hint"] == "weekday:Tuesday"
    sha = project.document_sha256("hajin.txt")
    assert [e["action"] for e in project.document_log(sha)] == [
        "document-date",
        "document-date",
        "revert",
        "revert",
    ]
    assert revert in {e["id"] for e in project.document_log(sha)}


@pytest.mark.parametrize(
    ("document", "published", "reason", "error"),
    [
        ("hajin.txt", "2018-12-20", "  ", UsageError),  # every decision needs a reason
        ("hajin.txt", "2018-13-01", "x", UsageError),  # not a calendar date
        ("hajin.txt", "20 Dec 2018", "x", UsageError),  # only YYYY-MM-DD, like --published
        ("nothing.txt", "2018-12-20", "x", NotFound),  # no such document
    ],
)
def test_document_date_refuses_bad_input_and_writes_nothing(
    undated: Project, document: str, published: str, reason: str, error: type[CivharmError]
) -> None:
    with pytest.raises(error):
        undated.date_document(document, published, reason=reason)
    assert undated.store.review_log() == []


def test_document_date_not_through_incident_review_nor_for_dated_articles(
    project: Project, tmp_path: Path
) -> None:
    # Why: a document date must re-read its document; an incident review would only log it.
    (tmp_path / "wire.jsonl").write_text(
        json.dumps({"id": "w1", "text": REPORT, "published": "2018-12-20"}) + "\n"
    )
    project.ingest([tmp_path / "wire.jsonl"])
    incident = only(project)["id"]
    sha = project.document_sha256("w1")
    with pytest.raises(UsageError, match="date_document"):
        project.review("document-date", incident, reason="x", document=sha, published="2019-01-01")
    with pytest.raises(UsageError, match="states its own publication date"):
        project.date_document("w1", "2019-01-01", reason="x")
    assert project.store.review_log() == []


def test_document_date_cli_mirrors_the_api_and_ingest_says_how(
    runner: CliRunner, db_url: str, tmp_path: Path
) -> None:
    (tmp_path / "hajin.txt").write_text(REPORT, encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(tmp_path / "hajin.txt"), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "1 of the new articles state no publication date" in result.output
    assert "--published" in result.output and "civharm document date" in result.output

    result = runner.invoke(
        app, ["document", "date", "hajin.txt", "2018-12-20", "--reason", "site", "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    assert "review event 1: document-date hajin.txt 2018-12-20" in result.output
    result = runner.invoke(app, ["resolve", "--all", "--db", db_url])
    assert result.exit_code == 0, result.output
    with open_project(db=db_url) as project:
        assert only(project)["date"] == TUESDAY

    result = runner.invoke(
        app, ["document", "date", "hajin.txt", "yesterday", "--reason", "x", "--db", db_url]
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output


def test_document_date_ingest_with_published_counts_nothing_undated(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "hajin.txt").write_text(REPORT, encoding="utf-8")
    report = project.ingest([tmp_path / "hajin.txt"], published=PUBLISHED)
    assert report.undated == 0 and only(project)["date"] == TUESDAY


@pytest.fixture
def dated_web(db_url: str, tmp_path: Path) -> Iterator[tuple[Project, Any]]:
    """The web app over the undated report, with a viewer and a researcher."""
    from fastapi.testclient import TestClient

    from civharm.web.app import create_app

    (tmp_path / "hajin.txt").write_text(REPORT, encoding="utf-8")
    with open_project(db=db_url, user="tester") as project:
        project.ingest([tmp_path / "hajin.txt"])
        for role in ("viewer", "researcher"):
            project.add_user(role, role=role, password=f"{role}-secret")
        with TestClient(create_app(project)) as client:
            yield project, client


def test_document_date_from_the_document_page(dated_web: tuple[Project, Any]) -> None:
    project, client = dated_web
    csrf = login(client, "researcher")
    listing = client.get("/incidents").text
    assert "a Tuesday, publication date unknown" in listing
    assert ">weekday:Tuesday<" not in listing  # the token is only a tooltip
    sha = project.document_sha256("hajin.txt")
    page = client.get(f"/documents/{sha}").text
    assert 'id="date-form"' in page and "1 of 1 articles state no publication date" in page

    answer = client.post(
        f"/documents/{sha}/date",
        data={"csrf": csrf, "published": "2018-12-20", "reason": "outlet site"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    page = client.get(f"/documents/{sha}").text
    assert "set this document's publication date to <strong>2018-12-20" in page
    assert "set by a reviewer" in page and "outlet site" in page  # the article and the log
    assert only(project)["date"] == TUESDAY
    assert "2018-12-18" in client.get("/incidents").text

    event = re.search(r'name="event" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    answer = client.post(
        f"/documents/{sha}/date",
        data={"csrf": csrf, "action": "revert", "event": event, "reason": "wrong page"},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    assert only(project)["date"] is None
    assert f"reverted by {int(event) + 1}" in client.get(f"/documents/{sha}").text


def test_document_date_form_needs_a_researcher(dated_web: tuple[Project, Any]) -> None:
    project, client = dated_web
    csrf = login(client, "viewer")
    sha = project.document_sha256("hajin.txt")
    assert 'id="date-form"' not in client.get(f"/documents/{sha}").text
    answer = client.post(
        f"/documents/{sha}/date",
        data={"csrf": csrf, "published": "2018-12-20", "reason": "x"},
        follow_redirects=False,
    )
    assert answer.status_code == 403 and project.store.review_log() == []


@pytest.mark.parametrize(
    ("hint", "words"),
    [
        ("weekday:Tuesday", "a Tuesday, publication date unknown"),  # the common case
        ("weekday:Friday:last", "last Friday, publication date unknown"),  # qualified weekday
        ("month-day:11-13", "13 November, year unknown (publication date unknown)"),
        ("month:03", "March, year unknown (publication date unknown)"),
        ("relative:last week", "“last week”, publication date unknown"),  # the words as written
        ("relative:day-before", "the day before another event in the report"),  # event-relative
        ("relative:2-days-after", "2 days after another event in the report"),
        ("day-of-month:22", "the 22nd of a month, publication date unknown"),
        ("numeric:12/11/2017", "12/11/2017 (day and month order unclear)"),
        ("month-day:13-40", "date unclear (month-day:13-40)"),  # malformed: shown, not hidden
        (None, "date unknown"),
    ],
)
def test_document_date_hints_in_words(hint: str | None, words: str) -> None:
    assert describe(hint) == words
