"""Issue #11: one set of filters for the list, the map, the timeline, the exports, the JSON
API and the CLI, and links between the pages that keep them."""

from __future__ import annotations

import csv
import datetime as dt
import html
import inspect
import io
import json
import re
import time
from typing import Any, get_args
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from civharm import Project
from civharm.cli import app
from civharm.filters import FILTERS, VICTIMS, filter_query, parse_filters
from civharm.store.search import IncidentFilters
from civharm.web import api

Web = tuple[Project, Any]


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Filters are queries that each engine answers its own way: both are asked."""
    return any_db_url


def _viewer(project: Project) -> dict[str, str]:
    return {"Authorization": f"Bearer {project.create_token('viewer')}"}


def _listed(client: Any, headers: dict[str, str], query: str) -> set[str]:
    found = client.get(f"/api/v1/incidents?{query}&per_page=500", headers=headers).json()
    return {i["id"] for i in found["incidents"]}


def _exported(client: Any, headers: dict[str, str], query: str, fmt: str = "jsonl") -> set[str]:
    response = client.get(f"/export/incidents.{fmt}?{query}", headers=headers)
    assert response.status_code == 200, response.text
    if fmt == "csv":
        return {row["id"] for row in csv.DictReader(io.StringIO(response.text))}
    if fmt == "geojson":
        return {f["properties"]["id"] for f in response.json()["features"]}
    return {json.loads(line)["id"] for line in response.text.splitlines()}


def _views(page: str) -> dict[str, dict[str, list[str]]]:
    """The links of a page's "List · Map · Timeline · Export" line, by path: their queries."""
    found = re.search(r'<p class="views">(.*?)</p>', page, re.S)
    assert found, "no views line"
    links = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', found.group(1))]
    return {urlsplit(link).path: parse_qs(urlsplit(link).query) for link in links}


# (query, why): each export must hold exactly what the list shows for the same query.
EXPORTED = [
    ("place=Hajin", "the issue's example; the place is found whatever its diacritics"),
    ("place=Hajin&grade=contested", "two filters at once, as in the issue"),
    ("country=IQ&dated=yes", "a country, dated incidents only"),
    ("grade=weak&dated=no", "the undated incidents the timeline links to"),
]


@pytest.mark.parametrize(("query", "why"), EXPORTED)
def test_filters_export_holds_what_the_list_shows(web: Web, query: str, why: str) -> None:
    project, client = web
    headers = _viewer(project)
    everything = {r["id"] for r in project.records("incidents")}
    listed = _listed(client, headers, query)
    assert listed and listed < everything, why  # the filter narrows, to something
    for fmt in ("jsonl", "csv", "geojson"):
        assert _exported(client, headers, query, fmt) == listed, fmt


def test_filters_export_of_one_place_has_that_place_only(web: Web) -> None:
    project, client = web
    rows = client.get("/export/incidents.jsonl?place=Hajin", headers=_viewer(project)).text
    places = {json.loads(line)["place"] for line in rows.splitlines()}
    assert places == {"Hajīn"}


# (path, field, why): a value a filter cannot take is refused, naming the parameter.
REFUSED = [
    ("/export/incidents.csv?grade=excellent", "grade", "an export that ignored it leaked all"),
    ("/incidents?status=published", "status", "the list read it as no filter before"),
    ("/map?dated=maybe", "dated", "the map page reads the same definition"),
    ("/timeline?date_from=last+week", "date_from", "a date the page used to drop"),
    ("/export/incidents.jsonl?since=soon", "since", "not a time"),
    ("/api/v1/incidents?bbox=1,2,3", "bbox", "three numbers are not a box"),
    ("/incidents?bbox=1,2,inf,4", "bbox", "not a finite number"),
    ("/api/v1/map?since=2026-13-01", "since", "no 13th month"),
]


@pytest.mark.parametrize(("path", "field", "why"), REFUSED)
def test_filters_bad_value_is_a_422_naming_it(web: Web, path: str, field: str, why: str) -> None:
    project, client = web
    response = client.get(path, headers=_viewer(project))
    assert response.status_code == 422, why
    if path.startswith("/api/"):
        assert response.json()["error"]["field"] == field
    else:
        assert field in response.text


def test_filters_only_incidents_exports_take_filters(web: Web) -> None:
    project, client = web
    headers = _viewer(project)
    login = {"Authorization": f"Bearer {project.create_token('researcher')}"}
    assert client.get("/export/mentions.jsonl?grade=weak", headers=login).status_code == 422
    assert client.get("/export/mentions.jsonl", headers=login).status_code == 200
    assert client.get("/export/incidents.jsonl?grade=weak", headers=headers).status_code == 200


