"""The incident list's text search `q`: a full-text index on both engines (migration 0007)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from civharm import Project, open_project
from civharm.store.store import IncidentFilters

REPORTS = {
    "mosul.txt": (
        "Mortar Fire Hits Mosul Market\n\nSource: Example Wire\n"
        "Eight civilians were killed on 17 June 2017 when mortar rounds hit a market in "
        "Mosul, medics said.\n"
    ),
    "hajin.txt": (
        "Airstrike On Hajin Homes\n\nSource: Other Wire\n"
        "Twelve civilians were killed on 20 December 2018 when an airstrike hit houses in "
        "Hajin, local sources said.\n"
    ),
    "bahra.txt": (
        "Shelling In Al-Bahra\n\nSource: Third Wire\n"
        "Five civilians were killed on 3 March 2016 when shells hit homes in al-Bahra, near "
        "Dhiban, in Deir ez-Zor, activists said.\n"
    ),
}
EVERY = {"Mosul", "Hajin", "al-Bahra"}

# (q, the places of the incidents it finds)
CASES: list[tuple[str, set[str]]] = [
    ("hajin", {"Hajin"}),  # a whole word, as the tests of the list and the API ask
    ("Haj", {"Hajin"}),  # a word's beginning is enough
    ("ajin", set()),  # but not its middle: words are matched from their start
    ("HAJĪN", {"Hajin"}),  # case and accents are ignored
    ("killed mosul", {"Mosul"}),  # every word must match
    ("mosul hajin", set()),  # in one incident, not in any
    ("deir ez", {"Hajin", "al-Bahra"}),  # a province written "Deir ez-Zor"
    ("al-Bah", {"al-Bahra"}),  # a hyphenated name: its parts in order, the last a prefix
    ('"', EVERY),  # no letter or digit: no words, so no filter, as for an empty q
    ("*", EVERY),  # FTS5's prefix operator alone, likewise
    ("AND OR NOT", set()),  # operators of both engines are plain words here
    ("mosul OR hajin", set()),  # so this is three words, not an alternative
    ("NEAR(dhiban", {"al-Bahra"}),  # FTS5's NEAR group: the words "near" and "dhiban"
    ("a:b", set()),  # FTS5's column filter: here the words "a" and "b", adjacent
    ("mosul:", {"Mosul"}),  # a trailing colon is punctuation
    ("-mosul", {"Mosul"}),  # a leading minus is not PostgreSQL's or FTS5's NOT
    ("^hajin*", {"Hajin"}),  # FTS5's initial-token and prefix marks are punctuation
    ("hajin & !hajin", {"Hajin"}),  # tsquery operators likewise
    ("'; DROP TABLE incidents; --", set()),  # nor is any text SQL
]


@pytest.fixture
def db_url(any_db_url: str) -> str:
    """Each engine searches with its own full-text index."""
    return any_db_url


@pytest.fixture
def searched(db_url: str, tmp_path: Path) -> Iterator[Project]:
    """A project holding three incidents, one per report."""
    for name, text in REPORTS.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with open_project(db=db_url, user="tester") as project:
        project.ingest([tmp_path / name for name in REPORTS])
        yield project


def places(project: Project, q: str) -> set[str]:
    """The places (as the reports wrote them) of the incidents that `q` finds."""
    total, rows = project.store.list_incidents(IncidentFilters(q=q), per_page=500)
    assert total == len(rows)
    return {row["data"]["place_mentioned"] for row in rows}


def ids(project: Project, q: str) -> set[str]:
    return {row["id"] for row in project.store.list_incidents(IncidentFilters(q=q))[1]}


def by_place(project: Project) -> dict[str, str]:
    return {r["place_mentioned"]: r["id"] for r in project.records("incidents")}


def test_search_matches_every_word_as_a_word_prefix(searched: Project) -> None:
    assert places(searched, "") == EVERY
    found = {q: places(searched, q) for q, _ in CASES}
    assert found == dict(CASES)
    assert len(searched.records("incidents")) == 3  # the "DROP TABLE" changed nothing


def test_search_narrows_the_map_and_the_timeline_too(searched: Project) -> None:
    hajin = IncidentFilters(q="haj")
    cells = searched.store.map_cells(hajin, cell=1.0, bbox=(-180, -90, 180, 90))
    assert [cell["id"] for cell in cells] == [by_place(searched)["Hajin"]]
    assert [b["period"] for b in searched.store.timeline(hajin, period="month")] == ["2018-12"]


def test_search_index_follows_edits_merges_and_resolving(searched: Project) -> None:
    incidents = by_place(searched)
    mosul, hajin, bahra = incidents["Mosul"], incidents["Hajin"], incidents["al-Bahra"]
    searched.review("edit", mosul, reason="named", perpetrator="Zorbani Brigade")
    assert ids(searched, "zorbani") == {mosul}
    searched.review("edit", mosul, reason="renamed", perpetrator="Qasimi Front")
    assert ids(searched, "zorbani") == set()  # the old text is gone from the index
    assert ids(searched, "qasimi front") == {mosul}
    searched.review("edit", bahra, reason="moved", place="Tabqa")
    searched.review("edit", bahra, reason="moved again", place="Manbij")
    assert (ids(searched, "tabqa"), ids(searched, "manbij")) == (set(), {bahra})

    searched.review("merge", hajin, reason="the same strike", into=bahra)
    assert ids(searched, "hajin") == {bahra}  # the merged incident holds both reports
    searched.resolve(everything=True)
    assert ids(searched, "twelve five") == {bahra}
    assert ids(searched, "manbij qasimi") == set()
    with searched.store.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # one row of the index per incident: none left behind by the rewrites
            indexed = conn.execute(sa.text("SELECT id FROM incident_search")).scalars().all()
            assert sorted(indexed) == sorted(r["id"] for r in searched.records("incidents"))


def test_search_migration_indexes_the_incidents_already_stored(searched: Project) -> None:
    # Why: a database that had incidents before 0007 must find them after upgrading.
    from alembic import command
    from alembic.config import Config

    from civharm.store import tables as t
    from civharm.store.migrate import _MIGRATIONS
    from civharm.store.search import _incident_where

    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    engine = searched.store.engine
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, "0006")
    assert "incident_search" not in _objects(engine)
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    assert "incident_search" in _objects(engine)
    assert places(searched, "deir") == {"Hajin", "al-Bahra"}
    if engine.dialect.name == "postgresql":
        # the query's expression must be the index's, or PostgreSQL scans every incident
        where = _incident_where(IncidentFilters(q="hajin"), "postgresql")
        query = sa.select(sa.func.count()).select_from(t.incident_index).where(*where)
        sql = str(query.compile(engine, compile_kwargs={"literal_binds": True}))
        with engine.connect() as conn:
            conn.exec_driver_sql("SET enable_seqscan = off")
            plan = [row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql)]
        assert any("incident_search" in line for line in plan), plan


def _objects(engine: sa.Engine) -> set[str]:
    """The names of the tables, and on PostgreSQL the indexes, of a database."""
    inspector = sa.inspect(engine)
    names = set(inspector.get_table_names())
    if engine.dialect.name == "postgresql":
        names |= {i["name"] for i in inspector.get_indexes("incident_index") if i["name"]}
    return names
