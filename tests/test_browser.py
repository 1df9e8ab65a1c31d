"""Browser tests: Playwright drives Debian's Chromium against a real `civharm serve`.

They log in, filter, open an incident, edit a figure, merge two incidents and read the
review log, and save a screenshot of every page under tests/artifacts/ to look at.
They need /usr/bin/chromium (scripts/install-browser.sh installs it; the README's test
command runs that script) and skip, saying so, where it is absent.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from civharm import open_project
from civharm.project import sample_files

ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (scripts/install-browser.sh)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(db: str) -> Iterator[str]:
    """`civharm serve` over `db` on a free port (map tiles off: no network), until the
    block ends; its URL once it answers."""
    port = free_port()
    command = [sys.executable, "-m", "civharm", "serve", "--db", db, "--port", str(port)]
    process = subprocess.Popen(
        [*command, "-s", "map_tiles="], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/login", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.2)
        else:
            pytest.fail("civharm serve did not answer within 30 s")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`civharm serve` on a free port over the sample data, with a researcher; always stopped."""
    folder = tmp_path_factory.mktemp("serve")
    db = f"sqlite:///{folder / 'web.db'}"
    with open_project(db=db) as project:
        project.ingest(sample_files())
        project.add_user("ana", role="researcher", password="a long passphrase")
    with serving(db) as url:
        yield url, db


@pytest.fixture(scope="module")
def page(server: tuple[str, str]) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_review_session(server: tuple[str, str], page: Any) -> None:
    url, db = server
    page.goto(f"{url}/login")
    shot(page, "login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", "a long passphrase")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/incidents")
    shot(page, "incidents")

    page.fill("input[name=place]", "Hajin")
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() >= 1
    assert "Hajīn" in rows.first.inner_text()  # the gazetteer spelling of the place filtered for
    shot(page, "incidents-filtered")

    rows.first.locator("a").first.click()
    page.wait_for_load_state()
    incident_url = page.url
    shot(page, "incident")
    page.fill("#edit-form input[name=killed_min]", "13")
    page.fill("#edit-form input[name=reason]", "hospital list checked")
    page.click("#edit-form button[type=submit]")
    page.wait_for_load_state()
    assert "hospital list checked" in page.inner_text("table.log")
    assert "≥ 13" in page.inner_text("table.fields") or "13" in page.inner_text("table.fields")

    with open_project(db=db) as project:
        ids = [r["id"] for r in project.records("incidents")]
    current = incident_url.rsplit("/", 1)[1]
    other = next(i for i in ids if i != current)
    page.goto(f"{url}/incidents/{other}")
    page.fill("#merge-form input[name=into]", current)
    page.fill("#merge-form input[name=reason]", "same strike, two spellings")
    page.click("#merge-form button[type=submit]")
    page.wait_for_url(f"{url}/incidents/{current}")
    log = page.inner_text("table.log")
    assert "merge" in log and "same strike, two spellings" in log
    shot(page, "incident-merged")

    with open_project(db=db) as project:
        assert other not in {r["id"] for r in project.records("incidents")}
        document = project.records("documents")[0]["sha256"]
    for path, name in (
        (f"/documents/{document}", "document"),
        ("/map", "map"),
        ("/timeline", "timeline"),
        ("/ingest", "ingest"),
    ):
        page.goto(f"{url}{path}")
        page.wait_for_load_state("networkidle")
        shot(page, name)
    upload = Path(db.removeprefix("sqlite:///")).with_name("upload.txt")
    upload.write_text(
        "Late Report From Raqqa\n\nSource: Some Wire\n"
        "Shelling killed 3 people in Raqqa on Monday, residents said.\n"
    )
    page.goto(f"{url}/ingest")
    page.set_input_files("input[name=files]", str(upload))
    page.click("form[action='/ingest'] button[type=submit]")
    page.wait_for_url(f"{url}/jobs/*")  # the upload's job page, which reloads until done
    page.wait_for_selector("text=new document", timeout=30_000)
    assert "1 new document," in page.inner_text("main")
    assert "upload.txt" in page.inner_text("table.job-files")
    shot(page, "ingest-result")

    page.goto(f"{url}/map")
    page.wait_for_selector("path.leaflet-interactive", timeout=10_000)
    assert page.locator("path.leaflet-interactive").count() >= 1  # points without any tiles


def test_browser_api_docs_render_under_the_csp(server: tuple[str, str], page: Any) -> None:
    # Swagger UI from the app's own files, started by a script file: the CSP blocks nothing.
    url, _ = server
    blocked: list[str] = []

    def watch(message: Any) -> None:
        if "Content Security Policy" in message.text:
            blocked.append(message.text)

    page.on("console", watch)
    page.goto(f"{url}/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=15_000)
    assert "/api/v1/incidents" in page.inner_text("#swagger-ui")
    page.remove_listener("console", watch)
    assert blocked == []
    shot(page, "api-docs")
