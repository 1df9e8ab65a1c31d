"""The review pages: logins, CSRF, review forms, and untrusted text shown inert."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest

from civharm import Project

from .conftest import finished_job


def login(client: Any, name: str) -> str:
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post(
        "/login",
        data={"name": name, "password": f"{name}-secret", "csrf": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    # The session (and its CSRF token) is new after logging in: read it from a page.
    after = client.get("/incidents").text
    return re.search(r'name="csrf" value="([^"]+)"', after).group(1)  # type: ignore[union-attr]


def test_pages_need_a_login(web: tuple[Project, Any]) -> None:
    _, client = web
    assert client.get("/incidents").status_code == 401
    assert "Log in" in client.get("/incidents").text


def test_pages_wrong_password_is_refused(web: tuple[Project, Any]) -> None:
    _, client = web
    page = client.get("/login").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    response = client.post("/login", data={"name": "viewer", "password": "nope", "csrf": csrf})
    assert response.status_code == 401


def test_pages_every_page_renders_for_a_researcher(web: tuple[Project, Any]) -> None:
    project, client = web
    login(client, "researcher")
    incident = project.records("incidents")[0]
    document = project.records("documents")[0]
    for path in (
        "/incidents",
        "/incidents?sort=-killed&q=hajin",
        f"/incidents/{incident['id']}",
        f"/documents/{document['sha256']}",
        "/map",
        "/timeline?period=week",
        "/ingest",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Content-Security-Policy" in response.headers
    original = client.get(f"/documents/{document['sha256']}/original")
    assert original.content == project.original(document["sha256"])
    assert original.headers["X-Content-SHA256"] == document["sha256"]
    for fmt in ("jsonl", "csv", "geojson", "parquet"):
        assert client.get(f"/export/incidents.{fmt}").status_code == 200


def test_pages_review_form_edits_and_logs(web: tuple[Project, Any]) -> None:
    project, client = web
    csrf = login(client, "researcher")
    incident = project.records("incidents")[0]["id"]
    response = client.post(
        f"/incidents/{incident}/review",
        data={"csrf": csrf, "action": "edit", "killed_min": "7", "reason": "hospital list"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = client.get(f"/incidents/{incident}").text
    assert "hospital list" in page
    assert next(r for r in project.records("incidents") if r["id"] == incident)["killed_min"] == 7


def test_pages_forms_need_the_csrf_token(web: tuple[Project, Any]) -> None:
    project, client = web
    login(client, "researcher")
    incident = project.records("incidents")[0]["id"]
    response = client.post(
        f"/incidents/{incident}/review", data={"action": "note", "reason": "x", "csrf": "forged"}
    )
    assert response.status_code == 403
    assert project.store.review_log() == []


def test_pages_admin_adds_a_user_and_a_token(web: tuple[Project, Any]) -> None:
    project, client = web
    csrf = login(client, "admin")
    client.post(
        "/users", data={"csrf": csrf, "action": "add", "name": "omar", "role": "researcher"}
    )
    page = client.post("/users", data={"csrf": csrf, "action": "token", "name": "omar"}).text
    token = re.search(r"<code>(civ_[^<]+)</code>", page).group(1)  # type: ignore[union-attr]
    assert project.user_for_token(token)["role"] == "researcher"  # type: ignore[index]


def test_pages_viewer_sees_no_review_forms(web: tuple[Project, Any]) -> None:
    project, client = web
    login(client, "viewer")
    incident = project.records("incidents")[0]["id"]
    assert 'id="edit-form"' not in client.get(f"/incidents/{incident}").text


def test_pages_untrusted_text_is_inert(web: tuple[Project, Any], tmp_path: Path) -> None:
    project, client = web
    hostile = tmp_path / "hostile.html"
    hostile.write_text(
        "<html><head><title>Strike <script>alert(1)</script></title></head><body><article>"
        "<h1>Strike on Hajin</h1>"
        + "<p>Residents described the scene in the market after the strike at length.</p>"
        * 6
        + "<p>Shelling killed 4 civilians in Hajin on Monday, "
        '<img src=x onerror=alert(2)> residents said <a href="javascript:alert(3)">here</a>. '
        "&lt;script&gt;alert(4)&lt;/script&gt;</p></article></body></html>"
    )
    report = project.ingest([hostile])
    assert report.errors == ()
    login(client, "researcher")
    document = next(d for d in project.records("documents") if d["doc_id"] == "hostile.html")
    incident = next(
        i
        for i in project.records("incidents")
        if any(s["doc_id"] == "hostile.html" for s in i["sources"])
    )
    for path in (f"/documents/{document['sha256']}", f"/incidents/{incident['id']}", "/incidents"):
        html = client.get(path).text
        assert "<script>alert" not in html
        assert "onerror=alert" not in html.replace("onerror=alert(2)&gt;", "")
        assert 'href="javascript:' not in html


# (damage, why): a preserved original that no longer matches its hash is never served.
DAMAGE = [
    ("forged", "the probe of issue #9: served with 200 under the original's hash"),
    ("lost", "a missing file is damage too, not an unknown document"),
]


@pytest.mark.parametrize(("damage", "why"), DAMAGE)
def test_pages_damaged_original_is_refused_and_logged(
    web: tuple[Project, Any], caplog: pytest.LogCaptureFixture, damage: str, why: str
) -> None:
    project, client = web
    login(client, "viewer")
    sha = project.records("documents")[0]["sha256"]
    stored = project.evidence.path(sha)
    forged = b"FORGED " * 10
    if damage == "lost":
        stored.unlink()
    else:
        stored.chmod(0o644)
        stored.write_bytes(forged)
    with caplog.at_level("ERROR", logger="civharm"):
        response = client.get(f"/documents/{sha}/original")
    assert response.status_code == 500, why
    assert response.headers["content-type"].startswith("text/html")
    assert "X-Content-SHA256" not in response.headers
    assert forged not in response.content
    assert "E050" in response.text
    assert ("missing" if damage == "lost" else "changed") in response.text
    assert "ingest the original file again" in response.text
    assert sha in caplog.text


def test_pages_upload_custody_names_the_user_and_the_file(web: tuple[Project, Any]) -> None:
    import sqlalchemy as sa

    from civharm.store import tables as t

    project, client = web
    csrf = login(client, "researcher")
    body = b"Shelling Of Hajin\n\nSource: Wire\nShelling killed 3 people in Hajin on Monday.\n"
    response = client.post(
        "/ingest",
        data={"csrf": csrf},
        files=[
            ("files", ("field-report.txt", body)),
            ("files", ("empty.txt", b"")),  # its error line names the file, not a temp path
        ],
        follow_redirects=False,
    )
    job = finished_job(client, response)
    page = client.get(response.headers["location"]).text
    assert job["state"] == "done" and "1 new document," in page
    assert "empty.txt" in page and "/tmp" not in page and "civharm-upload-" not in page
    with project.store.engine.connect() as conn:
        custody = conn.execute(sa.select(t.custody).order_by(t.custody.c.id.desc())).first()
        origin = conn.execute(
            sa.select(t.documents.c.origin).where(t.documents.c.doc_id == "field-report.txt")
        ).scalar_one()
    assert custody is not None
    assert (custody.user, custody.origin) == ("researcher", "upload:field-report.txt")
    assert origin == "upload:field-report.txt"


@pytest.mark.parametrize(
    ("base_url", "always", "secure"),
    [
        ("http://testserver", False, False),  # a laptop's plain-http serve must keep logins
        ("https://testserver", False, True),  # https (or a trusted proxy's forwarded https)
        ("http://testserver", True, True),  # an https proxy the server cannot tell about
    ],
)
def test_pages_session_cookie_is_secure_behind_https(
    db_url: str, base_url: str, always: bool, secure: bool
) -> None:
    from fastapi.testclient import TestClient

    from civharm import open_project
    from civharm.web.app import create_app

    with open_project(db=db_url, secure_cookies=always) as project:
        project.add_user("researcher", role="researcher", password="researcher-secret")
        with TestClient(create_app(project), base_url=base_url) as client:
            cookie = client.get("/login").headers["set-cookie"].lower()
            assert ("; secure" in cookie) == secure, cookie
            assert "httponly" in cookie and "samesite=strict" in cookie
            if base_url.startswith("https"):
                login(client, "researcher")  # the Secure cookie comes back over https
                assert client.get("/ingest").status_code == 200


def test_pages_list_shows_a_combined_figure_when_only_that_is_known(
    web: tuple[Project, Any], tmp_path: Path
) -> None:
    # why: "more than 70 killed and injured" showed "–" under both Killed and Injured
    project, client = web
    report = tmp_path / "combined.txt"
    report.write_text(
        "Shelling on Hajin\n\nMore than 70 civilians were killed and injured when shells hit "
        "the market in Hajin on Monday, residents said. The shelling lasted for an hour and "
        "destroyed several shops, they said.\n",
        encoding="utf-8",
    )
    project.ingest([report], published=dt.date(2018, 11, 13))
    login(client, "researcher")
    html = client.get("/incidents?q=hajin&per_page=50").text
    assert re.search(r"71[^<]*<small[^>]*>k\+i</small>", html)
