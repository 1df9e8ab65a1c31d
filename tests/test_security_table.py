"""Who may do what on every route of the web app (issue #9): one table, every cell tested.

`TABLE` gives, for one URL per route (a few routes have a second URL for a second rule),
the status a GET and a POST get from each identity: nobody, a viewer, a researcher, an
admin (all logged in by cookie session), and nobody in public mode. POSTs carry the
session's CSRF token, so a cell shows the authorization outcome; a separate test shows that
the same POSTs without the token, or with another session's, are refused. The routes are
read from the app itself, so a route missing from the table fails a test.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.routing import Mount

from civharm import Project, open_project
from civharm.web.app import create_app

from .conftest import CONFIRMED_REPORT, UNCONFIRMED_REPORT, finished_job
from .test_pages import login

IDENTITIES = ("anonymous", "viewer", "researcher", "admin", "public")
Row = tuple[int, int, int, int, int]  # one status per identity, in the order above

NO = (405, 405, 405, 405, 405)  # the route has no handler for this method
ANYONE = (200, 200, 200, 200, 200)
READERS = (401, 200, 200, 200, 200)  # logged in, or anybody in public mode
LOGGED_IN = (401, 200, 200, 200, 401)  # unreviewed claims: never public
INGESTERS_GET = (401, 403, 200, 200, 401)
INGESTERS_POST = (401, 403, 303, 303, 401)
ADMINS = (401, 403, 403, 200, 401)

# URL -> {method: statuses}. {placeholders} are filled in from the fixtures' data.
# fmt: off
TABLE: dict[str, dict[str, Row]] = {
    #                                              anonymous viewer researcher admin public
    "/":                                   {"GET": (303, 303, 303, 303, 303), "POST": NO},  # a redirect to /incidents
    "/login":                              {"GET": ANYONE, "POST": (401, 401, 401, 401, 401)},  # a wrong password
    "/logout":                             {"GET": NO, "POST": (303, 303, 303, 303, 303)},
    "/docs":                               {"GET": ANYONE, "POST": NO},
    "/api/docs":                           {"GET": (308, 308, 308, 308, 308), "POST": NO},
    "/openapi.json":                       {"GET": ANYONE, "POST": NO},
    "/incidents":                          {"GET": READERS, "POST": NO},
    "/incidents/{confirmed}":              {"GET": READERS, "POST": NO},
    "/incidents/{unconfirmed}":            {"GET": (401, 200, 200, 200, 404), "POST": NO},
    "/incidents/{confirmed}/review":       {"GET": NO, "POST": INGESTERS_POST},
    "/documents/{confirmed_doc}":          {"GET": LOGGED_IN, "POST": NO},
    "/documents/{confirmed_doc}/original": {"GET": LOGGED_IN, "POST": NO},
    "/documents/{confirmed_doc}/date":     {"GET": NO, "POST": INGESTERS_POST},
    "/map":                                {"GET": READERS, "POST": NO},
    "/timeline":                           {"GET": READERS, "POST": NO},
    "/export/incidents.jsonl":             {"GET": READERS, "POST": NO},
    "/export/mentions.csv":                {"GET": LOGGED_IN, "POST": NO},
    "/ingest":                             {"GET": INGESTERS_GET, "POST": INGESTERS_POST},
    "/jobs/{job}":                         {"GET": INGESTERS_GET, "POST": NO},
    "/users":                              {"GET": ADMINS, "POST": ADMINS},
    "/api/v1/incidents":                   {"GET": READERS, "POST": NO},
    "/api/v1/incidents/{confirmed}":       {"GET": READERS, "POST": NO},
    "/api/v1/incidents/{unconfirmed}":     {"GET": (401, 200, 200, 200, 404), "POST": NO},
    "/api/v1/mentions":                    {"GET": LOGGED_IN, "POST": NO},
    "/api/v1/documents":                   {"GET": LOGGED_IN, "POST": NO},
    "/api/v1/documents/{confirmed_doc}":   {"GET": LOGGED_IN, "POST": NO},
    "/api/v1/stories":                     {"GET": LOGGED_IN, "POST": NO},
    "/api/v1/map":                         {"GET": READERS, "POST": NO},
    "/api/v1/jobs/{job}":                  {"GET": INGESTERS_GET, "POST": NO},
}
# fmt: on

# Cells that show a hole today: (url, method, identity) -> why. None at present.
HOLES: dict[tuple[str, str, str], str] = {}

CELLS = [
    (url, method, who)
    for url, methods in TABLE.items()
    for method in ("GET", "POST")
    for who in IDENTITIES
]


def _cell(url: str, method: str, who: str) -> Any:
    hole = HOLES.get((url, method, who))
    marks = [pytest.mark.xfail(strict=True, reason=hole)] if hole else []
    return pytest.param(url, method, who, marks=marks, id=f"{method} {url} {who}")


def routes(found: Iterable[Any], prefix: str = "") -> Iterator[tuple[str, str]]:
    """(path, method) of every route of an app, inside included routers too.

    FastAPI 0.16x keeps an included router as one route holding the router; earlier
    versions copy its routes into the app. Static mounts serve files, never data.
    """
    for route in found:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from routes(inner.routes, prefix + route.include_context.prefix)
        elif not isinstance(route, Mount):
            for method in sorted(set(getattr(route, "methods", None) or ()) - {"HEAD"}):
                yield prefix + route.path, method


def _csrf(client: TestClient) -> str:
    """The CSRF token of the client's session, as a page's form carries it."""
    page = client.get("/login").text
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]


class Identities:
    """One client per identity, logged in once, and the ids its app's URLs are filled with."""

    def __init__(self, apps: dict[str, Any], ids: dict[str, dict[str, str]]) -> None:
        self.apps = apps  # "private" and "public"
        self.ids = ids  # per app
        self.clients = {who: self.fresh(who) for who in IDENTITIES}

    def app_of(self, who: str) -> str:
        return "public" if who == "public" else "private"

    def fresh(self, who: str) -> tuple[TestClient, str]:
        """A new client for `who`, logged in when `who` is a role, and its CSRF token."""
        client = TestClient(self.apps[self.app_of(who)])
        if who in ("anonymous", "public"):
            return client, _csrf(client)
        return client, login(client, who)


