"""The API docs at /docs: Swagger UI from the app's own files, allowed by its CSP."""

from __future__ import annotations

import re
from typing import Any

from civharm import Project


def test_apidocs_page_runs_only_scripts_the_app_serves(web: tuple[Project, Any]) -> None:
    _, client = web
    page = client.get("/docs")
    assert page.status_code == 200
    csp = dict(d.strip().split(" ", 1) for d in page.headers["Content-Security-Policy"].split(";"))
    assert csp["script-src"] == "'self'"  # no inline script, nothing from elsewhere
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.text, re.S)
    sources = [re.search(r'src="([^"]+)"', attrs) for attrs, _ in scripts]
    assert scripts and all(body.strip() == "" for _, body in scripts)  # no inline script
    assert all(s is not None and s.group(1).startswith("/static/") for s in sources)
    for found in sources:
        assert found is not None
        served = client.get(found.group(1))  # same origin: what script-src 'self' allows
        assert served.status_code == 200, found.group(1)
        assert "javascript" in served.headers["content-type"]
    assert "SwaggerUIBundle" in client.get("/static/swagger-ui/swagger-ui-bundle.js").text
    styles = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert styles and all(client.get(s).status_code == 200 for s in styles)
    assert 'data-openapi="/openapi.json"' in page.text
    assert "cdn" not in page.text.lower()


def test_apidocs_old_address_redirects(web: tuple[Project, Any]) -> None:
    _, client = web
    moved = client.get("/api/docs", follow_redirects=False)
    assert moved.status_code == 308 and moved.headers["location"] == "/docs"


def test_apidocs_describe_the_upload_job_endpoint(web: tuple[Project, Any]) -> None:
    _, client = web
    assert "/api/v1/jobs/{job_id}" in client.get("/openapi.json").json()["paths"]