@pytest.mark.parametrize("page", ["/incidents", "/map", "/timeline"])
def test_filters_pages_link_to_each_other_with_the_filters(web: Web, page: str) -> None:
    project, client = web
    headers = _viewer(project)
    text = client.get(f"{page}?place=Hajin&grade=contested", headers=headers).text
    links = _views(text)
    others = {"/incidents", "/map", "/timeline"} - {page}
    assert others | {"/export/incidents.csv", "/export/incidents.geojson"} <= set(links)
    for path, query in links.items():
        assert query["place"] == ["Hajin"] and query["grade"] == ["contested"], path
    # and the export it links to holds that list's incidents
    exported = _exported(client, headers, "place=Hajin&grade=contested", "csv")
    assert exported == _listed(client, headers, "place=Hajin&grade=contested") != set()


def test_filters_timeline_counts_undated_and_links_to_them(web: Web) -> None:
    project, client = web
    headers = _viewer(project)
    syrian = [r for r in project.records("incidents") if r["country"] == "SY"]
    undated = [r for r in syrian if r["date"] is None]
    assert undated, "the sample has undated Syrian incidents"
    page = client.get("/timeline?country=SY", headers=headers).text
    found = re.search(r'<a href="(/incidents\?[^"]+)">(\d+) undated incidents?</a>', page)
    assert found and int(found.group(2)) == len(undated)
    link = html.unescape(found.group(1))
    assert parse_qs(urlsplit(link).query) == {"country": ["SY"], "dated": ["no"]}
    assert f"{len(undated)} found" in client.get(link, headers=headers).text
    assert _listed(client, headers, "country=SY&dated=no") == {r["id"] for r in undated}


def test_filters_timeline_period_links_stay_inside_the_filters(web: Web) -> None:
    project, client = web
    headers = _viewer(project)
    page = client.get("/timeline?country=SY&date_from=2018-12-15", headers=headers).text
    rows = re.findall(r'<a href="(/incidents\?[^"]+)">(\d{4}-\d{2})</a>', page)
    assert [month for _, month in rows] == ["2018-12", "2019-02"]
    december = parse_qs(urlsplit(html.unescape(rows[0][0])).query)
    # the month, but never wider than the filter's own dates
    assert december["date_from"] == ["2018-12-15"] and december["date_to"] == ["2018-12-31"]
    assert december["country"] == ["SY"]


def test_filters_map_page_starts_on_the_filtered_incidents(web: Web) -> None:
    project, client = web
    headers = _viewer(project)
    hajin = next(r for r in project.records("incidents") if r["place"] == "Hajīn")
    page = client.get("/map?place=Hajin", headers=headers).text
    bounds = json.loads(html.unescape(re.search(r'data-bounds="([^"]*)"', page).group(1)))  # type: ignore[union-attr]
    assert bounds == [hajin["lon"], hajin["lat"], hajin["lon"], hajin["lat"]]
    nowhere = client.get("/map?place=Atlantis", headers=headers).text
    assert 'data-bounds="null"' in nowhere
    # a view kept in a link is where the map starts, and it is not a filter of the points
    kept = client.get("/map?place=Hajin&bbox=30,30,45,40", headers=headers).text
    assert "[30.0, 30.0, 45.0, 40.0]" in html.unescape(kept)
    assert "bbox" not in html.unescape(re.search(r'data-query="([^"]*)"', kept).group(1))  # type: ignore[union-attr]


def test_filters_map_cells_carry_their_grade(web: Web) -> None:
    project, client = web
    headers = _viewer(project)
    contested = client.get("/api/v1/map?zoom=0&grade=contested", headers=headers).json()
    assert [c["grade"] for c in contested["cells"]] == ["contested"]
    everything = client.get("/api/v1/map?zoom=0", headers=headers).json()["cells"]
    assert "mixed" in {c["grade"] for c in everything}  # a weak and a contested in one cell
    assert sum(c["n"] for c in everything) == sum(
        1 for r in project.records("incidents") if r["lat"] is not None
    )


