"""Paging out of bounds is the client's mistake on every list route: a 4xx, never a 500.

One table lists every list route; each bad `page` or `per_page` is tried on each of them.
"""

from __future__ import annotations

from typing import Any

import pytest

from civharm import Project
from civharm.web.paging import MAX_PAGE

HUGE = 4611686018427387904  # 2**62: (page - 1) * per_page overflows SQLite's 64-bit OFFSET

# (path, takes_per_page, api): every route that pages a list.
LIST_ROUTES = [
    ("/api/v1/incidents", True, True),  # the filtered incident list
    ("/api/v1/mentions", True, True),
    ("/api/v1/documents", True, True),
    ("/api/v1/stories", True, True),
    ("/incidents", False, False),  # the page lists 50 at a time: no per_page
]

# (query, why)
BAD_PAGING = [
    (f"page={HUGE}", "the probe of issue #9: a plain-text 500 before"),
    (f"page={MAX_PAGE + 1}", "just past the bound"),
    ("page=-3", "pages count from 1"),
    ("page=two", "not a number"),
    (f"per_page={HUGE}", "a huge page size overflows the offset as well"),
    ("per_page=0", "an empty page would page forever"),
]


@pytest.fixture
def headers(web: tuple[Project, Any]) -> dict[str, str]:
    project, _ = web
    return {"Authorization": f"Bearer {project.create_token('viewer')}"}


# Every list route with every bad value it takes.
CASES = [
    (path, api, query, why)
    for path, takes_per_page, api in LIST_ROUTES
    for query, why in BAD_PAGING
    if takes_per_page or not query.startswith("per_page")
]


@pytest.mark.parametrize(("path", "api", "query", "why"), CASES)
def test_paging_out_of_bounds_is_a_clear_4xx(
    web: tuple[Project, Any], headers: dict[str, str], path: str, api: bool, query: str, why: str
) -> None:
    _, client = web
    response = client.get(f"{path}?{query}", headers=headers)
    assert response.status_code == 422, (why, response.text[:200])
    name = query.split("=")[0]
    if api:
        error = response.json()["error"]
        assert set(error) == {"code", "message", "field"}
        assert error["code"] == "E422"
        assert error["field"] == name and name in error["message"]
    else:
        assert response.headers["content-type"].startswith("text/html")
        assert "Error 422" in response.text and name in response.text


@pytest.mark.parametrize(("path", "takes_per_page", "api"), LIST_ROUTES)
def test_paging_last_allowed_page_is_empty_not_an_error(
    web: tuple[Project, Any], headers: dict[str, str], path: str, takes_per_page: bool, api: bool
) -> None:
    _, client = web
    size = "&per_page=500" if takes_per_page else ""
    response = client.get(f"{path}?page={MAX_PAGE}{size}", headers=headers)
    assert response.status_code == 200
