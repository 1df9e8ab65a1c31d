"""Aggregate claims: tolls over a period or an area, kept apart from incidents.

All texts are invented; place names are real places from the packaged gazetteer.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from civharm import Project
from civharm.cli import app
from civharm.exports import FIELDS
from civharm.gazetteer import Gazetteer
from civharm.model import Article, Span
from civharm.stages.extract import Extracted, extract_article

from .test_pages import login

PUBLISHED = dt.date(2019, 3, 14)  # a Thursday: "on Tuesday" is 12 March

# One incident sentence, then one campaign total in its own sentence.
INCIDENT = "A rocket hit the vegetable market in Hajin on Tuesday, killing 9 people, medics said."
TOTAL = "More than 4,300 civilians have been killed since the war began, the monitoring group said."
REPORT = f"Market shelled in Hajin\n\n{INCIDENT} {TOTAL}\n"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.open()


def run(text: str, gazetteer: Gazetteer, published: dt.date | None = PUBLISHED) -> Extracted:
    article = Article(0, Span(0, len(text)), Span(0, len(text)), text, published=published)
    return extract_article(text, article, gazetteer)


def bounds(found: Any) -> tuple[int | None, int | None]:
    return (found.min, found.max)


# -- extraction ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        pytest.param(TOTAL, (4301, None), id="since-the-war-began"),
        pytest.param(
            "At least 85 people have been killed in the past ten days in Idlib province, "
            "the civil defence said.",
            (85, None),
            id="in-the-past-ten-days",
        ),
        pytest.param(
            "So far this year 312 civilians have died in the fighting, "
            "according to the health ministry.",
            (312, 312),
            id="so-far-this-year",
        ),
        pytest.param(
            "Air raids have killed 140 civilians in southern Idlib since February, "
            "the monitoring group said.",
            (140, 140),
            id="since-a-month",
        ),
    ],
)
def test_aggregates_campaign_total_is_a_claim_not_a_mention(
    text: str, killed: tuple[int | None, int | None], gazetteer: Gazetteer
) -> None:
    # Why: a total over a period is no incident; as a mention it would become a map point
    # with thousands of dead on one day.
    found = run(text, gazetteer)
    assert found.mentions == []
    (claim,) = found.aggregates
    assert bounds(claim.killed) == killed
    assert claim.period is not None


def test_aggregates_days_toll_and_total_in_one_sentence_are_split(gazetteer: Gazetteer) -> None:
    # Why: the period cue must stay in its own clause; the day's 9 dead and 20 wounded are
    # the incident, the 600 and 1,500 "since March" are the claim.
    text = (
        "A rocket hit the vegetable market in Hajin on Tuesday, killing 9 people and wounding 20, "
        "while more than 600 have been killed and 1,500 wounded since March, rescuers said."
    )
    found = run(text, gazetteer)
    (mention,) = found.mentions
    assert bounds(mention.killed) == (9, 9)
    assert bounds(mention.injured) == (20, 20)
    assert mention.place.mentioned == "Hajin"
    assert mention.date == dt.date(2019, 3, 12)
    (claim,) = found.aggregates
    assert bounds(claim.killed) == (601, None)
    assert bounds(claim.injured) == (1500, 1500)
    assert claim.period == "since March"


def test_aggregates_total_in_the_next_sentence_stays_out_of_the_mention(
    gazetteer: Gazetteer,
) -> None:
    # Why: a total alone must never join the open mention, nor lend it its figures, its
    # claimant or its sentence as evidence, even when it names the same kind of attack.
    text = (
        "Shelling killed 5 people in Taiz on Monday, medics said. Air strikes and shelling "
        "have killed 2,300 people in the city since the war began, the health ministry says."
    )
    found = run(text, gazetteer)
    (mention,) = found.mentions
    assert bounds(mention.killed) == (5, 5)
    assert [text[s.start : s.end] for s in mention.evidence] == [
        "Shelling killed 5 people in Taiz on Monday, medics said."
    ]
    assert mention.claimants == ("medics",)
    (claim,) = found.aggregates
    assert bounds(claim.killed) == (2300, 2300)
    assert claim.claimants == ("the health ministry",)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "Shelling of a bus station in Taiz on Monday killed 14 civilians, "
            "the deadliest strike since 2016, medics said.",
            id="deadliest-since-year",
        ),
        pytest.param(
            "A drone strike on a wedding in Hajin killed 23 people on Sunday, "
            "the worst attack on the town since the war began, residents said.",
            id="worst-since-the-war",
        ),
        pytest.param(
            "A shell hit a school in Taiz on Friday, killing 11 people, the bloodiest day "
            "in the city since the start of the year, medics said.",
            id="bloodiest-since-start-of-year",
        ),
        pytest.param(
            "Shelling of a crowded market in the northern town of Hajin on Monday killed "
            "14 civilians, the deadliest attack on a market in the northern province since "
            "2016, medics said.",
            id="long-superlative",
        ),
    ],
)
def test_aggregates_superlative_since_makes_no_total(text: str, gazetteer: Gazetteer) -> None:
    # Why: "the deadliest X since 2016" compares one event with a period; its toll is the
    # event's own and must stay on the mention.
    found = run(text, gazetteer)
    assert found.aggregates == []
    (mention,) = found.mentions
    assert mention.killed.min is not None


def test_aggregates_keep_evidence_period_area_and_claimant(gazetteer: Gazetteer) -> None:
    # Why: an aggregate is a claim someone made; without its sentence, period and source
    # a reviewer cannot check or weigh it.
    lead = "Background paragraph about the conflict that names no incident at all.\n\n"
    sentence = (
        "In the past ten days at least 85 people have been killed across Idlib province, "
        "the civil defence said."
    )
    text = lead + sentence + "\n"
    (claim,) = run(text, gazetteer).aggregates
    assert claim.ordinal == 0
    (span,) = claim.evidence
    assert span.start == len(lead)
    assert text[span.start : span.end] == sentence
    assert claim.period == "In the past ten days"
    assert claim.area == "Idlib"
    assert claim.claimants == ("the civil defence",)
    assert claim.victims == "unknown"
    assert bounds(claim.killed) == (85, None)


def test_aggregates_each_sentence_gets_its_own_claim_in_order(gazetteer: Gazetteer) -> None:
    # Why: ordinals number the claims of an article; two totals in two sentences are two
    # claims, each with its own evidence.
    first = "More than 4,300 civilians have been killed since the war began, the group said."
    second = "The monitor said 1,200 people had been killed and 3,400 wounded in the past ten days."
    text = f"{first} {second}"
    claims = run(text, gazetteer).aggregates
    assert [c.ordinal for c in claims] == [0, 1]
    assert [text[c.evidence[0].start : c.evidence[0].end] for c in claims] == [first, second]
    assert bounds(claims[1].injured) == (3400, 3400)


def test_aggregates_period_names_the_whole_period(gazetteer: Gazetteer) -> None:
    # Why: `period` is exported for readers; "So far this" alone does not say year or month.
    text = "So far this year 312 civilians have died in the fighting, the health ministry said."
    (claim,) = run(text, gazetteer).aggregates
    assert claim.period is not None
    assert claim.period.lower() == "so far this year"


def test_aggregates_bringing_the_total_to_keeps_the_days_toll(gazetteer: Gazetteer) -> None:
    # Why: "killing 7, bringing this month's toll to 45" is the commonest way a report pairs
    # an incident with a running total.
    text = (
        "An air strike killed 7 people in Taiz on Friday, bringing the number of civilians "
        "killed there this month to 45, medics said."
    )
    found = run(text, gazetteer)
    (mention,) = found.mentions
    assert bounds(mention.killed) == (7, 7)
    (claim,) = found.aggregates
    assert bounds(claim.killed) == (45, 45)


def test_aggregates_period_start_is_not_the_incidents_date(gazetteer: Gazetteer) -> None:
    # Why: the start of the period a total covers says nothing about when the strike was.
    text = (
        "A rocket hit a market in Hajin, killing 9 people, while more than 600 have died "
        "since March, rescuers said."
    )
    found = run(text, gazetteer)
    (mention,) = found.mentions
    assert bounds(mention.killed) == (9, 9)
    assert mention.date is None


def test_aggregates_total_since_a_year_does_not_drop_the_days_toll(gazetteer: Gazetteer) -> None:
    # Why: the same sentence with "since March" keeps the 9 dead; adding the year must not
    # lose the incident.
    text = (
        "A rocket hit a market in Hajin, killing 9 people, while more than 600 have died "
        "since March 2018, rescuers said."
    )
    found = run(text, gazetteer)
    (claim,) = found.aggregates
    assert bounds(claim.killed) == (601, None)
    (mention,) = found.mentions
    assert bounds(mention.killed) == (9, 9)


# -- storage through the Python API -------------------------------------------------------


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


@pytest.fixture
def stored(project: Project, report: Path) -> Project:
    result = project.ingest([report], published=PUBLISHED)
    assert result.ok, result.errors
    assert result.new_documents == 1
    return project


def test_aggregates_ingest_stores_the_claim_with_its_provenance(stored: Project) -> None:
    # Why: an exported claim must lead back to its document and sentence.
    (claim,) = stored.records("aggregates")
    assert claim["doc_id"] == "report.txt"
    assert claim["quote"] == TOTAL
    assert (claim["killed_min"], claim["killed_max"]) == (4301, None)
    assert claim["period"] == "since the war"
    assert claim["victims"] == "civilians"
    assert claim["claimants"] == ["the monitoring group"]
    assert claim["published"] == PUBLISHED
    assert claim["article_title"] == "Market shelled in Hajin"
    (document,) = stored.records("documents")
    assert claim["sha256"] == document["sha256"]
    text = stored.store.document(document["sha256"])["text"]
    assert text[claim["start"] : claim["end"]] == TOTAL


def test_aggregates_never_become_mentions_or_incidents(stored: Project) -> None:
    # Why: the point of the record type: totals are kept apart from the incident list.
    (mention,) = stored.records("mentions")
    assert mention["quote"] == INCIDENT
    assert (mention["killed_min"], mention["killed_max"]) == (9, 9)
    assert all(e["quote"] != TOTAL for e in mention["evidence"])
    (incident,) = stored.records("incidents")
    assert (incident["killed_min"], incident["killed_max"]) == (9, 9)
    assert all(s["quote"] != TOTAL for s in incident["sources"])


def test_aggregates_same_file_again_adds_no_claims(stored: Project, report: Path) -> None:
    # Why: re-running an interrupted ingest is documented as safe; it must not double totals.
    again = stored.ingest([report], published=PUBLISHED)
    assert again.seen_documents == 1
    assert len(stored.records("aggregates")) == 1


def test_aggregates_reprocess_replaces_not_duplicates(stored: Project) -> None:
    # Why: reprocess swaps a document's processing; stale claims left behind would be counted
    # twice in every export.
    before = stored.records("aggregates")
    assert stored.reprocess() == 1
    assert stored.reprocess() == 1
    after = stored.records("aggregates")
    assert len(after) == 1
    drop = ("id",)
    assert [{k: v for k, v in r.items() if k not in drop} for r in after] == [
        {k: v for k, v in r.items() if k not in drop} for r in before
    ]
    assert len(stored.records("mentions")) == 1


def test_aggregates_python_export_has_the_declared_fields(stored: Project) -> None:
    # Why: the field list is the stable interface of every format.
    names = [f.name for f in FIELDS["aggregates"]]
    out = io.BytesIO()
    assert stored.export("aggregates", format="jsonl", out=out) == 1
    (line,) = out.getvalue().decode().splitlines()
    record = json.loads(line)
    assert list(record) == names
    assert record["quote"] == TOTAL
    assert record["published"] == "2019-03-14"
    out = io.BytesIO()
    stored.export("aggregates", format="csv", out=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode())))
    assert list(rows[0]) == names
    assert (rows[0]["killed_min"], rows[0]["killed_max"]) == ("4301", "")


# -- the command line ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_aggregates_cli_export_writes_the_claims(
    fmt: str, runner: CliRunner, db_url: str, report: Path, tmp_path: Path
) -> None:
    # Why: the command line is how most users get data out.
    result = runner.invoke(
        app, ["ingest", str(report), "--db", db_url, "--published", PUBLISHED.isoformat()]
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / f"aggregates.{fmt}"
    result = runner.invoke(
        app, ["export", "aggregates", "--format", fmt, "--out", str(out), "--db", db_url]
    )
    assert result.exit_code == 0, result.output
    content = out.read_text(encoding="utf-8")
    if fmt == "jsonl":
        records = [json.loads(line) for line in content.splitlines()]
    else:
        records = list(csv.DictReader(io.StringIO(content)))
    (record,) = records
    assert list(record) == [f.name for f in FIELDS["aggregates"]]
    assert record["quote"] == TOTAL
    assert str(record["killed_min"]) == "4301"
    assert record["doc_id"] == "report.txt"


# -- the document page --------------------------------------------------------------------


@pytest.fixture
def site(project: Project, tmp_path: Path) -> Iterator[tuple[Project, Any, dict[str, str]]]:
    """The web app over three documents: a plain total, a total quoting markup, no total."""
    from fastapi.testclient import TestClient

    from civharm.web.app import create_app

    hostile = (
        "More than 2,100 civilians have been killed since the war began, the group "
        "<script>alert(1)</script> said."
    )
    texts = {
        "report.txt": REPORT,
        "hostile.txt": f"Leaflet\n\n{hostile}\n",
        "plain.txt": f"Shelling in Hajin\n\n{INCIDENT}\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    project.ingest([tmp_path / name for name in texts], published=PUBLISHED)
    shas = {d["doc_id"]: d["sha256"] for d in project.records("documents")}
    assert set(shas) == set(texts)
    project.add_user("researcher", role="researcher", password="researcher-secret")
    with TestClient(create_app(project)) as client:
        yield project, client, shas


def aggregates_table(page: str) -> str:
    found = re.search(r'<table class="aggregates">.*?</table>', page, re.S)
    assert found is not None, "no aggregate table on the page"
    return found.group(0)


def test_aggregates_document_page_lists_the_claims(
    site: tuple[Project, Any, dict[str, str]],
) -> None:
    # Why: reviewers read totals beside the text they came from.
    _, client, shas = site
    login(client, "researcher")
    response = client.get(f"/documents/{shas['report.txt']}")
    assert response.status_code == 200
    table = aggregates_table(response.text)
    assert "4301" in table
    assert "since the war" in table
    assert "the monitoring group" in table
    assert "More than 4,300 civilians have been killed since the war began" in table
    # Another document's total is not listed here, and a page without totals has no table.
    assert "2,100" not in table
    plain = client.get(f"/documents/{shas['plain.txt']}").text
    assert "Aggregate claims" not in plain
    assert '<table class="aggregates">' not in plain


def test_aggregates_document_page_escapes_the_quote(
    site: tuple[Project, Any, dict[str, str]],
) -> None:
    # Why: quotes are untrusted report text; markup in them must be shown, never run.
    _, client, shas = site
    login(client, "researcher")
    page = client.get(f"/documents/{shas['hostile.txt']}").text
    table = aggregates_table(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in table
    assert "<script>alert(1)" not in page


def test_aggregates_document_page_needs_a_login(
    site: tuple[Project, Any, dict[str, str]],
) -> None:
    # Why: the claims quote the stored document and are no more public than it.
    _, client, shas = site
    response = client.get(f"/documents/{shas['report.txt']}")
    assert response.status_code == 401
    assert "4,300" not in response.text
