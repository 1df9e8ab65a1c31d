"""Public mode: anonymous readers see confirmed incidents and nothing else, on every route.

One table lists every route that serves data with what an anonymous reader gets; a test
checks that no route of the app is missing from it, so a new route cannot leak quietly.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from starlette.routing import compile_path

from civharm import Project

from .test_security_table import routes

Web = tuple[Project, Any, dict[str, str]]

# (path, status, shown): `shown` must be in the answer; the unconfirmed incident never is.
ROUTES = [
    ("/", 200, "{confirmed}"),  # redirects to the incident list
    ("/incidents", 200, "{confirmed}"),  # the list holds the confirmed incident only
    ("/incidents?status=machine", 200, None),  # asking for another status changes nothing
    ("/incidents?q=airstrike", 200, None),  # nor does searching for the other's words
    ("/incidents/{confirmed}", 200, "Eight civilians"),  # its sources are quoted
    ("/incidents/{unconfirmed}", 404, None),  # as if it did not exist
    ("/map", 200, None),  # the page; its points come from /api/v1/map
    ("/timeline", 200, "2017-06"),  # counts of confirmed incidents only
    ("/timeline?period=week&status=machine", 200, None),  # the status filter is overridden
    ("/documents/{confirmed_doc}", 401, None),  # documents hold unreviewed claims
    ("/documents/{unconfirmed_doc}", 401, None),
    ("/documents/{unconfirmed_doc}/original", 401, None),  # so do their preserved bytes
    ("/export/incidents.jsonl", 200, "{confirmed}"),  # the leak of issue #9
    ("/export/incidents.csv", 200, "{confirmed}"),
    ("/export/incidents.geojson", 200, "{confirmed}"),
    ("/export/incidents.parquet", 200, "{confirmed}"),
    ("/export/mentions.jsonl", 401, None),  # every other export needs a login
    ("/export/aggregates.csv", 401, None),
    ("/export/articles.jsonl", 401, None),
    ("/export/documents.geojson", 401, None),
    ("/api/v1/incidents", 200, "{confirmed}"),
    ("/api/v1/incidents?status=machine", 200, None),
    ("/api/v1/incidents?q=airstrike", 200, None),
    ("/api/v1/incidents/{confirmed}", 200, "{confirmed}"),  # without the review log
    ("/api/v1/incidents/{unconfirmed}", 404, None),
    ("/api/v1/map", 200, "{confirmed}"),  # cells name an incident of theirs
    ("/api/v1/map?status=machine&zoom=12", 200, None),
    ("/api/v1/mentions", 401, None),
    ("/api/v1/documents", 401, None),
    ("/api/v1/documents/{confirmed_doc}", 401, None),
    ("/api/v1/documents/{unconfirmed_doc}", 401, None),
    ("/api/v1/stories", 401, None),
    ("/ingest", 401, None),  # not a reader's page at all
    ("/users", 401, None),
    ("/login", 200, None),  # no data, but a route all the same
    ("/openapi.json", 200, None),
    ("/docs", 200, None),  # the API's docs: no data, its OpenAPI document has none either
    ("/api/docs", 200, None),  # redirects to /docs (the client follows)
    ("/jobs/job-nope", 401, None),  # upload jobs are an ingester's
    ("/api/v1/jobs/job-nope", 401, None),
]


def traces(ids: dict[str, str]) -> list[str]:
    """What would betray the unconfirmed incident: its id, place, quote, month, document."""
    return [ids["unconfirmed"], ids["unconfirmed_doc"], "Hajin", "Twelve civilians", "2018-12"]


def text_of(response: Any) -> str:
    """The answer as text; a Parquet file is read back into its records."""
    if response.headers.get("content-type") == "application/octet-stream":
        import pyarrow.parquet as pq

        return json.dumps(pq.read_table(io.BytesIO(response.content)).to_pylist(), default=str)
    return str(response.text)


@pytest.mark.parametrize(("path", "status", "shown"), ROUTES)
def test_public_mode_route_shows_confirmed_incidents_only(
    public_web: Web, path: str, status: int, shown: str | None
) -> None:
    _, client, ids = public_web
    asked = path.format(**ids)
    response = client.get(asked)
    assert response.status_code == status, response.text[:300]
    body = text_of(response)
    for trace in traces(ids):
        # A "no incident X" answer may repeat the id that was asked for, nothing more.
        assert trace not in body.replace(asked.rsplit("/", 1)[-1], ""), (path, trace)
    if shown is not None:
        assert shown.format(**ids) in body


def test_public_mode_table_covers_every_route(public_web: Web) -> None:
    # Why: the routes of included routers too (FastAPI 0.16x keeps each as one route).
    _, client, ids = public_web
    paths = [path.format(**ids).split("?")[0] for path, _, _ in ROUTES]
    served = [route for route, method in routes(client.app.routes) if method == "GET"]
    assert {"/api/v1/incidents", "/incidents"} <= set(served)  # not only the app's own
    missing = [r for r in served if not any(compile_path(r)[0].match(p) for p in paths)]
    assert missing == []


def test_public_mode_logged_in_readers_still_see_everything(public_web: Web) -> None:
    # Why: the traces above are really served to readers who log in, so the table's
    # absences are not vacuous.
    project, client, ids = public_web
    headers = {"Authorization": f"Bearer {project.create_token('viewer')}"}
    exported = client.get("/export/incidents.jsonl", headers=headers).text
    assert ids["unconfirmed"] in exported and "Twelve civilians" in exported
    log = client.get(f"/api/v1/incidents/{ids['confirmed']}", headers=headers).json()
    assert ids["unconfirmed"] in json.dumps(log["review_log"])
    timeline = client.get("/timeline", headers=headers).text
    assert "2018-12" in timeline