def test_filters_since_gives_what_changed_after_a_time(web: Web, db_url: str) -> None:
    project, client = web
    headers = _viewer(project)
    hajin = next(r for r in project.records("incidents") if r["place"] == "Hajīn")
    time.sleep(1.1)  # Unix seconds are whole: `before` must be a second past the ingest
    before = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    # a review re-resolves Hajin's whole province: only the incident it changed is new
    project.review("grade", hajin["id"], grade="fair", reason="two sources agree")
    since = before.isoformat().replace("+00:00", "Z")
    assert _exported(client, headers, f"since={since}") == {hajin["id"]}
    assert _listed(client, headers, f"since={int(before.timestamp())}") == {hajin["id"]}
    later = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)).isoformat()
    assert _listed(client, headers, f"since={later.replace('+', '%2B')}") == set()
    result = CliRunner().invoke(app, ["export", "incidents", "--since", since, "--db", db_url])
    assert result.exit_code == 0, result.output
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == [hajin["id"]]


def test_filters_cli_export_takes_the_same_filters(web: Web, db_url: str) -> None:
    project, client = web
    runner = CliRunner()
    result = runner.invoke(app, ["export", "incidents", "--grade", "contested", "--db", db_url])
    assert result.exit_code == 0, result.output
    grades = {json.loads(line)["grade"] for line in result.stdout.splitlines()}
    assert grades == {"contested"}
    args = ["--place", "Hajin", "--country", "sy", "--from", "2000-01-01", "--to", "2100-01-01"]
    result = runner.invoke(app, ["export", "incidents", "-f", "csv", *args, "--db", db_url])
    assert result.exit_code == 0, result.output
    ids = {row["id"] for row in csv.DictReader(io.StringIO(result.stdout))}
    query = "place=Hajin&country=SY&date_from=2000-01-01&date_to=2100-01-01"
    assert ids == _listed(client, _viewer(project), query)


# (arguments, why): each is a usage error (exit 2) naming what is wrong, never an export.
CLI_REFUSED = [
    (["incidents", "--grade", "excellent"], "grade", "not a grade"),
    (["incidents", "--status", "published"], "status", "not a status"),
    (["incidents", "--since", "yesterday"], "since", "not a time"),
    (["incidents", "--country", "Syria"], "country", "a name, not a code"),
    (["mentions", "--grade", "weak"], "only incidents", "mentions have no grade"),
]


@pytest.mark.parametrize(("args", "said", "why"), CLI_REFUSED)
def test_filters_cli_bad_filter_is_a_usage_error(
    project: Project, db_url: str, args: list[str], said: str, why: str
) -> None:
    result = CliRunner().invoke(app, ["export", *args, "--db", db_url])
    assert result.exit_code == 2, why
    assert said in result.output and result.stdout == ""


def test_filters_public_mode_exports_stay_confirmed(public_web: tuple[Project, Any, Any]) -> None:
    _, client, ids = public_web
    # asking for the unconfirmed one by place and status changes nothing
    rows = client.get("/export/incidents.jsonl?place=Hajin&status=machine").text
    assert ids["unconfirmed"] not in rows and rows == ""
    mosul = client.get("/export/incidents.csv?place=Mosul").text
    assert ids["confirmed"] in mosul
    # nor does the map page's starting view give away where the unconfirmed one is
    assert 'data-bounds="null"' in client.get("/map?place=Hajin").text


def test_filters_one_definition_for_every_surface() -> None:
    parameters = set(inspect.signature(api.filters).parameters) - {"request"}
    assert parameters == set(FILTERS)  # the API takes every filter the pages take
    assert set(get_args(api.Victims)) == set(VICTIMS)
    chosen = IncidentFilters(
        date_from=dt.date(2018, 1, 1), date_to=dt.date(2018, 12, 31), place="Hajin",
        admin1="Deir ez-Zor", country="SY", perpetrator="ISIS", victims="civilians",
        grade="contested", status="machine", q="airstrike", dated=True,
        since=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), bbox=(35.5, 33.0, 42.25, 37.0),
    )  # fmt: skip
    # the links' query strings read back to the same filters
    back = {k: v[0] for k, v in parse_qs(filter_query(chosen)).items()}
    assert parse_filters(back) == chosen
    assert parse_filters({"sort": "-date", "page": "2", "place": " "}) == IncidentFilters()


def test_filters_bbox_across_the_antimeridian(web: Web) -> None:
    # why: Leaflet's views and GeoJSON boxes may cross 180°: west > east is not an error
    project, client = web
    headers = _viewer(project)
    placed = {r["id"] for r in project.records("incidents") if r["lat"] is not None}
    assert _listed(client, headers, "bbox=170,-90,50,90") == placed  # 170…180 and -180…50
    assert _listed(client, headers, "bbox=170,-90,-170,90") == set()  # the Pacific only
    assert _listed(client, headers, "bbox=-180,40,180,30") == set()  # south of north: none
