"""Browser test of issue #11's review pages: Playwright drives Debian's Chromium against a
real `civharm serve` (started as in test_browser.py) over invented reports.

A researcher reads an undated incident in the list ("a Tuesday, publication date
unknown"), opens it, sees the evidence marked and who said what, follows a sentence to
the document, sets the document's publication date there, and finds the incident dated.
Screenshots go to tests/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from civharm import open_project

from .test_browser import CHROMIUM, page, serving, shot
from .test_evidence_page import CLAIMS, STORY

__all__ = ["page"]  # the browser page fixture, used by name

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/install-browser.sh)"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`civharm serve` on a free port over the claims report and a syndicated story, with a
    researcher; always stopped."""
    folder = tmp_path_factory.mktemp("serve-evidence")
    (folder / "claims.txt").write_text(CLAIMS, encoding="utf-8")
    (folder / "first.txt").write_text(STORY.format(outlet="First Wire"), encoding="utf-8")
    (folder / "second.txt").write_text(STORY.format(outlet="Second Wire"), encoding="utf-8")
    db = f"sqlite:///{folder / 'web.db'}"
    with open_project(db=db) as project:
        project.ingest([folder / name for name in ("claims.txt", "first.txt", "second.txt")])
        project.add_user("ana", role="researcher", password="a long passphrase")
    with serving(db) as url:
        yield url, db


def test_browser_evidence_and_document_date(server: tuple[str, str], page: Any) -> None:
    url, db = server
    page.goto(f"{url}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", "a long passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/incidents")
    listing = page.inner_text("table.incidents")
    assert "a Tuesday, publication date unknown" in listing and "weekday:" not in listing
    shot(page, "evidence-incidents-undated")

    with open_project(db=db) as project:
        claims = next(
            r for r in project.records("incidents") if r["sources"][0]["doc_id"] == "claims.txt"
        )
        story = next(r for r in project.records("incidents") if r["n_reports"] == 2)
        sha = project.document_sha256("claims.txt")

    page.goto(f"{url}/incidents/{claims['id']}")
    rows = page.inner_text("table.claims")
    assert "SOHR (in Example Wire)\t54 killed" in rows
    assert "SANA (in Example Wire)\t30 killed" in rows
    assert "A Russian defence ministry spokesman\tdenied" in rows
    figure = page.locator("ol.evidence mark.figure").first
    assert figure.inner_text() == "54"
    assert "heavy fighting" not in page.inner_text("ol.evidence")
    shot(page, "evidence-incident")

    page.locator("ol.evidence a.at").first.click()
    page.wait_for_url(f"{url}/documents/{sha}#ev-*")
    target = page.url.rsplit("#", 1)[1]
    assert page.locator(f"mark#{target}").is_visible()  # the sentence, in the document
    assert page.locator("table.aggregates").is_visible()
    shot(page, "evidence-document")

    page.fill("#date-form input[name=published]", "2018-12-20")
    page.fill("#date-form input[name=reason]", "date on the outlet's site")
    page.click("#date-form button[type=submit]")
    page.wait_for_url(f"{url}/documents/{sha}")
    assert "2018-12-20" in page.inner_text("p.reviewed-date")
    assert "date on the outlet's site" in page.inner_text("table.log")
    shot(page, "evidence-document-dated")

    page.goto(f"{url}/incidents/{claims['id']}")
    assert "2018-12-18" in page.inner_text("table.fields")  # the Tuesday before publication

    page.goto(f"{url}/incidents/{story['id']}")
    assert page.locator("section.story").count() == 1
    carried = page.inner_text("p.carried")
    assert "2 copies" in carried and "First Wire" in carried and "Second Wire" in carried
    assert page.locator("table.copies tbody tr").count() == 2
    shot(page, "evidence-syndicated")
