"""The JSON API: shapes, filters, errors, and who may do what."""

from __future__ import annotations

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


def test_api_errors_have_one_shape(web: tuple[Project, Any]) -> None:
    project, client = web
    headers = bearer(project, "viewer")
    missing = client.get("/api/v1/incidents/inc-nope", headers=headers)
    assert missing.status_code == 404
    assert set(missing.json()["error"]) == {"code", "message"}
    assert (
        client.get("/api/v1/incidents", headers={"Authorization": "Bearer wrong"}).status_code
        == 401
    )


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
