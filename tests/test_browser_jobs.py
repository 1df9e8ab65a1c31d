"""Browser check of an upload's page (issue #11): each new incident is a link labelled
with its place, date and toll, as the incident list shows them, and leads to the
incident. The screenshot goes to tests/artifacts/jobs-result.png.

The server and the browser are test_browser.py's fixtures: a `civharm serve` over the
sample data, with the researcher ana.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_browser import CHROMIUM, page, server, shot
from .test_browser_polish import log_in

__all__ = ["page", "server"]  # fixtures, used by name

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/install-browser.sh)"
)

# Invented: a town of the gazetteer, written as reports often do, with a date and a toll.
REPORT = (
    "Shelling Hits Saraqib Bakery\n\n"
    "Source: Idlib Monitor\n"
    "Shelling killed 5 civilians and injured 11 others queuing at a bakery in Saraqib on "
    "9 February 2020, local medics said. The bakery had reopened a week earlier.\n"
)


def test_browser_jobs_result_links_labelled_incidents(server: tuple[str, str], page: Any) -> None:
    url, db = server
    log_in(page, url)
    upload = Path(db.removeprefix("sqlite:///")).with_name("saraqib-bakery.txt")
    upload.write_text(REPORT)
    page.goto(f"{url}/ingest")
    page.set_input_files("input[name=files]", str(upload))
    page.click("form[action='/ingest'] button[type=submit]")
    page.wait_for_url(f"{url}/jobs/*")
    page.wait_for_selector(".job-state[data-state=done]", timeout=30_000)

    links = page.locator("ul.new-incidents a[href^='/incidents/']")
    assert links.count() == 1
    link = links.first
    label = " ".join(link.inner_text().split())
    assert label == "Sarāqib (Saraqib) · 2020-02-09 · killed 5, injured 11"
    incident_id = (link.get_attribute("href") or "").removeprefix("/incidents/")
    assert link.get_attribute("title") == incident_id  # the id, on hovering
    shot(page, "jobs-result")

    link.click()
    page.wait_for_url(f"{url}/incidents/{incident_id}")
    assert "Sarāqib" in page.inner_text("h1")
