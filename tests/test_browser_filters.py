"""Browser tests of issue #11: filters carried between the list, the map and the timeline,
and the map's fit, legend, cluster counts and list of the incidents in view.

They reuse test_browser.py's `civharm serve` over the sample data and its Chromium page,
and save screenshots under tests/artifacts/ (map-filtered.png, map-all.png,
timeline-filtered.png) to look at.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from civharm import open_project

from . import test_browser as started

pytestmark = started.pytestmark
# The same fixtures, not copies: a real server on a free port, always stopped, and a page.
server = started.server
page = started.page


def _log_in(page: Any, url: str) -> None:
    """Log in as the researcher, unless an earlier test of the module's page already did."""
    response = page.goto(f"{url}/incidents")
    if response is not None and response.status == 200:
        return
    page.goto(f"{url}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", "a long passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/incidents")


def _in_view(page: Any) -> int:
    """The number the list beside the map gives, once it has loaded."""
    page.wait_for_selector("#map-list h2:has-text('in view') >> text=/^\\d+ incident/")
    heading = page.inner_text("#map-list h2")
    return int(re.match(r"\d+", heading).group())  # type: ignore[union-attr]


def test_browser_filters_map_keeps_filters_and_lists_what_is_in_view(
    server: tuple[str, str], page: Any
) -> None:
    url, db = server
    _log_in(page, url)
    with open_project(db=db) as project:
        records = project.records("incidents")
    placed = [r for r in records if r["lat"] is not None]

    # From the filtered list to the map: the filters go along.
    page.goto(f"{url}/incidents?place=Hajin&grade=contested")
    page.click("p.views a:text-is('Map')")
    page.wait_for_url(re.compile(r"/map\?"))
    asked = parse_qs(urlsplit(page.url).query)
    assert asked["place"] == ["Hajin"] and asked["grade"] == ["contested"]
    assert page.input_value("form.filters input[name=place]") == "Hajin"
    hajin = [r for r in placed if r["place"] == "Hajīn" and r["grade"] == "contested"]
    assert _in_view(page) == len(hajin) >= 1  # fitted to the filtered incidents, and only them
    assert "Hajīn" in page.inner_text("#map-list ol")
    legend = page.inner_text("#map-legend")
    assert "Killed" in legend and "contested" in legend and "Grade" in legend
    csv = page.get_attribute("p.views a:text-is('csv')", "href") or ""
    assert parse_qs(urlsplit(csv).query)["place"] == ["Hajin"]
    started.shot(page, "map-filtered")

    # Without filters the view fits every incident that has a position, grouped with counts.
    page.goto(f"{url}/map")
    page.wait_for_selector("path.leaflet-interactive")
    assert _in_view(page) == len(placed)
    page.wait_for_selector(".cluster-count")
    counts = [int(t) for t in page.locator(".leaflet-marker-pane .cluster-count").all_inner_texts()]
    singles = page.locator("path.leaflet-interactive").count() - len(counts)
    assert counts and all(n > 1 for n in counts)
    assert sum(counts) + singles == len(placed)  # every incident in exactly one circle
    started.shot(page, "map-all")

    # The map's own filter form, then "open them in the list" keeps filters and the view.
    page.fill("form.filters input[name=place]", "Raqqah")
    page.click("form.filters button[type=submit]")
    page.wait_for_url(re.compile(r"place=Raqqah"))
    raqqa = [r for r in placed if "Raqqah" in (r["place"] or "")]
    assert _in_view(page) == len(raqqa) >= 1
    page.click("#map-list a:text-is('Open them in the list')")
    page.wait_for_url(re.compile(r"/incidents\?"))
    listed = parse_qs(urlsplit(page.url).query)
    assert listed["place"] == ["Raqqah"] and "bbox" in listed
    assert f"{len(raqqa)} found" in page.inner_text("h1")


def test_browser_filters_timeline_links_to_undated_incidents(
    server: tuple[str, str], page: Any
) -> None:
    url, db = server
    _log_in(page, url)
    with open_project(db=db) as project:
        syrian = [r for r in project.records("incidents") if r["country"] == "SY"]
    undated = [r for r in syrian if r["date"] is None]
    page.goto(f"{url}/incidents?country=SY")
    page.click("p.views a:text-is('Timeline')")
    page.wait_for_url(re.compile(r"/timeline\?country=SY"))
    started.shot(page, "timeline-filtered")
    link = page.locator("p.undated a")
    assert link.inner_text() == f"{len(undated)} undated incidents"
    link.click()
    page.wait_for_url(re.compile(r"/incidents\?"))
    assert parse_qs(urlsplit(page.url).query) == {"country": ["SY"], "dated": ["no"]}
    assert f"{len(undated)} found" in page.inner_text("h1")
    assert page.input_value("form.filters select[name=dated]") == "no"


@pytest.mark.parametrize("path", ["/map?grade=excellent", "/timeline?since=tomorrow"])
def test_browser_filters_bad_value_is_a_clear_error(
    server: tuple[str, str], page: Any, path: str
) -> None:
    # why: a mistyped filter must not show, or export, everything as if there were none
    url, _ = server
    response = page.goto(f"{url}{path}")
    assert response is not None and response.status == 422
    assert path.split("?")[1].split("=")[0] in page.inner_text("body")
