"""The JSON API: shapes, filters, errors, and who may do what."""

from __future__ import annotations

import re
from typing import Any, get_args

import pytest

from civharm import Project
from civharm.review import GRADES, STATUSES
from civharm.web import api

from .conftest import finished_job


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """The API reads and writes through the store: its filters, sorts and pages are queries
    that each engine answers its own way."""
    return any_db_url


def bearer(project: Project, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {project.create_token(name)}"}


def test_api_incidents_list_is_paged_and_filtered(web: tuple[Project, Any]) -> None:
    project, client = web
    headers = bearer(project, "viewer")
    everything = client.get("/api/v1/incidents", headers=headers).json()
    assert everything["total"] == len(project.records("incidents")) > 5
    page = client.get("/api/v1/incidents?per_page=2&page=2", headers=headers).json()
    assert len(page["incidents"]) == 2
    syria = client.get("/api/v1/incidents?country=SY", headers=headers).json()
    assert syria["incidents"] and all(i["country"] == "SY" for i in syria["incidents"])
    found = client.get("/api/v1/incidents?q=hajin", headers=headers).json()
    assert any(i["place_mentioned"] == "Hajin" for i in found["incidents"])
    by_killed = client.get("/api/v1/incidents?sort=-killed", headers=headers).json()["incidents"]
    # by the lower bound (the upper where only that is known): "≥ 40" above "6"
    lows = [
        i["killed_min"] if i["killed_min"] is not None else i["killed_max"]
        for i in by_killed
        if i["killed_min"] is not None or i["killed_max"] is not None
    ]
    assert lows == sorted(lows, reverse=True)
    assert any(i["killed_max"] is None and i["killed_min"] for i in by_killed)  # open ranges


def test_api_incident_has_the_stable_fields(web: tuple[Project, Any]) -> None:
    project, client = web
    headers = bearer(project, "viewer")
    first = client.get("/api/v1/incidents", headers=headers).json()["incidents"][0]
    one = client.get(f"/api/v1/incidents/{first['id']}", headers=headers).json()
    for name in (
        "id",
        "status",
        "grade",
        "killed_min",
        "n_independent_sources",
        "sources",
        "review_log",
    ):
        assert name in one
    assert one["sources"][0]["doc_id"]


def test_api_documents_mentions_stories_and_map(web: tuple[Project, Any]) -> None:
    project, client = web
    headers = bearer(project, "viewer")
    docs = client.get("/api/v1/documents", headers=headers).json()
    sha = docs["documents"][0]["sha256"]
    doc = client.get(f"/api/v1/documents/{sha}", headers=headers).json()
    assert doc["text"] and doc["sha256"] == sha
    assert client.get("/api/v1/mentions", headers=headers).json()["total"] > 0
    assert client.get("/api/v1/stories", headers=headers).json()["stories"]
    cells = client.get("/api/v1/map?zoom=3", headers=headers).json()["cells"]
    assert sum(c["n"] for c in cells) >= 5


# (path, who, status, code, field): who asks is a role, None (nobody) or "bad" (a wrong token).
ERRORS = [
    ("/api/v1/nowhere", "viewer", 404, "E404", None),  # an unknown route: was {"detail": …}
    ("/api/v1/incidents/inc-nope", "viewer", 404, "E030", None),  # a library error's own code
    ("/api/v1/documents/0000", "viewer", 404, "E030", None),
    ("/api/v1/incidents?grade=excellent", "viewer", 422, "E422", "grade"),  # a bad enum value
    ("/api/v1/incidents?per_page=many", "viewer", 422, "E422", "per_page"),  # a bad int
    ("/api/v1/map?west=nan", "viewer", 422, "E422", "west"),  # not a number at all
    ("/api/v1/incidents?country=SYR", "viewer", 422, "E422", "country"),  # was a 500
    ("/api/v1/incidents", None, 401, "E401", None),  # nobody logged in
    ("/api/v1/incidents", "bad", 401, "E401", None),  # a token that is not one
    ("/api/v1/jobs/job-nope", "viewer", 403, "E403", None),  # a role without the right
]


# The shape is the same whatever raised the error: SQLite only, the store is hardly asked.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(("path", "who", "status", "code", "field"), ERRORS)
def test_api_every_error_has_the_one_shape(
    web: tuple[Project, Any],
    path: str,
    who: str | None,
    status: int,
    code: str,
    field: str | None,
) -> None:
    project, client = web
    headers = {"Authorization": "Bearer wrong"} if who == "bad" else {}
    if who not in (None, "bad"):
        headers = bearer(project, who)
    response = client.get(path, headers=headers)
    assert response.status_code == status, response.text[:300]
    error = response.json()["error"]
    assert error["code"] == code
    assert error.get("field") == field
    assert set(error) == ({"code", "message", "field"} if field else {"code", "message"})
    assert error["message"] and code not in error["message"]  # the code is said once


@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_api_unexpected_error_is_a_generic_500(
    web: tuple[Project, Any], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from fastapi.testclient import TestClient

    project, client = web

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(project.store, "list_incidents", broken)
    monkeypatch.setattr(project.store, "timeline", broken)
    # The server error middleware re-raises after answering; a real server logs it.
    quiet = TestClient(client.app, raise_server_exceptions=False)
    headers = bearer(project, "viewer")
    response = quiet.get("/api/v1/incidents", headers=headers)
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "E500" and set(error) == {"code", "message"}
    assert "secret-internal-detail" not in response.text
    assert response.headers["Content-Security-Policy"]  # outside the middleware, still safe
    page = quiet.get("/timeline", headers=headers)  # a page: HTML, and no traceback either
    assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
    assert "secret-internal-detail" not in page.text and "Traceback" not in page.text
    assert "secret-internal-detail" in caplog.text  # the operator hears of it


# Every list of the API: (path, the key of its records).
LISTS = [
    ("/api/v1/incidents", "incidents"),
    ("/api/v1/mentions", "mentions"),
    ("/api/v1/documents", "documents"),
    ("/api/v1/stories", "stories"),
]


def links(response: Any) -> dict[str, str]:
    """rel → URL from a `Link` header."""
    found = re.findall(r'<([^>]+)>; rel="(\w+)"', response.headers.get("link", ""))
    return {rel: url for url, rel in found}


@pytest.mark.parametrize(("path", "key"), LISTS)
def test_api_lists_share_one_paging_envelope(web: tuple[Project, Any], path: str, key: str) -> None:
    project, client = web
    headers = bearer(project, "viewer")
    first = client.get(f"{path}?per_page=2", headers=headers)
    body = first.json()
    assert set(body) == {"total", "page", "per_page", "next", "prev", key}
    assert (body["page"], body["per_page"], body["prev"]) == (1, 2, None)
    total = body["total"]
    last = -(-total // 2)
    assert total > 2 and set(links(first)) == {"next", "first", "last"}
    assert links(first)["next"] == body["next"] and "per_page=2" in body["next"]
    seen, response = [], first
    while True:  # following `next` walks every record once
        seen += response.json()[key]
        if response.json()["next"] is None:
            break
        response = client.get(response.json()["next"], headers=headers)
    assert len(seen) == total and response.json()["page"] == last
    assert set(links(response)) == {"prev", "first", "last"}
    assert links(response)["last"].endswith(f"page={last}")
    past = client.get(f"{path}?per_page=2&page={last + 5}", headers=headers)
    assert past.json()["prev"].endswith(f"page={last}")  # back to the last page with records


def test_api_links_keep_the_filters(web: tuple[Project, Any]) -> None:
    project, client = web
    response = client.get(
        "/api/v1/incidents?country=SY&sort=-killed&per_page=1", headers=bearer(project, "viewer")
    )
    for url in links(response).values():
        assert "country=SY" in url and "sort=-killed" in url and "per_page=1" in url


def test_api_mentions_filter_by_incident(web: tuple[Project, Any]) -> None:
    # why: `?incident=` was ignored and every mention came back (issue #11)
    project, client = web
    headers = bearer(project, "viewer")
    incident = project.records("incidents")[0]["id"]
    mine = [m for m in project.records("mentions") if m["incident_id"] == incident]
    response = client.get(f"/api/v1/mentions?incident={incident}&per_page=1", headers=headers)
    found = response.json()
    assert found["total"] == len(mine) > 0
    assert [m["incident_id"] for m in found["mentions"]] == [incident]
    assert all(f"incident={incident}" in url for url in links(response).values())
    none = client.get("/api/v1/mentions?incident=inc-nope", headers=headers).json()
    assert (none["total"], none["mentions"]) == (0, [])


def test_api_openapi_document_is_served(web: tuple[Project, Any]) -> None:
    _, client = web
    spec = client.get("/openapi.json").json()
    assert "/api/v1/incidents" in spec["paths"]


# Every role × action: what each may do (True) or is refused (False).
ACTIONS = ["read", "review", "ingest", "users"]
TABLE = {
    None: {"read": False, "review": False, "ingest": False, "users": False},
    "viewer": {"read": True, "review": False, "ingest": False, "users": False},
    "researcher": {"read": True, "review": True, "ingest": True, "users": False},
    "admin": {"read": True, "review": True, "ingest": True, "users": True},
}


# Who may do what is decided before the store is asked: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("role", list(TABLE))
@pytest.mark.parametrize("action", ACTIONS)
def test_api_role_table(web: tuple[Project, Any], role: str | None, action: str) -> None:
    project, client = web
    headers = bearer(project, role) if role else {}
    incident = project.records("incidents")[0]["id"]
    if action == "read":
        response = client.get("/api/v1/incidents", headers=headers)
    elif action == "review":
        response = client.post(
            f"/incidents/{incident}/review",
            headers=headers,
            data={"action": "note", "reason": "checked"},
            follow_redirects=False,
        )
    elif action == "users":
        response = client.post(
            "/users",
            headers=headers,
            data={"action": "add", "name": f"new-{role}", "role": "viewer"},
        )
    else:
        response = client.post(
            "/ingest",
            headers=headers,
            files={
                "files": (
                    "a.txt",
                    b"Title Line\n\nSource: X\nShelling killed 3 people in Hajin on Monday.\n",
                )
            },
            follow_redirects=False,
        )
    allowed = TABLE[role][action]
    assert (response.status_code < 400) == allowed, (role, action, response.status_code)
    if allowed and action == "ingest":
        job = finished_job(client, response, headers)
        assert job["summary"]["new_documents"] == 1  # the upload really was read
    if not allowed:
        assert response.status_code == (401 if role is None else 403)


def test_api_public_mode_shows_only_confirmed_incidents(db_url: str) -> None:
    from fastapi.testclient import TestClient

    from civharm import open_project
    from civharm.project import sample_files
    from civharm.web.app import create_app

    with open_project(db=db_url, public=True) as project:
        project.ingest(sample_files())
        chosen = project.records("incidents")[0]["id"]
        project.review("status", chosen, status="confirmed", reason="checked", user="ana")
        with TestClient(create_app(project)) as client:
            listed = client.get("/api/v1/incidents").json()["incidents"]
            assert [i["id"] for i in listed] == [chosen]
            other = project.records("incidents")[1]["id"]
            assert client.get(f"/api/v1/incidents/{other}").status_code == 404
            assert client.get("/api/v1/documents").status_code == 401


# Values are checked before the store is asked: SQLite only, to keep CI short.
@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "query", ["grade=excellent", "status=done", "victims=everyone", "sort=bogus", "sort=-size"]
)
def test_api_unknown_filter_or_sort_values_are_a_422(web: Any, query: str) -> None:
    # why: an unknown value used to give an empty or an unsorted list, as if it had worked
    project, client = web
    response = client.get(f"/api/v1/incidents?{query}", headers=bearer(project, "viewer"))
    assert response.status_code == 422
    assert response.json()["error"]["code"]


def test_api_vocabularies_are_the_review_ones() -> None:
    assert set(get_args(api.Grade)) == set(GRADES)
    assert set(get_args(api.Status)) == set(STATUSES)


@pytest.mark.parametrize("any_db_url", ["sqlite"], indirect=True)
def test_api_country_longer_than_a_code_is_no_server_error(web: tuple[Project, Any]) -> None:
    # why: found by the schemathesis run: `country=000` overflowed its column into a 500
    project, client = web
    headers = bearer(project, "viewer")
    assert client.get("/api/v1/incidents?country=000", headers=headers).status_code == 422
    # the pages read filters as the API does (issue #11): refused, never silently dropped
    assert client.get("/incidents?country=000", headers=headers).status_code == 422
    syria = client.get("/api/v1/incidents?country=sy", headers=headers).json()["incidents"]
    assert syria and all(i["country"] == "SY" for i in syria)