@pytest.fixture(scope="module")
def private_web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Project, Any]]:
    """The web app, not public, over one confirmed and one unconfirmed incident, with a
    user per role (password `<role>-secret`)."""
    folder = tmp_path_factory.mktemp("private")
    (folder / "mosul.txt").write_text(CONFIRMED_REPORT, encoding="utf-8")
    (folder / "hajin.txt").write_text(UNCONFIRMED_REPORT, encoding="utf-8")
    with open_project(db=f"sqlite:///{folder / 'private.db'}", user="tester") as project:
        project.ingest([folder / "mosul.txt", folder / "hajin.txt"])
        for role in ("viewer", "researcher", "admin"):
            project.add_user(role, role=role, password=f"{role}-secret")
        with TestClient(create_app(project)) as client:
            yield project, client


@pytest.fixture(scope="module")
def identities(
    private_web: tuple[Project, Any], public_web: tuple[Project, Any, dict[str, str]]
) -> Identities:
    """Both apps with their ids, and an upload job of the researcher's in the private one."""
    project, private = private_web
    _, public, public_ids = public_web
    by_place = {r["place_mentioned"]: r for r in project.records("incidents")}
    docs = {r["doc_id"]: r["sha256"] for r in project.records("documents")}
    ids = {
        "confirmed": by_place["Mosul"]["id"],
        "unconfirmed": by_place["Hajin"]["id"],
        "confirmed_doc": docs["mosul.txt"],
    }
    # A review note needs an incident past "machine": confirm one, as public_web does.
    project.review("status", ids["confirmed"], status="confirmed", reason="set up", user="ana")
    made = Identities(
        {"private": private.app, "public": public.app},
        {"private": ids, "public": {**public_ids, "job": "job-of-nobody"}},
    )
    client, csrf = made.clients["researcher"]
    upload = client.post(
        "/ingest",
        data={"csrf": csrf},
        files=[("files", ("again.txt", CONFIRMED_REPORT.encode()))],
        follow_redirects=False,
    )
    ids["job"] = finished_job(client, upload)["id"]
    return made


