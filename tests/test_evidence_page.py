"""The incident page shows the right evidence (issue #11): the sentences the figures came
from with each value marked, one copy of a syndicated story with its outlets, who said
what, and aggregate claims on the document page, apart from incidents.

All reports are invented; Hajin is a real place of the packaged gazetteer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from civharm import Project, open_project
from civharm.claims import read_evidence

from .test_pages import login

OPENING = "The town of Hajin has seen heavy fighting for weeks."
FIGURE = (
    "The Syrian Observatory for Human Rights said 54 civilians were killed on Tuesday when "
    "Russian jets struck the vegetable market in Hajin."
)
SECOND = "SANA reported that 30 civilians were killed in the strike."
DENIAL = "A Russian defence ministry spokesman denied that its aircraft struck the market."
TOTAL = "More than 4,300 civilians have been killed since the war began, the monitoring group said."
CLAIMS = f"Strike On Hajin Market\n\nSource: Example Wire\n\n{OPENING} {FIGURE} {SECOND} {DENIAL} {TOTAL}\n"

# A story long enough to be recognised as syndicated, carried by two outlets.
STORY = (
    "Rockets Hit Houses In Hajin\n\nSource: {outlet}\n\n"
    "Residents of Hajin woke to the sound of jets over the river again. Twelve civilians, "
    "including four children, were killed on Tuesday when rockets hit two houses near the "
    "old mosque in Hajin, local sources said. The houses were flattened and neighbours "
    "searched the rubble with their hands until the morning. A doctor at the field hospital "
    "said the wounded were taken to clinics outside the town because the roads were closed.\n"
)


@pytest.fixture
def evidence_web(db_url: str, tmp_path: Path) -> Iterator[tuple[Project, Any]]:
    """The web app over the claims report and two copies of one story, as a researcher."""
    from fastapi.testclient import TestClient

    from civharm.web.app import create_app

    (tmp_path / "claims.txt").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "first.txt").write_text(STORY.format(outlet="First Wire"), encoding="utf-8")
    (tmp_path / "second.txt").write_text(STORY.format(outlet="Second Wire"), encoding="utf-8")
    with open_project(db=db_url, user="tester") as project:
        project.ingest([tmp_path / name for name in ("claims.txt", "first.txt", "second.txt")])
        project.add_user("researcher", role="researcher", password="researcher-secret")
        with TestClient(create_app(project)) as client:
            login(client, "researcher")
            yield project, client


def incident_of(project: Project, doc_id: str) -> dict[str, Any]:
    return next(r for r in project.records("incidents") if r["sources"][0]["doc_id"] == doc_id)


def section(page: str, start: str, end: str) -> str:
    return page[page.index(start) : page.index(end, page.index(start))]


def test_evidence_page_marks_the_figure_sentences_not_the_opening_one(
    evidence_web: tuple[Project, Any],
) -> None:
    project, client = evidence_web
    incident = incident_of(project, "claims.txt")
    evidence = section(
        client.get(f"/incidents/{incident['id']}").text, '<ol class="evidence">', "</ol>"
    )
    assert "heavy fighting" not in evidence  # the opening sentence gave nothing
    for marked in (
        '<mark class="figure" title="figure">54</mark>',
        '<mark class="figure" title="figure">30</mark>',
        '<mark class="place" title="place">Hajin</mark>',
        '<mark class="date" title="date">Tuesday</mark>',
        '<mark class="perpetrator" title="alleged perpetrator">Russian</mark>',
        '<mark class="claimant" title="claimant">SANA</mark>',
        '<mark class="claimant" title="claimant">Syrian Observatory for Human Rights</mark>',
    ):
        assert marked in evidence
    sha = project.document_sha256("claims.txt")
    start = project.records("mentions")[0]["start"]
    assert f'href="/documents/{sha}#ev-{start}"' in evidence  # each sentence links to its span
    assert f'id="ev-{start}"' in client.get(f"/documents/{sha}").text


def test_evidence_page_shows_one_copy_of_a_story_with_its_outlets(
    evidence_web: tuple[Project, Any],
) -> None:
    project, client = evidence_web
    incident = incident_of(project, "first.txt")
    assert incident["n_reports"] == 2 and incident["n_independent_sources"] == 1
    page = client.get(f"/incidents/{incident['id']}").text
    assert page.count('<section class="story">') == 1
    assert "2 copies of one story, carried by First Wire, Second Wire" in page
    evidence = section(page, '<ol class="evidence">', "</ol>")
    assert evidence.count("near the old mosque") == 1  # not repeated word for word
    copies = section(page, '<table class="copies">', "</table>")
    for doc_id in ("first.txt", "second.txt"):
        sha = project.document_sha256(doc_id)
        assert f'href="/documents/{sha}#ev-' in copies  # each outlet's copy, at its span
    assert "First Wire" in copies and "Second Wire" in copies and "preserved" in copies


def test_evidence_page_names_who_said_what(evidence_web: tuple[Project, Any]) -> None:
    project, client = evidence_web
    incident = incident_of(project, "claims.txt")
    assert (incident["killed_min"], incident["killed_max"]) == (30, 54)  # one merged range
    claims = section(
        client.get(f"/incidents/{incident['id']}").text, '<table class="claims">', "</table>"
    )
    rows = re.findall(r'<tr class="(\w+)"><td>([^<]*)</td><td>([^<]*)</td>', claims)
    assert ("claim", "SOHR (in Example Wire)", "54 killed") in rows
    assert ("claim", "SANA (in Example Wire)", "30 killed") in rows
    assert ("denial", "A Russian defence ministry spokesman", "denied") in rows
    assert DENIAL in claims  # with the quote


def test_evidence_page_aggregates_on_the_document_page_apart_from_incidents(
    evidence_web: tuple[Project, Any],
) -> None:
    project, client = evidence_web
    assert all(r["killed_min"] != 4301 for r in project.records("incidents"))
    sha = project.document_sha256("claims.txt")
    page = client.get(f"/documents/{sha}").text
    table = section(page, '<table class="aggregates">', "</table>")
    [claim] = project.records("aggregates")
    assert "≥ 4301" in table and "the monitoring group" in table
    assert f'<a href="#agg-{claim["start"]}">{TOTAL}</a>' in table
    assert f'<mark id="agg-{claim["start"]}" class="aggregate">{TOTAL}</mark>' in page
    assert TOTAL not in client.get(f"/incidents/{incident_of(project, 'claims.txt')['id']}").text


def test_evidence_page_untrusted_text_and_urls_stay_inert(project: Project, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from civharm.web.app import create_app

    record = {
        "id": "j1",
        "url": "javascript:alert(1)",
        "title": "Shelling <script>alert(1)</script>",
        "outlet": "Wire <b>X</b>",
        "text": "Shelling Hits Hajin Homes\n\nTwelve civilians were killed on Tuesday when "
        "shells hit houses in Hajin "
        "<img src=x onerror=alert(1)>, local sources said.",
    }
    (tmp_path / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    project.ingest([tmp_path / "wire.jsonl"])
    project.add_user("researcher", role="researcher", password="researcher-secret")
    [incident] = project.records("incidents")
    with TestClient(create_app(project)) as client:
        login(client, "researcher")
        page = client.get(f"/incidents/{incident['id']}").text
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<script>alert" not in page and "<b>X</b>" not in page
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown, not linked
    assert '<mark class="figure" title="figure">Twelve</mark>' in page


def test_evidence_page_public_mode_quotes_evidence_without_documents(
    public_web: tuple[Project, Any, dict[str, str]],
) -> None:
    # Why: anonymous readers see a confirmed incident's own sentences, never documents.
    _, client, ids = public_web
    page = client.get(f"/incidents/{ids['confirmed']}").text
    evidence = section(page, '<ol class="evidence">', "</ol>")
    assert '<mark class="figure" title="figure">Eight</mark>' in evidence
    assert "/documents/" not in page and "mention key" not in page


def test_evidence_page_read_evidence_marks_by_kind(project: Project) -> None:
    text = f"{OPENING} {FIGURE}"
    start = len(OPENING) + 1
    mention = {
        "place_mentioned": "Hajin",
        "perpetrator": "Russia",
        "claimants": ["SOHR"],
        "date_hint": "weekday:Tuesday",
    }
    [sentence] = read_evidence(text, [[start, len(text)]], mention, project.lexicon, published=None)
    marks = {(text[m.start : m.end], m.kind) for m in sentence.marks}
    assert marks == {
        ("Syrian Observatory for Human Rights", "claimant"),
        ("54", "figure"),
        ("Tuesday", "date"),
        ("Russian", "perpetrator"),
        ("Hajin", "place"),
    }
    assert sentence.claim is not None and sentence.claim.claimants == ("SOHR",)
    assert (sentence.claim.killed.min, sentence.claim.killed.max) == (54, 54)
    assert sentence.denial is None  # the mention records no denial
