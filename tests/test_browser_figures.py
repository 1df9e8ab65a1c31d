"""Browser checks of issue #11's figures as they are (items 2 and 3): a combined
killed-and-injured figure is shown where only it is known, and sorting by killed puts an
open range ("at least 40") by its lower bound, not after "6". Screenshots go to
tests/artifacts/figures-*.png.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from civharm import open_project

from .test_browser import CHROMIUM, page, serving, shot

__all__ = ["page"]  # the browser page fixture, used by name

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/install-browser.sh)"
)

# Three invented reports: a combined figure only, an open toll and a closed one.
REPORTS = {
    "combined.txt": "Shelling on Hajin\n\nMore than 70 civilians were killed and injured when "
    "shells hit the market in Hajin on Monday, residents said.\n",
    "open.txt": "Strike on Raqqa\n\nAn airstrike on a bakery in Raqqa on Monday killed at least "
    "40 civilians, a local monitor said.\n",
    "six.txt": "Shells on Manbij\n\nShells fell on a street in Manbij on Monday, killing six "
    "civilians, medics said.\n",
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    folder = tmp_path_factory.mktemp("serve-figures")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    db = f"sqlite:///{folder / 'web.db'}"
    with open_project(db=db) as project:
        project.ingest([folder / name for name in REPORTS], published=dt.date(2018, 11, 13))
        project.add_user("ana", role="researcher", password="a long passphrase")
    with serving(db) as url:
        yield url, db


def log_in(page: Any, url: str) -> None:
    page.goto(f"{url}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", "a long passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/incidents")


def test_browser_figures_combined_and_sorted_by_lower_bound(
    server: tuple[str, str], page: Any
) -> None:
    url, _ = server
    log_in(page, url)

    page.goto(f"{url}/incidents?sort=-killed")
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == 3
    order = [rows.nth(i).inner_text() for i in range(3)]
    # "at least 40" sorts by its lower bound, before 6; the combined-only one has no killed
    assert "Raqqa" in order[0] and "Manbij" in order[1] and "Hajin" in order[2], order
    assert "71" in order[2] and "k+i" in order[2]  # the combined figure, not "–" twice
    shot(page, "figures-sorted")

    page.goto(f"{url}/incidents?sort=killed")
    rows = page.locator("table.incidents tbody tr")
    ascending = [rows.nth(i).inner_text() for i in range(3)]
    known = [row for row in ascending if "Hajin" not in row]
    assert "Manbij" in known[0] and "Raqqa" in known[1], ascending