def _post_body(url: str, who: str, csrf: str | None) -> dict[str, Any]:
    """A form each route accepts from one allowed to send it, with harmless effects."""
    data: dict[str, Any] = {} if csrf is None else {"csrf": csrf}
    files = None
    if url.endswith("/review"):
        data |= {"action": "note", "reason": f"security table ({who})"}
    elif url.endswith("/date"):  # the date the report itself gives: nothing moves
        data |= {"published": "2017-06-17", "reason": f"security table ({who})"}
    elif url == "/ingest":
        files = [("files", ("again.txt", CONFIRMED_REPORT.encode()))]  # already stored
    elif url == "/users":
        data |= {
            "action": "add",
            "name": f"made-by-{who}",
            "role": "viewer",
            "password": "a-long-secret-1",
        }
    elif url == "/login":
        data |= {"name": "nobody", "password": "wrong-password"}
    return {"data": data, "files": files}


def _request(identities: Identities, url: str, method: str, who: str, token: str) -> Any:
    """One request as `who`; a POST's CSRF `token` is "valid", "missing" or "wrong"."""
    # Logging out ends the session: that cell gets a session of its own.
    client, csrf = identities.fresh(who) if url == "/logout" else identities.clients[who]
    asked = url.format(**identities.ids[identities.app_of(who)])
    if method == "GET":
        return client.get(asked, follow_redirects=False)
    sent = {
        "valid": csrf,
        "missing": None,
        "wrong": _csrf(TestClient(identities.apps[identities.app_of(who)])),
    }[token]
    return client.post(asked, follow_redirects=False, **_post_body(url, who, sent))


@pytest.mark.parametrize(("url", "method", "who"), [_cell(*cell) for cell in CELLS])
def test_security_table_cell(identities: Identities, url: str, method: str, who: str) -> None:
    expected = TABLE[url][method][IDENTITIES.index(who)]
    response = _request(identities, url, method, who, "valid")
    assert response.status_code == expected, response.text[:300]


def _allowed_posts() -> list[Any]:
    """The POST cells that a valid token lets through (below 400): each needs the token."""
    return [
        pytest.param(url, who, token, id=f"{url} {who} {token} token")
        for url, methods in TABLE.items()
        for who, status in zip(IDENTITIES, methods["POST"], strict=True)
        if status < 400
        for token in ("missing", "wrong")
    ]


@pytest.mark.parametrize(("url", "who", "token"), _allowed_posts())
def test_security_table_post_without_csrf_is_refused(
    identities: Identities, url: str, who: str, token: str
) -> None:
    # Why: a browser sends the session cookie with any site's form; only the token shows
    # the form is ours, and a token of another session proves nothing.
    response = _request(identities, url, "POST", who, token)
    assert response.status_code == 403, response.text[:300]
    assert "CSRF" in response.text


def test_security_table_covers_every_route(identities: Identities) -> None:
    # Why: a route added without a row would go untested: the routes come from the app.
    for name, app in identities.apps.items():
        found = set(routes(app.routes))
        # The walk itself must see inside included routers, and every API path.
        assert {("/api/v1/incidents", "GET"), ("/users", "POST")} <= found, name
        assert set(app.openapi()["paths"]) <= {path for path, _ in found}, name
        urls = [url.format(**identities.ids[name]) for url in TABLE]
        missing = [
            f"{method} {path}"
            for path, method in sorted(found)
            if method not in ("GET", "POST") or not any(_answers(path, url) for url in urls)
        ]
        assert missing == [], f"routes of the {name} app not in TABLE (or not GET/POST)"


def _answers(path: str, url: str) -> bool:
    """Whether the route at `path` (with `{parameters}`) is the one that answers `url`."""
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path))
    return re.fullmatch(pattern, url) is not None
