"""Browser checks of issue #11's small things: the styled error page, the filter box that
fits its placeholder, the sources tooltip, review controls of one size, the ingest form
and its result's links, and place names. Screenshots go to tests/artifacts/polish-*.png.

The server and the browser are test_browser.py's fixtures: a `civharm serve` over the
sample data, with the researcher ana.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from .test_browser import CHROMIUM, page, server, shot

__all__ = ["page", "server"]  # fixtures, used by name

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/install-browser.sh)"
)

# Whether a text input is wide enough to show its whole placeholder.
FITS_PLACEHOLDER = """e => {
  const style = getComputedStyle(e);
  const ruler = document.createElement("canvas").getContext("2d");
  ruler.font = style.font;
  const room = e.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return ruler.measureText(e.placeholder).width <= room;
}"""


def log_in(page: Any, url: str) -> None:
    """Log ana in, unless an earlier test of the module (one browser page) already did."""
    page.goto(f"{url}/incidents")
    if page.locator("header nav .who").count():
        return
    page.goto(f"{url}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", "a long passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/incidents")


def test_browser_polish_pages(server: tuple[str, str], page: Any) -> None:
    url, _ = server
    log_in(page, url)

    assert page.eval_on_selector("form.filters input[name=country]", FITS_PLACEHOLDER)
    header = page.locator("table.incidents thead th", has_text="Sources")
    assert "reports / independent sources" in (header.locator("[title]").get_attribute("title"))
    hajin = page.locator("table.incidents tbody tr", has_text="Hajīn").first
    assert "(Hajin)" in hajin.inner_text()  # the gazetteer's name, then the name as written
    shot(page, "polish-incidents")

    response = page.goto(f"{url}/no-such-page")
    assert response is not None and response.status == 404
    assert page.locator("header nav a", has_text="Incidents").is_visible()
    assert "there is no page at /no-such-page" in page.inner_text("main")
    shot(page, "polish-404")

    hajin_link = f"{url}/incidents?place=Hajin"
    page.goto(hajin_link)
    page.locator("table.incidents tbody tr a").first.click()
    page.wait_for_load_state()
    assert "(Hajin)" in page.inner_text("h1")
    heights = {
        round(page.locator(f"#grade-form {selector}").first.bounding_box()["height"])
        for selector in ("select", "input[name=reason]", "button")
    }
    assert max(heights) - min(heights) <= 2, heights  # one size for the review controls
    page.locator("div.review").scroll_into_view_if_needed()
    shot(page, "polish-incident")


def test_browser_polish_ingest(server: tuple[str, str], page: Any) -> None:
    url, db = server
    log_in(page, url)
    page.goto(f"{url}/ingest")
    form = page.inner_text("form[action='/ingest']")
    assert ".warc.gz" in form and ".pdf" in form and "50 MB" in form
    shot(page, "polish-ingest")

    upload = Path(db.removeprefix("sqlite:///")).with_name("polish-upload.txt")
    upload.write_text(
        "Night Shelling In Raqqa\n\n"
        "Shelling killed 4 people in Raqqa on Monday night, residents said.\n"
    )
    page.set_input_files("input[name=files]", str(upload))
    page.fill("input[name=outlet]", "Euphrates Wire")
    page.fill("input[name=published]", "2019-03-14")
    page.click("form[action='/ingest'] button[type=submit]")
    page.wait_for_url(f"{url}/jobs/*")
    page.wait_for_selector(".job-state[data-state=done]", timeout=30_000)
    main = page.inner_text("main")
    assert "1 new document, 1 article" in main
    document = page.locator("ul.new-documents a[href^='/documents/']").first
    incident = page.locator("ul.new-documents a[href^='/incidents/']").first
    assert incident.count() == 1
    shot(page, "polish-ingest-result")

    document.click()
    page.wait_for_load_state()
    articles = page.inner_text("table.articles")
    assert "Euphrates Wire" in articles and "2019-03-14" in articles


def test_browser_polish_map_names_places(server: tuple[str, str], page: Any) -> None:
    url, _ = server
    log_in(page, url)
    page.goto(f"{url}/map?place=Hajin")
    page.wait_for_selector("#map-list li a", timeout=10_000)
    assert "Hajīn (Hajin)" in page.inner_text("#map-list")  # the list beside the map
    page.locator("path.leaflet-interactive").first.click()
    popup = page.locator(".leaflet-popup-content strong")
    popup.filter(has_text="Hajīn").wait_for(timeout=10_000)
    assert "Hajīn (Hajin)" in popup.inner_text()
    shot(page, "polish-map")
